// A dispute after registration, as a state machine: 先行调解 → (agreement → 回访 → 案结事了) or (调解不成 → 分类流转 → 签收 →
// 办理 → 办结 → 回访 → 案结事了), with 退回 and the county's decision, and 三二一 on an unsatisfied 回访. The 签收 is the
// delivery of app/domain/delivery.ts (one 签收 everywhere, with its ladder); the handling window, 催办/督办 and the
// attempt limits are those of incidents (app/domain/incidents.ts). The states are the dispute's (protocol/disputes.ts):
// `agreed` and `closed` (办结) wait for the 回访; `reviewed` is 案结事了. Pure: time and the unit tree are arguments.
import { ALERT_SIGNERS, JUDICIAL_STATE_LABELS, type Attempts, type ErrorCode, type FlowActionName, type DisputeState, type FlowStep, type JudicialState, type Role, type RoutingChannel, type RoutingStage } from '../../protocol/index.ts';
import { newDelivery, orderLadder, remind, sign, type Delivery } from './delivery.ts';
import { ATTEMPT_LIMITS, armTimers, fireTimers, firstRefusal, levelOf, type CentreTree, type StepActor, type StepEvent } from './incidents.ts';

const DAY = 24 * 3600_000;

export interface FlowRouting {
  centreId: number;
  channel: RoutingChannel;
  stage: RoutingStage;
  /** Days to handle it after 签收. */
  days: number;
  insisted: boolean;
  delivery: Delivery;
}

export interface FlowState {
  state: DisputeState;
  holderCentreId: number | null;
  mediation: { mediatorId: number | null; roomId: number | null; outcome: 'agreement' | 'none' | null; judicial: JudicialState | null } | null;
  /** The current routing; kept on a return (the county sees who returned it) and replaced by the next. */
  routing: FlowRouting | null;
  resolveBy: number | null;
  urgeDueAt: number | null;
  superviseDueAt: number | null;
  urgedAt: number | null;
  supervisedAt: number | null;
  attempts: Attempts;
  result: string | null;
  resolvedBy: 'mediation' | 'unit' | null;
  satisfaction: number | null;
  closedAt: number | null;
}

export interface FlowContext {
  now: number;
  centres: CentreTree;
  /** The 签收 deadline of a routing (the order ladder's unit: re-sent 1×, flagged 2×, 超时未签收 3×). */
  signMs: number;
  /** For `route`: the routing table's suggestion at this stage (null: the table has no row) and its days. */
  suggestion?: { centreId: number | null; days: number } | null;
  /** Days when the table has no row for the case. */
  defaultDays: number;
}

export type FlowResult = { ok: true; next: FlowState; events: StepEvent[] } | { ok: false; code: ErrorCode };

/** Who acts for the county in the flow: the duty officers and the commander (who register and mediate at the window). */
export const COUNTY_FLOW_ROLES: readonly Role[] = ['dutyOfficer', 'commander'];

export function newFlow(): FlowState {
  return {
    state: 'registered', holderCentreId: null, mediation: null, routing: null, resolveBy: null, urgeDueAt: null, superviseDueAt: null, urgedAt: null, supervisedAt: null,
    attempts: { village: 0, township: 0, county: 0 }, result: null, resolvedBy: null, satisfaction: null, closedAt: null,
  };
}

/** After 签收: signed, then handling from the first progress (the handling window runs from 签收). */
const HANDLING: readonly DisputeState[] = ['signed', 'handling'];

const disarm = { urgeDueAt: null, superviseDueAt: null } as const;
const isCounty = (a: StepActor, ctx: FlowContext) => COUNTY_FLOW_ROLES.includes(a.role) && ctx.centres.get(a.centreId)?.level === 'county';
/** The unit the case is routed to, speaking for itself. */
const isRoutedUnit = (f: FlowState, a: StepActor) => ALERT_SIGNERS.includes(a.role) && f.routing !== null && a.centreId === f.routing.centreId;

type Guard = (f: FlowState, a: StepActor, ctx: FlowContext) => ErrorCode | null;
const at = (...states: DisputeState[]): Guard => (f) => (states.includes(f.state) ? null : 'MEDIATION_BAD_STEP');
const byCounty: Guard = (_f, a, ctx) => (isCounty(a, ctx) ? null : COUNTY_FLOW_ROLES.includes(a.role) || ALERT_SIGNERS.includes(a.role) ? 'FORBIDDEN_SCOPE' : 'FORBIDDEN_ROLE');
const byUnit: Guard = (f, a) => (isRoutedUnit(f, a) ? null : ALERT_SIGNERS.includes(a.role) || COUNTY_FLOW_ROLES.includes(a.role) ? 'FORBIDDEN_SCOPE' : 'FORBIDDEN_ROLE');
const all = (...guards: Guard[]): Guard => firstRefusal<Parameters<Guard>>(...guards);
const withAgreement: Guard = (f) => (f.mediation?.outcome === 'agreement' ? null : 'MEDIATION_NO_AGREEMENT');

