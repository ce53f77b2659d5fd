import { describe, expect, it } from 'vitest';
import type { Alert, Envelope, RecipientStatus } from '../../protocol/index.ts';
import {
  EMPTY_CACHE,
  applyEnvelopes,
  countUnsigned,
  mergeRecipient,
  pruneCache,
  resolveSync,
  sortAlerts,
  summarize,
  type StreamCache,
} from './stream.ts';

const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);

function rec(alertId: number, centreId: number, over: Partial<RecipientStatus> = {}): RecipientStatus {
  return {
    alertId,
    centreId,
    centreName: `乡镇${centreId}`,
    parentId: null,
    state: 'pending',
    deliveredAt: null,
    signedAt: null,
    signedBy: null,
    dueAt: T0 + 600_000,
    nextAt: T0 + 600_000,
    rung: 0,
    remindedAt: null,
    overdue: false,
    wantsAnswer: false,
    answeredAt: null,
    answeredBy: null,
    answer: null,
    ...over,
  };
}

function alert(id: number, centres: number[] = [2, 3], raisedAt = T0 + id * 1000): Alert {
  return {
    id,
    level: 'orange',
    title: `预警 ${id}`,
    body: '',
    raisedAt,
    raisedBy: { id: 1, name: '值班员一' },
    wantsAnswer: false,
    recipients: centres.map((c) => rec(id, c)),
  };
}

const newEnv = (seq: number, a: Alert): Envelope => ({ seq, at: T0 + seq, event: { kind: 'alert.new', alert: a } });
const statusEnv = (seq: number, r: RecipientStatus): Envelope => ({ seq, at: T0 + seq, event: { kind: 'alert.status', recipient: r } });
const reminderEnv = (seq: number, r: RecipientStatus): Envelope => ({
  seq,
  at: T0 + seq,
  event: { kind: 'alert.reminder', alertId: r.alertId, recipient: r },
});

describe('applyEnvelopes', () => {
  it('applies a new alert once and cues it', () => {
    const r = applyEnvelopes({ lastSeq: 0, alerts: {} }, [newEnv(1, alert(10))]);
    expect(r.applied).toEqual([1]);
    expect(r.cache.lastSeq).toBe(1);
    expect(Object.keys(r.cache.alerts)).toEqual(['10']);
    expect(r.cues).toEqual([{ kind: 'new', alertId: 10 }]);
  });

  it('ignores envelopes at or below lastSeq (never shown twice)', () => {
    const first = applyEnvelopes({ lastSeq: 0, alerts: {} }, [newEnv(1, alert(10)), newEnv(2, alert(11))]);
    const again = applyEnvelopes(first.cache, [newEnv(1, alert(10)), newEnv(2, alert(11))], true);
    expect(again.applied).toEqual([]);
    expect(again.duplicates).toEqual([1, 2]);
    expect(again.cues).toEqual([]);
    expect(again.cache).toBe(first.cache);
  });

  it('does not cue an alert.new for an alert already in the cache (e.g. from a snapshot)', () => {
    const cache: StreamCache = { lastSeq: 4, alerts: { 10: alert(10) } };
    const r = applyEnvelopes(cache, [newEnv(5, alert(10))]);
    expect(r.applied).toEqual([5]);
    expect(r.cues).toEqual([]);
  });

  it('merges alert.status into the matching recipient only', () => {
    const cache: StreamCache = { lastSeq: 1, alerts: { 10: alert(10), 11: alert(11) } };
    const delivered = rec(10, 3, { state: 'delivered', deliveredAt: T0 + 5000 });
    const r = applyEnvelopes(cache, [statusEnv(2, delivered)]);
    const a10 = r.cache.alerts[10]!;
    expect(a10.recipients.find((x) => x.centreId === 3)?.state).toBe('delivered');
    expect(a10.recipients.find((x) => x.centreId === 2)?.state).toBe('pending');
    expect(r.cache.alerts[11]).toBe(cache.alerts[11]);
    expect(r.cues).toEqual([]);
    // the input cache is not mutated
    expect(cache.alerts[10]!.recipients.find((x) => x.centreId === 3)?.state).toBe('pending');
  });

  it('treats alert.reminder as a reminder cue, never a new alert', () => {
    const cache: StreamCache = { lastSeq: 1, alerts: { 10: alert(10) } };
    const overdue = rec(10, 2, { state: 'delivered', deliveredAt: T0, overdue: true, rung: 1 });
    const r = applyEnvelopes(cache, [reminderEnv(2, overdue)]);
    expect(r.cues).toEqual([{ kind: 'reminder', alertId: 10, centreId: 2, rung: 1 }]);
    expect(Object.keys(r.cache.alerts)).toHaveLength(1);
    expect(r.cache.alerts[10]!.recipients.find((x) => x.centreId === 2)?.overdue).toBe(true);
  });

  it('advances lastSeq past events about alerts it does not hold', () => {
    const r = applyEnvelopes({ lastSeq: 1, alerts: {} }, [statusEnv(2, rec(99, 2, { state: 'delivered' }))]);
    expect(r.applied).toEqual([2]);
    expect(r.cache.lastSeq).toBe(2);
    expect(r.cache.alerts).toEqual({});
  });

  it('stops at a gap in live envelopes so the caller can re-sync', () => {
    const r = applyEnvelopes({ lastSeq: 1, alerts: {} }, [newEnv(2, alert(10)), newEnv(4, alert(11))]);
    expect(r.applied).toEqual([2]);
    expect(r.gap).toBe(true);
    expect(r.cache.lastSeq).toBe(2);
    expect(r.cache.alerts[11]).toBeUndefined();
  });

  it('accepts gaps in replayed envelopes', () => {
    const r = applyEnvelopes({ lastSeq: 1, alerts: {} }, [newEnv(3, alert(10)), newEnv(7, alert(11))], true);
    expect(r.applied).toEqual([3, 7]);
    expect(r.gap).toBe(false);
  });
});

