import type { Db } from './db.ts';

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
