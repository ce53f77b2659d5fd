import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { apiError, LoginRequest, type LoginResponse } from '../../protocol/index.ts';
import type { Authenticator } from '../auth/authenticate.ts';
import type { Lockout } from '../auth/lockout.ts';
import { verifyPassword } from '../auth/password.ts';
import type { Directory } from '../store/directory.ts';
import type { Sessions } from '../store/sessions.ts';
import { tokenDigest } from '../store/sessions.ts';
import { validate } from '../validation.ts';
import { bearer, createUserGuard, sendError } from './guard.ts';

export { sendError };

/** Closes the open sockets of a session that just ended (late-bound: the socket hub starts after the routes). */
export interface SessionEnder {
  endToken(tokenHash: string, code: 'AUTH_LOGGED_OUT'): void;
  endUser(userId: number, code: 'AUTH_ACCOUNT_DISABLED' | 'AUTH_PASSWORD_RESET' | 'AUTH_TOKEN_INVALID', exceptTokenHash?: string): void;
}

export interface RouteDeps {
  directory: Directory;
  sessions: Sessions;
  authenticate: Authenticator;
  lockout: Lockout;
  sessionEnd: SessionEnder;
  clock: () => number;
  sessionTtlMs: number;
  loginRateLimit: { max: number; windowMs: number };
}

export async function registerRoutes(app: FastifyInstance, deps: RouteDeps) {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, ...apiError('AUTH_RATE_LIMITED', { retryAfter: ctx.after }) }),
  });

  const requireUser = createUserGuard(deps.authenticate, deps.clock, 'allow');

  app.get('/api/health', async () => ({ ok: true }));

  // The flood guard counts every request from an address; wrong passwords are counted per account and per address by
  // the lockout, which never refuses a right password because of other accounts' failures.
  app.post('/api/login', { config: { rateLimit: { max: deps.loginRateLimit.max, timeWindow: deps.loginRateLimit.windowMs } } }, async (req, reply) => {
    const input = validate(LoginRequest, req.body);
    if (!input.ok) return reply.code(400).send(input.error);
    const { username, password } = input.data;
    const locked = deps.lockout.account(username, deps.clock());
    if (locked.locked) return sendError(reply, 'AUTH_RATE_LIMITED', { scope: 'account', retryAfter: `${Math.ceil(locked.retryAfterMs / 1000)}s` });
    const found = deps.directory.credentials(username);
    // Verify against a throwaway hash when the user is unknown, so timing does not reveal which usernames exist.
    const ok = await verifyPassword(password, found?.passwordHash ?? UNKNOWN_USER_HASH);
    const now = deps.clock();
    if (!found || !ok) {
      deps.lockout.failed(username, req.ip, now);
      const noisy = deps.lockout.address(req.ip, now);
      if (noisy.locked) return sendError(reply, 'AUTH_RATE_LIMITED', { scope: 'address', retryAfter: `${Math.ceil(noisy.retryAfterMs / 1000)}s` });
      return sendError(reply, 'AUTH_INVALID_CREDENTIALS');
    }
    deps.lockout.succeeded(username);
    const session = deps.sessions.open(found.user.id, now, deps.sessionTtlMs);
    const body: LoginResponse = { token: session.token, expiresAt: session.expiresAt, user: found.user };
    return body;
  });

  app.post('/api/logout', async (req, reply) => {
    const token = bearer(req);
    if (token) {
      deps.authenticate.logout(token);
      deps.sessionEnd.endToken(tokenDigest(token), 'AUTH_LOGGED_OUT');
    }
    return reply.code(204).send();
  });

  // Answers even while a one-time password is pending: the console reads mustChangePassword here.
  app.get('/api/me', async (req, reply) => requireUser(req, reply) ?? reply);

  app.get('/api/centres', async (req, reply) => {
    const user = requireUser(req, reply);
    if (!user) return reply;
    if (user.mustChangePassword) return sendError(reply, 'AUTH_PASSWORD_CHANGE_REQUIRED');
    return deps.directory.centres();
  });
}

// scrypt of a random password: never matches, costs the same as a real check.
const UNKNOWN_USER_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$Ew5b1aQ2b3Zl3Q1y3j0S1mXg2wq0Q8m2nYx4mJ8r0Zk=';
