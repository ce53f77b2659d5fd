import type { CentreLevel, Incident, IncidentQuery, IncidentState, Priority, TimelineEntry } from '../../protocol/index.ts';
import { isOverdue, type CaseState } from '../domain/incidents.ts';
import type { OpenCase } from '../domain/geo.ts';
import type { Db } from './db.ts';

interface Row {
  id: number; code: string; reporter_id: number; idempotency_key: string; category: string; priority: Priority; state: IncidentState;
  description: string; lon: number; lat: number; grid_id: number | null; village_id: number | null; township_id: number | null;
  holder_centre_id: number; assigned_from_id: number | null; pending_sign: number; reported_at: number; respond_by: number;
  accepted_at: number | null; resolve_by: number | null; extended_days: number; extension: string | null; attempts: string;
  urge_due_at: number | null; supervise_due_at: number | null; urged_at: number | null; supervised_at: number | null;
  result: string | null; satisfaction: number | null; merged_into: number | null; similar_to: number | null; photos: string;
  updated_at: number; version: number;
  reporter_name: string; holder_name: string; holder_level: CentreLevel; grid_name: string | null;
  similar_code: string | null; merged_code: string | null;
}

const SELECT = `SELECT i.*, u.name AS reporter_name, h.name AS holder_name, h.level AS holder_level, g.name AS grid_name,
    s.code AS similar_code, m.code AS merged_code
  FROM incidents i JOIN users u ON u.id = i.reporter_id JOIN centres h ON h.id = i.holder_centre_id LEFT JOIN grids g ON g.id = i.grid_id
  LEFT JOIN incidents s ON s.id = i.similar_to LEFT JOIN incidents m ON m.id = i.merged_into`;

export function toCase(r: Row): CaseState {
  return {
    state: r.state, category: r.category, priority: r.priority, holderCentreId: r.holder_centre_id, assignedFromId: r.assigned_from_id,
    pendingSign: r.pending_sign === 1, reportedAt: r.reported_at, respondBy: r.respond_by, acceptedAt: r.accepted_at, resolveBy: r.resolve_by,
    extendedDays: r.extended_days, extension: r.extension ? JSON.parse(r.extension) : null, attempts: JSON.parse(r.attempts),
    urgeDueAt: r.urge_due_at, superviseDueAt: r.supervise_due_at, urgedAt: r.urged_at, supervisedAt: r.supervised_at,
    result: r.result, satisfaction: r.satisfaction, mergedInto: r.merged_into,
  };
}

function toIncident(r: Row): Incident {
  const c = toCase(r);
  return {
    id: r.id, code: r.code, category: r.category, priority: r.priority, state: r.state, description: r.description, lon: r.lon, lat: r.lat,
    gridId: r.grid_id, gridName: r.grid_name, townshipId: r.township_id, villageId: r.village_id,
    holderCentreId: r.holder_centre_id, holderCentreName: r.holder_name, holderLevel: r.holder_level, pendingSign: c.pendingSign,
    reportedAt: r.reported_at, reportedBy: { id: r.reporter_id, name: r.reporter_name }, respondBy: r.respond_by, acceptedAt: r.accepted_at,
    resolveBy: r.resolve_by, urgedAt: r.urged_at, supervisedAt: r.supervised_at, overdue: isOverdue(c), attempts: c.attempts,
    extension: c.extension, extendedDays: r.extended_days, result: r.result, satisfaction: r.satisfaction, mergedInto: r.merged_into,
    mergedIntoCode: r.merged_code, similarTo: r.similar_to, similarToCode: r.similar_code, photos: JSON.parse(r.photos), updatedAt: r.updated_at, version: r.version,
  };
}

export interface NewIncident {
  code: string; reporterId: number; idempotencyKey: string; description: string; lon: number; lat: number;
  gridId: number | null; villageId: number | null; townshipId: number | null; similarTo: number | null; photos: string[]; case: CaseState;
}

/** Which incidents a centre sees: the county all; a township its area and what it or its villages hold; a village likewise. */
export type Scope =
  | { level: 'county' } | { level: 'township'; centreId: number } | { level: 'village'; centreId: number } | { level: 'reporter'; userId: number };

export function scopeSql(scope: Scope): { sql: string; args: number[] } {
  if (scope.level === 'county') return { sql: '1', args: [] };
  if (scope.level === 'reporter') return { sql: 'i.reporter_id = ?', args: [scope.userId] };
  if (scope.level === 'township')
    return {
      sql: '(i.township_id = ? OR i.holder_centre_id = ? OR i.holder_centre_id IN (SELECT id FROM centres WHERE parent_id = ?))',
      args: [scope.centreId, scope.centreId, scope.centreId],
    };
  return { sql: '(i.village_id = ? OR i.holder_centre_id = ?)', args: [scope.centreId, scope.centreId] };
}

