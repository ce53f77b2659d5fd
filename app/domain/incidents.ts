// The incident lifecycle as an explicit state machine (上报 → 受理 → 分流 → 处置中 → 办结 → 回访 → 归档, plus 退回,
// 上报上级, 延期, 合并), with deadlines, 催办/督办 timers and the 三二一 procedure. Pure: time and the centre tree are arguments.
import type { Attempts, CentreLevel, ErrorCode, IncidentStep, IncidentActionName, IncidentState, Priority, Role } from '../../protocol/index.ts';
import { climb } from './delivery.ts';
import { DEFAULT_DEADLINES, resolveDeadline, type DeadlineTable } from './deadlines.ts';

export interface CentreNode { id: number; parentId: number | null; level: CentreLevel; name: string }
export type CentreTree = ReadonlyMap<number, CentreNode>;

/** Resolution attempts each level may make before the case goes up (三二一: village 3, township 2, county 1). */
export const ATTEMPT_LIMITS: Attempts = { village: 3, township: 2, county: 1 };

export interface CaseState {
  state: IncidentState;
  category: string;
  priority: Priority;
  holderCentreId: number;
  /** Who assigned it to the holder, so 退回 knows where to go back to. */
  assignedFromId: number | null;
  pendingSign: boolean;
  reportedAt: number;
  respondBy: number;
  acceptedAt: number | null;
  resolveBy: number | null;
  extendedDays: number;
  extension: { days: number; reason: string; status: 'requested' | 'approved' | 'rejected' } | null;
  attempts: Attempts;
  urgeDueAt: number | null;
  superviseDueAt: number | null;
  urgedAt: number | null;
  supervisedAt: number | null;
  result: string | null;
  satisfaction: number | null;
  mergedInto: number | null;
}

export interface StepActor { id: number; role: Role; centreId: number }

export interface StepContext {
  now: number;
  centres: CentreTree;
  deadlines?: DeadlineTable;
  /** For merge: the case named by the code, as the caller found it (null: no case has that code). */
  mergeTarget?: MergeTarget | null;
}

/** `self`: the code is the merging case's own; `inScope`: the actor's centre may see the target. */
export interface MergeTarget { id: number; code: string; state: IncidentState; self: boolean; inScope: boolean }

/** What happened, for the timeline and for who must be told. */
export interface StepEvent { kind: string; note: string; centreId: number | null }

export type StepResult = { ok: true; next: CaseState; events: StepEvent[] } | { ok: false; code: ErrorCode };

const OPEN_STATES: readonly IncidentState[] = ['reported', 'accepted', 'assigned', 'handling', 'returned'];
export const isOpen = (s: IncidentState) => OPEN_STATES.includes(s);

const COUNTY_ROLES: readonly Role[] = ['dutyOfficer', 'commander'];
const CENTRE_ROLES: readonly Role[] = ['dutyOfficer', 'commander', 'townshipOperator', 'villageOperator'];

/** A new report: it lands at the county for unified acceptance (统一受理), with the first-response clock running. */
export function newCase(input: { category: string; priority: Priority; countyId: number; now: number; deadlines?: DeadlineTable }): CaseState {
  const table = input.deadlines ?? DEFAULT_DEADLINES;
  const respondBy = input.now + table.respondMs;
  return {
    state: 'reported', category: input.category, priority: input.priority, holderCentreId: input.countyId, assignedFromId: null, pendingSign: false,
    reportedAt: input.now, respondBy, acceptedAt: null, resolveBy: null, extendedDays: 0, extension: null,
    attempts: { village: 0, township: 0, county: 0 }, ...armTimers(input.now, respondBy),
    urgedAt: null, supervisedAt: null, result: null, satisfaction: null, mergedInto: null,
  };
}

