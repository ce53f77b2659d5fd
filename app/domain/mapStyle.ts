// The default basemap, drawn from the centre's own data: pure builders of GeoJSON and the style JSON.
// Nothing here names a host outside the centre server: every URL is built from the origin the console used.
import type { AreaProps, BasemapInfo, BBoxArray, GridProps } from '../../protocol/map.ts';
import { MAP_SOURCES } from '../../protocol/map.ts';
import type { LonLat, Ring } from './geo.ts';

export interface Point { type: 'Point'; coordinates: LonLat }
export interface Polygon { type: 'Polygon'; coordinates: Ring[] }
export interface Feature<G, P> { type: 'Feature'; id: number; geometry: G; properties: P }
export interface FeatureCollection<G, P> { type: 'FeatureCollection'; features: Feature<G, P>[] }

/** Area-weighted centroid of a simple ring (falls back to the vertex mean for a degenerate ring). */
export function ringCentroid(ring: Ring): LonLat {
  let a = 0;
  let cx = 0;
  let cy = 0;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = ring[i] as LonLat;
    const [xj, yj] = ring[j] as LonLat;
    const f = xj * yi - xi * yj;
    a += f;
    cx += (xj + xi) * f;
    cy += (yj + yi) * f;
  }
  if (Math.abs(a) < 1e-18) {
    const sx = ring.reduce((s, p) => s + p[0], 0);
    const sy = ring.reduce((s, p) => s + p[1], 0);
    return [sx / Math.max(n, 1), sy / Math.max(n, 1)];
  }
  return [round7(cx / (3 * a)), round7(cy / (3 * a))];
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

export function bboxOfRings(rings: readonly Ring[]): BBoxArray | null {
  let [minLon, minLat, maxLon, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings)
    for (const [x, y] of ring) {
      if (x < minLon) minLon = x;
      if (y < minLat) minLat = y;
      if (x > maxLon) maxLon = x;
      if (y > maxLat) maxLat = y;
    }
  return Number.isFinite(minLon) ? [minLon, minLat, maxLon, maxLat] : null;
}

