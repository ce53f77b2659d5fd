// Pure rules of wartime command: who may switch and command, the scope, order recipients, the 签收 ladder of an
// unsigned order, the daily-report deadline and its chasing, and the summary of a period. Time is always an argument.
import {
  isAckOverdue, isSignedLate, type AckStats, type CommandAssignment, type ErrorCode, type PeriodSummary, type WartimeScope,
} from '../../protocol/index.ts';
import type { Actor } from './access.ts';
import { newDelivery, orderLadder, ORDER_TOP_RUNG, remind, type Delivery, type Outcome } from './delivery.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** China Standard Time has no daylight saving: a fixed offset is exact. */
const SHANGHAI_OFFSET = 8 * 60 * MINUTE;

export const DEFAULT_WARTIME = {
  /** Wartime 签收 deadline of an order (the ladder's unit). */
  orderAckMs: 5 * MINUTE,
  /** Peacetime orders are not as pressing. */
  peacetimeOrderAckMs: 30 * MINUTE,
  /** The daily report (一日一报表) is due by this time, Asia/Shanghai. */
  dailyReportDue: '17:00',
  /** Missing reports are chased at the deadline and again at this interval until the day ends. */
  dailyChaseEveryMs: 30 * MINUTE,
};

// ---- who may do what ----

/** Only a commander of the county centre switches peacetime ↔ wartime and assigns the command roles. */
export function maySwitch(actor: Actor): ErrorCode | null {
  if (actor.role !== 'commander') return 'FORBIDDEN_ROLE';
  return actor.centreLevel === 'county' ? null : 'FORBIDDEN_SCOPE';
}

/** A county commander issues orders; in wartime so does anyone holding a command role. */
export function mayIssueOrders(actor: Actor, commandIds: readonly number[]): ErrorCode | null {
  if (actor.centreLevel !== 'county') return 'FORBIDDEN_SCOPE';
  if (actor.role === 'commander' || commandIds.includes(actor.id)) return null;
  return 'FORBIDDEN_ROLE';
}

/** The day's analysis (研判) is written at the county by its commanders and duty officers. */
export function mayWriteAnalysis(actor: Actor, commandIds: readonly number[]): ErrorCode | null {
  if (actor.centreLevel !== 'county') return 'FORBIDDEN_SCOPE';
  return actor.role === 'commander' || actor.role === 'dutyOfficer' || commandIds.includes(actor.id) ? null : 'FORBIDDEN_ROLE';
}

/** Township operators submit their own centre's daily report. */
export function maySubmitDaily(actor: Actor): ErrorCode | null {
  if (actor.role !== 'townshipOperator') return 'FORBIDDEN_ROLE';
  return actor.centreLevel === 'township' ? null : 'FORBIDDEN_SCOPE';
}

/** The county keeps the whole risk list; a township keeps the items of its own area. */
export function mayEditRisk(actor: Actor, townshipId: number): ErrorCode | null {
  if (actor.centreLevel === 'county') return ['commander', 'dutyOfficer'].includes(actor.role) ? null : 'FORBIDDEN_ROLE';
  if (actor.role !== 'townshipOperator') return 'FORBIDDEN_ROLE';
  return actor.centreId === townshipId ? null : 'FORBIDDEN_SCOPE';
}

export function checkConfirm(typed: string, expected: string): ErrorCode | null {
  return typed.trim() === expected ? null : 'WARTIME_CONFIRM_MISMATCH';
}

/** Command roles go to distinct, active county staff. */
export function checkStaff(a: Required<CommandAssignment>, countyStaff: readonly number[]): Outcome<number[]> {
  const ids = [a.commander, a.executiveDeputy, a.deputy].filter((x): x is number => x !== null);
  if (new Set(ids).size !== ids.length || ids.some((id) => !countyStaff.includes(id))) return { ok: false, code: 'COMMAND_STAFF_INVALID' };
  return { ok: true, value: ids };
}

// ---- scope ----

