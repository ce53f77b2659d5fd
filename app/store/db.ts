import Database from 'better-sqlite3';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export type Db = Database.Database;

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/**
 * Opens (creating if needed) the centre database and brings it to the newest schema.
 * WAL lets readers work during a write; synchronous=FULL makes every commit durable before we push it,
 * which the delivery promise ("nothing pushed that was not committed") rests on.
 */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Applies numbered migrations (NNNN_name.sql) above PRAGMA user_version, each in its own transaction (up to `upTo`, for upgrade tests). */
export function migrate(db: Db, upTo = Number.POSITIVE_INFINITY): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  let version = current;
  for (const file of files) {
    const n = Number(file.slice(0, 4));
    if (n <= version || n > upTo) continue;
    const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${n}`);
    })();
    version = n;
  }
  return version;
}
