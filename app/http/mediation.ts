// Routes of the dispute flow: the flow of a case and its steps, the 人民调解协议书 PDF, rooms and mediators, the routing
// table (administrator), and the dispute side of the 一案一码 public page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DISPUTE_TYPE_LABELS, FLOW_PUBLIC_STEPS, FlowAction, SaveMediationRoom, SaveRoutingTable, type PublicDispute } from '../../protocol/index.ts';
import { isWellFormedCaseCode } from '../domain/caseCode.ts';
import type { Addressed } from '../store/outbox.ts';
import { validate } from '../validation.ts';
import type { MediationDesk } from '../workflow/mediation.ts';
import { renderAgreementPdf } from './agreementPdf.ts';
import { sendError, type UserGuard } from './guard.ts';

export interface MediationRouteDeps {
  desk: MediationDesk;
  publish: (out: Addressed[]) => void;
  requireUser: UserGuard;
  clock: () => number;
  countyName: () => string;
}

const IdParam = z.object({ id: z.coerce.number().int().positive() });

/** 一案一码: the dispute's steps as the public may see them (no names, places or matter), or null for an unknown code. */
export function publicDispute(desk: MediationDesk, code: string): PublicDispute | null {
  if (!isWellFormedCaseCode(code)) return null;
  const c = desk.publicSteps(code);
  if (!c) return null;
  const steps = c.timeline.filter((e) => e.kind in FLOW_PUBLIC_STEPS).map((e) => ({ at: e.at, step: FLOW_PUBLIC_STEPS[e.kind] as string }));
  return { code: c.code, type: DISPUTE_TYPE_LABELS[c.type][0], state: c.state, steps };
}

export function registerMediationRoutes(app: FastifyInstance, d: MediationRouteDeps) {
  app.get('/api/disputes/:id/flow', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const p = validate(IdParam, req.params);
    if (!p.ok) return reply.code(400).send(p.error);
    const r = d.desk.get(user, p.data.id);
    return r.ok ? r.value : sendError(reply, r.code, r.details);
  });

  app.post('/api/disputes/:id/flow', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const p = validate(IdParam, req.params);
    if (!p.ok) return reply.code(400).send(p.error);
    const step = validate(FlowAction, req.body);
    if (!step.ok) return reply.code(400).send(step.error);
    const r = d.desk.act(user, p.data.id, step.data, d.clock());
    if (!r.ok) return sendError(reply, r.code, r.details);
    d.publish(r.out);
    return r.value;
  });

  app.get('/api/disputes/:id/agreement.pdf', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const p = validate(IdParam, req.params);
    if (!p.ok) return reply.code(400).send(p.error);
    const r = d.desk.agreement(user, p.data.id, d.countyName());
    if (!r.ok) return sendError(reply, r.code, r.details);
    const pdf = await renderAgreementPdf(r.value);
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(`人民调解协议书-${r.value.caseCode}.pdf`)}`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });

  app.get('/api/mediation/options', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    if (user.centreLevel !== 'county') return sendError(reply, 'FORBIDDEN_SCOPE');
    return { rooms: d.desk.rooms(), mediators: d.desk.mediators() };
  });

  app.get('/api/admin/mediation-rooms', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    return user.role === 'admin' ? { rooms: d.desk.rooms() } : sendError(reply, 'FORBIDDEN_ROLE');
  });
  const saveRoom = (id: number | null) => async (req: FastifyRequest, reply: FastifyReply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    if (user.role !== 'admin') return sendError(reply, 'FORBIDDEN_ROLE');
    const body = validate(SaveMediationRoom, req.body);
    if (!body.ok) return reply.code(400).send(body.error);
    const r = d.desk.saveRoom(user, id, body.data.name, body.data.active, d.clock());
    return r.ok ? { rooms: r.value } : sendError(reply, r.code, r.details);
  };
  app.post('/api/admin/mediation-rooms', async (req, reply) => saveRoom(null)(req, reply));
  app.put('/api/admin/mediation-rooms/:id', async (req, reply) => {
    const p = validate(IdParam, req.params);
    if (!p.ok) return reply.code(400).send(p.error);
    return saveRoom(p.data.id)(req, reply);
  });

  app.get('/api/admin/routing-table', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const r = d.desk.routingTable(user);
    return r.ok ? r.value : sendError(reply, r.code);
  });

  app.put('/api/admin/routing-table', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    if (user.role !== 'admin') return sendError(reply, 'FORBIDDEN_ROLE');
    const body = validate(SaveRoutingTable, req.body);
    if (!body.ok) return reply.code(400).send(body.error);
    const r = d.desk.saveTable(user, body.data.baseVersion, body.data.rules, d.clock());
    return r.ok ? r.value : sendError(reply, r.code, r.details);
  });
}
