import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiError, HTTP_STATUS, type ErrorCode, type SessionUser } from '../../protocol/index.ts';
import type { Authenticator } from '../auth/authenticate.ts';

export function sendError(reply: FastifyReply, code: ErrorCode, details?: Record<string, string>) {
  return reply.code(HTTP_STATUS[code]).send(apiError(code, details));
}

export const bearer = (req: FastifyRequest) => req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];

/** Resolves the request's session or answers 401 with the reason; a route returns `reply` when it gets null. */
export function createUserGuard(authenticate: Authenticator, clock: () => number) {
  return (req: FastifyRequest, reply: FastifyReply): SessionUser | null => {
    const auth = authenticate(bearer(req), clock());
    if (auth.ok) return auth.user;
    void sendError(reply, auth.code);
    return null;
  };
}
export type UserGuard = ReturnType<typeof createUserGuard>;
