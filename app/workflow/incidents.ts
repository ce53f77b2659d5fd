// The incident desk: intake (统一受理), workflow steps (归口分流、催办督办、跟踪回访), timers and the public case view.
// Like the alert desk, each operation is one transaction that writes the change, its timeline and ledger entries and
// the outbox rows for every centre that sees the case; the caller publishes the returned envelopes after the commit.
import { PUBLIC_STEP_LABELS, type Category, type ErrorCode, type Incident, type IncidentDetail, type IncidentQuery, type IncidentStep, type PublicCase, type SessionUser } from '../../protocol/index.ts';
import { applyStep, allowedSteps, fireTimers, newCase, type CentreNode, type MergeTarget, type StepActor } from '../domain/incidents.ts';
import type { DeadlineTable } from '../domain/deadlines.ts';
import { bboxAround, findSimilar, gridShape, locateGrid, toWgs84, type GridShape } from '../domain/geo.ts';
import { createAreasReader } from '../store/countyImport.ts';
import { isWellFormedCaseCode, makeCaseCode } from '../domain/caseCode.ts';
import type { Db } from '../store/db.ts';
import type { Directory } from '../store/directory.ts';
import { createIncidentStore, toCase, type Scope } from '../store/incidents.ts';
import type { Ledger } from '../store/ledger.ts';
import type { Addressed, Outbox } from '../store/outbox.ts';
import type { z } from 'zod';
import type { ReportIncident } from '../../protocol/index.ts';

import type { Result } from './result.ts';
export type { Result } from './result.ts';
export type ReportInput = z.output<typeof ReportIncident>;

export interface IncidentRules {
  deadlines: DeadlineTable;
  categories: Category[];
  duplicate: { distanceM: number; windowMs: number };
}

type Notice = 'assigned' | 'urge' | 'supervise' | 'escalated' | null;

