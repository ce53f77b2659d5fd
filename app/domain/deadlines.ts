// Deadlines by category and priority. Defaults follow the seeds: first response within 20 minutes; simple cases the
// same day, general ones in 3 days, complex ones in 7, and never more than 15 days even with approved extensions.
import type { Priority } from '../../protocol/index.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** China Standard Time has no daylight saving: a fixed offset is exact. */
const SHANGHAI_OFFSET = 8 * 60 * MINUTE;

export type ResolveRule = { sameDay: true } | { days: number };

export interface DeadlineTable {
  respondMs: number;
  resolve: Record<Priority, ResolveRule>;
  maxTotalMs: number;
  /** Per-category overrides of the resolve rules. */
  byCategory: Record<string, Partial<Record<Priority, ResolveRule>>>;
}

export const DEFAULT_DEADLINES: DeadlineTable = {
  respondMs: 20 * MINUTE,
  resolve: { simple: { sameDay: true }, general: { days: 3 }, complex: { days: 7 } },
  maxTotalMs: 15 * DAY,
  byCategory: {},
};

/** The first instant of the next calendar day in Asia/Shanghai. */
export function endOfShanghaiDay(t: number): number {
  return Math.floor((t + SHANGHAI_OFFSET) / DAY) * DAY + DAY - SHANGHAI_OFFSET;
}

export function resolveDeadline(category: string, priority: Priority, acceptedAt: number, table: DeadlineTable = DEFAULT_DEADLINES): number {
  const rule = table.byCategory[category]?.[priority] ?? table.resolve[priority];
  const due = 'sameDay' in rule ? endOfShanghaiDay(acceptedAt) : acceptedAt + rule.days * DAY;
  return Math.min(due, acceptedAt + table.maxTotalMs);
}
