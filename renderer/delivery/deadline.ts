// What a console says about a delivery's 签收 deadline: the original deadline, how late it is, and the last reminder.
import { isSignedState } from './merge.ts';
import type { DeliveryState } from '../../protocol/index.ts';

export interface DeadlineInput {
  state: DeliveryState;
  dueAt: number;
  rung: number;
  remindedAt: number | null;
}

export interface DeadlineParts {
  dueAt: number;
  /** Whole minutes past the deadline (null while it has not passed, or once signed). */
  lateMin: number | null;
  /** Whole minutes left (null once passed or signed). */
  leftMin: number | null;
  /** The last reminder: its number and when it went out (null before the first). */
  reminder: { n: number; at: number | null } | null;
}

export function deadlineParts(d: DeadlineInput, now: number): DeadlineParts {
  const open = !isSignedState(d.state);
  const late = now - d.dueAt;
  return {
    dueAt: d.dueAt,
    lateMin: open && late >= 0 ? Math.floor(late / 60_000) : null,
    leftMin: open && late < 0 ? Math.ceil(-late / 60_000) : null,
    reminder: d.rung > 0 ? { n: d.rung, at: d.remindedAt } : null,
  };
}
