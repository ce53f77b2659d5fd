// The dispute cache (the stream's snapshot plus `dispute.updated` events) and the selected case.
import type { StateCreator } from 'zustand';
import type { Dispute } from '../../protocol/index.ts';
import type { AppState } from '../store.ts';
import { upsertDisputes, type DisputeMap } from './model.ts';

export interface DisputesSlice {
  disputes: DisputeMap;
  selectedDispute: number | null;
  /** A grid report the window form should start from (set by 登记为矛盾纠纷 on the incident). */
  disputeDraft: { incidentId: number } | null;
  setDisputeDraft(d: { incidentId: number } | null): void;
  upsertDisputes(list: readonly Dispute[]): void;
  /** The stream's snapshot; a newer copy already held is kept. */
  replaceDisputes(list: readonly Dispute[]): void;
  selectDispute(id: number | null): void;
  clearDisputes(): void;
}

export const createDisputesSlice: StateCreator<AppState, [], [], DisputesSlice> = (set, get) => ({
  disputes: {},
  selectedDispute: null,
  disputeDraft: null,
  setDisputeDraft(disputeDraft) {
    set({ disputeDraft });
  },
  upsertDisputes(list) {
    const next = upsertDisputes(get().disputes, list);
    if (next !== get().disputes) set({ disputes: next });
  },
  replaceDisputes(list) {
    const held = get().disputes;
    const next: Record<number, Dispute> = {};
    for (const d of list) next[d.id] = held[d.id] && held[d.id]!.version > d.version ? held[d.id]! : d;
    set({ disputes: next });
  },
  selectDispute(selectedDispute) {
    set({ selectedDispute });
  },
  clearDisputes() {
    set({ disputes: {}, selectedDispute: null, disputeDraft: null });
  },
});
