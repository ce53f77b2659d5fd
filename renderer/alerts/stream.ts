// The delivery protocol, as pure functions over plain values (no DOM, no storage, no socket): unit-tested in node.
//
// The server keeps a per-centre stream of envelopes {seq, at, event}. The console keeps the last seq it has APPLIED
// and a cache of alerts built from the stream. Every envelope is applied at most once (seq <= lastSeq is ignored),
// so a replay after a reconnect or a reload never shows an alert twice.
import type { Alert, Envelope, RecipientStatus, StreamEvent, SyncReply } from '../../protocol/index.ts';
import { isSignedState, mergeDelivery } from '../delivery/merge.ts';

export interface StreamCache {
  /** Last seq applied for this centre; null = nothing yet (ask the server for a snapshot). */
  lastSeq: number | null;
  alerts: Readonly<Record<number, Alert>>;
  /** The server stream epoch lastSeq belongs to (absent for caches written before epochs existed). */
  epoch?: string;
}

export const EMPTY_CACHE: StreamCache = { lastSeq: null, alerts: {} };

/** Something the user should notice: a sound and a visual cue. Snapshot items never produce one. */
export type Cue =
  | { kind: 'new'; alertId: number }
  | { kind: 'reminder'; alertId: number; centreId: number; rung: number };

export interface ApplyResult {
  cache: StreamCache;
  /** Seqs applied in this call, in order. */
  applied: number[];
  /** Seqs ignored because they were already applied. */
  duplicates: number[];
  cues: Cue[];
  /**
   * A live envelope arrived with a seq beyond lastSeq + 1: something was skipped. Application stopped before it
   * (nothing after the gap is applied) so the caller can re-sync from lastSeq and get the missing envelopes replayed.
   */
  gap: boolean;
  /** Applied events of other features (incidents, orders, …), in order, for renderer/net/streamBus.ts to hand on. */
  forwarded: StreamEvent[];
}

/** Merge a newer recipient status into the one we hold (renderer/delivery/merge.ts). */
export const mergeRecipient = (existing: RecipientStatus | undefined, incoming: RecipientStatus): RecipientStatus => mergeDelivery(existing, incoming);

/** Return `alert` with `recipient` merged in (matched by centreId); appended when the alert did not list it. */
export function upsertRecipient(alert: Alert, recipient: RecipientStatus): Alert {
  const idx = alert.recipients.findIndex((r) => r.centreId === recipient.centreId);
  if (idx < 0) return { ...alert, recipients: [...alert.recipients, recipient] };
  const merged = mergeRecipient(alert.recipients[idx], recipient);
  const recipients = alert.recipients.slice();
  recipients[idx] = merged;
  return { ...alert, recipients };
}

/** Replace an alert with a newer copy, keeping any recipient status we already hold that is further along. */
export function mergeAlert(existing: Alert | undefined, incoming: Alert): Alert {
  if (!existing) return incoming;
  const recipients = incoming.recipients.map((r) =>
    mergeRecipient(existing.recipients.find((x) => x.centreId === r.centreId), r),
  );
  // a recipient the new copy omits is kept
  for (const r of existing.recipients) {
    if (!recipients.some((x) => x.centreId === r.centreId)) recipients.push(r);
  }
  return { ...incoming, recipients };
}

/**
 * Apply envelopes in order. `allowGaps` is true for envelopes replayed in answer to a sync (the server sends everything
 * after lastSeq, whatever the numbering); live envelopes must follow lastSeq + 1.
 */
