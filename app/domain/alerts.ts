// Pure rules of alerts: deadlines by level and who receives an alert. Delivery, 签收, 反馈 and the reminder ladder
// are the shared rules of domain/delivery.ts. Time is always an argument.
import type { AlertLevel, AlertTargets } from '../../protocol/index.ts';
import { alertLadder, newDelivery, type Delivery, type Ladder, type Outcome } from './delivery.ts';
import { resolveOrderTargets, type CentreRef } from './wartime.ts';

export type AlertDeadlines = Record<AlertLevel, number>;

/** Defaults: the more severe, the sooner someone must sign. */
export const DEFAULT_ACK_DEADLINES_MS: AlertDeadlines = {
  red: 5 * 60_000,
  orange: 10 * 60_000,
  yellow: 20 * 60_000,
  blue: 30 * 60_000,
};

export function newAlertDelivery(level: AlertLevel, now: number, deadlines: AlertDeadlines, wantsAnswer: boolean): Delivery {
  return newDelivery(now + deadlines[level], wantsAnswer);
}

/** An unsigned alert is re-sent every deadline length after its (original) deadline. */
export const ladderOf = (dueAt: number, level: AlertLevel, deadlines: AlertDeadlines): Ladder => alertLadder(dueAt, deadlines[level]);

/**
 * Turns the requested targets into recipient ids with the order rules (townships, chosen villages, a township "with its
 * villages"), every township being in scope. The county itself, or an unknown id, is refused.
 */
export function resolveTargets(targets: AlertTargets, centres: ReadonlyMap<number, CentreRef>): Outcome<number[]> {
  const townships = [...centres.values()].filter((c) => c.level === 'township').map((c) => c.id);
  const includeVillages = targets.includeVillages ?? false;
  const input = targets.kind === 'all' ? { kind: 'all' as const, includeVillages } : { kind: 'centres' as const, centreIds: targets.centreIds, includeVillages };
  return resolveOrderTargets(input, townships, centres);
}
