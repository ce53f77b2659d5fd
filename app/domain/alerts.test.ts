import { describe, expect, it } from 'vitest';
import { acknowledge, DEFAULT_ACK_DEADLINES_MS, escalate, isDue, isOverdue, markDelivered, newRecipient, resolveTargets } from './alerts.ts';
import { mayAcknowledge, mayRaiseAlert, type Actor } from './access.ts';

const T0 = 1_700_000_000_000;
const deadlines = { ...DEFAULT_ACK_DEADLINES_MS, red: 60_000 };

describe('alert recipient rules', () => {
  it('starts pending with a deadline by level', () => {
    const r = newRecipient('red', T0, deadlines);
    expect(r).toMatchObject({ state: 'pending', dueAt: T0 + 60_000, escalations: 0, deliveredAt: null });
    expect(newRecipient('blue', T0, deadlines).dueAt).toBe(T0 + 30 * 60_000);
  });

  it('counts only the first delivery receipt', () => {
    const r = markDelivered(newRecipient('red', T0, deadlines), T0 + 5)!;
    expect(r).toMatchObject({ state: 'delivered', deliveredAt: T0 + 5 });
    expect(markDelivered(r, T0 + 9)).toBeNull();
  });

  it('signing records who and when, clears the timer, and cannot happen twice', () => {
    const signed = acknowledge(markDelivered(newRecipient('red', T0, deadlines), T0 + 5)!, 42, T0 + 100);
    expect(signed.ok && signed.value).toMatchObject({ state: 'acknowledged', acknowledgedBy: 42, acknowledgedAt: T0 + 100, deliveredAt: T0 + 5, dueAt: null });
    const again = acknowledge(signed.ok ? signed.value : (null as never), 43, T0 + 200);
    expect(again).toEqual({ ok: false, code: 'ALERT_ALREADY_ACKNOWLEDGED' });
  });

  it('signing before the receipt arrives still counts as delivered', () => {
    const signed = acknowledge(newRecipient('red', T0, deadlines), 1, T0 + 50);
    expect(signed.ok && signed.value.deliveredAt).toBe(T0 + 50);
  });

  it('escalates exactly when due, then again one deadline later, and never once signed', () => {
    const r = newRecipient('red', T0, deadlines);
    expect(isDue(r, T0 + 59_999)).toBe(false);
    expect(escalate(r, 'red', T0 + 59_999, deadlines)).toBeNull();
    const once = escalate(r, 'red', T0 + 60_000, deadlines)!;
    expect(once).toMatchObject({ escalations: 1, dueAt: T0 + 120_000 });
    expect(isOverdue(once)).toBe(true);
    expect(escalate(once, 'red', T0 + 119_000, deadlines)).toBeNull();
    expect(escalate(once, 'red', T0 + 120_000, deadlines)?.escalations).toBe(2);
    const signed = acknowledge(once, 1, T0 + 61_000);
    expect(signed.ok && isDue(signed.value, T0 + 10 ** 9)).toBe(false);
    expect(signed.ok && isOverdue(signed.value)).toBe(false);
  });

  it('resolves targets to townships and rejects unknown ones', () => {
    expect(resolveTargets({ kind: 'all' }, [2, 3, 4])).toEqual({ ok: true, value: [2, 3, 4] });
    expect(resolveTargets({ kind: 'centres', centreIds: [3, 3, 2] }, [2, 3, 4])).toEqual({ ok: true, value: [3, 2] });
    expect(resolveTargets({ kind: 'centres', centreIds: [1] }, [2, 3])).toEqual({ ok: false, code: 'TARGET_UNKNOWN' });
    expect(resolveTargets({ kind: 'all' }, [])).toEqual({ ok: false, code: 'TARGET_UNKNOWN' });
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

  it('lets a township sign only for itself', () => {
    expect(mayAcknowledge(town(2), 2)).toBeNull();
    expect(mayAcknowledge(town(2), 3)).toBe('FORBIDDEN_SCOPE');
    expect(mayAcknowledge(county('commander'), 2)).toBe('FORBIDDEN_ROLE');
  });
});
