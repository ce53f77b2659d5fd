import { describe, expect, it } from 'vitest';
import { answer, markDelivered, sign, type Delivery } from './delivery.ts';
import {
  centreInScope, checkConfirm, checkStaff, climbLadder, dailyDueAt, dayStart, isLate, mayEditRisk, mayIssueOrders,
  maySubmitDaily, maySwitch, newOrderDelivery, nextChaseAt, orderCode, percentile, resolveOrderTargets,
  resolveScope, shanghaiDay, summarizePeriod, type CentreRef,
} from './wartime.ts';
import { isAckOverdue, isSignedLate } from '../../protocol/index.ts';
import type { Actor } from './access.ts';

const MIN = 60_000;
const ACK = 5 * MIN;
const T0 = Date.parse('2026-03-01T02:00:00Z'); // 10:00 in Shanghai

const commander: Actor = { id: 1, role: 'commander', centreId: 1, centreLevel: 'county' };
const duty: Actor = { id: 2, role: 'dutyOfficer', centreId: 1, centreLevel: 'county' };
const town: Actor = { id: 10, role: 'townshipOperator', centreId: 11, centreLevel: 'township' };
const village: Actor = { id: 20, role: 'villageOperator', centreId: 101, centreLevel: 'village' };

describe('who may switch and command', () => {
  it('only a county commander switches', () => {
    expect(maySwitch(commander)).toBeNull();
    expect(maySwitch(duty)).toBe('FORBIDDEN_ROLE');
    expect(maySwitch(town)).toBe('FORBIDDEN_ROLE');
    expect(maySwitch({ ...commander, centreLevel: 'township' })).toBe('FORBIDDEN_SCOPE');
  });

  it('orders come from the commander, or in wartime from anyone holding a command role', () => {
    expect(mayIssueOrders(commander, [])).toBeNull();
    expect(mayIssueOrders(duty, [])).toBe('FORBIDDEN_ROLE');
    expect(mayIssueOrders(duty, [2])).toBeNull();
    expect(mayIssueOrders(town, [10])).toBe('FORBIDDEN_SCOPE');
  });

  it('daily reports come from township operators; risks are edited by the county or the own township', () => {
    expect(maySubmitDaily(town)).toBeNull();
    expect(maySubmitDaily(village)).toBe('FORBIDDEN_ROLE');
    expect(maySubmitDaily(duty)).toBe('FORBIDDEN_ROLE');
    expect(mayEditRisk(duty, 11)).toBeNull();
    expect(mayEditRisk(town, 11)).toBeNull();
    expect(mayEditRisk(town, 12)).toBe('FORBIDDEN_SCOPE');
    expect(mayEditRisk(village, 11)).toBe('FORBIDDEN_ROLE');
  });

  it('the typed confirmation must match exactly (spaces around it are forgiven)', () => {
    expect(checkConfirm(' 启动战时 ', '启动战时')).toBeNull();
    expect(checkConfirm('启动', '启动战时')).toBe('WARTIME_CONFIRM_MISMATCH');
  });

  it('command roles go to distinct county staff', () => {
    expect(checkStaff({ commander: 1, executiveDeputy: 2, deputy: null }, [1, 2, 3])).toEqual({ ok: true, value: [1, 2] });
    expect(checkStaff({ commander: 1, executiveDeputy: 1, deputy: null }, [1, 2])).toEqual({ ok: false, code: 'COMMAND_STAFF_INVALID' });
    expect(checkStaff({ commander: 9, executiveDeputy: null, deputy: null }, [1, 2])).toEqual({ ok: false, code: 'COMMAND_STAFF_INVALID' });
  });
});

describe('scope and order targets', () => {
  const centres = new Map<number, CentreRef>([
    [1, { id: 1, level: 'county', parentId: null }],
    [11, { id: 11, level: 'township', parentId: 1 }],
    [12, { id: 12, level: 'township', parentId: 1 }],
    [13, { id: 13, level: 'township', parentId: 1 }],
    [101, { id: 101, level: 'village', parentId: 11 }],
    [102, { id: 102, level: 'village', parentId: 11 }],
    [201, { id: 201, level: 'village', parentId: 12 }],
  ]);

  it('resolves the whole county or chosen townships, refusing unknown ones', () => {
    expect(resolveScope({ kind: 'county' }, [11, 12, 13])).toEqual({ ok: true, value: [11, 12, 13] });
    expect(resolveScope({ kind: 'townships', townshipIds: [12, 11, 12] }, [11, 12, 13])).toEqual({ ok: true, value: [11, 12] });
    expect(resolveScope({ kind: 'townships', townshipIds: [99] }, [11, 12])).toEqual({ ok: false, code: 'TARGET_UNKNOWN' });
  });

  it('a village is in scope with its township; the county always is', () => {
    expect(centreInScope(centres.get(1) as CentreRef, [])).toBe(true);
    expect(centreInScope(centres.get(101) as CentreRef, [11])).toBe(true);
    expect(centreInScope(centres.get(201) as CentreRef, [11])).toBe(false);
  });

  it('all in scope, with villages on request; nothing outside the scope', () => {
    expect(resolveOrderTargets({ kind: 'all', includeVillages: false }, [11, 12], centres)).toEqual({ ok: true, value: [11, 12] });
    expect(resolveOrderTargets({ kind: 'all', includeVillages: true }, [11, 12], centres)).toEqual({ ok: true, value: [11, 12, 101, 102, 201] });
    expect(resolveOrderTargets({ kind: 'centres', centreIds: [11, 201], includeVillages: false }, [11], centres)).toEqual({ ok: false, code: 'TARGET_OUT_OF_SCOPE' });
    expect(resolveOrderTargets({ kind: 'centres', centreIds: [102], includeVillages: false }, [11], centres)).toEqual({ ok: true, value: [102] });
    expect(resolveOrderTargets({ kind: 'centres', centreIds: [1], includeVillages: false }, [11], centres)).toEqual({ ok: false, code: 'TARGET_UNKNOWN' });
    expect(resolveOrderTargets({ kind: 'all', includeVillages: false }, [], centres)).toEqual({ ok: false, code: 'TARGET_UNKNOWN' });
  });
});