export function resolveScope(scope: WartimeScope, townshipIds: readonly number[]): Outcome<number[]> {
  if (scope.kind === 'county') return { ok: true, value: [...townshipIds] };
  const known = new Set(townshipIds);
  const unique = [...new Set(scope.townshipIds)].sort((a, b) => a - b);
  if (unique.some((id) => !known.has(id))) return { ok: false, code: 'TARGET_UNKNOWN' };
  return { ok: true, value: unique };
}

export interface CentreRef {
  id: number;
  level: 'county' | 'township' | 'village' | 'department';
  parentId: number | null;
}

/** Is a centre's console in the scope of a period? The county always is; a village goes with its township. */
export function centreInScope(c: CentreRef, scopeTownships: readonly number[]): boolean {
  // Departments are stationed at the county centre: in scope whenever the county is.
  if (c.level === 'county' || c.level === 'department') return true;
  if (c.level === 'township') return scopeTownships.includes(c.id);
  return c.parentId !== null && scopeTownships.includes(c.parentId);
}

/**
 * Turns an order's targets into recipient centre ids: townships (all in scope, or chosen), and with includeVillages
 * their villages too. A chosen village is allowed on its own. Anything outside the scope is refused.
 */
export function resolveOrderTargets(
  input: { kind: 'all'; includeVillages: boolean } | { kind: 'centres'; centreIds: number[]; includeVillages: boolean },
  scopeTownships: readonly number[],
  centres: ReadonlyMap<number, CentreRef>,
): Outcome<number[]> {
  const chosen = input.kind === 'all' ? [...scopeTownships] : [...new Set(input.centreIds)];
  if (chosen.length === 0) return { ok: false, code: 'TARGET_UNKNOWN' };
  const out: number[] = [];
  const seen = new Set<number>();
  const add = (id: number) => {
    if (!seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  };
  for (const id of chosen) {
    const c = centres.get(id);
    if (!c || c.level === 'county') return { ok: false, code: 'TARGET_UNKNOWN' };
    if (!centreInScope(c, scopeTownships)) return { ok: false, code: 'TARGET_OUT_OF_SCOPE' };
    add(id);
  }
  if (input.includeVillages) {
    for (const id of chosen) {
      if (centres.get(id)?.level !== 'township') continue;
      for (const c of centres.values()) if (c.level === 'village' && c.parentId === id) add(c.id);
    }
  }
  return { ok: true, value: out };
}

// ---- orders: a delivery (domain/delivery.ts) that always takes 反馈, with a topped ladder ----

export type LadderStep = 1 | 2 | 3;

export function newOrderDelivery(issuedAt: number, ackMs: number): Delivery {
  return newDelivery(issuedAt + ackMs, true);
}

/**
 * The ladder of an unsigned order: re-sent at the deadline, flagged to the commander at twice it, marked 超时未签收 at
 * three times (measured from the issue time). A server that was down climbs every step it missed at once (each is
 * returned, to be recorded). Returns null when nothing is due.
 */
export function climbLadder(d: Delivery, ackMs: number, now: number): { row: Delivery; steps: LadderStep[] } | null {
  if (d.rung >= ORDER_TOP_RUNG) return null;
  const r = remind(d, orderLadder(d.dueAt, ackMs), now);
  return r ? { row: r.value, steps: r.passed as LadderStep[] } : null;
}

// ---- the daily cycle ----

/** The Asia/Shanghai calendar day of an instant, YYYY-MM-DD. */
export function shanghaiDay(t: number): string {
  return new Date(t + SHANGHAI_OFFSET).toISOString().slice(0, 10);
}

/** The instant a day starts in Asia/Shanghai. */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET;
}

export function parseHHmm(hhmm: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return m ? (Number(m[1]) * 60 + Number(m[2])) * MINUTE : null;
}

/** When a day's report is due. */
export function dailyDueAt(day: string, dueHHmm: string): number {
  return dayStart(day) + (parseHHmm(dueHHmm) ?? 17 * 60 * MINUTE);
}

