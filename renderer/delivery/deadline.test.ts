import { describe, expect, it } from 'vitest';
import { deadlineParts } from './deadline.ts';

const due = Date.parse('2026-11-30T03:32:00Z'); // 11:32 Shanghai

describe('deadlineParts', () => {
  it('keeps the original deadline beside the reminder: 11:32, 13 min overdue, reminder 3 at 11:42', () => {
    const p = deadlineParts({ state: 'delivered', dueAt: due, rung: 3, remindedAt: due + 10 * 60_000 }, due + 13 * 60_000 + 5_000);
    expect(p).toEqual({ dueAt: due, lateMin: 13, leftMin: null, reminder: { n: 3, at: due + 10 * 60_000 } });
  });

  it('counts minutes left before the deadline, and nothing late once signed', () => {
    expect(deadlineParts({ state: 'pending', dueAt: due, rung: 0, remindedAt: null }, due - 90_000)).toMatchObject({ leftMin: 2, lateMin: null, reminder: null });
    expect(deadlineParts({ state: 'signed', dueAt: due, rung: 1, remindedAt: due }, due + 3600_000)).toMatchObject({ leftMin: null, lateMin: null, reminder: { n: 1 } });
  });
});
