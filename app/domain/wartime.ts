// Pure rules of wartime command: who may switch and command, the scope, order recipients, the escalation ladder of an
// unsigned order, the daily-report deadline and its chasing, and the summary of a period. Time is always an argument.
import type {
  AckStats, CommandAssignment, ErrorCode, OrderState, PeriodSummary, WartimeScope,
} from '../../protocol/index.ts';
import type { Actor } from './access.ts';
import { acknowledge, isDue, markDelivered, type Outcome, type RecipientRow } from './alerts.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** China Standard Time has no daylight saving: a fixed offset is exact. */
const SHANGHAI_OFFSET = 8 * 60 * MINUTE;

export const DEFAULT_WARTIME = {
  /** Wartime acknowledgement deadline of an order (the ladder's unit). */
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

// ---- orders: acknowledged delivery with an escalation ladder ----

/**
 * An order recipient. Its delivery and signature follow the alert rules exactly (domain/alerts.ts RecipientRow, where
 * "acknowledged" is 签收); an order adds the ladder and the report back (反馈).
 */
export interface OrderRow extends RecipientRow {
  /** 0 none, 1 re-sent (1× the deadline), 2 flagged to the commander (2×), 3 超时未签收 (3×). */
  ladder: number;
  reportedAt: number | null;
  reportedBy: number | null;
  report: string | null;
}

export const LADDER_TOP = 3;
export type LadderStep = 1 | 2 | 3;

export function newOrderRecipient(issuedAt: number, ackMs: number): OrderRow {
  return {
    state: 'pending', deliveredAt: null, acknowledgedAt: null, acknowledgedBy: null, dueAt: issuedAt + ackMs, escalations: 0,
    ladder: 0, reportedAt: null, reportedBy: null, report: null,
  };
}

export function orderState(r: Pick<OrderRow, 'state' | 'reportedAt'>): OrderState {
  if (r.reportedAt !== null) return 'reported';
  return r.state === 'acknowledged' ? 'signed' : r.state;
}

export function deliverOrder(r: OrderRow, now: number): OrderRow | null {
  const next = markDelivered(r, now);
  return next ? { ...r, ...next } : null;
}

/** 签收. Late signatures (after 超时未签收) are still taken: the ladder stays as the record of lateness. */
export function signOrder(r: OrderRow, userId: number, now: number): Outcome<OrderRow> {
  const next = acknowledge(r, userId, now);
  if (!next.ok) return { ok: false, code: 'ORDER_ALREADY_SIGNED' };
  return { ok: true, value: { ...r, ...next.value } };
}

/** 反馈: done, with text. Only after signing, and once. */
export function reportOrder(r: OrderRow, userId: number, text: string, now: number): Outcome<OrderRow> {
  if (r.reportedAt !== null) return { ok: false, code: 'ORDER_ALREADY_REPORTED' };
  if (r.state !== 'acknowledged') return { ok: false, code: 'ORDER_NOT_SIGNED' };
  return { ok: true, value: { ...r, reportedAt: now, reportedBy: userId, report: text } };
}

/**
 * The ladder of an unsigned order: re-sent at the deadline, flagged to the commander at twice it, marked 超时未签收 at
 * three times. Steps are measured from the issue time, so a server that was down climbs every step it missed at once
 * (each is returned, to be recorded). Returns null when nothing is due.
 */
export function climbLadder(r: OrderRow, issuedAt: number, ackMs: number, now: number): { row: OrderRow; steps: LadderStep[] } | null {
  if (!isDue(r, now) || r.ladder >= LADDER_TOP) return null;
  const reached = Math.min(LADDER_TOP, Math.floor((now - issuedAt) / ackMs));
  const steps: LadderStep[] = [];
  for (let s = r.ladder + 1; s <= reached; s++) steps.push(s as LadderStep);
  if (steps.length === 0) {
    // due_at was set from a different deadline (config changed): move it to the next step of this one
    return { row: { ...r, dueAt: issuedAt + (r.ladder + 1) * ackMs }, steps };
  }
  const ladder = r.ladder + steps.length;
  return { row: { ...r, ladder, escalations: ladder, dueAt: ladder >= LADDER_TOP ? null : issuedAt + (ladder + 1) * ackMs }, steps };
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
  signedAt: number | null;
  ladder: number;
  reportedAt: number | null;
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
  let reported = 0;
  for (const r of input.recipients) {
    const ack = r.signedAt === null ? null : r.signedAt - r.issuedAt;
    if (ack !== null) {
      signed++;
      all.push(ack);
    }
    if (r.ladder >= LADDER_TOP) timedOut++;
    if (r.reportedAt !== null) reported++;
    if (r.level !== 'township') continue;
    const t = byTownship.get(r.centreId) ?? { name: r.centreName, times: [], orders: 0, timedOut: 0 };
    t.orders++;
    if (ack !== null) t.times.push(ack);
    if (r.ladder >= LADDER_TOP) t.timedOut++;
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
    reported,
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
