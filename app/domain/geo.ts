// Geometry on plain numbers: which grid a point is in, distances, and coordinate systems (stored as WGS-84).
import gcoord from 'gcoord';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';

export type LonLat = [number, number];
export type Ring = LonLat[];
export interface BBox { minLon: number; minLat: number; maxLon: number; maxLat: number }

/** GCJ-02 (高德/腾讯) and BD-09 (百度) to WGS-84, with gcoord's iterative inverse. */
export function toWgs84(lon: number, lat: number, crs: 'wgs84' | 'gcj02' | 'bd09'): LonLat {
  if (crs === 'wgs84') return [lon, lat];
  const [x, y] = gcoord.transform([lon, lat], crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09, gcoord.WGS84) as [number, number];
  return [x, y];
}

export function bboxOf(ring: Ring): BBox {
  let [minLon, minLat, maxLon, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    minLon = Math.min(minLon, x);
    minLat = Math.min(minLat, y);
    maxLon = Math.max(maxLon, x);
    maxLat = Math.max(maxLat, y);
  }
  return { minLon, minLat, maxLon, maxLat };
}

export interface GridShape { id: number; villageId: number; bbox: BBox; area: Polygon | MultiPolygon }

/** A stored grid boundary (Polygon or MultiPolygon, holes included) ready for locateGrid. */
export function gridShape(id: number, villageId: number, area: Polygon | MultiPolygon): GridShape {
  const outer = area.type === 'Polygon' ? [area.coordinates[0] ?? []] : area.coordinates.map((p) => p[0] ?? []);
  return { id, villageId, area, bbox: bboxOf(outer.flat() as Ring) };
}

/** The grid containing the point (turf: holes and MultiPolygons), with a bounding-box test first. */
export function locateGrid(p: LonLat, grids: readonly GridShape[]): GridShape | null {
  for (const g of grids) {
    const b = g.bbox;
    if (p[0] < b.minLon || p[0] > b.maxLon || p[1] < b.minLat || p[1] > b.maxLat) continue;
    if (booleanPointInPolygon(p, g.area)) return g;
  }
  return null;
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres. */
export function haversineM([lon1, lat1]: LonLat, [lon2, lat2]: LonLat): number {
  const a = Math.sin(rad(lat2 - lat1) / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lon2 - lon1) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(a));
}

/** A box around a point that contains every point within `metres` of it (for an index query before the exact test). */
export function bboxAround([lon, lat]: LonLat, metres: number): BBox {
  const dLat = (metres / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLon = dLat / Math.max(Math.cos(rad(lat)), 1e-6);
  return { minLon: lon - dLon, minLat: lat - dLat, maxLon: lon + dLon, maxLat: lat + dLat };
}

export interface OpenCase { id: number; lon: number; lat: number; category: string; reportedAt: number }

/** The nearest open case of the same category within the distance and time window: the suggested merge. */
export function findSimilar(
  report: { lon: number; lat: number; category: string; at: number },
  candidates: readonly OpenCase[],
  rule: { distanceM: number; windowMs: number },
): number | null {
  let best: { id: number; d: number } | null = null;
  for (const c of candidates) {
    if (c.category !== report.category || report.at - c.reportedAt > rule.windowMs || c.reportedAt > report.at) continue;
    const d = haversineM([report.lon, report.lat], [c.lon, c.lat]);
    if (d <= rule.distanceM && (!best || d < best.d)) best = { id: c.id, d };
  }
  return best?.id ?? null;
}
