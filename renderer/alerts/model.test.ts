import { describe, expect, it } from 'vitest';
import type { Alert, RecipientStatus } from '../../protocol/index.ts';
import { applyAlertEvent, applyAlertSnapshot, countUnsigned, mergeRecipient, sortAlerts, summarize, type AlertEvent } from './model.ts';

const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);

function rec(alertId: number, centreId: number, over: Partial<RecipientStatus> = {}): RecipientStatus {
  return {
    alertId, centreId, centreName: `乡镇${centreId}`, parentId: null, state: 'pending', deliveredAt: null, signedAt: null, signedBy: null,
    dueAt: T0 + 600_000, nextAt: T0 + 600_000, rung: 0, remindedAt: null, overdue: false, wantsAnswer: false, answeredAt: null,
    answeredBy: null, answer: null, ...over,
  };
}

function alert(id: number, centres: number[] = [2, 3], raisedAt = T0 + id * 1000): Alert {
  return { id, level: 'orange', title: `预警 ${id}`, body: '', raisedAt, raisedBy: { id: 1, name: '值班员一' }, wantsAnswer: false, recipients: centres.map((c) => rec(id, c)) };
}

const newEv = (a: Alert): AlertEvent => ({ kind: 'alert.new', alert: a });
const statusEv = (r: RecipientStatus): AlertEvent => ({ kind: 'alert.status', recipient: r });
const reminderEv = (r: RecipientStatus): AlertEvent => ({ kind: 'alert.reminder', alertId: r.alertId, recipient: r });

describe('applyAlertEvent', () => {
  it('adds a new alert and cues it', () => {
    const r = applyAlertEvent({}, newEv(alert(10)), 2);
    expect(Object.keys(r.alerts)).toEqual(['10']);
    expect(r.cue).toEqual({ kind: 'new', alertId: 10 });
  });

  it('does not cue an alert.new for an alert already held (e.g. from a snapshot)', () => {
    const r = applyAlertEvent({ 10: alert(10) }, newEv(alert(10)), 2);
    expect(r.cue).toBeNull();
  });

  it('merges alert.status into the matching recipient only, without mutating the input', () => {
    const alerts = { 10: alert(10), 11: alert(11) };
    const r = applyAlertEvent(alerts, statusEv(rec(10, 3, { state: 'delivered', deliveredAt: T0 + 5000 })), 3);
    expect(r.alerts[10]!.recipients.find((x) => x.centreId === 3)?.state).toBe('delivered');
    expect(r.alerts[10]!.recipients.find((x) => x.centreId === 2)?.state).toBe('pending');
    expect(r.alerts[11]).toBe(alerts[11]);
    expect(r.cue).toBeNull();
    expect(alerts[10].recipients.find((x) => x.centreId === 3)?.state).toBe('pending');
  });

  it('treats alert.reminder as a reminder cue, never a new alert', () => {
    const overdue = rec(10, 2, { state: 'delivered', deliveredAt: T0, overdue: true, rung: 1 });
    const r = applyAlertEvent({ 10: alert(10) }, reminderEv(overdue), 2);
    expect(r.cue).toEqual({ kind: 'reminder', alertId: 10, centreId: 2, rung: 1 });
    expect(Object.keys(r.alerts)).toHaveLength(1);
    expect(r.alerts[10]!.recipients.find((x) => x.centreId === 2)?.overdue).toBe(true);
  });

  it('ignores events about alerts it does not hold', () => {
    const r = applyAlertEvent({}, statusEv(rec(99, 2, { state: 'delivered' })), 2);
    expect(r.alerts).toEqual({});
  });

  describe('news (an envelope already in the snapshot, after a page load)', () => {
    it('cues an alert that still waits for this unit, changing nothing', () => {
      const alerts = { 10: alert(10) };
      const r = applyAlertEvent(alerts, newEv(alert(10)), 2, true);
      expect(r.alerts).toBe(alerts);
      expect(r.cue).toEqual({ kind: 'new', alertId: 10 });
    });
    it('does not cue what was signed in the meantime', () => {
      const signed = alert(10);
      signed.recipients[0] = rec(10, 2, { state: 'signed', signedAt: T0, signedBy: { id: 7, name: '张三' } });
      expect(applyAlertEvent({ 10: signed }, newEv(alert(10)), 2, true).cue).toBeNull();
      expect(applyAlertEvent({ 10: signed }, reminderEv(rec(10, 2, { rung: 1 })), 2, true).cue).toBeNull();
    });
  });
});

describe('applyAlertSnapshot', () => {
  it('replaces the cache but never undoes a signature already merged', () => {
    const signed = alert(10);
    signed.recipients[0] = rec(10, 2, { state: 'signed', signedAt: T0, signedBy: { id: 7, name: '张三' } });
    const out = applyAlertSnapshot({ 10: signed, 1: alert(1) }, [alert(10), alert(11)]);
    expect(Object.keys(out).sort()).toEqual(['10', '11']);
    expect(out[10]!.recipients.find((r) => r.centreId === 2)?.state).toBe('signed');
  });
});

describe('mergeRecipient', () => {
  it('moves forward', () => {
    const ack = rec(1, 2, { state: 'signed', signedAt: T0 + 9000, signedBy: { id: 7, name: '张三' }, nextAt: null });
    const out = mergeRecipient(rec(1, 2, { state: 'delivered', deliveredAt: T0 + 1000 }), ack);
    expect(out.state).toBe('signed');
    expect(out.signedBy?.name).toBe('张三');
    expect(out.deliveredAt).toBe(T0 + 1000); // kept although the newer copy has none
  });

  it('never moves back (a stale copy cannot undo a signature)', () => {
    const ack = rec(1, 2, { state: 'signed', signedAt: T0, signedBy: { id: 7, name: '张三' } });
    const out = mergeRecipient(ack, rec(1, 2, { state: 'delivered', rung: 2 }));
    expect(out.state).toBe('signed');
    expect(out.rung).toBe(2);
  });
});

describe('views', () => {
  it('sorts newest first and counts unacked for a centre', () => {
    const a = alert(1, [2]);
    const b = alert(2, [2, 3]);
    b.recipients[0] = rec(2, 2, { state: 'signed', signedAt: T0, signedBy: { id: 7, name: '张三' } });
    const alerts = { 1: a, 2: b };
    expect(sortAlerts(alerts).map((x) => x.id)).toEqual([2, 1]);
    expect(countUnsigned(alerts, 2)).toBe(1);
    expect(countUnsigned(alerts, 3)).toBe(1);
    expect(countUnsigned(alerts, 4)).toBe(0);
    expect(summarize(b)).toEqual({ total: 2, pending: 1, delivered: 0, signed: 1, answered: 0, overdue: 0 });
  });
});
