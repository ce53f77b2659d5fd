import { describe, expect, it } from 'vitest';
import type { Envelope, StreamSnapshot, SyncReply } from '../../protocol/index.ts';
import { NO_CURSOR, resolveSync, take } from './cursor.ts';

const T0 = Date.UTC(2026, 0, 5, 2, 0, 0);
// The core never looks inside events: any event will do.
const env = (seq: number): Envelope => ({ seq, at: T0 + seq, event: { kind: 'alert.status', recipient: { alertId: seq } } } as unknown as Envelope);
const seqs = (es: readonly Envelope[]) => es.map((e) => e.seq);
const SNAP = { alerts: [], incidents: [], wartime: {} } as unknown as StreamSnapshot;
const reply = (over: Partial<SyncReply>): SyncReply => ({ snapshot: null, live: { wall: null, presence: [] }, headSeq: 0, replayed: 0, epoch: 'e1', ...over });

describe('take', () => {
  it('takes envelopes once and in order (never shown twice)', () => {
    const first = take({ lastSeq: 0, epoch: 'e1' }, [env(1), env(2)]);
    expect(seqs(first.apply)).toEqual([1, 2]);
    expect(first.cursor.lastSeq).toBe(2);
    const again = take(first.cursor, [env(1), env(2)], true);
    expect(again.apply).toEqual([]);
    expect(again.duplicates).toBe(2);
    expect(again.cursor).toBe(first.cursor);
  });

  it('stops at a gap in live envelopes so the caller can re-sync', () => {
    const r = take({ lastSeq: 1, epoch: 'e1' }, [env(2), env(4)]);
    expect(seqs(r.apply)).toEqual([2]);
    expect(r.gap).toBe(true);
    expect(r.cursor.lastSeq).toBe(2);
  });

  it('accepts gaps in replayed envelopes', () => {
    const r = take({ lastSeq: 1, epoch: 'e1' }, [env(3), env(7)], true);
    expect(seqs(r.apply)).toEqual([3, 7]);
    expect(r.gap).toBe(false);
  });
});

describe('resolveSync', () => {
  it('starts from a snapshot at its head, applies only buffered envelopes after it, and reports the rest as news', () => {
    // a page load: the persisted cursor is 15; the server replayed 16..20 (already in the snapshot) and 21 arrived live
    const out = resolveSync({ lastSeq: 15, epoch: 'e1' }, reply({ snapshot: SNAP, headSeq: 20, epoch: 'e1' }), [env(16), env(19), env(20), env(21)]);
    expect(out.snapshot).toBe(SNAP);
    expect(out.cursor).toEqual({ lastSeq: 21, epoch: 'e1' });
    expect(seqs(out.apply)).toEqual([21]);
    expect(seqs(out.news)).toEqual([16, 19, 20]);
  });

  it('reports no news from another database (epoch) or for a fresh console', () => {
    const other = resolveSync({ lastSeq: 15, epoch: 'old' }, reply({ snapshot: SNAP, headSeq: 20, epoch: 'e1' }), [env(18)]);
    expect(other.news).toEqual([]);
    expect(other.cursor).toEqual({ lastSeq: 20, epoch: 'e1' });
    expect(resolveSync(NO_CURSOR, reply({ snapshot: SNAP, headSeq: 20 }), []).news).toEqual([]);
  });

  it('applies replayed envelopes (sent before the reply) once, whatever their numbering', () => {
    const out = resolveSync({ lastSeq: 2, epoch: 'e1' }, reply({ headSeq: 9, replayed: 3 }), [env(2), env(3), env(9)]);
    expect(out.snapshot).toBeNull();
    expect(seqs(out.apply)).toEqual([3, 9]);
    expect(out.cursor).toEqual({ lastSeq: 9, epoch: 'e1' });
  });

  it('takes the server stream epoch for a cursor that had none', () => {
    const out = resolveSync({ lastSeq: 2, epoch: null }, reply({ headSeq: 2, epoch: 'e9' }), []);
    expect(out.cursor).toEqual({ lastSeq: 2, epoch: 'e9' });
  });
});
