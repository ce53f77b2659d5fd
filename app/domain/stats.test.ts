import { describe, expect, it } from 'vitest';
import { DEFAULT_ASSESSMENT, type AssessmentScheme } from '../../protocol/index.ts';
import { contribution, dayKey, dayOf, indicatorPoints, lastPeriod, openLate, parseDay, percentiles, percentilesOfCounts, periodDays, rank, ratesOf, responseMinutes, responseOf, scoreOf, type ItemFacts } from './stats.ts';

const H = 3_600_000;
const D = 24 * H;
const T0 = Date.UTC(2026, 9, 5, 2); // 2026-10-05 10:00 Shanghai
const now = T0 + 10 * D;

const item = (over: Partial<ItemFacts>): ItemFacts => ({
  createdAt: T0, signDue: T0 + H, signedAt: null, doneDue: null, doneAt: null, closable: true, merged: false, satisfied: null, ...over,
});

// Crafted cases, each named for the edge it covers.
const onTime = item({ signedAt: T0 + 0.5 * H, doneDue: T0 + 3 * D, doneAt: T0 + 2 * D, satisfied: true });
const late = item({ signedAt: T0 + 2 * H, doneDue: T0 + 3 * D, doneAt: T0 + 4 * D, satisfied: false });
const openNotDue = item({ createdAt: now - H / 4, signDue: now + H, doneDue: null }); // still open, deadline ahead: not counted yet
const openPastDue = item({ signedAt: null, signDue: T0 + H, doneDue: null }); // never signed: late for 签收, no 办结 deadline yet
const acceptedOverdue = item({ signedAt: T0 + 0.2 * H, doneDue: T0 + 3 * D }); // returned or still handling past the deadline
const merged = item({ signedAt: T0 + 5 * H, merged: true, doneDue: T0 + D }); // late in every way, but merged: counts nowhere
const extended = item({ signedAt: T0 + 0.1 * H, doneDue: T0 + 3 * D + 3 * D, doneAt: T0 + 5 * D }); // after the first deadline, within the extension
const delivery = item({ closable: false, signedAt: T0 + 0.9 * H, doneDue: null }); // an alert delivery: no 化解

describe('rates on crafted items', () => {
  const all = [onTime, late, openNotDue, openPastDue, acceptedOverdue, merged, extended, delivery];

  it('签收及时率 counts signed items by their deadline and unsigned ones past it, not those still within it or merged', () => {
    const r = ratesOf(all, now);
    // signed with a deadline, not merged: onTime ✓, late ✗, acceptedOverdue ✓, extended ✓, delivery ✓ → 4 of 5; + openPastDue late → 4/6
    expect(r.signTimely).toEqual({ num: 4, den: 6, value: 4 / 6 });
  });

  it('按期办结率 uses the extended deadline and counts open cases past it as late', () => {
    const r = ratesOf(all, now);
    // done with a deadline: onTime ✓, late ✗, extended ✓ → 2 of 3; + acceptedOverdue open past due → 2/4
    expect(r.doneOnTime).toEqual({ num: 2, den: 4, value: 0.5 });
  });

  it('化解率 is cases done over cases taken in; merged and deliveries are left out, open ones count as not yet resolved', () => {
    const r = ratesOf(all, now);
    // closable, not merged: onTime, late, openNotDue, openPastDue, acceptedOverdue, extended = 6; done: onTime, late, extended = 3
    expect(r.resolved).toEqual({ num: 3, den: 6, value: 0.5 });
  });

  it('满意率 is the latest 回访 of each case', () => {
    expect(ratesOf(all, now).satisfied).toEqual({ num: 1, den: 2, value: 0.5 });
  });

  it('a rate with nothing to count is null, not 0 % or 100 %', () => {
    const r = ratesOf([openNotDue], now);
    expect(r.signTimely.value).toBeNull();
    expect(r.doneOnTime.value).toBeNull();
    expect(r.satisfied.value).toBeNull();
    expect(r.resolved).toEqual({ num: 0, den: 1, value: 0 });
  });

  it('an item becomes late by the clock alone: the same facts an hour later', () => {
    const f = item({ signDue: T0 + H });
    expect(openLate(f, T0 + H)).toEqual({ sign: false, done: false }); // at the deadline: not late yet
    expect(openLate(f, T0 + H + 1)).toEqual({ sign: true, done: false });
    expect(ratesOf([f], T0).signTimely.den).toBe(0);
    expect(ratesOf([f], T0 + 2 * H).signTimely).toEqual({ num: 0, den: 1, value: 0 });
  });

  it('signing exactly at the deadline is on time', () => {
    expect(contribution(item({ signedAt: T0 + H })).signOk).toBe(1);
    expect(contribution(item({ signedAt: T0 + H + 1 })).signOk).toBe(0);
  });

  it('a merged item adds only to n and merged', () => {
    expect(contribution(merged)).toEqual({ n: 1, merged: 1, closable: 0, closed: 0, signN: 0, signOk: 0, doneN: 0, doneOk: 0, followed: 0, satisfied: 0 });
    expect(openLate({ ...openPastDue, merged: true }, now)).toEqual({ sign: false, done: false });
  });
});

