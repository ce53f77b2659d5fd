import type { ErrorCode, SessionUser } from '../../protocol/index.ts';
import type { Directory } from '../store/directory.ts';
import type { Sessions } from '../store/sessions.ts';

export type Authenticated = { ok: true; user: SessionUser; expiresAt: number } | { ok: false; code: ErrorCode };

/** How long a resolved session is trusted without asking the database again (logout evicts it at once). */
const CACHE_MS = 5_000;

/** Resolves a bearer token to its user, distinguishing a missing, invalid and expired token. */
export function createAuthenticator(sessions: Sessions, directory: Directory) {
  const cache = new Map<string, { user: SessionUser; expiresAt: number; until: number }>();
  const authenticate = (token: unknown, now: number): Authenticated => {
    if (typeof token !== 'string' || token.length === 0) return { ok: false, code: 'AUTH_REQUIRED' };
    const hit = cache.get(token);
    if (hit && now < hit.until && now < hit.expiresAt) return { ok: true, user: hit.user, expiresAt: hit.expiresAt };
    cache.delete(token);
    const session = sessions.lookup(token, now);
    if (!session.ok) return session;
    const user = directory.user(session.userId);
    if (!user) return { ok: false, code: 'AUTH_TOKEN_INVALID' };
    if (cache.size > 10_000) cache.clear();
    cache.set(token, { user, expiresAt: session.expiresAt, until: now + CACHE_MS });
    return { ok: true, user, expiresAt: session.expiresAt };
  };
  /** Ends a session now, in the database and in the cache. */
  const logout = (token: string) => {
    cache.delete(token);
    sessions.close(token);
  };
  /** Drops a user's cached sessions (disabled, password reset or changed, role or unit edited). */
  const forgetUser = (userId: number) => {
    for (const [token, hit] of cache) if (hit.user.id === userId) cache.delete(token);
  };
  return Object.assign(authenticate, { logout, forgetUser });
}
export type Authenticator = ReturnType<typeof createAuthenticator>;
