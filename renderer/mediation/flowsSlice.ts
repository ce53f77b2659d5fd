// The dispute flows the unit sees (the stream's snapshot plus `dispute.flow` events), keyed by dispute id.
import type { StateCreator } from 'zustand';
import type { DisputeFlow } from '../../protocol/index.ts';
import { upsertBy } from '../incidents/model.ts';
import type { AppState } from '../store.ts';

export type FlowMap = Readonly<Record<number, DisputeFlow>>;

export interface FlowsSlice {
  flows: FlowMap;
  upsertFlows(list: readonly DisputeFlow[]): void;
  /** The stream's snapshot; a newer copy already held is kept. */
  replaceFlows(list: readonly DisputeFlow[]): void;
  clearFlows(): void;
}

/** The higher version wins (the incidents' rule), keyed by the dispute's id. */
export const upsertFlows = (map: FlowMap, incoming: readonly DisputeFlow[]): FlowMap => upsertBy(map, incoming, (f) => f.disputeId);

export const createFlowsSlice: StateCreator<AppState, [], [], FlowsSlice> = (set, get) => ({
  flows: {},
  upsertFlows(list) {
    const next = upsertFlows(get().flows, list);
    if (next !== get().flows) set({ flows: next });
  },
  replaceFlows(list) {
    const held = get().flows;
    const next: Record<number, DisputeFlow> = {};
    for (const f of list) next[f.disputeId] = held[f.disputeId] && held[f.disputeId]!.version > f.version ? held[f.disputeId]! : f;
    set({ flows: next });
  },
  clearFlows() {
    set({ flows: {} });
  },
});
