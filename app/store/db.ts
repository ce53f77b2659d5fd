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

/**
 * Applies numbered migrations (NNNN_name.sql) above PRAGMA user_version (up to `upTo`), each in its own transaction.
 * A migration that rebuilds a table others reference starts with `-- migrate: foreign_keys off`: SQLite ignores that
 * pragma inside a transaction, so it is switched here, and the keys are checked before the migration commits.
 */
export function migrate(db: Db, upTo = Number.MAX_SAFE_INTEGER): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  let version = current;
  for (const file of files) {
    const n = Number(file.slice(0, 4));
    if (n <= version || n > upTo) continue;
    const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    const keysOff = sql.startsWith('-- migrate: foreign_keys off');
    const keysWereOn = db.pragma('foreign_keys', { simple: true }) === 1;
    if (keysOff) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(sql);
        if (keysOff) {
          const broken = db.pragma('foreign_key_check') as { table: string; rowid: number }[];
          if (broken.length) throw new Error(`${file}: ${broken.length} broken foreign keys (first: ${broken[0]?.table} row ${broken[0]?.rowid})`);
        }
        db.pragma(`user_version = ${n}`);
      })();
    } finally {
      if (keysOff && keysWereOn) db.pragma('foreign_keys = ON');
    }
    version = n;
  }
  return version;
}
