// The alert cache (built from the centre's stream) plus local UI state about it. Actions are called from socket handlers.
import type { StateCreator } from 'zustand';
import type { Alert, Envelope, RecipientStatus, SyncReply } from '../../protocol/index.ts';
import type { AppState } from '../store.ts';
import {
  EMPTY_CACHE,
  applyEnvelopes,
  mergeAlert,
  resolveSync,
  upsertRecipient,
  type ApplyResult,
  type Cue,
  type StreamCache,
  type SyncOutcome,
} from './stream.ts';

export interface AlertsSlice {
  stream: StreamCache;
  /** Alerts cued as new on this console and not yet looked at or signed (UI only; never persisted). */
  fresh: Readonly<Record<number, number>>;
  /** Alerts that got an overdue reminder: alertId → rung at the last reminder (UI only). */
  reminders: Readonly<Record<number, number>>;
  /** Bumped on every cue, so views can restart their flash animation. */
  cueTick: number;

  loadStream(cache: StreamCache): void;
  applyLive(envelopes: readonly Envelope[]): ApplyResult;
  applySync(reply: SyncReply, buffered: readonly Envelope[]): SyncOutcome;
  /** Merge a recipient status from a request reply (e.g. our own 签收) — not from the stream, so lastSeq is unchanged. */
  mergeRecipientLocal(r: RecipientStatus): void;
  upsertAlertLocal(a: Alert): void;
  markSeen(alertId: number): void;
  clearAlerts(): void;
}

function withCues(state: AppState, cues: readonly Cue[]): Partial<AppState> {
  if (cues.length === 0) return {};
  const fresh = { ...state.fresh };
  const reminders = { ...state.reminders };
  const now = Date.now();
  for (const c of cues) {
    if (c.kind === 'new') fresh[c.alertId] = now;
    else reminders[c.alertId] = c.rung;
  }
  return { fresh, reminders, cueTick: state.cueTick + 1 };
}

export const createAlertsSlice: StateCreator<AppState, [], [], AlertsSlice> = (set, get) => ({
  stream: EMPTY_CACHE,
  fresh: {},
  reminders: {},
  cueTick: 0,

  loadStream(cache) {
    set({ stream: cache, fresh: {}, reminders: {} });
  },

  applyLive(envelopes) {
    const state = get();
    const r = applyEnvelopes(state.stream, envelopes);
    if (r.cache !== state.stream || r.cues.length) set({ stream: r.cache, ...withCues(state, r.cues) });
    return r;
  },

  applySync(reply, buffered) {
    const state = get();
    const out = resolveSync(state.stream, reply, buffered);
    if (out.kind === 'reset') {
      set({ stream: out.cache, fresh: {}, reminders: {} });
    } else if (out.kind === 'snapshot') {
      // A snapshot is the truth: forget cues of alerts it does not hold; its own items are never cued.
      const keep = <V,>(m: Readonly<Record<number, V>>): Record<number, V> =>
        Object.fromEntries(Object.entries(m).filter(([id]) => Number(id) in out.cache.alerts)) as Record<number, V>;
      const base = { ...state, fresh: keep(state.fresh), reminders: keep(state.reminders) };
      set({ stream: out.cache, fresh: base.fresh, reminders: base.reminders, ...withCues(base, out.cues) });
    } else if (out.cache !== state.stream || out.cues.length) {
      set({ stream: out.cache, ...withCues(state, out.cues) });
    }
    return out;
  },

  mergeRecipientLocal(r) {
    const { stream } = get();
    const a = stream.alerts[r.alertId];
    if (!a) return;
    set({ stream: { ...stream, alerts: { ...stream.alerts, [a.id]: upsertRecipient(a, r) } } });
  },

  upsertAlertLocal(a) {
    const { stream } = get();
    set({ stream: { ...stream, alerts: { ...stream.alerts, [a.id]: mergeAlert(stream.alerts[a.id], a) } } });
  },

  markSeen(alertId) {
    const { fresh } = get();
    if (!(alertId in fresh)) return;
    const next = { ...fresh };
    delete next[alertId];
    set({ fresh: next });
  },

  clearAlerts() {
    set({ stream: EMPTY_CACHE, fresh: {}, reminders: {} });
  },
});
