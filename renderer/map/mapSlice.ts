// The map's UI state (the data itself lives in the controller's feature index, outside React: 100,000 incidents
// must not be copied into the store on every change). Actions are callable from socket handlers.
import type { StateCreator } from 'zustand';
import type { Shape } from './geo.ts';
import type { TimeWindow } from './incidentIndex.ts';
import type { ToggleGroup } from './layers.ts';

export type MapSelection = { kind: 'incident' | 'camera'; id: number } | null;
export type MapDrawMode = 'none' | 'circle' | 'polygon';

export interface MapSlice {
  mapLayers: Record<ToggleGroup, boolean>;
  mapWindow: TimeWindow;
  mapHeatmap: boolean;
  /** Only incidents of this category (set from 统计研判's heat-map link); null: all. */
  mapCategory: string | null;
  /** Fly to new high-level alerts' areas and to new complex incidents. */
  mapFollow: boolean;
  mapSelected: MapSelection;
  mapDrawMode: MapDrawMode;
  mapDrawn: Shape | null;
  mapCounts: { known: number; shown: number };
  /** Bumped when incidents or cameras change, so panels that read the controller re-render. */
  mapDataTick: number;

  setMapLayer(group: ToggleGroup, on: boolean): void;
  setMapWindow(w: TimeWindow): void;
  setMapHeatmap(on: boolean): void;
  setMapCategory(category: string | null): void;
  setMapFollow(on: boolean): void;
  selectOnMap(sel: MapSelection): void;
  setMapDrawMode(mode: MapDrawMode): void;
  setMapDrawn(shape: Shape | null): void;
  setMapCounts(c: { known: number; shown: number }): void;
  bumpMapData(): void;
}

export const DEFAULT_MAP_LAYERS: Record<ToggleGroup, boolean> = { boundaries: true, grids: true, incidents: true, cameras: true };

export const createMapSlice: StateCreator<MapSlice, [], [], MapSlice> = (set) => ({
  mapLayers: DEFAULT_MAP_LAYERS,
  mapWindow: '7d',
  mapHeatmap: false,
  mapCategory: null,
  mapFollow: true,
  mapSelected: null,
  mapDrawMode: 'none',
  mapDrawn: null,
  mapCounts: { known: 0, shown: 0 },
  mapDataTick: 0,

  setMapLayer: (group, on) => set((s) => ({ mapLayers: { ...s.mapLayers, [group]: on } })),
  setMapWindow: (mapWindow) => set({ mapWindow }),
  setMapHeatmap: (mapHeatmap) => set({ mapHeatmap }),
  setMapCategory: (mapCategory) => set({ mapCategory }),
  setMapFollow: (mapFollow) => set({ mapFollow }),
  selectOnMap: (mapSelected) => set({ mapSelected }),
  setMapDrawMode: (mapDrawMode) => set({ mapDrawMode }),
  setMapDrawn: (mapDrawn) => set({ mapDrawn, mapDrawMode: 'none' }),
  setMapCounts: (mapCounts) => set({ mapCounts }),
  bumpMapData: () => set((s) => ({ mapDataTick: s.mapDataTick + 1 })),
});
