import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiError, HTTP_STATUS, type ErrorCode, type SessionUser } from '../../protocol/index.ts';
import type { Authenticator } from '../auth/authenticate.ts';

export function sendError(reply: FastifyReply, code: ErrorCode, details?: Record<string, string>) {
  return reply.code(HTTP_STATUS[code]).send(apiError(code, details));
}

export const bearer = (req: FastifyRequest) => req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];

/**
 * Resolves the request's session or answers 401 with the reason; a route returns `reply` when it gets null.
 * A user holding a one-time password is refused everywhere (403) except where `pending` allows it (/api/me/password).
 */
export function createUserGuard(authenticate: Authenticator, clock: () => number, pending: 'refuse' | 'allow' = 'refuse') {
  return (req: FastifyRequest, reply: FastifyReply): SessionUser | null => {
    const auth = authenticate(bearer(req), clock());
    if (auth.ok && auth.user.mustChangePassword && pending === 'refuse') {
      void sendError(reply, 'AUTH_PASSWORD_CHANGE_REQUIRED');
      return null;
    }
    if (auth.ok) return auth.user;
    void sendError(reply, auth.code);
    return null;
  };
}
export type UserGuard = ReturnType<typeof createUserGuard>;
