import type { StateCreator } from 'zustand';
import type { Centre } from '../../protocol/index.ts';
import type { AppState } from '../store.ts';

export interface CentresSlice {
  /** The centre tree from GET /api/centres; null until loaded. */
  centres: Centre[] | null;
  setCentres(c: Centre[] | null): void;
}

export const createCentresSlice: StateCreator<AppState, [], [], CentresSlice> = (set) => ({
  centres: null,
  setCentres(centres) {
    set({ centres });
  },
});
