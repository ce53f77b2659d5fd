import type { ErrorCode, SessionUser } from '../../protocol/index.ts';
import type { Directory } from '../store/directory.ts';
import type { Sessions } from '../store/sessions.ts';

export type Authenticated = { ok: true; user: SessionUser; expiresAt: number } | { ok: false; code: ErrorCode };

/** Resolves a bearer token to its user, distinguishing a missing, invalid and expired token. */
export function createAuthenticator(sessions: Sessions, directory: Directory) {
  return (token: unknown, now: number): Authenticated => {
    if (typeof token !== 'string' || token.length === 0) return { ok: false, code: 'AUTH_REQUIRED' };
    const session = sessions.lookup(token, now);
    if (!session.ok) return session;
    const user = directory.user(session.userId);
    return user ? { ok: true, user, expiresAt: session.expiresAt } : { ok: false, code: 'AUTH_TOKEN_INVALID' };
  };
}
export type Authenticator = ReturnType<typeof createAuthenticator>;
