import { describe, expect, it } from 'vitest';
import type { DeliveryState } from '../../protocol/index.ts';
import { mergeDelivery } from './merge.ts';

const base: { state: DeliveryState; deliveredAt: number | null; nextAt: number | null; rung: number; overdue: boolean; dueAt: number } = {
  state: 'delivered', deliveredAt: 5, nextAt: 100, rung: 0, overdue: false, dueAt: 100,
};

describe('mergeDelivery', () => {
  it('never undoes a signature nor lowers the rung', () => {
    const signed: typeof base = { ...base, state: 'signed', rung: 2, nextAt: null, overdue: false };
    expect(mergeDelivery(signed, { ...base, rung: 1, nextAt: 200, overdue: true })).toMatchObject({ state: 'signed', rung: 2, nextAt: null, overdue: false });
  });

  it('takes the further rung and its next time, keeping the original deadline', () => {
    const r = mergeDelivery({ ...base, rung: 2, nextAt: 300, overdue: true }, { ...base, state: 'delivered', rung: 1, nextAt: 200, overdue: true });
    expect(r).toMatchObject({ rung: 2, nextAt: 300, dueAt: 100, overdue: true });
  });

  it('an answer is ahead of a signature; a late receipt keeps the delivery time', () => {
    const answered = mergeDelivery({ ...base, state: 'signed', nextAt: null }, { ...base, state: 'answered', deliveredAt: null, nextAt: null });
    expect(answered).toMatchObject({ state: 'answered', deliveredAt: 5 });
  });
});
