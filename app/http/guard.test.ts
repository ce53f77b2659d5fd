// The route helper on a real fastify instance: the guard answers first, then params, query and body in that order
// (the first bad one is answered 400 naming its field), and a desk's refusal keeps its status and details.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SessionUser } from '../../protocol/index.ts';
import { answer, sendError, userRoute, withRoles, type UserGuard } from './guard.ts';

/** The user is named by a header (the real guard resolves a bearer token the same way: a user, or an answered 401). */
const guard: UserGuard = (req, reply) => {
  const role = req.headers['x-role'];
  if (typeof role !== 'string') {
    void sendError(reply, 'AUTH_REQUIRED');
    return null;
  }
  return { id: 1, username: 'u', name: '用户', role: role as SessionUser['role'], centreId: 1, centreName: '青岚县', centreLevel: 'county' };
};

async function app() {
  const a = Fastify();
  const route = userRoute(guard);
  const Params = z.object({ id: z.coerce.number().int().positive() });
  const Query = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });
  const Body = z.object({ name: z.string().min(1) });
  a.post('/x/:id', route({ params: Params, query: Query, body: Body }, ({ user, params, query, body }) => ({ role: user.role, id: params.id, day: query.day, name: body.name })));
  a.get('/refused', route({}, ({ reply }) => answer(reply, { ok: false, code: 'NOT_FOUND', details: { id: '7' } })));
  a.get('/admin', userRoute(withRoles(guard, ['admin']))({}, ({ user }) => ({ ok: user.username })));
  await a.ready();
  return a;
}

describe('userRoute', () => {
  it('answers the guard first, then the first bad part (params, query, body) naming its field, else runs with parsed parts', async () => {
    const a = await app();
    const post = (url: string, body: unknown, role?: string) =>
      a.inject({ method: 'POST', url, payload: body as object, headers: role ? { 'x-role': role } : {} });

    const anonymous = await post('/x/0?day=bad', {});
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'AUTH_REQUIRED' });

    const badParams = await post('/x/0?day=bad', {}, 'dutyOfficer');
    expect(badParams.statusCode).toBe(400);
    expect(badParams.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { id: expect.any(String) } });
    expect(Object.keys(badParams.json().details)).toEqual(['id']);

    const badQuery = await post('/x/3?day=bad', {}, 'dutyOfficer');
    expect(badQuery.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { day: expect.any(String) } });
    expect(Object.keys(badQuery.json().details)).toEqual(['day']);

    const badBody = await post('/x/3?day=2026-11-30', { name: '' }, 'dutyOfficer');
    expect(badBody.statusCode).toBe(400);
    expect(badBody.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { name: expect.any(String) } });

    const ok = await post('/x/3?day=2026-11-30', { name: '城关镇' }, 'dutyOfficer');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ role: 'dutyOfficer', id: 3, day: '2026-11-30', name: '城关镇' });
    await a.close();
  });

  it('answer sends a refusal at its code’s status with its details; withRoles refuses other roles', async () => {
    const a = await app();
    const refused = await a.inject({ method: 'GET', url: '/refused', headers: { 'x-role': 'dutyOfficer' } });
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ code: 'NOT_FOUND', details: { id: '7' } });

    const notAdmin = await a.inject({ method: 'GET', url: '/admin', headers: { 'x-role': 'dutyOfficer' } });
    expect(notAdmin.statusCode).toBe(403);
    expect(notAdmin.json()).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    expect((await a.inject({ method: 'GET', url: '/admin' })).statusCode).toBe(401);
    expect((await a.inject({ method: 'GET', url: '/admin', headers: { 'x-role': 'admin' } })).json()).toEqual({ ok: 'u' });
    await a.close();
  });
});