describe('mergeRecipient', () => {
  it('moves forward', () => {
    const ack = rec(1, 2, {
      state: 'signed',
      signedAt: T0 + 9000,
      signedBy: { id: 7, name: '张三' },
      nextAt: null,
    });
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

describe('resolveSync', () => {
  it('replaces the cache with a snapshot and applies only buffered envelopes after headSeq, without cues for snapshot items', () => {
    const stale: StreamCache = { lastSeq: 3, alerts: { 1: alert(1) } };
    const out = resolveSync(stale, { snapshot: [alert(10), alert(11)], headSeq: 20, replayed: 0, epoch: 'e2' }, [
      newEnv(19, alert(9)),
      newEnv(21, alert(12)),
    ]);
    expect(out.kind).toBe('snapshot');
    if (out.kind === 'reset') throw new Error('unexpected');
    expect(out.cache.lastSeq).toBe(21);
    expect(Object.keys(out.cache.alerts).sort()).toEqual(['10', '11', '12']);
    expect(out.cues).toEqual([{ kind: 'new', alertId: 12 }]);
    expect(out.cache.epoch).toBe('e2'); // the snapshot's epoch is what lastSeq now belongs to
  });

  it('applies replayed envelopes (sent before the reply) once', () => {
    const cache: StreamCache = { lastSeq: 2, alerts: { 10: alert(10) } };
    const out = resolveSync(cache, { snapshot: null, headSeq: 4, replayed: 2, epoch: 'e1' }, [
      statusEnv(3, rec(10, 2, { state: 'delivered', deliveredAt: T0 })),
      newEnv(4, alert(11)),
    ]);
    if (out.kind === 'reset') throw new Error('unexpected');
    expect(out.kind).toBe('replay');
    expect(out.applied).toEqual([3, 4]);
    expect(out.cache.lastSeq).toBe(4);
    expect(out.cues).toEqual([{ kind: 'new', alertId: 11 }]);
  });

  it('asks for a fresh start when the server is behind what we applied', () => {
    const out = resolveSync({ lastSeq: 50, alerts: { 10: alert(10) } }, { snapshot: null, headSeq: 3, replayed: 0, epoch: 'e1' }, []);
    expect(out.kind).toBe('reset');
    expect(out.cache).toBe(EMPTY_CACHE);
  });
});

describe('views', () => {
  it('sorts newest first and counts unsigned for a centre', () => {
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

  it('prunes to the newest alerts', () => {
    const cache: StreamCache = { lastSeq: 9, alerts: { 1: alert(1), 2: alert(2), 3: alert(3) } };
    const out = pruneCache(cache, 2);
    expect(Object.keys(out.alerts).sort()).toEqual(['2', '3']);
    expect(out.lastSeq).toBe(9);
  });
});

describe('events of other features', () => {
  it('applies their seq once and forwards them once, leaving the alert cache alone', () => {
    const other = { kind: 'incident.updated', incident: { id: 1 }, notice: null } as unknown as Envelope['event'];
    const cache: StreamCache = { lastSeq: 1, alerts: { 10: alert(10) } };
    const first = applyEnvelopes(cache, [{ seq: 2, at: T0, event: other }]);
    expect(first.applied).toEqual([2]);
    expect(first.forwarded).toEqual([other]);
    expect(first.cache.alerts).toBe(cache.alerts);
    const again = applyEnvelopes(first.cache, [{ seq: 2, at: T0, event: other }]);
    expect(again.forwarded).toEqual([]);
    expect(again.duplicates).toEqual([2]);
  });
});
