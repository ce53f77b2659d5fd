// Routes of the dispute flow: the flow of a case and its steps, the 人民调解协议书 PDF, rooms and mediators, the routing
// table (administrator), and the dispute side of the 一案一码 public page.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DISPUTE_TYPE_LABELS, FLOW_PUBLIC_STEPS, FlowAction, SaveMediationRoom, SaveRoutingTable, type PublicDispute } from '../../protocol/index.ts';
import { isWellFormedCaseCode } from '../domain/caseCode.ts';
import type { Addressed } from '../store/outbox.ts';
import { validate } from '../validation.ts';
import type { MediationDesk } from '../workflow/mediation.ts';
import { renderAgreementPdf } from './agreementPdf.ts';
import { answer, sendError, userRoute, withRoles, type UserGuard } from './guard.ts';

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
  const route = userRoute(d.requireUser);
  const adminRoute = userRoute(withRoles(d.requireUser, ['admin']));

  app.get('/api/disputes/:id/flow', route({ params: IdParam }, ({ user, params, reply }) => answer(reply, d.desk.get(user, params.id))));

  app.post('/api/disputes/:id/flow', route({ params: IdParam, body: FlowAction }, ({ user, params, body, reply }) => {
    const r = d.desk.act(user, params.id, body, d.clock());
    if (!r.ok) return answer(reply, r);
    d.publish(r.out);
    return r.value;
  }));

  app.get('/api/disputes/:id/agreement.pdf', route({ params: IdParam }, async ({ user, params, reply }) => {
    const r = d.desk.agreement(user, params.id, d.countyName());
    if (!r.ok) return answer(reply, r);
    const pdf = await renderAgreementPdf(r.value);
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(`人民调解协议书-${r.value.caseCode}.pdf`)}`)
      .header('cache-control', 'no-store')
      .send(pdf);
  }));

  app.get('/api/mediation/options', route({}, ({ user, reply }) =>
    user.centreLevel !== 'county' ? sendError(reply, 'FORBIDDEN_SCOPE') : { rooms: d.desk.rooms(), mediators: d.desk.mediators() },
  ));

  app.get('/api/admin/mediation-rooms', adminRoute({}, () => ({ rooms: d.desk.rooms() })));
  const saveRoom = (id: number | null) =>
    adminRoute({ body: SaveMediationRoom }, ({ user, body, reply }) => {
      const r = d.desk.saveRoom(user, id, body.name, body.active, d.clock());
      return r.ok ? { rooms: r.value } : answer(reply, r);
    });
  app.post('/api/admin/mediation-rooms', saveRoom(null));
  app.put('/api/admin/mediation-rooms/:id', async (req, reply) => {
    const p = validate(IdParam, req.params);
    if (!p.ok) return reply.code(400).send(p.error);
    return saveRoom(p.data.id)(req, reply);
  });

  app.get('/api/admin/routing-table', route({}, ({ user, reply }) => {
    const r = d.desk.routingTable(user);
    return r.ok ? r.value : sendError(reply, r.code);
  }));

  app.put('/api/admin/routing-table', adminRoute({ body: SaveRoutingTable }, ({ user, body, reply }) =>
    answer(reply, d.desk.saveTable(user, body.baseVersion, body.rules, d.clock())),
  ));
}
