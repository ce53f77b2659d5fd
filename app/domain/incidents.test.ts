import { describe, expect, it } from 'vitest';
import type { IncidentStep } from '../../protocol/index.ts';
import { allowedSteps, applyStep, fireTimers, isOverdue, newCase, type CaseState, type CentreNode, type MergeTarget, type StepActor, type StepContext } from './incidents.ts';
import { DEFAULT_DEADLINES, endOfShanghaiDay, resolveDeadline } from './deadlines.ts';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
// 2026-11-22 10:00 in Shanghai
const T0 = Date.UTC(2026, 10, 22, 2, 0, 0);

const centres = new Map<number, CentreNode>([
  [1, { id: 1, parentId: null, level: 'county', name: '青岚县' }],
  [2, { id: 2, parentId: 1, level: 'township', name: '城关镇' }],
  [3, { id: 3, parentId: 1, level: 'township', name: '青石镇' }],
  [4, { id: 4, parentId: 2, level: 'village', name: '安平社区' }],
]);
const duty: StepActor = { id: 10, role: 'dutyOfficer', centreId: 1 };
const town2: StepActor = { id: 20, role: 'townshipOperator', centreId: 2 };
const town3: StepActor = { id: 30, role: 'townshipOperator', centreId: 3 };
const village4: StepActor = { id: 40, role: 'villageOperator', centreId: 4 };
const grid: StepActor = { id: 50, role: 'gridMember', centreId: 4 };

const ctx = (now: number, extra: Partial<StepContext> = {}): StepContext => ({ now, centres, ...extra });
const step = (c: CaseState, s: IncidentStep, a: StepActor, now: number, extra: Partial<StepContext> = {}): CaseState => {
  const r = applyStep(c, s, a, ctx(now, extra));
  if (!r.ok) throw new Error(`${s.action} refused: ${r.code}`);
  return r.next;
};
const refused = (c: CaseState, s: IncidentStep, a: StepActor, now = T0) => {
  const r = applyStep(c, s, a, ctx(now));
  return r.ok ? 'ALLOWED' : r.code;
};
const fresh = () => newCase({ category: 'dispute', priority: 'general', countyId: 1, now: T0 });
const followUp = (satisfied: boolean): IncidentStep => ({ action: 'followUp', satisfied, satisfaction: satisfied ? 5 : 1, note: '' });

