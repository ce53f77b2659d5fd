// One merge rule for a delivery's status (an alert's or an order's recipient row), whichever copy arrives first.
import type { DeliveryState } from '../../protocol/index.ts';

interface DeliveryLike {
  state: DeliveryState;
  deliveredAt: number | null;
  nextAt: number | null;
  rung: number;
  overdue: boolean;
}

const RANK: Record<DeliveryState, number> = { pending: 0, delivered: 1, signed: 2, answered: 3 };

export const isSignedState = (s: DeliveryState) => s === 'signed' || s === 'answered';

/**
 * Statuses only move forward (pending → delivered → signed → answered) and the ladder only climbs: a stale copy (an
 * item replayed after our own 签收 reply was merged) never undoes a signature or lowers the rung.
 */
export function mergeDelivery<T extends DeliveryLike>(existing: T | undefined, incoming: T): T {
  if (!existing) return incoming;
  const ahead = RANK[incoming.state] >= RANK[existing.state] ? incoming : existing;
  const rung = Math.max(existing.rung, incoming.rung);
  const signed = isSignedState(ahead.state);
  return {
    ...ahead,
    rung,
    deliveredAt: ahead.deliveredAt ?? existing.deliveredAt ?? incoming.deliveredAt,
    nextAt: signed ? null : incoming.rung >= existing.rung ? incoming.nextAt : existing.nextAt,
    overdue: !signed && rung > 0,
  };
}
