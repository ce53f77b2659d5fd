import { describe, expect, it } from 'vitest';
import { DEFAULT_ACK_DEADLINES_MS, ladderOf, newAlertDelivery, resolveTargets } from './alerts.ts';
import { remind } from './delivery.ts';
import { maySign, mayRaiseAlert, type Actor } from './access.ts';
import type { CentreRef } from './wartime.ts';

const T0 = 1_700_000_000_000;
const deadlines = { ...DEFAULT_ACK_DEADLINES_MS, red: 60_000 };

describe('alert deliveries', () => {
  it('start pending with a deadline by level', () => {
    const r = newAlertDelivery('red', T0, deadlines, false);
    expect(r).toMatchObject({ state: 'pending', dueAt: T0 + 60_000, nextAt: T0 + 60_000, rung: 0, deliveredAt: null, wantsAnswer: false });
    expect(newAlertDelivery('blue', T0, deadlines, true)).toMatchObject({ dueAt: T0 + 30 * 60_000, wantsAnswer: true });
  });

  it('are reminded every deadline length while the original deadline stays', () => {
    const r = newAlertDelivery('red', T0, deadlines, false);
    const ladder = ladderOf(r.dueAt, 'red', deadlines);
    expect(remind(r, ladder, T0 + 59_999)).toBeNull();
    const once = remind(r, ladder, T0 + 60_000)!;
    expect(once.value).toMatchObject({ rung: 1, dueAt: T0 + 60_000, nextAt: T0 + 120_000 });
    // a tick late does not move the ladder: the next rung is still one deadline after the original one
    const twice = remind(once.value, ladder, T0 + 125_000)!;
    expect(twice.value).toMatchObject({ rung: 2, dueAt: T0 + 60_000, nextAt: T0 + 180_000 });
  });
});

describe('alert targets', () => {
  const centres = new Map<number, CentreRef>([
    [1, { id: 1, level: 'county', parentId: null }],
    [2, { id: 2, level: 'township', parentId: 1 }],
    [3, { id: 3, level: 'township', parentId: 1 }],
    [21, { id: 21, level: 'village', parentId: 2 }],
    [22, { id: 22, level: 'village', parentId: 2 }],
    [31, { id: 31, level: 'village', parentId: 3 }],
  ]);

  it('resolve to every township, or with their villages', () => {
    expect(resolveTargets({ kind: 'all' }, centres)).toEqual({ ok: true, value: [2, 3] });
    expect(resolveTargets({ kind: 'all', includeVillages: true }, centres)).toEqual({ ok: true, value: [2, 3, 21, 22, 31] });
  });

  it('take chosen villages directly and a township with its villages', () => {
    expect(resolveTargets({ kind: 'centres', centreIds: [31, 31] }, centres)).toEqual({ ok: true, value: [31] });
    expect(resolveTargets({ kind: 'centres', centreIds: [2], includeVillages: true }, centres)).toEqual({ ok: true, value: [2, 21, 22] });
  });

  it('refuse the county and unknown ids', () => {
    expect(resolveTargets({ kind: 'centres', centreIds: [1] }, centres)).toEqual({ ok: false, code: 'TARGET_UNKNOWN' });
    expect(resolveTargets({ kind: 'centres', centreIds: [99] }, centres)).toEqual({ ok: false, code: 'TARGET_UNKNOWN' });
    expect(resolveTargets({ kind: 'all' }, new Map([[1, centres.get(1)!]]))).toEqual({ ok: false, code: 'TARGET_UNKNOWN' });
  });
});

describe('access', () => {
  const county = (role: Actor['role']): Actor => ({ id: 1, role, centreId: 1, centreLevel: 'county' });
  const town = (centreId: number): Actor => ({ id: 2, role: 'townshipOperator', centreId, centreLevel: 'township' });

  it('lets only county duty officers and commanders raise alerts', () => {
    expect(mayRaiseAlert(county('dutyOfficer'))).toBeNull();
    expect(mayRaiseAlert(county('commander'))).toBeNull();
    expect(mayRaiseAlert(county('admin'))).toBe('FORBIDDEN_ROLE');
    expect(mayRaiseAlert(town(2))).toBe('FORBIDDEN_ROLE');
    expect(mayRaiseAlert({ id: 3, role: 'dutyOfficer', centreId: 5, centreLevel: 'township' })).toBe('FORBIDDEN_SCOPE');
  });

  it('lets a township or village sign only for itself', () => {
    expect(maySign(town(2), 2)).toBeNull();
    expect(maySign(town(2), 3)).toBe('FORBIDDEN_SCOPE');
    expect(maySign({ id: 5, role: 'villageOperator', centreId: 21, centreLevel: 'village' }, 21)).toBeNull();
    expect(maySign(county('commander'), 2)).toBe('FORBIDDEN_ROLE');
  });
});
