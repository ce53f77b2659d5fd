// The incident cache (from GET /api/incidents plus `incident.updated` stream events) and the list's local UI state.
import type { StateCreator } from 'zustand';
import type { Category, Incident } from '../../protocol/index.ts';
import type { AppState } from '../store.ts';
import { DEFAULT_FILTERS, upsert, type IncidentFilters, type IncidentMap } from './model.ts';

export interface IncidentsSlice {
  incidents: IncidentMap;
  categories: Category[];
  incidentFilters: IncidentFilters;
  selectedIncident: number | null;
  upsertIncidents(list: readonly Incident[]): void;
  /** The stream's snapshot: the newest cases of the area; a newer copy already held is kept. */
  replaceIncidents(list: readonly Incident[]): void;
  setCategories(c: Category[]): void;
  setIncidentFilters(f: Partial<IncidentFilters>): void;
  selectIncident(id: number | null): void;
  clearIncidents(): void;
}

export const createIncidentsSlice: StateCreator<AppState, [], [], IncidentsSlice> = (set, get) => ({
  incidents: {},
  categories: [],
  incidentFilters: DEFAULT_FILTERS,
  selectedIncident: null,
  upsertIncidents(list) {
    const next = upsert(get().incidents, list);
    if (next !== get().incidents) set({ incidents: next });
  },
  replaceIncidents(list) {
    const held = get().incidents;
    const next: Record<number, Incident> = {};
    for (const i of list) next[i.id] = held[i.id] && held[i.id]!.version > i.version ? held[i.id]! : i;
    set({ incidents: next });
  },
  setCategories(categories) {
    set({ categories });
  },
  setIncidentFilters(f) {
    set({ incidentFilters: { ...get().incidentFilters, ...f } });
  },
  selectIncident(selectedIncident) {
    set({ selectedIncident });
  },
  clearIncidents() {
    set({ incidents: {}, selectedIncident: null });
  },
});
