// The unit's duty desk as the stream gives it: shifts, duty phone, rosters around today, handovers and the duty log.
import type { StateCreator } from 'zustand';
import type { DutyLogEntry, DutyState, Handover, RosterDay } from '../../protocol/index.ts';
import type { AppState } from '../store.ts';

export interface DutySlice {
  duty: DutyState | null;
  setDuty(d: DutyState): void;
  applyRoster(r: RosterDay, dutyPhone: string | null): void;
  applyHandover(h: Handover): void;
  applyDutyLog(e: DutyLogEntry): void;
  clearDuty(): void;
  /** An alert or order to show in the history view (from the search box or a link). */
  historyOpen: { kind: 'alert' | 'order'; id: number } | null;
  openHistory(item: { kind: 'alert' | 'order'; id: number } | null): void;
}

export const createDutySlice: StateCreator<AppState, [], [], DutySlice> = (set, get) => ({
  duty: null,
  setDuty(duty) {
    set({ duty });
  },
  applyRoster(r, dutyPhone) {
    const d = get().duty;
    if (!d) return;
    const rosters = [...d.rosters.filter((x) => x.day !== r.day), r].sort((a, b) => a.day.localeCompare(b.day));
    set({ duty: { ...d, rosters, dutyPhone } });
  },
  applyHandover(h) {
    const d = get().duty;
    if (!d) return;
    // a newer copy (accepted) replaces the handed-over one, never the other way round
    const old = d.handovers.find((x) => x.id === h.id);
    if (old && old.acceptedAt !== null && h.acceptedAt === null) return;
    const handovers = [h, ...d.handovers.filter((x) => x.id !== h.id)].sort((a, b) => b.handedAt - a.handedAt);
    set({ duty: { ...d, handovers } });
  },
  applyDutyLog(e) {
    const d = get().duty;
    if (!d || d.log.some((x) => x.id === e.id)) return;
    set({ duty: { ...d, log: [e, ...d.log].sort((a, b) => b.at - a.at || b.id - a.id) } });
  },
  clearDuty() {
    set({ duty: null, historyOpen: null });
  },
  historyOpen: null,
  openHistory(historyOpen) {
    set({ historyOpen });
  },
});
