// 管理 · 用户: the administrator's account routes, and everyone's own password. Refusals: a non-admin gets
// FORBIDDEN_ROLE; a pending one-time password blocks everything but /api/me/password.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BatchPasswords, ChangePassword, CreateUser, Role, SetActive, UpdateUser, type SessionUser } from '../../protocol/index.ts';
import type { Authenticator } from '../auth/authenticate.ts';
import { tokenDigest } from '../store/sessions.ts';
import { validate } from '../validation.ts';
import { mayAdminister, type UserDesk } from '../workflow/users.ts';
import type { Lockout } from '../auth/lockout.ts';
import { bearer, createUserGuard, sendError } from './guard.ts';
import type { SessionEnder } from './routes.ts';

export interface UserRouteDeps {
  desk: UserDesk;
  authenticate: Authenticator;
  lockout: Lockout;
  sessionEnd: SessionEnder;
  clock: () => number;
}

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const ListQuery = z.object({
  q: z.string().trim().max(40).optional(),
  role: Role.optional(),
  centreId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export function registerUserRoutes(app: FastifyInstance, d: UserRouteDeps) {
  const requireUser = createUserGuard(d.authenticate, d.clock);
  const requirePending = createUserGuard(d.authenticate, d.clock, 'allow');
  const requireAdmin = (req: Parameters<typeof requireUser>[0], reply: Parameters<typeof requireUser>[1]): SessionUser | null => {
    const user = requireUser(req, reply);
    if (!user) return null;
    const denied = mayAdminister(user);
    if (denied) {
      void sendError(reply, denied);
      return null;
    }
    return user;
  };
  /** The account's sessions are gone from the database; forget the cache and close its sockets with the reason. */
  const ended = (userId: number, code: 'AUTH_ACCOUNT_DISABLED' | 'AUTH_PASSWORD_RESET' | 'AUTH_TOKEN_INVALID', exceptToken?: string) => {
    d.authenticate.forgetUser(userId);
    d.sessionEnd.endUser(userId, code, exceptToken ? tokenDigest(exceptToken) : undefined);
  };

  app.get('/api/admin/users', async (req, reply) => {
    if (!requireAdmin(req, reply)) return reply;
    const q = validate(ListQuery, req.query);
    if (!q.ok) return reply.code(400).send(q.error);
    return d.desk.list(q.data);
  });

  app.get('/api/admin/units', async (req, reply) => {
    if (!requireAdmin(req, reply)) return reply;
    return { units: d.desk.units() };
  });

  app.post('/api/admin/users', async (req, reply) => {
    const admin = requireAdmin(req, reply);
    if (!admin) return reply;
    const input = validate(CreateUser, req.body);
    if (!input.ok) return reply.code(400).send(input.error);
    const r = await d.desk.create(admin, input.data, d.clock);
    if (!r.ok) return sendError(reply, r.code, r.details);
    return reply.code(201).send(r.value);
  });

  app.put('/api/admin/users/:id', async (req, reply) => {
    const admin = requireAdmin(req, reply);
    if (!admin) return reply;
    const p = validate(IdParam, req.params);
    if (!p.ok) return reply.code(400).send(p.error);
    const input = validate(UpdateUser, req.body);
    if (!input.ok) return reply.code(400).send(input.error);
    const before = d.desk.get(p.data.id);
    const r = d.desk.update(admin, p.data.id, input.data, d.clock());
    if (!r.ok) return sendError(reply, r.code, r.details);
    if (before && (before.role !== r.value.role || before.centreId !== r.value.centreId)) ended(r.value.id, 'AUTH_TOKEN_INVALID');
    else d.authenticate.forgetUser(r.value.id); // a new name shows on the next request
    return r.value;
  });

  app.post('/api/admin/users/:id/active', async (req, reply) => {
    const admin = requireAdmin(req, reply);
    if (!admin) return reply;
    const p = validate(IdParam, req.params);
    if (!p.ok) return reply.code(400).send(p.error);
    const input = validate(SetActive, req.body);
    if (!input.ok) return reply.code(400).send(input.error);
    const r = d.desk.setActive(admin, p.data.id, input.data.active, d.clock());
    if (!r.ok) return sendError(reply, r.code, r.details);
    if (!input.data.active) ended(r.value.id, 'AUTH_ACCOUNT_DISABLED');
    else d.lockout.unlock(r.value.username);
    return r.value;
  });

  app.post('/api/admin/users/:id/reset-password', async (req, reply) => {
    const admin = requireAdmin(req, reply);
    if (!admin) return reply;
    const p = validate(IdParam, req.params);
    if (!p.ok) return reply.code(400).send(p.error);
    const r = await d.desk.resetPassword(admin, p.data.id, d.clock);
    if (!r.ok) return sendError(reply, r.code, r.details);
    ended(r.value.user.id, 'AUTH_PASSWORD_RESET');
    d.lockout.unlock(r.value.user.username);
    return r.value;
  });

  // The answer holds the one-time passwords in clear: it is never logged or cached, and shown once by the console.
  app.post('/api/admin/users/batch-passwords', async (req, reply) => {
    const admin = requireAdmin(req, reply);
    if (!admin) return reply;
    const input = validate(BatchPasswords, req.body);
    if (!input.ok) return reply.code(400).send(input.error);
    const r = await d.desk.issueBatch(admin, input.data.centreId, input.data.includeSubunits, d.clock);
    if (!r.ok) return sendError(reply, r.code, r.details);
    return reply.header('cache-control', 'no-store').send(r.value);
  });

  app.post('/api/me/password', async (req, reply) => {
    const user = requirePending(req, reply);
    if (!user) return reply;
    const input = validate(ChangePassword, req.body);
    if (!input.ok) return reply.code(400).send(input.error);
    const token = bearer(req) as string;
    const r = await d.desk.changeOwn(user, input.data.currentPassword, input.data.newPassword, token, d.clock);
    if (!r.ok) return sendError(reply, r.code, r.details);
    ended(user.id, 'AUTH_TOKEN_INVALID', token);
    return reply.code(204).send();
  });
}
