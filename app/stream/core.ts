// The durable stream core, owned by no feature: per-unit sequence numbers (the outbox), replay on (re)connect, a
// snapshot assembled from one provider per feature when replay cannot serve, the latest-wins live state, and pruning.
// Features plug in by giving a snapshot provider (durable state) or a live provider (latest-wins state) and by pushing
// their events through the outbox inside their own transactions (see docs/architecture.md, "Adding a durable feature").
import {
  STREAM_ROLES, type Envelope, type LiveState, type StreamSnapshot, type SyncReply,
} from '../../protocol/index.ts';
import { planSync, pruneCutoff } from '../domain/stream.ts';
import type { Outbox } from '../store/outbox.ts';
import { centreRoom, fail, type Caller, type FeatureSockets } from '../realtime/hub.ts';

/** One provider per durable feature: its starting state as the caller's unit may see it. */
export type SnapshotProviders = { [K in keyof StreamSnapshot]: (caller: Caller, now: number) => StreamSnapshot[K] };
/** One provider per latest-wins feature; it may join the caller to its own rooms for the pushes that follow. */
export type LiveProviders = { [K in keyof LiveState]: (caller: Caller, now: number) => LiveState[K] };

/** A console asking for its starting state while its cursor is good also gets this many newest envelopes, to tell what is new. */
const REPLAY_WITH_SNAPSHOT = 200;

export interface StreamCoreDeps {
  outbox: Outbox;
  snapshot: SnapshotProviders;
  live: LiveProviders;
  /** Days the outbox keeps envelopes (config `streamRetentionDays`). */
  retentionDays: () => number;
}

export function createStreamCore(deps: StreamCoreDeps) {
  const { outbox } = deps;

  const snapshotOf = (caller: Caller, now: number): StreamSnapshot => {
    const s = {} as Record<keyof StreamSnapshot, unknown>;
    for (const key of Object.keys(deps.snapshot) as (keyof StreamSnapshot)[]) s[key] = deps.snapshot[key](caller, now);
    return s as StreamSnapshot;
  };
  const liveOf = (caller: Caller, now: number): LiveState => {
    const s = {} as Record<keyof LiveState, unknown>;
    for (const key of Object.keys(deps.live) as (keyof LiveState)[]) s[key] = deps.live[key](caller, now);
    return s as LiveState;
  };

  /** What a console needs on (re)connect: the envelopes it missed and/or a snapshot, and the live state. */
  const sync = (caller: Caller, ask: { lastSeq: number | null; epoch: string | null; snapshot: boolean }, now: number): { reply: SyncReply; replay: Envelope[] } => {
    const centreId = caller.user.centreId;
    const { headSeq, prunedSeq } = outbox.position(centreId);
    const plan = planSync(ask, { epoch: outbox.epoch, headSeq, prunedSeq });
    const replay = plan.replayAfter === null ? [] : plan.snapshot ? outbox.newestAfter(centreId, plan.replayAfter, REPLAY_WITH_SNAPSHOT) : outbox.after(centreId, plan.replayAfter);
    return {
      reply: { snapshot: plan.snapshot ? snapshotOf(caller, now) : null, live: liveOf(caller, now), headSeq, replayed: replay.length, epoch: outbox.epoch },
      replay,
    };
  };

  const sockets: FeatureSockets = ({ handle }) => {
    handle('sync', (req, now, caller) => {
      if (!STREAM_ROLES.includes(caller.user.role)) return fail('FORBIDDEN_ROLE');
      const { reply, replay } = sync(caller, req, now);
      // Join and replay in the same tick: nothing published later can overtake the replay.
      caller.join(centreRoom(caller.user.centreId));
      caller.send(replay);
      return { ok: true, data: reply };
    });
  };

  return {
    sockets,
    sync,
    /** Prunes what the retention rule lets go; returns the number of envelopes deleted. Bounded per call. */
    prune(now: number): number {
      return outbox.prune(pruneCutoff(now, deps.retentionDays()));
    },
  };
}
export type StreamCore = ReturnType<typeof createStreamCore>;
