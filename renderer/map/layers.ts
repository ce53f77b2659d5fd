// The console's live layers on top of the server's basemap style: incidents (clustered, or a heatmap), cameras,
// the selection and the drawn shape. Pure specs, so they can be checked without a map.
import type { CameraStatus } from '../../protocol/video.ts';

export const SRC = {
  incidents: 'zz-incidents',
  /** Live changes not yet in the clustered source: a small unclustered overlay drawn in the same frame. */
  hot: 'zz-incidents-hot',
  cameras: 'zz-cameras',
  selection: 'zz-selection',
  draw: 'zz-draw',
} as const;

/** Layer ids by toggle group; the toggles show and hide whole groups. */
export const LAYER_GROUPS = {
  boundaries: ['zz-county-fill', 'zz-county-line', 'zz-township-line', 'zz-village-line', 'zz-township-label', 'zz-village-label'],
  grids: ['zz-grid-fill', 'zz-grid-line', 'zz-grid-label'],
  incidents: ['zz-inc-cluster', 'zz-inc-cluster-count', 'zz-inc-new', 'zz-inc-point', 'zz-inc-hot-new', 'zz-inc-hot-point'],
  heatmap: ['zz-inc-heat'],
  cameras: ['zz-cam'],
} as const;
export type LayerGroup = keyof typeof LAYER_GROUPS;
export const TOGGLE_GROUPS = ['boundaries', 'grids', 'incidents', 'cameras'] as const;
export type ToggleGroup = (typeof TOGGLE_GROUPS)[number];

/** Priority colours (simple, general, complex), closed, and the markers. */
export const INCIDENT_COLOURS = {
  simple: '#4aa3df',
  general: '#e0a33a',
  complex: '#e5534b',
  closed: '#5c6b7a',
  overdue: '#ff453a',
  fresh: '#ffffff',
  cluster: '#3b6e96',
} as const;

export const CAMERA_COLOURS: Record<CameraStatus, string> = {
  online: '#3fb950',
  offline: '#8b949e',
  error: '#f85149',
  unknown: '#d29922',
};

export const CLUSTER_OPTIONS = {
  cluster: true,
  clusterRadius: 48,
  clusterMaxZoom: 14,
  // Per cluster: how many of its incidents are overdue, new, or complex — the cluster is marked when any is.
  clusterProperties: {
    o: ['+', ['get', 'o']],
    n: ['+', ['get', 'n']],
    hp: ['max', ['get', 'p']],
  },
} as const;

type Layer = Record<string, unknown> & { id: string; type: string; source: string };

const priorityColour = [
  'case',
  ['==', ['get', 'c'], 1], INCIDENT_COLOURS.closed,
  ['match', ['get', 'p'], 2, INCIDENT_COLOURS.complex, 1, INCIDENT_COLOURS.general, INCIDENT_COLOURS.simple],
];

export function incidentLayers(): Layer[] {
  const src = SRC.incidents;
  const clustered = ['has', 'point_count'];
  const single = ['!', ['has', 'point_count']];
  return [
    {
      id: 'zz-inc-heat', type: 'heatmap', source: src, maxzoom: 17,
      layout: { visibility: 'none' },
      paint: {
        // A cluster stands for its points: weigh it by (the log of) its count so density survives clustering.
        'heatmap-weight': ['case', ['has', 'point_count'], ['min', 6, ['ln', ['+', 1, ['get', 'point_count']]]], 0.6],
        'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 8, 0.6, 14, 1.6],
        'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 8, 14, 14, 32],
        'heatmap-color': [
          'interpolate', ['linear'], ['heatmap-density'],
          0, 'rgba(20,40,60,0)', 0.2, '#1f4e79', 0.4, '#2f7d6d', 0.6, '#c9a227', 0.8, '#e0742f', 1, '#e5534b',
        ],
        'heatmap-opacity': 0.85,
      },
    },
    {
      id: 'zz-inc-cluster', type: 'circle', source: src, filter: clustered,
      paint: {
        'circle-color': INCIDENT_COLOURS.cluster,
        'circle-radius': ['step', ['get', 'point_count'], 13, 20, 16, 100, 20, 1000, 25, 10000, 31],
        'circle-opacity': 0.88,
        'circle-stroke-color': ['case', ['>', ['get', 'o'], 0], INCIDENT_COLOURS.overdue, ['>', ['get', 'n'], 0], INCIDENT_COLOURS.fresh, '#9cc3e6'],
        'circle-stroke-width': ['case', ['>', ['get', 'o'], 0], 2.5, ['>', ['get', 'n'], 0], 2, 1],
      },
    },
    {
      id: 'zz-inc-cluster-count', type: 'symbol', source: src, filter: clustered,
      layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-size': 11, 'text-font': ['Noto Sans CJK SC'], 'text-allow-overlap': true },
      paint: { 'text-color': '#f0f6fc' },
    },
    ...pointLayers(src, 'zz-inc', single),
    ...pointLayers(SRC.hot, 'zz-inc-hot', null),
  ];
}