describe('order delivery: 签收, 反馈', () => {
  it('pending → delivered → signed → answered, each once', () => {
    const r0 = newOrderDelivery(T0, ACK);
    expect(r0).toMatchObject({ state: 'pending', dueAt: T0 + ACK, nextAt: T0 + ACK, rung: 0, wantsAnswer: true });
    const r1 = markDelivered(r0, T0 + 1000) as Delivery;
    expect(r1.state).toBe('delivered');
    expect(markDelivered(r1, T0 + 2000)).toBeNull();
    expect(answer(r1, 10, 'done', T0 + 3000)).toEqual({ ok: false, code: 'NOT_SIGNED' });
    const signed = sign(r1, 10, T0 + 60_000);
    if (!signed.ok) throw new Error('sign failed');
    expect(signed.value).toMatchObject({ state: 'signed', signedAt: T0 + 60_000, signedBy: 10, nextAt: null, dueAt: T0 + ACK, deliveredAt: T0 + 1000 });
    expect(sign(signed.value, 10, T0 + 70_000)).toEqual({ ok: false, code: 'ALREADY_SIGNED' });
    const answered = answer(signed.value, 10, '已排查完毕', T0 + 600_000);
    if (!answered.ok) throw new Error('answer failed');
    expect(answered.value.state).toBe('answered');
    expect(answer(answered.value, 10, 'again', T0 + 700_000)).toEqual({ ok: false, code: 'ALREADY_ANSWERED' });
  });
});

describe('the escalation ladder (injected time)', () => {
  const r0 = newOrderDelivery(T0, ACK);

  it('nothing before the deadline', () => {
    expect(climbLadder(r0, ACK, T0 + ACK - 1)).toBeNull();
  });

  it('re-sent at 1×, flagged at 2×, 超时未签收 at 3×, then stops; the original deadline stays', () => {
    const s1 = climbLadder(r0, ACK, T0 + ACK);
    expect(s1?.steps).toEqual([1]);
    expect(s1?.row).toMatchObject({ rung: 1, nextAt: T0 + 2 * ACK, dueAt: T0 + ACK });
    expect(climbLadder(s1?.row as Delivery, ACK, T0 + 2 * ACK - 1)).toBeNull();
    const s2 = climbLadder(s1?.row as Delivery, ACK, T0 + 2 * ACK);
    expect(s2?.steps).toEqual([2]);
    expect(s2?.row).toMatchObject({ rung: 2, nextAt: T0 + 3 * ACK });
    const s3 = climbLadder(s2?.row as Delivery, ACK, T0 + 3 * ACK + 5);
    expect(s3?.steps).toEqual([3]);
    expect(s3?.row).toMatchObject({ rung: 3, nextAt: null, dueAt: T0 + ACK });
    expect(climbLadder(s3?.row as Delivery, ACK, T0 + 100 * ACK)).toBeNull();
  });

  it('a server that was down climbs every missed step at once', () => {
    const s = climbLadder(r0, ACK, T0 + 3 * ACK + 1);
    expect(s?.steps).toEqual([1, 2, 3]);
    expect(s?.row).toMatchObject({ rung: 3, nextAt: null });
  });

  it('a signed order never climbs; a late signature keeps the rung as the record', () => {
    const signed = sign(r0, 10, T0 + 1000);
    expect(signed.ok && climbLadder(signed.value, ACK, T0 + 10 * ACK)).toBeNull();
    const top = climbLadder(r0, ACK, T0 + 3 * ACK)?.row as Delivery;
    const late = sign(top, 10, T0 + 4 * ACK);
    expect(late.ok && late.value).toMatchObject({ rung: 3, signedAt: T0 + 4 * ACK });
  });
});