/** Guards per step, in order: who first for the unit steps (another unit learns nothing of the stage), stage first otherwise. */
const GUARDS: Record<FlowActionName, Guard> = {
  assignMediation: all(at('registered', 'mediating'), byCounty),
  recordSession: all(at('mediating'), byCounty),
  agreement: all(at('mediating'), byCounty),
  judicial: all(withAgreement, byCounty),
  noAgreement: all(at('mediating'), byCounty),
  skipMediation: all(at('registered'), byCounty),
  route: all(at('routing', 'returned'), byCounty),
  sign: all(byUnit, at('routed')),
  progress: all(byUnit, at(...HANDLING)),
  return: all(byUnit, at('routed', ...HANDLING)),
  insist: all(at('returned'), byCounty),
  resolve: all(byUnit, at(...HANDLING)),
  followUp: all(at('agreed', 'closed'), byCounty),
};

/** The steps this actor may take now: exactly the buttons the console shows. */
export function allowedFlowSteps(f: FlowState, a: StepActor, ctx: FlowContext): FlowActionName[] {
  return (Object.keys(GUARDS) as FlowActionName[]).filter((n) => GUARDS[n](f, a, ctx) === null);
}

/**
 * The routing table's stage for a case waiting to be routed: after mediation failed (no agreement, or an agreement that
 * did not settle it — the agreement stays on record), or straight from registration.
 */
export const routingStageOf = (f: FlowState): RoutingStage => (f.mediation ? 'mediationFailed' : 'intake');

function newRouting(f: FlowState, centreId: number, channel: RoutingChannel, days: number, insisted: boolean, ctx: FlowContext): FlowRouting {
  return { centreId, channel, stage: routingStageOf(f), days, insisted, delivery: newDelivery(ctx.now + ctx.signMs, false) };
}

/** Applies one step, or says why it may not happen (and changes nothing). */
export function applyFlowStep(f: FlowState, step: FlowStep, a: StepActor, ctx: FlowContext): FlowResult {
  const denied = GUARDS[step.action](f, a, ctx);
  if (denied) return { ok: false, code: denied };
  const { now, centres } = ctx;
  const county = a.centreId;
  const ok = (next: FlowState, ...events: StepEvent[]): FlowResult => ({ ok: true, next, events });

  switch (step.action) {
    case 'assignMediation': {
      if (step.mediatorId === null && step.roomId === null) return { ok: false, code: 'MEDIATION_NOTHING_ASSIGNED' };
      const mediation = { mediatorId: step.mediatorId, roomId: step.roomId, outcome: null, judicial: null };
      return ok({ ...f, state: 'mediating', holderCentreId: county, mediation }, { kind: 'assignMediation', note: '', centreId: county });
    }
    case 'recordSession':
      return ok({ ...f }, { kind: 'recordSession', note: step.place, centreId: county });
    case 'agreement':
      return ok(
        { ...f, state: 'agreed', mediation: { ...(f.mediation as NonNullable<FlowState['mediation']>), outcome: 'agreement' }, result: step.terms, resolvedBy: 'mediation', ...disarm },
        { kind: 'agreement', note: '', centreId: county },
      );
    case 'judicial':
      return ok({ ...f, mediation: { ...(f.mediation as NonNullable<FlowState['mediation']>), judicial: step.state } }, { kind: 'judicial', note: `${JUDICIAL_STATE_LABELS[step.state][0]} · ${step.court}`, centreId: county });
    case 'noAgreement':
      return ok({ ...f, state: 'routing', mediation: { ...(f.mediation as NonNullable<FlowState['mediation']>), outcome: 'none' } }, { kind: 'noAgreement', note: step.reason, centreId: county });
    case 'skipMediation':
      return ok({ ...f, state: 'routing', holderCentreId: county }, { kind: 'skipMediation', note: step.reason, centreId: county });
    case 'route': {
      const target = centres.get(step.centreId);
      if (!target || (target.level !== 'department' && target.level !== 'township')) return { ok: false, code: 'ROUTING_BAD_UNIT' };
      const suggested = ctx.suggestion?.centreId ?? null;
      if (suggested !== null && suggested !== step.centreId && step.reason === '') return { ok: false, code: 'ROUTING_REASON_REQUIRED' };
      const days = ctx.suggestion?.days ?? ctx.defaultDays;
      return ok(
        { ...f, state: 'routed', holderCentreId: target.id, routing: newRouting(f, target.id, step.channel, days, false, ctx), resolveBy: null, ...disarm, urgedAt: null, supervisedAt: null },
        { kind: 'route', note: step.reason, centreId: target.id },
      );
    }
    case 'sign': {
      const r = f.routing as FlowRouting;
      const signed = sign(r.delivery, a.id, now);
      if (!signed.ok) return signed;
      const resolveBy = now + r.days * DAY;
      return ok({ ...f, state: 'signed', routing: { ...r, delivery: signed.value }, resolveBy, ...armTimers(now, resolveBy), urgedAt: null, supervisedAt: null }, { kind: 'sign', note: '', centreId: r.centreId });
    }
    case 'progress':
      return ok({ ...f, state: 'handling' }, { kind: 'progress', note: step.text, centreId: f.holderCentreId });
    case 'return': {
      const countyId = countyOf(centres, (f.routing as FlowRouting).centreId);
      return ok({ ...f, state: 'returned', holderCentreId: countyId, ...disarm }, { kind: 'return', note: step.reason, centreId: countyId });
    }
    case 'insist': {
      const r = f.routing as FlowRouting;
      return ok(
        { ...f, state: 'routed', holderCentreId: r.centreId, routing: newRouting(f, r.centreId, r.channel, r.days, true, ctx), resolveBy: null, ...disarm, urgedAt: null, supervisedAt: null },
        { kind: 'insist', note: step.note, centreId: r.centreId },
      );
    }
    case 'resolve': {
      const level = levelOf({ holderCentreId: (f.routing as FlowRouting).centreId }, centres);
      return ok(
        { ...f, state: 'closed', holderCentreId: countyOf(centres, a.centreId), result: step.result, resolvedBy: 'unit', attempts: { ...f.attempts, [level]: f.attempts[level] + 1 }, ...disarm },
        { kind: 'resolve', note: step.result, centreId: a.centreId },
      );
    }
    case 'followUp': {
      if (step.satisfied) return ok({ ...f, state: 'reviewed', satisfaction: step.satisfaction, closedAt: now }, { kind: 'followUp', note: step.note, centreId: county });
      const failed: StepEvent = { kind: 'followUpUnsatisfied', note: step.note, centreId: county };
      // An agreement that did not settle it, or a unit out of attempts at its level (三二一): the county routes it anew.
      const r = f.routing;
      const level = r ? levelOf({ holderCentreId: r.centreId }, centres) : 'county';
      if (f.resolvedBy === 'mediation' || !r || f.attempts[level] >= ATTEMPT_LIMITS[level]) {
        const back: FlowState = { ...f, state: 'routing', holderCentreId: county, satisfaction: step.satisfaction, result: null, resolvedBy: null, ...disarm };
        if (f.resolvedBy === 'mediation') return ok(back, failed);
        return ok(back, failed, { kind: 'autoEscalate', note: `${level}:${f.attempts[level]}`, centreId: county });
      }
      // Attempts left at the unit's level: the same unit handles it again, within what is left of its window.
      const restart = f.resolveBy !== null && f.resolveBy > now ? armTimers(now, f.resolveBy) : disarm;
      return ok({ ...f, state: 'handling', holderCentreId: r.centreId, satisfaction: step.satisfaction, result: null, resolvedBy: null, urgedAt: null, supervisedAt: null, ...restart }, failed);
    }
  }
}