describe('response times', () => {
  it('whole minutes, of signed and unmerged items only', () => {
    const times = [onTime, late, acceptedOverdue, merged, openPastDue].map(responseMinutes).filter((t): t is number => t !== null);
    expect(times).toEqual([30, 120, 12]);
    expect(responseOf(percentiles(times))).toEqual({ n: 3, medianMs: 30 * 60_000, p90Ms: 120 * 60_000 });
    expect(responseMinutes(item({ signedAt: T0 + 59_999 }))).toBe(0);
    expect(responseMinutes(item({ signedAt: T0 + 60_000 }))).toBe(1);
    expect(responseMinutes(item({ signedAt: T0 - 5_000 }))).toBe(0); // a clock a little behind never gives a negative time
  });

  it('ten values: the median is the 5th, p90 the 9th (no averaging)', () => {
    expect(percentiles(Float64Array.from([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]))).toEqual({ n: 10, median: 5, p90: 9 });
  });

  it('a histogram gives the same as the values it counts', () => {
    const values = [3, 3, 3, 7, 7, 9, 12, 12, 12, 12, 40];
    const hist = [{ value: 3, n: 3 }, { value: 7, n: 2 }, { value: 9, n: 1 }, { value: 12, n: 4 }, { value: 40, n: 1 }];
    expect(percentilesOfCounts(hist)).toEqual(percentiles([...values]));
    expect(percentilesOfCounts([])).toEqual({ n: 0, median: null, p90: null });
  });

  it('none: null', () => {
    expect(percentiles([])).toEqual({ n: 0, median: null, p90: null });
  });
});

describe('考核 scores', () => {
  const scheme: AssessmentScheme = {
    period: 'month',
    indicators: [
      { rate: 'signTimely', weight: 60, target: 0.9, floor: 0.5 },
      { rate: 'satisfied', weight: 40, target: 1, floor: 0 },
    ],
  };
  const r = (sign: number | null, sat: number | null) => ({
    signTimely: { num: 0, den: sign === null ? 0 : 1, value: sign },
    doneOnTime: { num: 0, den: 0, value: null },
    resolved: { num: 0, den: 0, value: null },
    satisfied: { num: 0, den: sat === null ? 0 : 1, value: sat },
  });

  it('full at the target, none at the floor, linear between', () => {
    expect(indicatorPoints(0.95, { target: 0.9, floor: 0.5 })).toBe(1);
    expect(indicatorPoints(0.5, { target: 0.9, floor: 0.5 })).toBe(0);
    expect(indicatorPoints(0.7, { target: 0.9, floor: 0.5 })).toBeCloseTo(0.5);
  });

  it('weights the indicators; one with nothing to count is left out and the rest scale up', () => {
    expect(scoreOf(r(0.7, 0.5), scheme).score).toBe(50); // 0.5·60 + 0.5·40
    expect(scoreOf(r(0.9, null), scheme).score).toBe(100);
    expect(scoreOf(r(null, null), scheme).score).toBeNull();
    expect(scoreOf(r(1, 1), DEFAULT_ASSESSMENT).score).toBe(100);
  });

  it('ranks by score; ties share a rank; no score, no rank', () => {
    const out = rank([
      { name: '甲', score: 80 }, { name: '乙', score: 95 }, { name: '丙', score: 80 }, { name: '丁', score: null }, { name: '戊', score: 60 },
    ]);
    expect(out.map((u) => [u.name, u.rank])).toEqual([['乙', 1], ['丙', 2], ['甲', 2], ['戊', 4], ['丁', null]]);
  });
});

describe('days and periods (Asia/Shanghai)', () => {
  it('a day starts at 00:00 Shanghai, 16:00 UTC the day before', () => {
    expect(dayKey(dayOf(Date.UTC(2026, 9, 4, 16)))).toBe('2026-10-05');
    expect(dayKey(dayOf(Date.UTC(2026, 9, 4, 15, 59)))).toBe('2026-10-04');
    expect(parseDay('2026-10-05')).toBe(dayOf(Date.UTC(2026, 9, 5, 4)));
    expect(parseDay('2026-02-30')).toBeNull();
    expect(parseDay('2026-1-5')).toBeNull();
  });

  it('months and quarters', () => {
    const m = periodDays('2026-10')!;
    expect(dayKey(m.fromDay)).toBe('2026-10-01');
    expect(m.toDay - m.fromDay).toBe(31);
    expect(m.endsAt).toBe(Date.UTC(2026, 9, 31, 16));
    const q = periodDays('2026-Q4')!;
    expect(dayKey(q.fromDay)).toBe('2026-10-01');
    expect(dayKey(q.toDay)).toBe('2027-01-01');
    expect(periodDays('2026-13')).toBeNull();
    expect(lastPeriod('month', Date.UTC(2026, 10, 5))).toBe('2026-10');
    expect(lastPeriod('month', Date.UTC(2026, 0, 5))).toBe('2025-12');
    expect(lastPeriod('quarter', Date.UTC(2026, 10, 5))).toBe('2026-Q3');
  });
});
