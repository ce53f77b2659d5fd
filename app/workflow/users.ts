// User administration and one's own password. Each change is one transaction with its ledger entry; the caller then
// ends the sessions it names (sessions.ts rows are deleted here; open sockets are closed by realtime/sessionEnd.ts).
import { ROLE_UNIT, type AdminUser, type BatchPasswordsResult, type CreateUser, type ErrorCode, type SessionUser, type UpdateUser } from '../../protocol/index.ts';
import { oneTimePassword, passwordProblems, PASSWORD_PROBLEM_TEXT } from '../domain/passwordRules.ts';
import { hashPasswordAsync, ONE_TIME, verifyPassword } from '../auth/password.ts';
import type { Db } from '../store/db.ts';
import type { Ledger } from '../store/ledger.ts';
import type { Sessions } from '../store/sessions.ts';
import { createUserStore, type UserQuery } from '../store/users.ts';

/** Batch hashes in flight at once: two of libuv's four pool threads, so logins and file reads are not queued behind thousands. */
const HASHES_AT_ONCE = 2;

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; details?: Record<string, string> };

/** The administrator is the only one who manages accounts. */
export function mayAdminister(u: SessionUser): ErrorCode | null {
  return u.role === 'admin' ? null : 'FORBIDDEN_ROLE';
}