/** The county above a unit (a department's or a township's parent). */
function countyOf(centres: CentreTree, id: number): number {
  let cur = centres.get(id);
  while (cur && cur.level !== 'county' && cur.parentId !== null) cur = centres.get(cur.parentId);
  return cur?.id ?? id;
}

/** 催办/督办 of the handling window (the incidents' rule) and the 签收 ladder of the routing (the orders' rule). */
export function fireFlowTimers(f: FlowState, now: number, signMs: number): { next: FlowState; fired: ('urge' | 'supervise' | 'signReminder')[] } | null {
  let next = f;
  const fired: ('urge' | 'supervise' | 'signReminder')[] = [];
  if (HANDLING.includes(f.state)) {
    const t = fireTimers(f, now);
    if (t) {
      next = t.next;
      fired.push(...t.fired);
    }
  }
  if (f.state === 'routed' && f.routing) {
    const step = remind(f.routing.delivery, orderLadder(f.routing.delivery.dueAt, signMs), now);
    if (step) {
      next = { ...next, routing: { ...f.routing, delivery: step.value } };
      if (step.passed.length) fired.push('signReminder');
    }
  }
  return next === f ? null : { next, fired };
}

/** Overdue: 督办 fired on the handling, or the 签收 ladder passed a rung. */
export const isFlowOverdue = (f: Pick<FlowState, 'state' | 'supervisedAt' | 'routing'>): boolean =>
  (HANDLING.includes(f.state) && f.supervisedAt !== null) || (f.state === 'routed' && (f.routing?.delivery.rung ?? 0) > 0);

/** When the flow's next timer is due (null: none): stored so the ticker finds due cases by index. */
export function nextDueAt(f: FlowState): number | null {
  const times = [HANDLING.includes(f.state) ? f.urgeDueAt : null, HANDLING.includes(f.state) ? f.superviseDueAt : null, f.state === 'routed' ? (f.routing?.delivery.nextAt ?? null) : null].filter(
    (t): t is number => t !== null,
  );
  return times.length ? Math.min(...times) : null;
}