describe('the daily cycle (Asia/Shanghai)', () => {
  it('days and deadlines are in Shanghai time', () => {
    expect(shanghaiDay(Date.parse('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(shanghaiDay(Date.parse('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
    expect(dayStart('2026-03-02')).toBe(Date.parse('2026-03-01T16:00:00Z'));
    expect(dailyDueAt('2026-03-01', '17:00')).toBe(Date.parse('2026-03-01T09:00:00Z'));
    expect(isLate(Date.parse('2026-03-01T09:00:00Z'), '2026-03-01', '17:00')).toBe(false);
    expect(isLate(Date.parse('2026-03-01T09:00:01Z'), '2026-03-01', '17:00')).toBe(true);
  });

  it('the first chase is at the deadline, or now if the deadline has passed', () => {
    const due = dailyDueAt('2026-03-01', '17:00');
    expect(nextChaseAt(T0, '17:00', 30 * MIN, false)).toBe(due);
    expect(nextChaseAt(due + 5 * MIN, '17:00', 30 * MIN, false)).toBe(due + 5 * MIN);
  });

  it('after a chase: every interval until the day ends, then the next day\'s deadline', () => {
    const due = dailyDueAt('2026-03-01', '17:00');
    expect(nextChaseAt(due, '17:00', 30 * MIN, true)).toBe(due + 30 * MIN);
    const late = Date.parse('2026-03-01T15:50:00Z'); // 23:50 Shanghai
    expect(nextChaseAt(late, '17:00', 30 * MIN, true)).toBe(dailyDueAt('2026-03-02', '17:00'));
  });
});

describe('summary of a period', () => {
  it('p50 and max acknowledgement time per township and overall; timeouts and reports counted', () => {
    const rec = (centreId: number, signedAfter: number | null, level: 'township' | 'village' = 'township') => ({
      centreId, centreName: `T${centreId}`, level, issuedAt: T0, ackMs: 45_000, signedAt: signedAfter === null ? null : T0 + signedAfter,
      answeredAt: signedAfter === null ? null : T0 + 3600_000,
    });
    const s = summarizePeriod({
      periodId: 1, startedAt: T0, endedAt: T0 + 7200_000, orders: 3,
      recipients: [rec(11, 10_000), rec(11, 30_000), rec(11, 20_000), rec(12, null), rec(12, 60_000), rec(101, 5_000, 'village')],
      incidents: { reported: 4, resolved: 2 }, risks: { opened: 1, closed: 0, stillOpen: 1 }, dailyReports: 2,
    });
    expect(s.durationMs).toBe(7200_000);
    expect(s).toMatchObject({ orders: 3, recipients: 6, signed: 5, timedOut: 1, signedLate: 1, answered: 5, ackMaxMs: 60_000, ackP50Ms: 20_000 });
    expect(s.byTownship).toEqual([
      { centreId: 11, centreName: 'T11', orders: 3, signed: 3, timedOut: 0, p50Ms: 20_000, maxMs: 30_000 },
      { centreId: 12, centreName: 'T12', orders: 2, signed: 1, timedOut: 1, p50Ms: 60_000, maxMs: 60_000 },
    ]);
  });

  it('超时未签收 is counted as of the end: past the 签收时限 and unsigned, whatever step the ladder reached', () => {
    // the night of the audit: 12 townships flagged to the commander (2×) when peacetime returned, before 3×
    const ackMs = 5 * MIN;
    const end = T0 + 12 * MIN;
    const recipients = Array.from({ length: 13 }, (_, i) => ({
      centreId: 11 + i, centreName: `T${11 + i}`, level: 'township' as const, issuedAt: T0, ackMs,
      // one signed in time; one signs only after the period ended (still unsigned at its end)
      signedAt: i === 0 ? T0 + MIN : i === 1 ? end + MIN : null, answeredAt: null,
    }));
    const s = summarizePeriod({
      periodId: 1, startedAt: T0, endedAt: end, orders: 1, recipients,
      incidents: { reported: 0, resolved: 0 }, risks: { opened: 0, closed: 0, stillOpen: 0 }, dailyReports: 0,
    });
    expect(s).toMatchObject({ signed: 1, timedOut: 12, signedLate: 0 });
    expect(recipients.filter((r) => isAckOverdue(r, r.issuedAt, r.ackMs, end))).toHaveLength(12);
    // within the deadline nothing is overdue
    expect(isAckOverdue({ signedAt: null }, T0, ackMs, T0 + ackMs)).toBe(false);
    expect(isAckOverdue({ signedAt: null }, T0, ackMs, T0 + ackMs + 1)).toBe(true);
    expect(isSignedLate({ signedAt: T0 + ackMs + 1 }, T0, ackMs)).toBe(true);
  });

  it('percentile of nothing is null', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
  });

  it('orders are numbered per Shanghai day', () => {
    expect(orderCode(T0, 3)).toBe('战令〔20260301〕3号');
  });
});