/** Reads the outer ring of a stored GeoJSON Polygon; null for anything else. */
export function outerRing(boundary: string | null): Ring | null {
  if (!boundary) return null;
  try {
    const g = JSON.parse(boundary) as { type?: string; coordinates?: unknown };
    if ((g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) return null;
    // The map draws one outline per area: a MultiPolygon's largest part (islands and holes are not drawn yet).
    const outer = g.type === 'Polygon' ? [g.coordinates[0]] : (g.coordinates as unknown[][]).map((p) => p?.[0]);
    const ring = outer.reduce<unknown>((best, r) => (Array.isArray(r) && (!Array.isArray(best) || r.length > best.length) ? r : best), null);
    if (!Array.isArray(ring) || ring.length < 3) return null;
    return ring.filter((p): p is LonLat => Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number');
  } catch {
    return null;
  }
}

/** Polygons and label points in one collection; the style picks them apart by geometry type. */
export function featuresWithLabels<P extends { id: number }>(items: readonly { props: P; ring: Ring }[]): FeatureCollection<Polygon | Point, P> {
  const features: Feature<Polygon | Point, P>[] = [];
  for (const { props, ring } of items) {
    const closed = ring.length && (ring[0]?.[0] !== ring[ring.length - 1]?.[0] || ring[0]?.[1] !== ring[ring.length - 1]?.[1]) ? [...ring, ring[0] as LonLat] : ring;
    features.push({ type: 'Feature', id: props.id, geometry: { type: 'Polygon', coordinates: [closed] }, properties: props });
  }
  for (const { props, ring } of items) features.push({ type: 'Feature', id: props.id, geometry: { type: 'Point', coordinates: ringCentroid(ring) }, properties: props });
  return { type: 'FeatureCollection', features };
}

export type AreaCollection = FeatureCollection<Polygon | Point, AreaProps>;
export type GridCollection = FeatureCollection<Polygon | Point, GridProps>;

/** The CJK font installed from Debian (fonts-noto-cjk) and the usual Windows/macOS ones; glyphs are drawn locally by the browser. */
export const MAP_FONT_STACK = ['Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'WenQuanYi Micro Hei'];

export interface StyleInput {
  /** The origin the console reached the server on, e.g. http://127.0.0.1:8620 */
  origin: string;
  basemap: BasemapInfo & { minzoom?: number; maxzoom?: number; tileSize?: number; vectorLayers?: readonly string[] };
  /** Bumped when boundaries change, so caches do not keep old data. */
  version: string;
}

type Json = Record<string, unknown>;

/** A label that collides may move to a side of its point before it is dropped. */
const MOVE_ASIDE = { 'text-variable-anchor': ['center', 'top', 'bottom', 'left', 'right'], 'text-radial-offset': 0.6 };

/** Muted colours for the dark console. */
export const MAP_COLOURS = {
  background: '#0e141b',
  countyFill: '#121c26',
  countyLine: '#6fa8dc',
  townshipLine: '#4f7ea8',
  villageLine: '#33506b',
  gridLine: '#27384a',
  gridHover: '#3d6f99',
  label: '#c9d6e3',
  labelHalo: '#0e141b',
} as const;

/** The style JSON: background, optional basemap, then the area and grid layers with labels. */
export function buildStyle({ origin, basemap, version }: StyleInput): Json {
  const api = `${origin}/api/map`;
  const sources: Json = {
    [MAP_SOURCES.areas]: { type: 'geojson', data: `${api}/areas.geojson?v=${version}`, promoteId: 'id', attribution: '' },
    [MAP_SOURCES.grids]: { type: 'geojson', data: `${api}/grids.geojson?v=${version}`, promoteId: 'id' },
  };
  const layers: Json[] = [{ id: 'zz-background', type: 'background', paint: { 'background-color': MAP_COLOURS.background } }];

  if (basemap.kind !== 'none' && basemap.tileType) {
    const tiles = [`${api}/basemap/{z}/{x}/{y}`];
    const common = { tiles, minzoom: basemap.minzoom ?? 0, maxzoom: basemap.maxzoom ?? 18, attribution: basemap.attribution };
    if (basemap.tileType === 'raster') {
      sources[MAP_SOURCES.basemap] = { type: 'raster', tileSize: basemap.tileSize ?? 256, ...common };
      layers.push({ id: 'zz-basemap', type: 'raster', source: MAP_SOURCES.basemap, paint: { 'raster-opacity': 0.85, 'raster-saturation': -0.4, 'raster-brightness-max': 0.75 } });
    } else {
      sources[MAP_SOURCES.basemap] = { type: 'vector', ...common };
      for (const layer of basemap.vectorLayers ?? []) {
        const base = { source: MAP_SOURCES.basemap, 'source-layer': layer };
        layers.push({ id: `zz-basemap-${layer}-fill`, type: 'fill', ...base, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#16222e', 'fill-opacity': 0.6 } });
        layers.push({ id: `zz-basemap-${layer}-line`, type: 'line', ...base, filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': '#2b3d4f', 'line-width': 0.8 } });
        layers.push({
          id: `zz-basemap-${layer}-label`, type: 'symbol', ...base, filter: ['==', ['geometry-type'], 'Point'],
          layout: { 'text-field': ['coalesce', ['get', 'name:zh'], ['get', 'name']], 'text-font': MAP_FONT_STACK, 'text-size': 11 },
          paint: { 'text-color': '#7f93a8', 'text-halo-color': MAP_COLOURS.labelHalo, 'text-halo-width': 1 },
        });
      }
    }
  }

  const areas = MAP_SOURCES.areas;
  const grids = MAP_SOURCES.grids;
  const poly = ['==', ['geometry-type'], 'Polygon'];
  const point = ['==', ['geometry-type'], 'Point'];
  const level = (l: string) => ['==', ['get', 'level'], l];
  const labelPaint = { 'text-color': MAP_COLOURS.label, 'text-halo-color': MAP_COLOURS.labelHalo, 'text-halo-width': 1.2 };
  layers.push(
    { id: 'zz-county-fill', type: 'fill', source: areas, filter: ['all', poly, level('county')], paint: { 'fill-color': MAP_COLOURS.countyFill, 'fill-opacity': basemap.kind === 'none' ? 1 : 0.15 } },
    {
      id: 'zz-grid-fill', type: 'fill', source: grids, minzoom: 11, filter: poly,
      paint: { 'fill-color': MAP_COLOURS.gridHover, 'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.35, 0.02] },
    },
    { id: 'zz-grid-line', type: 'line', source: grids, minzoom: 11, filter: poly, paint: { 'line-color': MAP_COLOURS.gridLine, 'line-width': 0.6 } },
    { id: 'zz-village-line', type: 'line', source: areas, minzoom: 9, filter: ['all', poly, level('village')], paint: { 'line-color': MAP_COLOURS.villageLine, 'line-width': 1 } },
    { id: 'zz-township-line', type: 'line', source: areas, filter: ['all', poly, level('township')], paint: { 'line-color': MAP_COLOURS.townshipLine, 'line-width': 1.6 } },
    { id: 'zz-county-line', type: 'line', source: areas, filter: ['all', poly, level('county')], paint: { 'line-color': MAP_COLOURS.countyLine, 'line-width': 2.4 } },
    {
      id: 'zz-grid-label', type: 'symbol', source: grids, minzoom: 13.5, filter: point,
      layout: { 'text-field': ['get', 'name'], 'text-font': MAP_FONT_STACK, 'text-size': 10 },
      paint: { ...labelPaint, 'text-color': '#8ea3b8' },
    },
    {
      id: 'zz-village-label', type: 'symbol', source: areas, minzoom: 11, filter: ['all', point, level('village')],
      layout: { 'text-field': ['get', 'name'], 'text-font': MAP_FONT_STACK, 'text-size': 11, 'text-padding': 1, ...MOVE_ASIDE },
      paint: labelPaint,
    },
    {
      id: 'zz-township-label', type: 'symbol', source: areas, maxzoom: 12.5, filter: ['all', point, level('township')],
      layout: { 'text-field': ['get', 'name'], 'text-font': MAP_FONT_STACK, 'text-size': 14, 'text-letter-spacing': 0.1, ...MOVE_ASIDE },
      paint: { ...labelPaint, 'text-color': '#e1ebf5', 'text-halo-width': 1.6 },
    },
  );

  return {
    version: 8,
    name: '综治指挥台 · 本地底图',
    metadata: { 'zz:version': version },
    sources,
    layers,
  };
}
