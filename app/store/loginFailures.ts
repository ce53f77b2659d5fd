// Failed logins as rows, per account and per address, so the lockout windows survive a restart.
import type { Db } from './db.ts';

export type FailureScope = 'account' | 'address';

export function createLoginFailures(db: Db) {
  const add = db.prepare('INSERT INTO login_failures (scope, key, at) VALUES (?, ?, ?)');
  const count = db.prepare<[FailureScope, string, number], { n: number; oldest: number | null }>(
    'SELECT count(*) AS n, min(at) AS oldest FROM login_failures WHERE scope = ? AND key = ? AND at > ?',
  );
  const clear = db.prepare('DELETE FROM login_failures WHERE scope = ? AND key = ?');
  const purge = db.prepare('DELETE FROM login_failures WHERE at <= ?');
  return {
    /** One wrong password: counted for the account and for the address, in one commit. */
    record: db.transaction((account: string, address: string, at: number): void => {
      add.run('account', account, at);
      add.run('address', address, at);
    }),
    /** Failures since `since`, and when the oldest of them happened (it is the first to leave the window). */
    since(scope: FailureScope, key: string, since: number): { count: number; oldest: number | null } {
      const r = count.get(scope, key, since);
      return { count: r?.n ?? 0, oldest: r?.oldest ?? null };
    },
    clear(scope: FailureScope, key: string): void {
      clear.run(scope, key);
    },
    purge(before: number): void {
      purge.run(before);
    },
  };
}
export type LoginFailures = ReturnType<typeof createLoginFailures>;
