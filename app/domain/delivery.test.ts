import { describe, expect, it } from 'vitest';
import { answer, climb, isOverdue, markDelivered, newDelivery, orderLadder, remind, rungAt, rungsReached, sign, alertLadder } from './delivery.ts';

const T0 = 1_700_000_000_000;
const MIN = 60_000;

describe('delivery: delivered → 签收 → 反馈', () => {
  it('counts only the first receipt', () => {
    const d = markDelivered(newDelivery(T0 + 5 * MIN, false), T0 + 5)!;
    expect(d).toMatchObject({ state: 'delivered', deliveredAt: T0 + 5 });
    expect(markDelivered(d, T0 + 9)).toBeNull();
  });

  it('signs once, implies delivery, stops the ladder and keeps the original deadline', () => {
    const signed = sign(newDelivery(T0 + 5 * MIN, false), 42, T0 + 100);
    expect(signed.ok && signed.value).toMatchObject({ state: 'signed', signedBy: 42, signedAt: T0 + 100, deliveredAt: T0 + 100, nextAt: null, dueAt: T0 + 5 * MIN });
    expect(sign(signed.ok ? signed.value : (null as never), 43, T0 + 200)).toEqual({ ok: false, code: 'ALREADY_SIGNED' });
  });

  it('answers only when asked, after signing, once', () => {
    const fresh = newDelivery(T0 + 5 * MIN, true);
    expect(answer(fresh, 1, '已落实', T0)).toEqual({ ok: false, code: 'NOT_SIGNED' });
    expect(answer(newDelivery(T0, false), 1, 'x', T0)).toEqual({ ok: false, code: 'ANSWER_NOT_ASKED' });
    const signed = sign(fresh, 1, T0 + 1);
    const answered = answer(signed.ok ? signed.value : (null as never), 1, '已落实', T0 + 2);
    expect(answered.ok && answered.value).toMatchObject({ state: 'answered', answeredAt: T0 + 2, answeredBy: 1, answer: '已落实' });
    const again = answer(answered.ok ? answered.value : (null as never), 1, '再次', T0 + 3);
    expect(again).toEqual({ ok: false, code: 'ALREADY_ANSWERED' });
    expect(sign(answered.ok ? answered.value : (null as never), 1, T0 + 4)).toEqual({ ok: false, code: 'ALREADY_SIGNED' });
  });
});

describe('the deadline ladder', () => {
  const due = T0 + 5 * MIN;

  it('places rungs relative to the original deadline, repeating or with a top', () => {
    const a = alertLadder(due, 5 * MIN);
    expect([1, 2, 3].map((k) => rungAt(a, k))).toEqual([due, due + 5 * MIN, due + 10 * MIN]);
    const o = orderLadder(due, 5 * MIN);
    expect(rungAt(o, 3)).toBe(due + 10 * MIN);
    expect(rungAt(o, 4)).toBeNull();
    expect(rungAt(o, 0)).toBeNull();
  });

  it('counts the rungs reached exactly at their instants', () => {
    const a = alertLadder(due, 5 * MIN);
    expect(rungsReached(a, due - 1)).toBe(0);
    expect(rungsReached(a, due)).toBe(1);
    expect(rungsReached(a, due + 5 * MIN - 1)).toBe(1);
    expect(rungsReached(a, due + 5 * MIN)).toBe(2);
    expect(rungsReached(orderLadder(due, 5 * MIN), due + 10 ** 9)).toBe(3);
  });

  it('climbs every rung missed while the server was down, long after, in one step', () => {
    const d = newDelivery(due, false);
    const late = remind(d, alertLadder(due, 5 * MIN), due + 3 * 60 * MIN + 1)!;
    expect(late.passed).toHaveLength(37);
    expect(late.value).toMatchObject({ rung: 37, dueAt: due, nextAt: due + 37 * 5 * MIN, remindedAt: due + 3 * 60 * MIN + 1 });
    const order = remind(d, orderLadder(due, 5 * MIN), due + 10 ** 9)!;
    expect(order.passed).toEqual([1, 2, 3]);
    expect(order.value).toMatchObject({ rung: 3, nextAt: null });
    expect(remind(order.value, orderLadder(due, 5 * MIN), due + 10 ** 10)).toBeNull();
  });

  it('stops once signed between rungs, and the rung stays as the record of lateness', () => {
    const ladder = orderLadder(due, 5 * MIN);
    const first = remind(newDelivery(due, true), ladder, due + MIN)!.value;
    expect(first).toMatchObject({ rung: 1, nextAt: due + 5 * MIN });
    expect(isOverdue(first)).toBe(true);
    const signed = sign(first, 7, due + 2 * MIN);
    expect(signed.ok && signed.value).toMatchObject({ rung: 1, nextAt: null });
    expect(signed.ok && isOverdue(signed.value)).toBe(false);
    expect(remind(signed.ok ? signed.value : (null as never), ladder, due + 60 * MIN)).toBeNull();
  });

  it('re-times without a reminder when the ladder changed under a stored next time', () => {
    const d = { ...newDelivery(due, false), nextAt: due - MIN };
    const r = remind(d, alertLadder(due, 5 * MIN), due - 30_000)!;
    expect(r.passed).toEqual([]);
    expect(r.value).toMatchObject({ rung: 0, nextAt: due });
  });

  it('climb never goes down', () => {
    expect(climb(alertLadder(due, MIN), 4, due)).toEqual({ rung: 4, passed: [], nextAt: due + 4 * MIN });
  });
});