describe('incident lifecycle', () => {
  it('walks the whole happy path 上报→受理→分流→签收→处置→办结→回访→归档', () => {
    let c = fresh();
    expect(c).toMatchObject({ state: 'reported', holderCentreId: 1, respondBy: T0 + 20 * MIN });
    c = step(c, { action: 'accept' }, duty, T0 + 5 * MIN);
    expect(c).toMatchObject({ state: 'accepted', acceptedAt: T0 + 5 * MIN, resolveBy: T0 + 5 * MIN + 3 * DAY });
    c = step(c, { action: 'assign', centreId: 2 }, duty, T0 + 6 * MIN);
    expect(c).toMatchObject({ state: 'assigned', holderCentreId: 2, assignedFromId: 1, pendingSign: true });
    c = step(c, { action: 'sign' }, town2, T0 + 7 * MIN);
    expect(c).toMatchObject({ state: 'handling', pendingSign: false });
    c = step(c, { action: 'progress', text: '已到现场', photos: [] }, town2, T0 + 8 * MIN);
    c = step(c, { action: 'resolve', result: '已调解' }, town2, T0 + 60 * MIN);
    expect(c).toMatchObject({ state: 'resolved', result: '已调解', attempts: { township: 1, village: 0, county: 0 }, urgeDueAt: null, superviseDueAt: null });
    c = step(c, followUp(true), duty, T0 + 61 * MIN);
    expect(c).toMatchObject({ state: 'followedUp', satisfaction: 5 });
    c = step(c, { action: 'archive' }, duty, T0 + 62 * MIN);
    expect(c.state).toBe('archived');
  });

  it('rejects illegal transitions with a clear code and changes nothing', () => {
    const c = fresh();
    const before = JSON.stringify(c);
    expect(refused(c, { action: 'resolve', result: 'x' }, duty)).toBe('INCIDENT_BAD_TRANSITION');
    expect(refused(c, { action: 'sign' }, duty)).toBe('INCIDENT_BAD_TRANSITION');
    expect(refused(c, { action: 'archive' }, duty)).toBe('INCIDENT_BAD_TRANSITION');
    expect(refused(c, followUp(true), duty)).toBe('INCIDENT_BAD_TRANSITION');
    expect(refused(c, { action: 'return', reason: 'x' }, duty)).toBe('INCIDENT_BAD_TRANSITION');
    expect(JSON.stringify(c)).toBe(before);
  });

  it('lets only the holding centre act, and refuses other roles', () => {
    const c = fresh();
    expect(refused(c, { action: 'accept' }, town2)).toBe('FORBIDDEN_SCOPE');
    expect(refused(c, { action: 'accept' }, grid)).toBe('FORBIDDEN_ROLE');
    const assigned = step(step(c, { action: 'accept' }, duty, T0), { action: 'assign', centreId: 2 }, duty, T0);
    expect(refused(assigned, { action: 'sign' }, town3)).toBe('FORBIDDEN_SCOPE');
    expect(refused(assigned, { action: 'sign' }, duty)).toBe('FORBIDDEN_SCOPE');
  });

  it('assigns only one level down', () => {
    const accepted = step(fresh(), { action: 'accept' }, duty, T0);
    expect(refused(accepted, { action: 'assign', centreId: 4 }, duty)).toBe('INCIDENT_BAD_TARGET');
    expect(refused(accepted, { action: 'assign', centreId: 99 }, duty)).toBe('INCIDENT_BAD_TARGET');
    const atTown = step(step(accepted, { action: 'assign', centreId: 2 }, duty, T0), { action: 'sign' }, town2, T0);
    // a township that signed may not assign while handling; it returns or handles
    expect(refused(atTown, { action: 'assign', centreId: 4 }, town2)).toBe('INCIDENT_BAD_TRANSITION');
  });

  it('退回 sends the case back to whoever assigned it, with the reason', () => {
    const assigned = step(step(fresh(), { action: 'accept' }, duty, T0), { action: 'assign', centreId: 2 }, duty, T0);
    const r = applyStep(assigned, { action: 'return', reason: '不属本镇辖区' }, town2, ctx(T0));
    expect(r.ok && r.next).toMatchObject({ state: 'returned', holderCentreId: 1, assignedFromId: null });
    expect(r.ok && r.events[0]).toMatchObject({ kind: 'return', note: '不属本镇辖区' });
    const back = r.ok ? r.next : fresh();
    expect(step(back, { action: 'assign', centreId: 3 }, duty, T0)).toMatchObject({ state: 'assigned', holderCentreId: 3 });
  });

  it('上报上级 hands the case to the parent centre', () => {
    const atTown = step(step(step(fresh(), { action: 'accept' }, duty, T0), { action: 'assign', centreId: 2 }, duty, T0), { action: 'sign' }, town2, T0);
    const up = step(atTown, { action: 'escalateUp', reason: '涉及多部门' }, town2, T0 + MIN);
    expect(up).toMatchObject({ state: 'accepted', holderCentreId: 1 });
    expect(refused(step(fresh(), { action: 'accept' }, duty, T0), { action: 'escalateUp', reason: 'x' }, duty)).toBe('INCIDENT_BAD_TRANSITION');
  });

  it('延期: requested by the holder, decided by the level above, never beyond 15 days', () => {
    const accepted = step(fresh(), { action: 'accept', priority: 'complex' }, duty, T0);
    const atTown = step(step(accepted, { action: 'assign', centreId: 2 }, duty, T0), { action: 'sign' }, town2, T0);
    expect(refused(atTown, { action: 'requestExtension', days: 9, reason: 'x' }, town2)).toBe('INCIDENT_EXTENSION_TOO_LONG');
    const asked = step(atTown, { action: 'requestExtension', days: 5, reason: '需鉴定' }, town2, T0 + DAY);
    expect(asked.extension).toEqual({ days: 5, reason: '需鉴定', status: 'requested' });
    expect(refused(asked, { action: 'requestExtension', days: 1, reason: 'again' }, town2)).toBe('INCIDENT_BAD_TRANSITION');
    expect(refused(asked, { action: 'decideExtension', approve: true }, town2)).toBe('FORBIDDEN_SCOPE');
    expect(refused(asked, { action: 'decideExtension', approve: true }, town3)).toBe('FORBIDDEN_SCOPE');
    const approved = step(asked, { action: 'decideExtension', approve: true }, duty, T0 + DAY);
    expect(approved).toMatchObject({ resolveBy: T0 + 12 * DAY, extendedDays: 5, extension: { status: 'approved' } });
    const rejected = step(asked, { action: 'decideExtension', approve: false }, duty, T0 + DAY);
    expect(rejected).toMatchObject({ resolveBy: T0 + 7 * DAY, extension: { status: 'rejected' } });
  });

  it('合并 into an open case only, named by its case code, with a message that says what is wrong', () => {
    const c = fresh();
    const CODE = 'ZZ20261122-7QK3M9TA-X';
    const target = (over: Partial<MergeTarget> = {}): MergeTarget => ({ id: 7, code: CODE, state: 'handling', self: false, inScope: true, ...over });
    const merge: IncidentStep = { action: 'merge', intoCode: CODE };
    const r = applyStep(c, merge, duty, ctx(T0, { mergeTarget: target() }));
    expect(r.ok && r.next).toMatchObject({ state: 'merged', mergedInto: 7 });
    // The timeline notes the code people know, not the internal id.
    expect(r.ok && r.events).toEqual([{ kind: 'merge', note: CODE, centreId: 1 }]);
    const why = (t: MergeTarget | null) => {
      const x = applyStep(c, merge, duty, ctx(T0, { mergeTarget: t }));
      return x.ok ? 'ALLOWED' : x.code;
    };
    expect(why(target({ state: 'archived' }))).toBe('INCIDENT_MERGE_TARGET_CLOSED');
    expect(why(target({ state: 'merged' }))).toBe('INCIDENT_MERGE_TARGET_CLOSED');
    expect(why(target({ self: true }))).toBe('INCIDENT_MERGE_TARGET_SELF');
    expect(why(target({ inScope: false }))).toBe('FORBIDDEN_SCOPE');
    expect(why(null)).toBe('CASE_CODE_INVALID');
  });

  it('lists exactly the steps a role may take in a state', () => {
    const c = fresh();
    expect(allowedSteps(c, duty, ctx(T0)).sort()).toEqual(['accept', 'merge']);
    expect(allowedSteps(c, town2, ctx(T0))).toEqual([]);
    const assigned = step(step(c, { action: 'accept' }, duty, T0), { action: 'assign', centreId: 2 }, duty, T0);
    expect(allowedSteps(assigned, town2, ctx(T0)).sort()).toEqual(['requestExtension', 'return', 'sign']);
    expect(allowedSteps(assigned, duty, ctx(T0))).toEqual([]);
  });
});