export function isLate(submittedAt: number, day: string, dueHHmm: string): boolean {
  return submittedAt > dailyDueAt(day, dueHHmm);
}

/**
 * When missing reports are next chased. The first chase is at the deadline (or now, if wartime starts after it); after a
 * chase the next one is `everyMs` later, but never past the end of the day: the next day starts again at its deadline.
 */
export function nextChaseAt(now: number, dueHHmm: string, everyMs: number, justChased: boolean): number {
  const day = shanghaiDay(now);
  const due = dailyDueAt(day, dueHHmm);
  if (!justChased) return now < due ? due : now;
  const candidate = now + everyMs;
  if (shanghaiDay(candidate) === day) return candidate;
  return dailyDueAt(shanghaiDay(dayStart(day) + DAY), dueHHmm);
}

// ---- the summary of a period ----

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] as number;
}

export interface SummaryRecipient {
  centreId: number;
  centreName: string;
  level: 'township' | 'village';
  issuedAt: number;
  /** The order's 签收时限 (ms from issue). */
  ackMs: number;
  signedAt: number | null;
  answeredAt: number | null;
}

export function summarizePeriod(input: {
  periodId: number;
  startedAt: number;
  endedAt: number;
  orders: number;
  recipients: readonly SummaryRecipient[];
  incidents: { reported: number; resolved: number };
  risks: { opened: number; closed: number; stillOpen: number };
  dailyReports: number;
}): PeriodSummary {
  const all: number[] = [];
  const byTownship = new Map<number, { name: string; times: number[]; orders: number; timedOut: number }>();
  let signed = 0;
  let timedOut = 0;
  let signedLate = 0;
  let answered = 0;
  for (const r of input.recipients) {
    // what is on record at the end of the period: a signature or report that came later does not count here
    const signedAt = r.signedAt !== null && r.signedAt <= input.endedAt ? r.signedAt : null;
    const ack = signedAt === null ? null : signedAt - r.issuedAt;
    if (ack !== null) {
      signed++;
      all.push(ack);
    }
    const overdue = isAckOverdue({ signedAt }, r.issuedAt, r.ackMs, input.endedAt);
    if (overdue) timedOut++;
    if (isSignedLate({ signedAt }, r.issuedAt, r.ackMs)) signedLate++;
    if (r.answeredAt !== null && r.answeredAt <= input.endedAt) answered++;
    if (r.level !== 'township') continue;
    const t = byTownship.get(r.centreId) ?? { name: r.centreName, times: [], orders: 0, timedOut: 0 };
    t.orders++;
    if (ack !== null) t.times.push(ack);
    if (overdue) t.timedOut++;
    byTownship.set(r.centreId, t);
  }
  all.sort((a, b) => a - b);
  const rows: AckStats[] = [...byTownship.entries()]
    .map(([centreId, t]) => {
      const times = [...t.times].sort((a, b) => a - b);
      return {
        centreId, centreName: t.name, orders: t.orders, signed: times.length, timedOut: t.timedOut,
        p50Ms: percentile(times, 50), maxMs: times.length ? (times[times.length - 1] as number) : null,
      };
    })
    .sort((a, b) => a.centreId - b.centreId);
  return {
    periodId: input.periodId,
    startedAt: input.startedAt,
    endedAt: input.endedAt,
    durationMs: input.endedAt - input.startedAt,
    orders: input.orders,
    recipients: input.recipients.length,
    signed,
    timedOut,
    signedLate,
    answered,
    ackP50Ms: percentile(all, 50),
    ackMaxMs: all.length ? (all[all.length - 1] as number) : null,
    byTownship: rows,
    incidents: input.incidents,
    risks: input.risks,
    dailyReports: input.dailyReports,
  };
}

/** The paper number of an order: 战令〔YYYYMMDD〕N, N counting the day's orders from 1. */
export function orderCode(issuedAt: number, nthOfDay: number): string {
  return `战令〔${shanghaiDay(issuedAt).replaceAll('-', '')}〕${nthOfDay}号`;
}