/** 催办 at 75 % of the window, 督办 at 100 % (disputes routed to a unit run on the same rule). */
export function armTimers(start: number, end: number): { urgeDueAt: number; superviseDueAt: number } {
  return { urgeDueAt: start + Math.floor((end - start) * 0.75), superviseDueAt: end };
}
const disarm = { urgeDueAt: null, superviseDueAt: null, urgedAt: null, supervisedAt: null } as const;

/** The attempt counter a case's holder uses (三二一): a department works at township level. */
export function levelOf(c: Pick<CaseState, 'holderCentreId'>, centres: CentreTree): keyof Attempts {
  const level = centres.get(c.holderCentreId)?.level ?? 'county';
  return level === 'department' ? 'township' : level;
}

function isAncestor(centres: CentreTree, ancestorId: number, id: number): boolean {
  for (let cur = centres.get(id)?.parentId ?? null; cur !== null; cur = centres.get(cur)?.parentId ?? null) if (cur === ancestorId) return true;
  return false;
}

/** Whether the actor speaks for the centre that holds the case. */
function holds(c: CaseState, a: StepActor, ctx: StepContext): boolean {
  return CENTRE_ROLES.includes(a.role) && a.centreId === c.holderCentreId && ctx.centres.has(a.centreId);
}
const isCounty = (a: StepActor, ctx: StepContext) => COUNTY_ROLES.includes(a.role) && ctx.centres.get(a.centreId)?.level === 'county';

type Guard = (c: CaseState, a: StepActor, ctx: StepContext) => ErrorCode | null;
const inState = (...states: IncidentState[]): Guard => (c) => (states.includes(c.state) ? null : 'INCIDENT_BAD_TRANSITION');
const byHolder: Guard = (c, a, ctx) => (holds(c, a, ctx) ? null : CENTRE_ROLES.includes(a.role) ? 'FORBIDDEN_SCOPE' : 'FORBIDDEN_ROLE');
const byCounty: Guard = (_c, a, ctx) => (isCounty(a, ctx) ? null : 'FORBIDDEN_ROLE');
/** Guards checked in order; the first refusal is the answer (the dispute flow's guards use it too). */
export const firstRefusal = <Args extends unknown[]>(...guards: ((...args: Args) => ErrorCode | null)[]) => (...args: Args): ErrorCode | null => {
  for (const g of guards) {
    const e = g(...args);
    if (e) return e;
  }
  return null;
};
const all = (...guards: Guard[]): Guard => firstRefusal<Parameters<Guard>>(...guards);

/** Guards per step, checked in order: state first (a wrong state is the clearest message), then who. */
const GUARDS: Record<IncidentActionName, Guard> = {
  accept: all(inState('reported'), byHolder),
  assign: all(inState('accepted', 'returned'), byHolder),
  sign: all(inState('assigned'), byHolder),
  progress: all(inState('handling'), byHolder),
  resolve: all(inState('accepted', 'handling', 'returned'), byHolder),
  return: all(inState('assigned', 'handling'), byHolder, (c) => (c.assignedFromId === null ? 'INCIDENT_BAD_TRANSITION' : null)),
  escalateUp: all(inState('accepted', 'handling', 'returned'), byHolder, (c, _a, ctx) => (ctx.centres.get(c.holderCentreId)?.parentId ? null : 'INCIDENT_BAD_TRANSITION')),
  requestExtension: all(inState('accepted', 'assigned', 'handling'), byHolder, (c) => (c.extension?.status === 'requested' ? 'INCIDENT_BAD_TRANSITION' : null)),
  decideExtension: all(
    (c) => (c.extension?.status === 'requested' && isOpen(c.state) ? null : 'INCIDENT_BAD_TRANSITION'),
    (c, a, ctx) => (CENTRE_ROLES.includes(a.role) && (isAncestor(ctx.centres, a.centreId, c.holderCentreId) || (isCounty(a, ctx) && a.centreId !== c.holderCentreId)) ? null : 'FORBIDDEN_SCOPE'),
  ),
  followUp: all(inState('resolved'), byCounty),
  archive: all(inState('followedUp'), byCounty),
  merge: all(inState('reported', 'accepted'), byHolder),
};