describe('三二一', () => {
  const toVillage = () => {
    let c = step(fresh(), { action: 'accept' }, duty, T0);
    c = step(step(c, { action: 'assign', centreId: 2 }, duty, T0), { action: 'sign' }, town2, T0);
    c = step(c, { action: 'escalateUp', reason: 'x' }, town2, T0); // back at county, accepted
    c = step(step(c, { action: 'assign', centreId: 2 }, duty, T0), { action: 'sign' }, town2, T0);
    // township assigns down: it needs the case accepted/returned at its level, so the county hands it over this way
    return c;
  };

  it('a village gets three tries, then the case goes to the township with its history', () => {
    // Build a case held by the village directly.
    let c: CaseState = { ...fresh(), state: 'handling', holderCentreId: 4, assignedFromId: 2, acceptedAt: T0, resolveBy: T0 + 3 * DAY };
    for (let attempt = 1; attempt <= 3; attempt++) {
      c = step(c, { action: 'resolve', result: `第${attempt}次` }, village4, T0 + attempt * MIN);
      expect(c.attempts.village).toBe(attempt);
      const r = applyStep(c, followUp(false), duty, ctx(T0 + attempt * MIN + 1));
      expect(r.ok).toBe(true);
      c = r.ok ? r.next : c;
      if (attempt < 3) expect(c).toMatchObject({ state: 'handling', holderCentreId: 4 });
      else {
        expect(c).toMatchObject({ state: 'accepted', holderCentreId: 2, attempts: { village: 3, township: 0, county: 0 } });
        expect(r.ok && r.events.map((e) => e.kind)).toEqual(['followUpUnsatisfied', 'autoEscalate']);
      }
    }
  });

  it('a township gets two, the county one, and the county keeps it after that', () => {
    let c = toVillage();
    expect(c.holderCentreId).toBe(2);
    c = step(c, { action: 'resolve', result: '1' }, town2, T0);
    c = step(c, followUp(false), duty, T0);
    expect(c).toMatchObject({ state: 'handling', holderCentreId: 2 });
    c = step(c, { action: 'resolve', result: '2' }, town2, T0);
    c = step(c, followUp(false), duty, T0);
    expect(c).toMatchObject({ state: 'accepted', holderCentreId: 1, attempts: { township: 2 } });
    c = step(c, { action: 'resolve', result: '3' }, duty, T0);
    c = step(c, followUp(false), duty, T0);
    expect(c).toMatchObject({ state: 'handling', holderCentreId: 1, attempts: { county: 1 } });
  });
});

