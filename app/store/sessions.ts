import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db.ts';

/** What the database (and a socket's data) keeps of a token. */
export const tokenDigest = (token: string) => createHash('sha256').update(token).digest('hex');
const digest = tokenDigest;

export type SessionLookup = { ok: true; userId: number; expiresAt: number } | { ok: false; code: 'AUTH_TOKEN_EXPIRED' | 'AUTH_TOKEN_INVALID' };

/** Login sessions. Only a hash of each token is stored, so a copied database does not hand out logins. */
export function createSessions(db: Db) {
  const insert = db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const find = db.prepare<[string], { user_id: number; expires_at: number }>('SELECT user_id, expires_at FROM sessions WHERE token_hash = ?');
  const remove = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const purge = db.prepare('DELETE FROM sessions WHERE expires_at < ?');
  const removeUser = db.prepare('DELETE FROM sessions WHERE user_id = ?');
  const removeUserExcept = db.prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?');

  return {
    open(userId: number, now: number, ttlMs: number): { token: string; expiresAt: number } {
      const token = randomBytes(32).toString('base64url');
      const expiresAt = now + ttlMs;
      insert.run(digest(token), userId, now, expiresAt);
      return { token, expiresAt };
    },
    lookup(token: string, now: number): SessionLookup {
      const row = find.get(digest(token));
      if (!row) return { ok: false, code: 'AUTH_TOKEN_INVALID' };
      if (row.expires_at <= now) return { ok: false, code: 'AUTH_TOKEN_EXPIRED' };
      return { ok: true, userId: row.user_id, expiresAt: row.expires_at };
    },
    close(token: string): void {
      remove.run(digest(token));
    },
    /** Ends every session of a user (disabled, password reset), or every one but `keepToken` (own password change). */
    closeAllOf(userId: number, keepToken?: string): void {
      if (keepToken) removeUserExcept.run(userId, digest(keepToken));
      else removeUser.run(userId);
    },
    /** Forget sessions that expired long ago (kept a day so a late client still hears "expired", not "invalid"). */
    purge(now: number): void {
      purge.run(now - 24 * 3600_000);
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;
