import Database from 'better-sqlite3';
import type { Db } from './db.ts';

/**
 * The lease rows get a connection of their own with synchronous=NORMAL: renewing a lease every few seconds must not cost
 * an fsync each time (it showed as event-loop stalls in a 3,000-console fan-out), and a lease lost in a power cut only
 * lapses. Everything else keeps synchronous=FULL on the main connection.
 */
export function openLeaseConnection(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Lease rows: a named job (the due-timer tick, pruning) runs on one server at a time — whoever holds its lease. */
export function createLeases(db: Db) {
  const take = db.prepare(
    `INSERT INTO leases (name, holder, until) VALUES (?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, until = excluded.until WHERE leases.until <= ? OR leases.holder = excluded.holder`,
  );
  const release = db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?');
  return {
    /** Takes or renews the lease until `until`; false while another holder's lease runs. */
    take(name: string, holder: string, now: number, until: number): boolean {
      return take.run(name, holder, until, now).changes > 0;
    },
    release(name: string, holder: string): void {
      release.run(name, holder);
    },
  };
}
export type Leases = ReturnType<typeof createLeases>;