export function createIncidentStore(db: Db) {
  const insert = db.prepare(`INSERT INTO incidents (code, reporter_id, idempotency_key, category, priority, state, description, lon, lat,
    grid_id, village_id, township_id, holder_centre_id, assigned_from_id, pending_sign, reported_at, respond_by, accepted_at, resolve_by,
    extended_days, extension, attempts, urge_due_at, supervise_due_at, urged_at, supervised_at, result, satisfaction, merged_into, similar_to,
    photos, updated_at)
    VALUES (@code, @reporterId, @idempotencyKey, @category, @priority, @state, @description, @lon, @lat, @gridId, @villageId, @townshipId,
    @holderCentreId, @assignedFromId, @pendingSign, @reportedAt, @respondBy, @acceptedAt, @resolveBy, @extendedDays, @extension, @attempts,
    @urgeDueAt, @superviseDueAt, @urgedAt, @supervisedAt, @result, @satisfaction, @mergedInto, @similarTo, @photos, @reportedAt)`);
  const insertBox = db.prepare('INSERT INTO incidents_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)');
  const update = db.prepare(`UPDATE incidents SET state = @state, priority = @priority, holder_centre_id = @holderCentreId,
    assigned_from_id = @assignedFromId, pending_sign = @pendingSign, accepted_at = @acceptedAt, resolve_by = @resolveBy,
    extended_days = @extendedDays, extension = @extension, attempts = @attempts, urge_due_at = @urgeDueAt, supervise_due_at = @superviseDueAt,
    urged_at = @urgedAt, supervised_at = @supervisedAt, result = @result, satisfaction = @satisfaction, merged_into = @mergedInto,
    updated_at = @now, version = version + 1 WHERE id = @id`);
  const byId = db.prepare<[number], Row>(`${SELECT} WHERE i.id = ?`);
  const byKey = db.prepare<[number, string], Row>(`${SELECT} WHERE i.reporter_id = ? AND i.idempotency_key = ?`);
  const byCode = db.prepare<[string], Row>(`${SELECT} WHERE i.code = ?`);
  const addEvent = db.prepare(
    'INSERT INTO incident_events (incident_id, at, kind, actor_id, actor_centre_id, centre_id, note, photos) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const eventsOf = db.prepare<[number], {
    at: number; kind: string; actor_id: number | null; actor_name: string | null; actor_centre_name: string | null; centre_name: string | null; note: string; photos: string;
  }>(
    `SELECT e.at, e.kind, e.actor_id, u.name AS actor_name, a.name AS actor_centre_name, c.name AS centre_name, e.note, e.photos
     FROM incident_events e LEFT JOIN users u ON u.id = e.actor_id LEFT JOIN centres a ON a.id = e.actor_centre_id
     LEFT JOIN centres c ON c.id = e.centre_id WHERE e.incident_id = ? ORDER BY e.id`,
  );
  const nearOpen = db.prepare<[number, number, number, number, string, number], OpenCase>(
    `SELECT i.id, i.lon, i.lat, i.category, i.reported_at AS reportedAt FROM incidents_rtree r JOIN incidents i ON i.id = r.id
     WHERE r.max_lon >= ? AND r.min_lon <= ? AND r.max_lat >= ? AND r.min_lat <= ?
       AND i.category = ? AND i.reported_at >= ? AND i.state IN ('reported', 'accepted', 'assigned', 'handling', 'returned')`,
  );
  const due = db.prepare<[number, number, number], Row>(
    `${SELECT} WHERE i.id IN (SELECT id FROM incidents WHERE urge_due_at <= ? UNION SELECT id FROM incidents WHERE supervise_due_at <= ?) LIMIT ?`,
  );
  const photoExists = db.prepare<[string], { id: string }>('SELECT id FROM photos WHERE id = ?');

  return {
    insert(n: NewIncident): number {
      const c = n.case;
      const id = Number(
        insert.run({
          code: n.code, reporterId: n.reporterId, idempotencyKey: n.idempotencyKey, category: c.category, priority: c.priority, state: c.state,
          description: n.description, lon: n.lon, lat: n.lat, gridId: n.gridId, villageId: n.villageId, townshipId: n.townshipId,
          holderCentreId: c.holderCentreId, assignedFromId: c.assignedFromId, pendingSign: c.pendingSign ? 1 : 0, reportedAt: c.reportedAt,
          respondBy: c.respondBy, acceptedAt: c.acceptedAt, resolveBy: c.resolveBy, extendedDays: c.extendedDays,
          extension: c.extension ? JSON.stringify(c.extension) : null, attempts: JSON.stringify(c.attempts), urgeDueAt: c.urgeDueAt,
          superviseDueAt: c.superviseDueAt, urgedAt: c.urgedAt, supervisedAt: c.supervisedAt, result: c.result, satisfaction: c.satisfaction,
          mergedInto: c.mergedInto, similarTo: n.similarTo, photos: JSON.stringify(n.photos),
        }).lastInsertRowid,
      );
      insertBox.run(id, n.lon, n.lon, n.lat, n.lat);
      return id;
    },
    save(id: number, c: CaseState, now: number): void {
      update.run({
        id, now, state: c.state, priority: c.priority, holderCentreId: c.holderCentreId, assignedFromId: c.assignedFromId,
        pendingSign: c.pendingSign ? 1 : 0, acceptedAt: c.acceptedAt, resolveBy: c.resolveBy, extendedDays: c.extendedDays,
        extension: c.extension ? JSON.stringify(c.extension) : null, attempts: JSON.stringify(c.attempts), urgeDueAt: c.urgeDueAt,
        superviseDueAt: c.superviseDueAt, urgedAt: c.urgedAt, supervisedAt: c.supervisedAt, result: c.result, satisfaction: c.satisfaction,
        mergedInto: c.mergedInto,
      });
    },
    row(id: number): Row | undefined {
      return byId.get(id);
    },
    get(id: number): Incident | null {
      const r = byId.get(id);
      return r ? toIncident(r) : null;
    },
    byIdempotencyKey(reporterId: number, key: string): Incident | null {
      const r = byKey.get(reporterId, key);
      return r ? toIncident(r) : null;
    },
    byCode(code: string): Row | undefined {
      return byCode.get(code);
    },
    /** One timeline event. `actor` is the person and the unit they acted for (null for the timers); `centreId` is where the case went or who held it. */
    addEvent(incidentId: number, at: number, kind: string, actor: { id: number; centreId: number } | null, centreId: number | null, note = '', photos: string[] = []): void {
      addEvent.run(incidentId, at, kind, actor?.id ?? null, actor?.centreId ?? null, centreId, note, JSON.stringify(photos));
    },
    timeline(incidentId: number): TimelineEntry[] {
      return eventsOf.all(incidentId).map((e) => ({
        at: e.at, kind: e.kind, actor: e.actor_id === null ? null : { id: e.actor_id, name: e.actor_name ?? '' }, actorCentreName: e.actor_centre_name,
        centreName: e.centre_name, note: e.note, photos: JSON.parse(e.photos),
      }));
    },
    openNear(box: { minLon: number; maxLon: number; minLat: number; maxLat: number }, category: string, since: number): OpenCase[] {
      return nearOpen.all(box.minLon, box.maxLon, box.minLat, box.maxLat, category, since);
    },
    due(now: number, limit: number): Row[] {
      return due.all(now, now, limit);
    },
    photoExists(id: string): boolean {
      return photoExists.get(id) !== undefined;
    },
    list(scope: Scope, f: IncidentQuery): Incident[] {
      const where: string[] = [];
      const args: (number | string)[] = [];
      const add = (sql: string, ...values: (number | string)[]) => {
        where.push(sql);
        args.push(...values);
      };
      const s = scopeSql(scope);
      add(s.sql, ...s.args);
      if (f.from !== undefined) add('i.reported_at >= ?', f.from);
      if (f.to !== undefined) add('i.reported_at < ?', f.to);
      if (f.centreId !== undefined) add('(i.township_id = ? OR i.village_id = ? OR i.holder_centre_id = ?)', f.centreId, f.centreId, f.centreId);
      if (f.category !== undefined) add('i.category = ?', f.category);
      if (f.state !== undefined) add('i.state = ?', f.state);
      if (f.bbox !== undefined) {
        const [minLon, minLat, maxLon, maxLat] = f.bbox;
        add('i.id IN (SELECT id FROM incidents_rtree WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?)', minLon, maxLon, minLat, maxLat);
      }
      const rows = db.prepare<(number | string)[], Row>(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY i.id DESC LIMIT ?`).all(...args, f.limit);
      return rows.map(toIncident);
    },
    /** Whether the scope may see this incident (same rule as list). */
    visible(scope: Scope, id: number): boolean {
      const s = scopeSql(scope);
      return db.prepare(`SELECT 1 FROM incidents i WHERE i.id = ? AND ${s.sql}`).get(id, ...s.args) !== undefined;
    },
    toIncident,
  };
}
export type IncidentStore = ReturnType<typeof createIncidentStore>;
