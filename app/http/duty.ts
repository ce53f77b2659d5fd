// REST edge of the duty desk: the directory (通讯录), the header's search, the history of alerts and orders with their
// delivery records, and the printable daily duty record (PDF). Every console role; a grid member's phone gets none.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { RealDay, HistoryQuery, SearchQuery, STREAM_ROLES, type SessionUser } from '../../protocol/index.ts';
import { shanghaiDay } from '../domain/wartime.ts';
import type { DutySourceStore, Viewer } from '../store/dutySources.ts';
import type { HistoryStore } from '../store/history.ts';
import type { Scope } from '../store/incidents.ts';
import type { DutyDesk } from '../workflow/duty.ts';
import { renderDutyRecord } from './dutyRecord.ts';
import { sendError, userRoute, withRoles, type UserGuard } from './guard.ts';

export interface DutyRouteDeps {
  desk: DutyDesk;
  history: HistoryStore;
  sources: DutySourceStore;
  incidentScope: (u: SessionUser) => Scope;
  countyId: number;
  unitName: (id: number) => string;
  requireUser: UserGuard;
  clock: () => number;
  log: (msg: string, err?: unknown) => void;
}

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const RecordQuery = z.object({ date: RealDay.optional(), centreId: z.coerce.number().int().positive().optional() });

export function registerDutyRoutes(app: FastifyInstance, d: DutyRouteDeps) {
  /** Console users only: a grid member's phone gets FORBIDDEN_ROLE. */
  const route = userRoute(withRoles(d.requireUser, STREAM_ROLES));
  const viewer = (u: SessionUser): Viewer => ({ centreId: u.centreId, level: u.centreLevel, county: u.centreId === d.countyId });

  app.get('/api/directory', route({}, ({ user }) => ({ units: d.desk.directory(user, d.clock()) })));

  app.get('/api/search', route({ query: SearchQuery }, ({ user, query }) => ({ q: query.q, groups: d.desk.search(user, query.q, query.limit) })));

  for (const kind of ['alerts', 'orders'] as const) {
    app.get(`/api/history/${kind}`, route({ query: HistoryQuery }, ({ user, query }) =>
      kind === 'alerts' ? d.history.alerts(viewer(user), query) : d.history.orders(viewer(user), query),
    ));
    app.get(`/api/history/${kind}/:id`, route({ params: IdParam }, ({ user, params, reply }) => {
      const item = kind === 'alerts' ? d.history.alert(viewer(user), params.id) : d.history.order(viewer(user), params.id);
      if (item === null) return sendError(reply, 'NOT_FOUND');
      if (item === 'scope') return sendError(reply, 'FORBIDDEN_SCOPE');
      return kind === 'alerts' ? { alert: item } : { order: item };
    }));
  }

  // A unit prints its own record; the county may print any unit's.
  app.get('/api/duty/record.pdf', route({ query: RecordQuery }, async ({ user: u, query, reply }) => {
    const now = d.clock();
    const centreId = query.centreId ?? u.centreId;
    const unit = d.desk.store.unit(centreId);
    if (!unit) return sendError(reply, 'NOT_FOUND', { centreId: String(centreId) });
    if (centreId !== u.centreId && u.centreId !== d.countyId) return sendError(reply, 'FORBIDDEN_SCOPE');
    const day = query.date ?? shanghaiDay(now);
    const rec = d.desk.dayRecord(centreId, day);
    const v: Viewer = { centreId, level: unit.level, county: centreId === d.countyId };
    const f = d.history.dayFigures(v, rec.from, rec.to);
    const scope: Scope = v.county ? { level: 'county' } : { level: unit.level === 'township' ? 'township' : 'village', centreId };
    const inc = d.sources.incidentCounts(scope, rec.from, rec.to);
    const figures = [
      { label: v.county ? '下发预警（条）' : '收到预警（条）', value: String(f.alerts.items) },
      { label: '预警签收（单位次）', value: String(f.alerts.signed) },
      { label: v.county ? '下达指令（条）' : '收到指令（条）', value: String(f.orders.items) },
      { label: '指令签收（单位次）', value: String(f.orders.signed) },
      { label: '截至当日末未签收（预警/指令）', value: `${f.alerts.unsigned} / ${f.orders.unsigned}` },
      { label: '新登记事件（件）', value: String(inc.reported) },
      { label: '其中尚未办结（件）', value: String(inc.open) },
      { label: '值班日志（条）', value: String(rec.log.length) },
      { label: '交接班（次）', value: String(rec.handovers.length) },
    ];
    let pdf: Buffer;
    try {
      pdf = await renderDutyRecord({ unitName: d.unitName(centreId), day, generatedAt: now, ...rec, figures });
    } catch (err) {
      d.log('duty record failed', err);
      return sendError(reply, 'INTERNAL');
    }
    const name = `值班记录-${d.unitName(centreId)}-${day}.pdf`;
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="duty-record-${day}.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('cache-control', 'no-store')
      .send(pdf);
  }));
}
