// The alert cache (built from the unit's stream: renderer/stream/) plus local UI state about it. Actions are called from
// the stream's handlers (live.ts) and request replies (actions.ts).
import type { StateCreator } from 'zustand';
import type { Alert, RecipientStatus } from '../../protocol/index.ts';
import type { AppState } from '../store.ts';
import { applyAlertEvent, applyAlertSnapshot, mergeAlert, upsertRecipient, type AlertEvent, type AlertMap, type Cue } from './model.ts';

export interface AlertsSlice {
  alerts: AlertMap;
  /** Alerts cued as new on this console and not yet looked at or signed (UI only; never persisted). */
  fresh: Readonly<Record<number, number>>;
  /** Alerts that got an overdue reminder: alertId → rung at the last reminder (UI only). */
  reminders: Readonly<Record<number, number>>;
  /** Bumped on every cue, so views can restart their flash animation. */
  cueTick: number;

  /** The stream's snapshot: replaces the cache; cues of alerts it does not hold are forgotten. */
  applyAlertSnapshot(alerts: readonly Alert[]): void;
  /** An alert event from the stream (applied, or only news); returns what to tell the user. */
  applyAlertEvent(ev: AlertEvent, centreId: number, newsOnly: boolean): Cue | null;
  /** Merge a recipient status from a request reply (e.g. our own 签收) — not from the stream. */
  mergeRecipientLocal(r: RecipientStatus): void;
  upsertAlertLocal(a: Alert): void;
  markSeen(alertId: number): void;
  clearAlerts(): void;
}

function withCue(state: AppState, cue: Cue | null): Partial<AppState> {
  if (!cue) return {};
  if (cue.kind === 'new') return { fresh: { ...state.fresh, [cue.alertId]: Date.now() }, cueTick: state.cueTick + 1 };
  return { reminders: { ...state.reminders, [cue.alertId]: cue.rung }, cueTick: state.cueTick + 1 };
}

export const createAlertsSlice: StateCreator<AppState, [], [], AlertsSlice> = (set, get) => ({
  alerts: {},
  fresh: {},
  reminders: {},
  cueTick: 0,

  applyAlertSnapshot(list) {
    const alerts = applyAlertSnapshot(get().alerts, list);
    const keep = <V,>(m: Readonly<Record<number, V>>): Record<number, V> =>
      Object.fromEntries(Object.entries(m).filter(([id]) => Number(id) in alerts)) as Record<number, V>;
    set({ alerts, fresh: keep(get().fresh), reminders: keep(get().reminders) });
  },

  applyAlertEvent(ev, centreId, newsOnly) {
    const state = get();
    const r = applyAlertEvent(state.alerts, ev, centreId, newsOnly);
    if (r.alerts !== state.alerts || r.cue) set({ alerts: r.alerts, ...withCue(state, r.cue) });
    return r.cue;
  },

  mergeRecipientLocal(r) {
    const { alerts } = get();
    const a = alerts[r.alertId];
    if (!a) return;
    set({ alerts: { ...alerts, [a.id]: upsertRecipient(a, r) } });
  },

  upsertAlertLocal(a) {
    const { alerts } = get();
    set({ alerts: { ...alerts, [a.id]: mergeAlert(alerts[a.id], a) } });
  },

  markSeen(alertId) {
    const { fresh } = get();
    if (!(alertId in fresh)) return;
    const next = { ...fresh };
    delete next[alertId];
    set({ fresh: next });
  },

  clearAlerts() {
    set({ alerts: {}, fresh: {}, reminders: {} });
  },
});
