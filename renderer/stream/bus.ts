// Hands what the stream core applied to the features that subscribed: events by kind, the snapshot to start from, the
// latest-wins live state. A feature plugs in here once; it never sees sequence numbers, sockets or storage.
import type { LiveState, StreamEvent, StreamEventKind, StreamSnapshot } from '../../protocol/index.ts';

/** How an event reaches a feature: applied (live or replayed), or only shown as news (already in the snapshot). */
export interface Delivery {
  /** True for an envelope the snapshot already contains: tell the user it is new, change nothing. */
  newsOnly: boolean;
}

type Handler<K extends StreamEventKind> = (event: Extract<StreamEvent, { kind: K }>, how: Delivery) => void;

const handlers = new Map<StreamEventKind, Set<(event: StreamEvent, how: Delivery) => void>>();
const snapshotHandlers = new Set<(s: StreamSnapshot) => void>();
const liveHandlers = new Set<(l: LiveState, receivedAt: number) => void>();

/** Subscribe to one event kind; returns the unsubscribe. */
export function onStreamEvent<K extends StreamEventKind>(kind: K, handler: Handler<K>): () => void {
  const set = handlers.get(kind) ?? new Set();
  handlers.set(kind, set);
  const h = handler as (event: StreamEvent, how: Delivery) => void;
  set.add(h);
  return () => set.delete(h);
}

/** Subscribe to the snapshot (every feature's starting state; replaces what the feature held). */
export function onStreamSnapshot(handler: (s: StreamSnapshot) => void): () => void {
  snapshotHandlers.add(handler);
  return () => snapshotHandlers.delete(handler);
}

/** Subscribe to the live state that comes with every sync (receivedAt: the middle of the round trip, for clock offsets). */
export function onLiveState(handler: (l: LiveState, receivedAt: number) => void): () => void {
  liveHandlers.add(handler);
  return () => liveHandlers.delete(handler);
}

export function dispatchSnapshot(s: StreamSnapshot): void {
  for (const h of snapshotHandlers) h(s);
}

export function dispatchLive(l: LiveState, receivedAt: number): void {
  for (const h of liveHandlers) h(l, receivedAt);
}

export function dispatchEvents(events: readonly StreamEvent[], how: Delivery = { newsOnly: false }): void {
  for (const e of events) for (const h of handlers.get(e.kind) ?? []) h(e, how);
}