export function createUserDesk(db: Db, ledger: Ledger, sessions: Sessions, random: (n: number) => Uint8Array) {
  const store = createUserStore(db);

  const unitFits = (role: CreateUser['role'], centreId: number): ErrorCode | null => {
    const level = store.unitLevel(centreId);
    if (!level) return 'TARGET_UNKNOWN';
    return ROLE_UNIT[role] === level ? null : 'USER_UNIT_MISMATCH';
  };

  const insert = db.transaction((admin: SessionUser, input: CreateUser, hash: string, now: number): Outcome<AdminUser> => {
    if (store.idOf(input.username) !== null) return { ok: false, code: 'USER_EXISTS' };
    const id = store.insert({ username: input.username, name: input.name, role: input.role, centreId: input.centreId, phone: input.phone || null }, hash);
    ledger.append(now, admin.id, 'user.create', `user:${id}`, { username: input.username, name: input.name, role: input.role, centreId: input.centreId });
    return { ok: true, value: store.get(id) as AdminUser };
  });

  const update = db.transaction((admin: SessionUser, id: number, patch: UpdateUser, now: number): Outcome<AdminUser> => {
    const before = store.get(id);
    if (!before) return { ok: false, code: 'NOT_FOUND' };
    if (id === admin.id && patch.role !== undefined && patch.role !== before.role) return { ok: false, code: 'USER_SELF' };
    const next = { name: patch.name ?? before.name, role: patch.role ?? before.role, centreId: patch.centreId ?? before.centreId, phone: patch.phone ?? before.phone };
    // Checked only when role or unit change: an account left at a unit a re-import retired can still be renamed.
    const misfit = next.role !== before.role || next.centreId !== before.centreId ? unitFits(next.role, next.centreId) : null;
    if (misfit) return { ok: false, code: misfit };
    store.update(id, next);
    // Only what changed goes on record.
    const changed = Object.fromEntries(Object.entries(next).filter(([k, v]) => before[k as keyof typeof next] !== v));
    ledger.append(now, admin.id, 'user.update', `user:${id}`, changed);
    // A new role or unit changes what the user may see: their sessions start over.
    if (next.role !== before.role || next.centreId !== before.centreId) sessions.closeAllOf(id);
    return { ok: true, value: store.get(id) as AdminUser };
  });

  const setActive = db.transaction((admin: SessionUser, id: number, active: boolean, now: number): Outcome<AdminUser> => {
    const before = store.get(id);
    if (!before) return { ok: false, code: 'NOT_FOUND' };
    if (id === admin.id) return { ok: false, code: 'USER_SELF' };
    if (before.active !== active) {
      store.setActive(id, active);
      if (!active) sessions.closeAllOf(id);
      ledger.append(now, admin.id, active ? 'user.enable' : 'user.disable', `user:${id}`, { username: before.username });
    }
    return { ok: true, value: store.get(id) as AdminUser };
  });

  const reset = db.transaction((admin: SessionUser, id: number, hash: string, now: number): Outcome<AdminUser> => {
    const before = store.get(id);
    if (!before) return { ok: false, code: 'NOT_FOUND' };
    store.setPassword(id, hash, true, now);
    sessions.closeAllOf(id);
    ledger.append(now, admin.id, 'user.resetPassword', `user:${id}`, { username: before.username });
    return { ok: true, value: store.get(id) as AdminUser };
  });

  /** All of the batch or none of it: the accounts must be exactly those hashed for, each still without a password. */
  const issueAll = db.transaction(
    (admin: SessionUser, centreId: number, includeSubunits: boolean, hashes: ReadonlyMap<number, string>, now: number): Outcome<null> => {
      const still = store.withoutPassword(centreId, includeSubunits);
      if (still.length !== hashes.size || still.some((u) => !hashes.has(u.id))) return { ok: false, code: 'COUNTY_PASSWORDS_CHANGED' };
      for (const u of still) {
        store.setPassword(u.id, hashes.get(u.id) as string, true, now);
        ledger.append(now, admin.id, 'user.issuePassword', `user:${u.id}`, { username: u.username, batch: centreId });
      }
      ledger.append(now, admin.id, 'user.issuePasswords', `centre:${centreId}`, { includeSubunits, count: still.length });
      return { ok: true, value: null };
    },
  );

  const change = db.transaction((u: SessionUser, hash: string, keepToken: string, now: number): void => {
    store.setPassword(u.id, hash, false, now);
    sessions.closeAllOf(u.id, keepToken);
    ledger.append(now, u.id, 'user.changePassword', `user:${u.id}`, {});
  });

  const weak = (password: string, username: string, current?: string): Outcome<never> | null => {
    const problems = passwordProblems(password, username, current);
    if (!problems.length) return null;
    return { ok: false, code: 'PASSWORD_WEAK', details: { newPassword: problems.map((p) => PASSWORD_PROBLEM_TEXT[p]).join('；') } };
  };

  return {
    list(q: UserQuery) {
      return store.list(q);
    },
    get(id: number): AdminUser | null {
      return store.get(id);
    },
    units() {
      return store.units();
    },
    async create(admin: SessionUser, input: CreateUser, now: () => number): Promise<Outcome<{ user: AdminUser; oneTimePassword: string }>> {
      const misfit = unitFits(input.role, input.centreId);
      if (misfit) return { ok: false, code: misfit };
      if (store.idOf(input.username) !== null) return { ok: false, code: 'USER_EXISTS' };
      const otp = oneTimePassword(random);
      const r = insert(admin, input, await hashPasswordAsync(otp), now());
      return r.ok ? { ok: true, value: { user: r.value, oneTimePassword: otp } } : r;
    },
    update(admin: SessionUser, id: number, patch: UpdateUser, now: number): Outcome<AdminUser> {
      return update(admin, id, patch, now);
    },
    setActive(admin: SessionUser, id: number, active: boolean, now: number): Outcome<AdminUser> {
      return setActive(admin, id, active, now);
    },
    async resetPassword(admin: SessionUser, id: number, now: () => number): Promise<Outcome<{ user: AdminUser; oneTimePassword: string }>> {
      if (!store.get(id)) return { ok: false, code: 'NOT_FOUND' };
      const otp = oneTimePassword(random);
      const r = reset(admin, id, await hashPasswordAsync(otp), now());
      return r.ok ? { ok: true, value: { user: r.value, oneTimePassword: otp } } : r;
    },
    /**
     * 批量发放临时密码: a one-time password for every active account of the unit (and its sub-units) that has none yet.
     * The hashes are made on the thread pool two at a time (the event loop stays free, and logins still find a pool
     * thread), then written in one transaction with a ledger entry each. The list goes back once; only hashes stay.
     */
    async issueBatch(
      admin: SessionUser, centreId: number, includeSubunits: boolean, now: () => number,
      hash: (password: string) => Promise<string> = (pw) => hashPasswordAsync(pw, ONE_TIME),
    ): Promise<Outcome<BatchPasswordsResult>> {
      const unitName = store.unitLevel(centreId) ? store.centreName(centreId) : null;
      if (!unitName) return { ok: false, code: 'TARGET_UNKNOWN' };
      const people = store.withoutPassword(centreId, includeSubunits);
      const otps = people.map(() => oneTimePassword(random));
      const hashes = new Map<number, string>();
      for (let i = 0; i < people.length; i += HASHES_AT_ONCE) {
        const chunk = people.slice(i, i + HASHES_AT_ONCE);
        const made = await Promise.all(chunk.map((_, k) => hash(otps[i + k] as string)));
        chunk.forEach((u, k) => hashes.set(u.id, made[k] as string));
      }
      const r = issueAll(admin, centreId, includeSubunits, hashes, now());
      if (!r.ok) return r;
      return {
        ok: true,
        value: {
          unitName, includeSubunits,
          issued: people.map((u, i) => ({ userId: u.id, name: u.name, username: u.username, unitName: u.unit_name, gridName: u.grid_name, oneTimePassword: otps[i] as string })),
        },
      };
    },
    /** One's own password: the current one is required; other sessions of the user end, this one stays. */
    async changeOwn(u: SessionUser, current: string, next: string, token: string, now: () => number): Promise<Outcome<null>> {
      const cred = store.credentials(u.id);
      if (!cred) return { ok: false, code: 'NOT_FOUND' };
      if (!(await verifyPassword(current, cred.passwordHash))) return { ok: false, code: 'PASSWORD_WRONG' };
      const problem = weak(next, cred.username, current);
      if (problem) return problem;
      change(u, await hashPasswordAsync(next), token, now());
      return { ok: true, value: null };
    },
  };
}
export type UserDesk = ReturnType<typeof createUserDesk>;
