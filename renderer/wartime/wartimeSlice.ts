// Wartime state on this console: a cache of the server's (built from the `wartime:state` snapshot and forwarded stream
// events, see model.ts) plus UI cues. Actions are called from socket handlers (live.ts) and request replies (actions.ts).
import type { StateCreator } from 'zustand';
import type { DailyAnalysis, DailyReport, Order, OrderRecipient, Presence, Risk, StreamEvent, WartimeSnapshot, WartimeState } from '../../protocol/index.ts';
import type { AppState } from '../store.ts';
import {
  EMPTY_WARTIME, applyEvent, applyPresence, applySnapshot, replacePresence, mergeOrder, upsertOrderRecipient, type WartimeCache, type WartimeCue,
} from './model.ts';

export interface WartimeSlice {
  wartime: WartimeCache;
  /** True once the stream's first snapshot was applied. */
  wartimeReady: boolean;
  applyWartimeSnapshot(s: WartimeSnapshot): void;
  applyWartimeEvent(ev: StreamEvent, centreId: number): WartimeCue | null;
  applyPresence(p: Presence): void;
  replacePresence(list: readonly Presence[]): void;
  wartimeLocal(change: { state?: WartimeState; order?: Order; recipient?: OrderRecipient; report?: DailyReport; analysis?: DailyAnalysis; risk?: Risk }): void;
  markOrderSeen(orderId: number): void;
  clearWartime(): void;
}

export const createWartimeSlice: StateCreator<AppState, [], [], WartimeSlice> = (set, get) => ({
  wartime: EMPTY_WARTIME,
  wartimeReady: false,

  applyWartimeSnapshot(s) {
    set({ wartime: applySnapshot(get().wartime, s), wartimeReady: true });
  },

  applyWartimeEvent(ev, centreId) {
    const r = applyEvent(get().wartime, ev, centreId, Date.now());
    if (r.cache !== get().wartime) set({ wartime: r.cache });
    return r.cue;
  },

  applyPresence(p) {
    set({ wartime: applyPresence(get().wartime, p) });
  },

  replacePresence(list) {
    set({ wartime: replacePresence(get().wartime, list) });
  },

  wartimeLocal(change) {
    let w = get().wartime;
    if (change.state && (!w.state || change.state.rev >= w.state.rev)) w = { ...w, state: change.state };
    if (change.order) w = { ...w, orders: { ...w.orders, [change.order.id]: mergeOrder(w.orders[change.order.id], change.order) } };
    if (change.recipient) {
      const o = w.orders[change.recipient.orderId];
      if (o) w = { ...w, orders: { ...w.orders, [o.id]: upsertOrderRecipient(o, change.recipient) } };
    }
    if (change.report) w = { ...w, reports: { ...w.reports, [change.report.centreId]: change.report } };
    if (change.analysis) w = { ...w, analysis: change.analysis };
    if (change.risk) w = { ...w, risks: { ...w.risks, [change.risk.id]: change.risk } };
    set({ wartime: w });
  },

  markOrderSeen(orderId) {
    const w = get().wartime;
    if (!(orderId in w.fresh) && !(orderId in w.reminders)) return;
    const fresh = { ...w.fresh };
    const reminders = { ...w.reminders };
    delete fresh[orderId];
    delete reminders[orderId];
    set({ wartime: { ...w, fresh, reminders } });
  },

  clearWartime() {
    set({ wartime: EMPTY_WARTIME, wartimeReady: false });
  },
});