describe('deadlines, 催办 and 督办', () => {
  it('uses the table: first response 20 min, same day, 3 days, 7 days, capped at 15', () => {
    expect(DEFAULT_DEADLINES.respondMs).toBe(20 * MIN);
    // same day means before midnight in Shanghai: accepted 10:00 local → due 24:00 local = 16:00 UTC
    expect(resolveDeadline('dispute', 'simple', T0)).toBe(Date.UTC(2026, 10, 22, 16, 0, 0));
    expect(endOfShanghaiDay(Date.UTC(2026, 10, 22, 16, 30))).toBe(Date.UTC(2026, 10, 23, 16, 0, 0)); // 00:30 local next day
    expect(resolveDeadline('dispute', 'general', T0)).toBe(T0 + 3 * DAY);
    expect(resolveDeadline('dispute', 'complex', T0)).toBe(T0 + 7 * DAY);
    const table = { ...DEFAULT_DEADLINES, byCategory: { help: { general: { days: 30 } } } };
    expect(resolveDeadline('help', 'general', T0, table)).toBe(T0 + 15 * DAY);
    expect(resolveDeadline('dispute', 'general', T0, table)).toBe(T0 + 3 * DAY);
  });

  it('urges at 75 % of the response window and supervises (overdue) at 100 %', () => {
    const c = fresh();
    expect(fireTimers(c, T0 + 15 * MIN - 1)).toBeNull();
    const urged = fireTimers(c, T0 + 15 * MIN)!;
    expect(urged.fired).toEqual(['urge']);
    expect(isOverdue(urged.next)).toBe(false);
    expect(fireTimers(urged.next, T0 + 19 * MIN)).toBeNull();
    const supervised = fireTimers(urged.next, T0 + 20 * MIN)!;
    expect(supervised.fired).toEqual(['supervise']);
    expect(isOverdue(supervised.next)).toBe(true);
    // both at once when the server was down past both
    expect(fireTimers(c, T0 + 2 * 3600_000)?.fired).toEqual(['urge', 'supervise']);
  });

  it('re-arms the timers for the resolve window on acceptance and clears overdue', () => {
    const late = fireTimers(fresh(), T0 + 25 * MIN)!.next;
    expect(isOverdue(late)).toBe(true);
    const accepted = step(late, { action: 'accept' }, duty, T0 + 30 * MIN);
    expect(isOverdue(accepted)).toBe(false);
    expect(accepted.urgeDueAt).toBe(T0 + 30 * MIN + Math.floor(3 * DAY * 0.75));
    expect(accepted.superviseDueAt).toBe(T0 + 30 * MIN + 3 * DAY);
  });
});