export function createIncidentDesk(db: Db, outbox: Outbox, ledger: Ledger, directory: Directory, rules: () => IncidentRules, random: (n: number) => Uint8Array) {
  const store = createIncidentStore(db);
  const countyId = directory.countyId();
  // Centres and grids are cached, and reloaded when a county import has changed them (retired grids never match).
  const areas = createAreasReader(db);
  let areasVersion = '';
  let centres = new Map<number, CentreNode>();
  let grids: GridShape[] = [];
  const refreshAreas = () => {
    const v = areas.version();
    if (v === areasVersion) return;
    areasVersion = v;
    // All of them: an incident in a village a re-import retired still escalates and shows its names.
    centres = new Map(directory.allCentres().map((c) => [c.id, { id: c.id, parentId: c.parentId, level: c.level, name: c.name }]));
    grids = areas.activeGrids().map((g) => gridShape(g.id, g.villageId, g.boundary));
  };
  refreshAreas();

  // A grid member sees only what they reported; a department, like a village, what it holds.
  const scopeOf = (u: SessionUser): Scope =>
    u.role === 'gridMember' ? { level: 'reporter', userId: u.id }
    : u.centreLevel === 'county' ? { level: 'county' }
    : { level: u.centreLevel === 'department' ? 'village' : u.centreLevel, centreId: u.centreId };
  const actorOf = (u: SessionUser): StepActor => ({ id: u.id, role: u.role, centreId: u.centreId });

  /** Every centre that sees the case: the county, its township and village, whoever holds it and the level above. */
  function audience(i: Incident): number[] {
    const ids = new Set([countyId, i.holderCentreId]);
    if (i.townshipId) ids.add(i.townshipId);
    if (i.villageId) ids.add(i.villageId);
    const parent = centres.get(i.holderCentreId)?.parentId;
    if (parent) ids.add(parent);
    return [...ids];
  }

  function announce(id: number, now: number, notice: Notice): Addressed[] {
    const incident = store.get(id) as Incident;
    return outbox.pushAll(audience(incident), now, { kind: 'incident.updated', incident, notice });
  }

  function detail(u: SessionUser, id: number): IncidentDetail {
    const incident = store.get(id) as Incident;
    const row = store.row(id);
    // The guards depend on state, role and place, never on time.
    const allowed = row ? allowedSteps(toCase(row), actorOf(u), { now: 0, centres }) : [];
    return { ...incident, timeline: store.timeline(id), allowed };
  }

  const report = db.transaction((u: SessionUser, input: ReportInput, now: number): Result<{ incident: Incident; duplicate: boolean }> => {
    if (u.role === 'admin') return { ok: false, code: 'FORBIDDEN_ROLE' };
    const existing = store.byIdempotencyKey(u.id, input.idempotencyKey);
    if (existing) return { ok: true, value: { incident: existing, duplicate: true }, out: [] };
    const r = rules();
    if (!r.categories.some((c) => c.code === input.category)) return { ok: false, code: 'CATEGORY_UNKNOWN' };
    if (!input.photos.every((p) => store.photoExists(p))) return { ok: false, code: 'PHOTO_UNKNOWN' };
    const [lon, lat] = toWgs84(input.location.lon, input.location.lat, input.location.crs);
    refreshAreas();
    const grid = locateGrid([lon, lat], grids);
    if (!grid) return { ok: false, code: 'LOCATION_OUTSIDE' };
    // A grid member reports from their own village; a point elsewhere is usually a slip of the finger or a stale GPS fix.
    if (u.role === 'gridMember' && grid.villageId !== u.centreId && !input.confirmOtherVillage) {
      const village = centres.get(grid.villageId);
      const township = village?.parentId ? centres.get(village.parentId) : undefined;
      return { ok: false, code: 'LOCATION_OTHER_VILLAGE', details: { village: village?.name ?? '', township: township?.name ?? '', own: centres.get(u.centreId)?.name ?? '' } };
    }
    const townshipId = centres.get(grid.villageId)?.parentId ?? null;
    const near = store.openNear(bboxAround([lon, lat], r.duplicate.distanceM), input.category, now - r.duplicate.windowMs);
    const similarTo = findSimilar({ lon, lat, category: input.category, at: now }, near, r.duplicate);
    let code = makeCaseCode(now, random(5));
    while (store.byCode(code)) code = makeCaseCode(now, random(5));
    const c = newCase({ category: input.category, priority: input.priority, countyId, now, deadlines: r.deadlines });
    const id = store.insert({
      code, reporterId: u.id, idempotencyKey: input.idempotencyKey, description: input.description, lon, lat,
      gridId: grid.id, villageId: grid.villageId, townshipId, similarTo, photos: input.photos, case: c,
    });
    store.addEvent(id, now, 'report', u, grid.villageId, '', input.photos);
    ledger.append(now, u.id, 'incident.report', `incident:${id}`, { code, category: input.category, similarTo });
    return { ok: true, value: { incident: store.get(id) as Incident, duplicate: false }, out: announce(id, now, null) };
  });

  const act = db.transaction((u: SessionUser, id: number, step: IncidentStep, now: number): Result<IncidentDetail> => {
    refreshAreas();
    const row = store.row(id);
    if (!row) return { ok: false, code: 'NOT_FOUND' };
    if (!store.visible(scopeOf(u), id)) return { ok: false, code: 'FORBIDDEN_SCOPE' };
    if (step.action === 'progress' && !step.photos.every((p) => store.photoExists(p))) return { ok: false, code: 'PHOTO_UNKNOWN' };
    let mergeTarget: MergeTarget | null = null;
    if (step.action === 'merge') {
      const target = isWellFormedCaseCode(step.intoCode) ? store.byCode(step.intoCode) : undefined;
      mergeTarget = target
        ? { id: target.id, code: target.code, state: target.state, self: target.id === id, inScope: store.visible(scopeOf(u), target.id) }
        : null;
    }
    const r = applyStep(toCase(row), step, actorOf(u), { now, centres, deadlines: rules().deadlines, mergeTarget });
    if (!r.ok) return r;
    store.save(id, r.next, now);
    for (const e of r.events) store.addEvent(id, now, e.kind, u, e.centreId, e.note, step.action === 'progress' ? step.photos : []);
    ledger.append(now, u.id, `incident.${step.action}`, `incident:${id}`, { events: r.events.map((e) => e.kind), holder: r.next.holderCentreId });
    const kinds = r.events.map((e) => e.kind);
    const notice: Notice = step.action === 'assign' ? 'assigned' : kinds.includes('autoEscalate') || kinds.includes('escalateUp') ? 'escalated' : null;
    return { ok: true, value: detail(u, id), out: announce(id, now, notice) };
  });

  const fireDue = db.transaction((now: number, limit: number): Addressed[] => {
    const out: Addressed[] = [];
    for (const row of store.due(now, limit)) {
      const fired = fireTimers(toCase(row), now);
      if (!fired) continue;
      store.save(row.id, fired.next, now);
      for (const kind of fired.fired) {
        store.addEvent(row.id, now, kind, null, row.holder_centre_id);
        ledger.append(now, null, `incident.${kind}`, `incident:${row.id}`, { holder: row.holder_centre_id });
      }
      out.push(...announce(row.id, now, fired.fired.includes('supervise') ? 'supervise' : 'urge'));
    }
    return out;
  });

  return {
    report(u: SessionUser, input: ReportInput, now: number) {
      return report(u, input, now);
    },
    act(u: SessionUser, id: number, step: IncidentStep, now: number) {
      return act(u, id, step, now);
    },
    fireDue(now: number, limit = 500): Addressed[] {
      return fireDue(now, limit);
    },
    list(u: SessionUser, q: IncidentQuery): Incident[] {
      return store.list(scopeOf(u), q);
    },
    get(u: SessionUser, id: number): { ok: true; value: IncidentDetail } | { ok: false; code: ErrorCode } {
      if (!store.row(id)) return { ok: false, code: 'NOT_FOUND' };
      if (!store.visible(scopeOf(u), id)) return { ok: false, code: 'FORBIDDEN_SCOPE' };
      return { ok: true, value: detail(u, id) };
    },
    visible(u: SessionUser, id: number): boolean {
      return store.visible(scopeOf(u), id);
    },
    /** The cases a user may see, as a store scope (photos and snapshots are checked against it). */
    scopeOf,
    /** 一案一码: progress only — step names and times, nothing about people, places or the matter itself. */
    publicCase(code: string): PublicCase | null {
      if (!isWellFormedCaseCode(code)) return null;
      const row = store.byCode(code);
      if (!row) return null;
      const steps = store
        .timeline(row.id)
        .filter((e) => e.kind in PUBLIC_STEP_LABELS)
        .map((e) => ({ at: e.at, step: PUBLIC_STEP_LABELS[e.kind] as string }));
      return { code: row.code, category: rules().categories.find((c) => c.code === row.category)?.label[0] ?? '其他', state: row.state, steps };
    },
    store,
  };
}
export type IncidentDesk = ReturnType<typeof createIncidentDesk>;
