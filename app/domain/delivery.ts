// Pure rules of one delivery (an alert or an order to one centre): delivered → 签收 → 反馈, and the deadline ladder
// shared by alerts, orders and incidents. Time is always an argument.
import type { DeliveryState, ErrorCode } from '../../protocol/index.ts';

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: ErrorCode };

export interface Delivery {
  state: DeliveryState;
  deliveredAt: number | null;
  signedAt: number | null;
  signedBy: number | null;
  /** The original 签收 deadline; never moves. */
  dueAt: number;
  /** When the next rung of the ladder fires; null once signed or past the top. */
  nextAt: number | null;
  /** Rungs passed so far (reminders). */
  rung: number;
  /** When the last reminder went out. */
  remindedAt: number | null;
  wantsAnswer: boolean;
  answeredAt: number | null;
  answeredBy: number | null;
  answer: string | null;
}

export function newDelivery(dueAt: number, wantsAnswer: boolean): Delivery {
  return {
    state: 'pending', deliveredAt: null, signedAt: null, signedBy: null, dueAt, nextAt: dueAt, rung: 0, remindedAt: null, wantsAnswer,
    answeredAt: null, answeredBy: null, answer: null,
  };
}

export const isSigned = (d: Pick<Delivery, 'state'>) => d.state === 'signed' || d.state === 'answered';

/** A console confirmed receipt. Only the first receipt counts; later ones change nothing. */
export function markDelivered(d: Delivery, now: number): Delivery | null {
  if (d.state !== 'pending') return null;
  return { ...d, state: 'delivered', deliveredAt: now };
}

/** 签收. Signing implies delivery; a late signature is still taken (the rung stays as the record of lateness). */
export function sign(d: Delivery, userId: number, now: number): Outcome<Delivery> {
  if (isSigned(d)) return { ok: false, code: 'ALREADY_SIGNED' };
  return { ok: true, value: { ...d, state: 'signed', deliveredAt: d.deliveredAt ?? now, signedAt: now, signedBy: userId, nextAt: null } };
}

/** 反馈: text, once, only after signing and only when the sender asked for it. */
export function answer(d: Delivery, userId: number, text: string, now: number): Outcome<Delivery> {
  if (!d.wantsAnswer) return { ok: false, code: 'ANSWER_NOT_ASKED' };
  if (d.state === 'answered') return { ok: false, code: 'ALREADY_ANSWERED' };
  if (d.state !== 'signed') return { ok: false, code: 'NOT_SIGNED' };
  return { ok: true, value: { ...d, state: 'answered', answeredAt: now, answeredBy: userId, answer: text } };
}

/** Not signed, and at least one reminder went out. */
export const isOverdue = (d: Pick<Delivery, 'state' | 'rung'>) => !isSigned(d) && d.rung > 0;

// ---- the ladder ----

/**
 * A deadline ladder: the times of its rungs, absolute and fixed when the item is created (relative to the original
 * deadline), then, if `repeatMs` is set, one more rung every `repeatMs` after the last, without end.
 */
export interface Ladder {
  rungs: readonly number[];
  repeatMs?: number;
}

/** The time of rung k (1-based), or null past the top. */
export function rungAt(l: Ladder, k: number): number | null {
  if (k < 1) return null;
  if (k <= l.rungs.length) return l.rungs[k - 1] as number;
  const last = l.rungs[l.rungs.length - 1];
  if (!l.repeatMs || last === undefined) return null;
  return last + (k - l.rungs.length) * l.repeatMs;
}

/** How many rungs are at or before `now`. */
export function rungsReached(l: Ladder, now: number): number {
  let n = 0;
  while (n < l.rungs.length && (l.rungs[n] as number) <= now) n++;
  const last = l.rungs[l.rungs.length - 1];
  if (n < l.rungs.length || !l.repeatMs || last === undefined) return n;
  return n + Math.floor((now - last) / l.repeatMs);
}

/**
 * Climbs from rung `from` to every rung reached by `now` (a server down for a while climbs every rung it missed at
 * once; each is returned, to be recorded), and says when the next one fires.
 */
export function climb(l: Ladder, from: number, now: number): { rung: number; passed: number[]; nextAt: number | null } {
  const reached = Math.max(from, rungsReached(l, now));
  const passed: number[] = [];
  for (let k = from + 1; k <= reached; k++) passed.push(k);
  return { rung: reached, passed, nextAt: rungAt(l, reached + 1) };
}

/**
 * The ladder's step for an unsigned delivery whose next rung is due: the rungs passed, the new rung and next time.
 * Null when nothing is due. With no rung passed but a different next time (the ladder was re-configured), the
 * delivery is only re-timed.
 */
export function remind(d: Delivery, l: Ladder, now: number): { value: Delivery; passed: number[] } | null {
  if (isSigned(d) || d.nextAt === null || d.nextAt > now) return null;
  const c = climb(l, d.rung, now);
  if (c.passed.length === 0 && c.nextAt === d.nextAt) return null;
  return { value: { ...d, rung: c.rung, nextAt: c.nextAt, remindedAt: c.passed.length ? now : d.remindedAt }, passed: c.passed };
}

/** Alerts: a reminder at the deadline, then one every deadline length until someone signs. */
export const alertLadder = (dueAt: number, deadlineMs: number): Ladder => ({ rungs: [dueAt], repeatMs: deadlineMs });

/** Orders: re-sent at the deadline (1×), flagged to the commander at 2×, 超时未签收 at 3× (times from the issue). */
export const ORDER_TOP_RUNG = 3;
export const orderLadder = (dueAt: number, ackMs: number): Ladder => ({ rungs: [dueAt, dueAt + ackMs, dueAt + 2 * ackMs] });