/** The steps this actor may take on this case now: exactly the buttons the console shows. */
export function allowedSteps(c: CaseState, a: StepActor, ctx: StepContext): IncidentActionName[] {
  return (Object.keys(GUARDS) as IncidentActionName[]).filter((name) => GUARDS[name](c, a, ctx) === null);
}

/** Applies one workflow step, or says why it may not happen (and changes nothing). */
export function applyStep(c: CaseState, step: IncidentStep, a: StepActor, ctx: StepContext): StepResult {
  const denied = GUARDS[step.action](c, a, ctx);
  if (denied) return { ok: false, code: denied };
  const table = ctx.deadlines ?? DEFAULT_DEADLINES;
  const { now, centres } = ctx;
  const here = c.holderCentreId;
  const ok = (next: CaseState, ...events: StepEvent[]): StepResult => ({ ok: true, next, events });

  switch (step.action) {
    case 'accept': {
      const priority = step.priority ?? c.priority;
      const resolveBy = resolveDeadline(c.category, priority, now, table);
      return ok({ ...c, state: 'accepted', priority, acceptedAt: now, resolveBy, ...disarm, ...armTimers(now, resolveBy) }, { kind: 'accept', note: '', centreId: here });
    }
    case 'assign': {
      const target = centres.get(step.centreId);
      if (!target || target.parentId !== here) return { ok: false, code: 'INCIDENT_BAD_TARGET' };
      return ok({ ...c, state: 'assigned', holderCentreId: target.id, assignedFromId: here, pendingSign: true }, { kind: 'assign', note: target.name, centreId: target.id });
    }
    case 'sign':
      return ok({ ...c, state: 'handling', pendingSign: false }, { kind: 'sign', note: '', centreId: here });
    case 'progress':
      return ok({ ...c }, { kind: 'progress', note: step.text, centreId: here });
    case 'resolve': {
      const level = levelOf(c, centres);
      return ok(
        { ...c, state: 'resolved', result: step.result, pendingSign: false, attempts: { ...c.attempts, [level]: c.attempts[level] + 1 }, ...disarm },
        { kind: 'resolve', note: step.result, centreId: here },
      );
    }
    case 'return':
      return ok(
        { ...c, state: 'returned', holderCentreId: c.assignedFromId as number, assignedFromId: null, pendingSign: false },
        { kind: 'return', note: step.reason, centreId: c.assignedFromId },
      );
    case 'escalateUp':
      return ok(goUp(c, centres), { kind: 'escalateUp', note: step.reason, centreId: centres.get(here)?.parentId ?? null });
    case 'requestExtension': {
      const window = (c.resolveBy ?? now) - (c.acceptedAt ?? now);
      if (window + step.days * DAY > table.maxTotalMs) return { ok: false, code: 'INCIDENT_EXTENSION_TOO_LONG' };
      return ok({ ...c, extension: { days: step.days, reason: step.reason, status: 'requested' } }, { kind: 'requestExtension', note: `${step.days} · ${step.reason}`, centreId: centres.get(here)?.parentId ?? null });
    }
    case 'decideExtension': {
      const ext = c.extension as NonNullable<CaseState['extension']>;
      if (!step.approve) return ok({ ...c, extension: { ...ext, status: 'rejected' } }, { kind: 'rejectExtension', note: '', centreId: here });
      const resolveBy = (c.resolveBy ?? now) + ext.days * DAY;
      const start = c.acceptedAt ?? c.reportedAt;
      const timers = armTimers(start, resolveBy);
      return ok(
        {
          ...c, extension: { ...ext, status: 'approved' }, extendedDays: c.extendedDays + ext.days, resolveBy,
          // Re-arm only what lies ahead: a 催办 already sent stays on record.
          urgeDueAt: timers.urgeDueAt > now ? timers.urgeDueAt : null, urgedAt: timers.urgeDueAt > now ? null : c.urgedAt,
          superviseDueAt: resolveBy, supervisedAt: null,
        },
        { kind: 'approveExtension', note: String(ext.days), centreId: here },
      );
    }
    case 'followUp': {
      if (step.satisfied) return ok({ ...c, state: 'followedUp', satisfaction: step.satisfaction }, { kind: 'followUp', note: step.note, centreId: here });
      const level = levelOf(c, centres);
      const failed: StepEvent = { kind: 'followUpUnsatisfied', note: step.note, centreId: here };
      const parent = centres.get(here)?.parentId ?? null;
      if (c.attempts[level] >= ATTEMPT_LIMITS[level] && parent !== null) {
        const up = goUp(c, centres);
        return ok({ ...up, satisfaction: step.satisfaction }, failed, { kind: 'autoEscalate', note: `${level}:${c.attempts[level]}`, centreId: parent });
      }
      // Attempts left at this level (or nowhere higher to go): the same centre handles it again.
      const restart = c.resolveBy !== null && c.resolveBy > now ? armTimers(now, c.resolveBy) : { urgeDueAt: null, superviseDueAt: null };
      return ok({ ...c, state: 'handling', satisfaction: step.satisfaction, result: null, urgedAt: null, supervisedAt: null, ...restart }, failed);
    }
    case 'archive':
      return ok({ ...c, state: 'archived' }, { kind: 'archive', note: '', centreId: here });
    case 'merge': {
      const target = ctx.mergeTarget;
      if (!target) return { ok: false, code: 'CASE_CODE_INVALID' };
      if (target.self) return { ok: false, code: 'INCIDENT_MERGE_TARGET_SELF' };
      if (!target.inScope) return { ok: false, code: 'FORBIDDEN_SCOPE' };
      if (!isOpen(target.state)) return { ok: false, code: 'INCIDENT_MERGE_TARGET_CLOSED' };
      return ok({ ...c, state: 'merged', mergedInto: target.id, ...disarm }, { kind: 'merge', note: target.code, centreId: here });
    }
  }
}

