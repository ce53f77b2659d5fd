// The client side of the durable stream, as pure functions over plain values (no DOM, no storage, no socket).
//
// The server numbers every envelope of a unit's stream. The console keeps one cursor — the last seq it applied and the
// stream epoch it belongs to — and applies each envelope once, in order: a seq at or below the cursor is a duplicate
// (a replay after a reconnect), a live seq beyond cursor + 1 is a gap (stop there and sync again). The features never
// see sequence numbers: they get events, a snapshot to start from, and the latest-wins live state.
import type { Envelope, SyncReply } from '../../protocol/index.ts';

export interface Cursor {
  /** Last seq applied; null = nothing yet (the server sends a snapshot). */
  lastSeq: number | null;
  /** The server stream epoch lastSeq belongs to (null: unknown). */
  epoch: string | null;
}

export const NO_CURSOR: Cursor = { lastSeq: null, epoch: null };

export interface Taken {
  cursor: Cursor;
  /** Envelopes to apply, in order. */
  apply: Envelope[];
  duplicates: number;
  /** A live envelope skipped a seq: nothing after the gap was taken; sync again from the cursor. */
  gap: boolean;
}

/**
 * Takes envelopes in order. `allowGaps` is for envelopes replayed in answer to a sync (the server sends everything after
 * the cursor, whatever the numbering); live envelopes must follow cursor + 1.
 */
export function take(cursor: Cursor, envelopes: readonly Envelope[], allowGaps = false): Taken {
  let { lastSeq } = cursor;
  const apply: Envelope[] = [];
  let duplicates = 0;
  let gap = false;
  for (const env of envelopes) {
    if (lastSeq !== null && env.seq <= lastSeq) {
      duplicates++;
      continue;
    }
    if (!allowGaps && lastSeq !== null && env.seq > lastSeq + 1) {
      gap = true;
      break;
    }
    apply.push(env);
    lastSeq = env.seq;
  }
  return { cursor: lastSeq === cursor.lastSeq ? cursor : { ...cursor, lastSeq }, apply, duplicates, gap };
}

export interface Synced {
  cursor: Cursor;
  /** Every feature's starting state, when the server sent one: replaces what the console held. */
  snapshot: SyncReply['snapshot'];
  /** Envelopes to apply on top (after the snapshot's head, or the replay of what was missed), in order. */
  apply: Envelope[];
  /**
   * Envelopes that arrived while the console was away but are already in the snapshot: not applied again, only looked
   * at to tell the user what is new (a page load after a night with the console closed).
   */
  news: Envelope[];
}

/**
 * Resolves a sync handshake. `buffered` holds every `stream` envelope received since the sync request was sent (replayed
 * ones come before the reply; live ones may interleave), in arrival order. `cursor` is what the console had applied (or
 * persisted, on a page load).
 */
export function resolveSync(cursor: Cursor, reply: SyncReply, buffered: readonly Envelope[]): Synced {
  if (reply.snapshot !== null) {
    const base: Cursor = { lastSeq: reply.headSeq, epoch: reply.epoch };
    const sameStream = cursor.epoch === null || cursor.epoch === reply.epoch;
    const news = sameStream && cursor.lastSeq !== null
      ? buffered.filter((e) => e.seq > (cursor.lastSeq as number) && e.seq <= reply.headSeq)
      : [];
    const after = take(base, buffered, true);
    return { cursor: after.cursor, snapshot: reply.snapshot, apply: after.apply, news };
  }
  const replay = take({ ...cursor, epoch: reply.epoch }, buffered, true);
  return { cursor: replay.cursor, snapshot: null, apply: replay.apply, news: [] };
}