export function applyEnvelopes(cache: StreamCache, envelopes: readonly Envelope[], allowGaps = false): ApplyResult {
  let { lastSeq } = cache;
  let alerts: Record<number, Alert> | null = null; // copy on first write
  const applied: number[] = [];
  const duplicates: number[] = [];
  const cues: Cue[] = [];
  const forwarded: StreamEvent[] = [];
  let gap = false;

  const current = (): Record<number, Alert> => alerts ?? cache.alerts;
  const write = (a: Alert): void => {
    alerts ??= { ...cache.alerts };
    alerts[a.id] = a;
  };

  for (const env of envelopes) {
    if (lastSeq !== null && env.seq <= lastSeq) {
      duplicates.push(env.seq);
      continue;
    }
    if (!allowGaps && lastSeq !== null && env.seq > lastSeq + 1) {
      gap = true;
      break;
    }
    const ev = env.event;
    switch (ev.kind) {
      case 'alert.new': {
        const existing = current()[ev.alert.id];
        write(mergeAlert(existing, ev.alert));
        if (!existing) cues.push({ kind: 'new', alertId: ev.alert.id });
        break;
      }
      case 'alert.reminder': {
        const existing = current()[ev.alertId];
        if (existing) {
          write(upsertRecipient(existing, ev.recipient));
          if (!isSignedState(ev.recipient.state)) {
            cues.push({
              kind: 'reminder',
              alertId: ev.alertId,
              centreId: ev.recipient.centreId,
              rung: ev.recipient.rung,
            });
          }
        }
        break;
      }
      case 'alert.status': {
        const existing = current()[ev.recipient.alertId];
        if (existing) write(upsertRecipient(existing, ev.recipient));
        break;
      }
      default:
        // Another feature's event: the alert cache does not change; the seq is applied here, the event handed on.
        forwarded.push(ev);
    }
    lastSeq = env.seq;
    applied.push(env.seq);
  }

  return { cache: alerts || lastSeq !== cache.lastSeq ? { ...cache, lastSeq, alerts: current() } : cache, applied, duplicates, cues, gap, forwarded };
}

export type SyncOutcome =
  /** The server sent a snapshot: the cache was replaced, buffered envelopes after headSeq applied on top. */
  | ({ kind: 'snapshot' } & ApplyResult)
  /** The server replayed what we missed (buffered during the sync): applied. */
  | ({ kind: 'replay' } & ApplyResult)
  /** The server's stream is behind what we applied (its data was reset): drop the cache and sync again from null. */
  | { kind: 'reset'; cache: StreamCache };

/**
 * Resolve a sync handshake. `buffered` holds every `stream` envelope received since the sync request was sent
 * (replayed ones come before the reply; live ones may interleave), in arrival order.
 */
export function resolveSync(cache: StreamCache, reply: SyncReply, buffered: readonly Envelope[]): SyncOutcome {
  if (reply.snapshot !== null) {
    const alerts: Record<number, Alert> = {};
    for (const a of reply.snapshot) alerts[a.id] = a;
    const base: StreamCache = { lastSeq: reply.headSeq, alerts, epoch: reply.epoch };
    return { kind: 'snapshot', ...applyEnvelopes(base, buffered, true) };
  }
  if (cache.lastSeq !== null && reply.headSeq < cache.lastSeq) {
    return { kind: 'reset', cache: EMPTY_CACHE };
  }
  return { kind: 'replay', ...applyEnvelopes(cache, buffered, true) };
}

// ---- views over the cache ----

/** Newest first. */
export function sortAlerts(alerts: Readonly<Record<number, Alert>>): Alert[] {
  return Object.values(alerts).sort((a, b) => b.raisedAt - a.raisedAt || b.id - a.id);
}

export function recipientOf(alert: Alert, centreId: number): RecipientStatus | undefined {
  return alert.recipients.find((r) => r.centreId === centreId);
}

/** For a township console: alerts addressed to its centre that nobody there has signed yet. */
export function isUnsigned(alert: Alert, centreId: number): boolean {
  const r = recipientOf(alert, centreId);
  return r !== undefined && !isSignedState(r.state);
}

export function countUnsigned(alerts: Readonly<Record<number, Alert>>, centreId: number): number {
  let n = 0;
  for (const a of Object.values(alerts)) if (isUnsigned(a, centreId)) n++;
  return n;
}

export interface AlertSummary {
  total: number;
  pending: number;
  delivered: number;
  /** Signed, answered ones included. */
  signed: number;
  answered: number;
  overdue: number;
}

export function summarize(alert: Alert): AlertSummary {
  const s: AlertSummary = { total: alert.recipients.length, pending: 0, delivered: 0, signed: 0, answered: 0, overdue: 0 };
  for (const r of alert.recipients) {
    s[r.state]++;
    if (r.state === 'answered') s.signed++;
    if (r.overdue && !isSignedState(r.state)) s.overdue++;
  }
  return s;
}

/** Keep at most `max` alerts (the newest) — bounds what a console persists locally. */
export function pruneCache(cache: StreamCache, max: number): StreamCache {
  const all = sortAlerts(cache.alerts);
  if (all.length <= max) return cache;
  const alerts: Record<number, Alert> = {};
  for (const a of all.slice(0, max)) alerts[a.id] = a;
  return { ...cache, alerts };
}
