// Pure rules of alert delivery and acknowledgement. Time is always an argument.
import type { AlertLevel, AlertTargets, RecipientState } from '../../protocol/index.ts';
import type { ErrorCode } from '../../protocol/index.ts';

export type AlertDeadlines = Record<AlertLevel, number>;

/** Defaults: the more severe, the sooner someone must sign. */
export const DEFAULT_ACK_DEADLINES_MS: AlertDeadlines = {
  red: 5 * 60_000,
  orange: 10 * 60_000,
  yellow: 20 * 60_000,
  blue: 30 * 60_000,
};

export interface RecipientRow {
  state: RecipientState;
  deliveredAt: number | null;
  acknowledgedAt: number | null;
  acknowledgedBy: number | null;
  dueAt: number | null;
  escalations: number;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: ErrorCode };

export function newRecipient(level: AlertLevel, now: number, deadlines: AlertDeadlines): RecipientRow {
  return { state: 'pending', deliveredAt: null, acknowledgedAt: null, acknowledgedBy: null, dueAt: now + deadlines[level], escalations: 0 };
}

/** A console confirmed receipt. Only the first receipt counts; later ones change nothing. */
export function markDelivered(r: RecipientRow, now: number): RecipientRow | null {
  if (r.state !== 'pending') return null;
  return { ...r, state: 'delivered', deliveredAt: now };
}

/** A person signed. Signing implies delivery, even if the receipt has not arrived yet. */
export function acknowledge(r: RecipientRow, userId: number, now: number): Outcome<RecipientRow> {
  if (r.state === 'acknowledged') return { ok: false, code: 'ALERT_ALREADY_ACKNOWLEDGED' };
  return {
    ok: true,
    value: { ...r, state: 'acknowledged', deliveredAt: r.deliveredAt ?? now, acknowledgedAt: now, acknowledgedBy: userId, dueAt: null },
  };
}

export function isDue(r: RecipientRow, now: number): boolean {
  return r.state !== 'acknowledged' && r.dueAt !== null && r.dueAt <= now;
}

/** The deadline passed without a signature: count it and give a new deadline of the same length. */
export function escalate(r: RecipientRow, level: AlertLevel, now: number, deadlines: AlertDeadlines): RecipientRow | null {
  if (!isDue(r, now)) return null;
  return { ...r, escalations: r.escalations + 1, dueAt: now + deadlines[level] };
}

export function isOverdue(r: Pick<RecipientRow, 'escalations' | 'state'>): boolean {
  return r.state !== 'acknowledged' && r.escalations > 0;
}

/** Turns the requested targets into township ids, rejecting any id that is not a township. */
export function resolveTargets(targets: AlertTargets, townshipIds: readonly number[]): Outcome<number[]> {
  if (targets.kind === 'all') return townshipIds.length ? { ok: true, value: [...townshipIds] } : { ok: false, code: 'TARGET_UNKNOWN' };
  const known = new Set(townshipIds);
  const unique = [...new Set(targets.centreIds)];
  if (unique.some((id) => !known.has(id))) return { ok: false, code: 'TARGET_UNKNOWN' };
  return { ok: true, value: unique };
}
