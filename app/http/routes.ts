import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { apiError, LoginRequest, type LoginResponse } from '../../protocol/index.ts';
import type { Authenticator } from '../auth/authenticate.ts';
import { verifyPassword } from '../auth/password.ts';
import type { Directory } from '../store/directory.ts';
import type { Sessions } from '../store/sessions.ts';
import { validate } from '../validation.ts';
import { bearer, createUserGuard, sendError } from './guard.ts';

export { sendError };

export interface RouteDeps {
  directory: Directory;
  sessions: Sessions;
  authenticate: Authenticator;
  clock: () => number;
  sessionTtlMs: number;
  loginRateLimit: { max: number; windowMs: number };
}

export async function registerRoutes(app: FastifyInstance, deps: RouteDeps) {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, ...apiError('AUTH_RATE_LIMITED', { retryAfter: ctx.after }) }),
  });

  const requireUser = createUserGuard(deps.authenticate, deps.clock);

  app.get('/api/health', async () => ({ ok: true }));

  app.post('/api/login', { config: { rateLimit: { max: deps.loginRateLimit.max, timeWindow: deps.loginRateLimit.windowMs } } }, async (req, reply) => {
    const input = validate(LoginRequest, req.body);
    if (!input.ok) return reply.code(400).send(input.error);
    const found = deps.directory.credentials(input.data.username);
    // Verify against a throwaway hash when the user is unknown, so timing does not reveal which usernames exist.
    const ok = await verifyPassword(input.data.password, found?.passwordHash ?? UNKNOWN_USER_HASH);
    if (!found || !ok) return sendError(reply, 'AUTH_INVALID_CREDENTIALS');
    const session = deps.sessions.open(found.user.id, deps.clock(), deps.sessionTtlMs);
    const body: LoginResponse = { token: session.token, expiresAt: session.expiresAt, user: found.user };
    return body;
  });

  app.post('/api/logout', async (req, reply) => {
    const token = bearer(req);
    if (token) deps.authenticate.logout(token);
    return reply.code(204).send();
  });

  app.get('/api/me', async (req, reply) => requireUser(req, reply) ?? reply);

  app.get('/api/centres', async (req, reply) => {
    if (!requireUser(req, reply)) return reply;
    return deps.directory.centres();
  });
}

// scrypt of a random password: never matches, costs the same as a real check.
const UNKNOWN_USER_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$Ew5b1aQ2b3Zl3Q1y3j0S1mXg2wq0Q8m2nYx4mJ8r0Zk=';