/** Single incidents: a dot in the priority colour (muted when closed), a red ring when overdue, a white halo when new. */
function pointLayers(source: string, prefix: string, filter: unknown[] | null): Layer[] {
  const isNew = ['==', ['get', 'n'], 1];
  return [
    {
      id: `${prefix}-new`, type: 'circle', source, filter: filter ? ['all', filter, isNew] : isNew,
      paint: { 'circle-radius': 11, 'circle-color': INCIDENT_COLOURS.fresh, 'circle-opacity': 0.22, 'circle-stroke-color': INCIDENT_COLOURS.fresh, 'circle-stroke-width': 1, 'circle-stroke-opacity': 0.7 },
    },
    {
      id: `${prefix}-point`, type: 'circle', source, ...(filter ? { filter } : {}),
      paint: {
        'circle-color': priorityColour,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 4, 15, 7],
        'circle-stroke-color': ['case', ['==', ['get', 'o'], 1], INCIDENT_COLOURS.overdue, '#0e141b'],
        'circle-stroke-width': ['case', ['==', ['get', 'o'], 1], 2.5, 1],
      },
    },
  ];
}

export function cameraLayers(): Layer[] {
  return [
    {
      id: 'zz-cam', type: 'symbol', source: SRC.cameras,
      layout: {
        'icon-image': ['concat', 'zz-cam-', ['get', 'st']],
        'icon-size': ['interpolate', ['linear'], ['zoom'], 9, 0.6, 15, 1],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
    },
  ];
}

export function selectionLayers(): Layer[] {
  return [
    {
      id: 'zz-sel-range', type: 'fill', source: SRC.selection, filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': '#58a6ff', 'fill-opacity': 0.06 },
    },
    {
      id: 'zz-sel-range-line', type: 'line', source: SRC.selection, filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'line-color': '#58a6ff', 'line-width': 1, 'line-dasharray': [3, 2] },
    },
    {
      id: 'zz-sel-point', type: 'circle', source: SRC.selection, filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 13, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#58a6ff', 'circle-stroke-width': 2.5 },
    },
    {
      id: 'zz-draw-fill', type: 'fill', source: SRC.draw, filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': '#d2a8ff', 'fill-opacity': 0.1 },
    },
    {
      id: 'zz-draw-line', type: 'line', source: SRC.draw, filter: ['!=', ['geometry-type'], 'Point'],
      paint: { 'line-color': '#d2a8ff', 'line-width': 2 },
    },
    {
      id: 'zz-draw-vertex', type: 'circle', source: SRC.draw, filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 4, 'circle-color': '#d2a8ff' },
    },
  ];
}

/** A camera marker: a small rounded body with a lens, in the status colour (drawn on a canvas: no sprite download). */
export function drawCameraIcon(colour: string, size = 22): ImageData | null {
  if (typeof document === 'undefined') return null;
  const ratio = 2;
  const c = document.createElement('canvas');
  c.width = c.height = size * ratio;
  const g = c.getContext('2d');
  if (!g) return null;
  g.scale(ratio, ratio);
  g.fillStyle = '#0e141b';
  g.strokeStyle = colour;
  g.lineWidth = 1.5;
  g.beginPath();
  g.roundRect(2, 5, size - 8, size - 10, 3);
  g.fill();
  g.stroke();
  g.fillStyle = colour;
  g.beginPath();
  g.moveTo(size - 6, size / 2 - 3);
  g.lineTo(size - 2, size / 2 - 5);
  g.lineTo(size - 2, size / 2 + 5);
  g.lineTo(size - 6, size / 2 + 3);
  g.closePath();
  g.fill();
  g.beginPath();
  g.arc((size - 6) / 2 + 1, size / 2, 3.2, 0, Math.PI * 2);
  g.fill();
  return g.getImageData(0, 0, size * ratio, size * ratio);
}