/** Hands the case to the level above, accepted there; its history and deadlines stay. */
function goUp(c: CaseState, centres: CentreTree): CaseState {
  const parent = centres.get(c.holderCentreId)?.parentId as number;
  return { ...c, state: 'accepted', holderCentreId: parent, assignedFromId: null, pendingSign: false, result: null };
}

/** Fires the 催办/督办 timers that are due. 督办 also marks the case overdue. */
export type Timed = Pick<CaseState, 'urgeDueAt' | 'superviseDueAt' | 'urgedAt' | 'supervisedAt'>;
export function fireTimers<T extends Timed>(c: T, now: number): { next: T; fired: ('urge' | 'supervise')[] } | null {
  // The same ladder as alerts and orders: rung 1 催办 (75 % of the time), rung 2 督办 (100 %). A cleared time is a
  // rung already passed (acceptance may re-arm only the 督办 when the 催办 moment is gone).
  if (c.urgeDueAt === null && c.superviseDueAt === null) return null;
  const from = c.urgeDueAt === null ? 1 : 0;
  const rungs = c.superviseDueAt === null ? [c.urgeDueAt as number] : [c.urgeDueAt ?? c.superviseDueAt, c.superviseDueAt];
  const { passed } = climb({ rungs }, from, now);
  if (passed.length === 0) return null;
  let next = c;
  const fired = passed.map((k) => (k === 1 ? 'urge' : 'supervise') as 'urge' | 'supervise');
  if (fired.includes('urge')) next = { ...next, urgeDueAt: null, urgedAt: now };
  if (fired.includes('supervise')) next = { ...next, superviseDueAt: null, supervisedAt: now };
  return { next, fired };
}

export const isOverdue = (c: Pick<CaseState, 'supervisedAt' | 'state'>) => c.supervisedAt !== null && isOpen(c.state);

const DAY = 24 * 3600_000;
