// Wrong-password counting, per account and per address (rows in login_failures).
// The account lock stops guessing one account from anywhere; the address limit only changes how wrong passwords from a
// noisy address are answered, so a correct password is never refused because others failed from the same address
// (a township office or a NAT behind one address).
import type { LoginFailures } from '../store/loginFailures.ts';

export interface LockoutRules { accountMax: number; addressMax: number; windowMs: number }

export type Verdict = { locked: false } | { locked: true; retryAfterMs: number };

export function createLockout(failures: LoginFailures, rules: () => LockoutRules) {
  const account = (username: string) => username.trim().toLowerCase();
  const state = (scope: 'account' | 'address', key: string, max: number, now: number): Verdict => {
    const { windowMs } = rules();
    const seen = failures.since(scope, key, now - windowMs);
    if (seen.count < max || seen.oldest === null) return { locked: false };
    return { locked: true, retryAfterMs: Math.max(1000, seen.oldest + windowMs - now) };
  };
  return {
    /** Checked before the password: a locked account is refused without spending a scrypt on it. */
    account(username: string, now: number): Verdict {
      return state('account', account(username), rules().accountMax, now);
    },
    /** Checked after a wrong password only. */
    address(ip: string, now: number): Verdict {
      return state('address', ip, rules().addressMax, now);
    },
    failed(username: string, ip: string, now: number): void {
      failures.record(account(username), ip, now);
    },
    succeeded(username: string): void {
      failures.clear('account', account(username));
    },
    /** The administrator reset the password or re-enabled the account: its lock ends. */
    unlock(username: string): void {
      failures.clear('account', account(username));
    },
    purge(now: number): void {
      failures.purge(now - rules().windowMs);
    },
  };
}
export type Lockout = ReturnType<typeof createLockout>;
