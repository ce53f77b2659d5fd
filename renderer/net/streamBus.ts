// Hands stream events of other features to whoever subscribed: the alert core applies each seq once (stream.ts) and
// forwards the rest here, so a feature's slice never has to know about sequence numbers.
import type { StreamEvent } from '../../protocol/index.ts';

type Kind = StreamEvent['kind'];
type Handler<K extends Kind> = (event: Extract<StreamEvent, { kind: K }>) => void;

const handlers = new Map<Kind, Set<(event: StreamEvent) => void>>();

/** Subscribe to one event kind; returns the unsubscribe. */
export function onStreamEvent<K extends Kind>(kind: K, handler: Handler<K>): () => void {
  const set = handlers.get(kind) ?? new Set();
  handlers.set(kind, set);
  const h = handler as (event: StreamEvent) => void;
  set.add(h);
  return () => set.delete(h);
}

export function dispatchStreamEvents(events: readonly StreamEvent[]): void {
  for (const e of events) for (const h of handlers.get(e.kind) ?? []) h(e);
}
