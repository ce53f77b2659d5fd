// Pure rules of the durable stream: what a console gets when it (re)connects.

export interface SyncAsk {
  /** The last seq the console applied, or null (nothing). */
  lastSeq: number | null;
  /** The epoch its lastSeq belongs to (null: unknown, trusted if plausible). */
  epoch: string | null;
  /** The console holds no state in memory and wants every feature's starting state. */
  snapshot: boolean;
}

export interface StreamPosition {
  epoch: string;
  /** The newest seq of the unit's stream. */
  headSeq: number;
  /** Every seq up to this one was pruned from the outbox (0: nothing pruned). */
  prunedSeq: number;
}

export interface SyncPlan {
  snapshot: boolean;
  /** Replay the envelopes after this seq; null: replay nothing. */
  replayAfter: number | null;
}

/**
 * A console gets the envelopes it missed when they are all still kept; otherwise (nothing applied, another database, a
 * cursor beyond the head after a reset, or older than what was pruned) it gets a snapshot and no replay. A console that
 * asks for a snapshot while its cursor is still good gets both: the snapshot to start from, the replay to tell what is new.
 */
export function planSync(ask: SyncAsk, at: StreamPosition): SyncPlan {
  const foreign = ask.epoch !== null && ask.epoch !== at.epoch;
  if (ask.lastSeq === null || foreign || ask.lastSeq > at.headSeq || ask.lastSeq < at.prunedSeq) return { snapshot: true, replayAfter: null };
  return { snapshot: ask.snapshot, replayAfter: ask.lastSeq };
}

/** The outbox keeps envelopes this long; older ones are pruned (a console that far behind gets a snapshot). */
export function pruneCutoff(now: number, retentionDays: number): number {
  return now - retentionDays * 24 * 3600_000;
}
