import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { apiError, HTTP_STATUS, type ErrorCode, type Role, type SessionUser } from '../../protocol/index.ts';
import type { Authenticator } from '../auth/authenticate.ts';
import { validate } from '../validation.ts';

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

/** The guard, then FORBIDDEN_ROLE for a user whose role is not among `roles`. */
export function withRoles(guard: UserGuard, roles: readonly Role[]): UserGuard {
  return (req, reply) => {
    const user = guard(req, reply);
    if (!user) return null;
    if (roles.includes(user.role)) return user;
    void sendError(reply, 'FORBIDDEN_ROLE');
    return null;
  };
}

/** The parts of a request a route reads, each with its protocol schema. */
interface RouteParts {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}
type Parsed<P extends RouteParts> = { [K in keyof P]: P[K] extends z.ZodType ? z.output<P[K]> : never };
export type RouteContext<P extends RouteParts> = Parsed<P> & { user: SessionUser; req: FastifyRequest; reply: FastifyReply };

/**
 * The house pattern of a route, once: the guard answers when there is no (allowed) user; then params, query and body,
 * in that order, are checked against their schemas and the first that fails is answered 400 naming its fields;
 * otherwise `handle` runs with them parsed, and what it returns is the reply.
 */
export function userRoute(guard: UserGuard) {
  return <P extends RouteParts>(parts: P, handle: (c: RouteContext<P>) => unknown) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      const user = guard(req, reply);
      if (!user) return reply;
      const parsed: Record<string, unknown> = {};
      for (const key of ['params', 'query', 'body'] as const) {
        const schema = parts[key];
        if (!schema) continue;
        const v = validate(schema, req[key]);
        if (!v.ok) return reply.code(400).send(v.error);
        parsed[key] = v.data;
      }
      return handle({ ...(parsed as Parsed<P>), user, req, reply });
    };
}

/** A desk's outcome as the reply: its value, or its error code (with the fields it names) at the code's status. */
export function answer<T>(reply: FastifyReply, r: { ok: true; value: T } | { ok: false; code: ErrorCode; details?: Record<string, string> }): T | FastifyReply {
  return r.ok ? r.value : sendError(reply, r.code, r.details);
}
