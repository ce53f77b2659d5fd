// Pure geometry for the map view (the renderer may not import the server's app/domain/geo.ts; these are tiny copies
// and additions on plain [lon, lat] numbers, WGS-84).
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';

export type LonLat = [number, number];
export type BBox = [number, number, number, number];

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres. */
export function haversineM([lon1, lat1]: LonLat, [lon2, lat2]: LonLat): number {
  const a = Math.sin(rad(lat2 - lat1) / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lon2 - lon1) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Is the point inside one ring (closed or not)? turf, the same test the server uses. */
export function pointInRing(p: LonLat, ring: readonly LonLat[]): boolean {
  if (ring.length < 3) return false;
  const [a, z] = [ring[0] as LonLat, ring[ring.length - 1] as LonLat];
  const closed = a[0] === z[0] && a[1] === z[1] ? [...ring] : [...ring, a];
  return closed.length >= 4 && booleanPointInPolygon(p, { type: 'Polygon', coordinates: [closed] });
}

/** A circle on the ground as a closed ring of `steps` points (for drawing it and for a polygon test). */
export function circleRing(center: LonLat, radiusM: number, steps = 64): LonLat[] {
  const [lon, lat] = center;
  const dLat = (radiusM / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLon = dLat / Math.max(Math.cos(rad(lat)), 1e-6);
  const ring: LonLat[] = [];
  for (let i = 0; i < steps; i++) {
    const t = (i / steps) * 2 * Math.PI;
    ring.push([lon + dLon * Math.cos(t), lat + dLat * Math.sin(t)]);
  }
  ring.push(ring[0] as LonLat);
  return ring;
}

export function bboxOf(points: readonly LonLat[]): BBox | null {
  if (points.length === 0) return null;
  let [minLon, minLat, maxLon, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    if (x < minLon) minLon = x;
    if (y < minLat) minLat = y;
    if (x > maxLon) maxLon = x;
    if (y > maxLat) maxLat = y;
  }
  return [minLon, minLat, maxLon, maxLat];
}

export function unionBBox(boxes: readonly (BBox | null)[]): BBox | null {
  const real = boxes.filter((b): b is BBox => b !== null);
  if (real.length === 0) return null;
  return [Math.min(...real.map((b) => b[0])), Math.min(...real.map((b) => b[1])), Math.max(...real.map((b) => b[2])), Math.max(...real.map((b) => b[3]))];
}

/** A shape the duty officer drew: a circle (centre + radius) or a polygon. */
export type Shape = { kind: 'circle'; center: LonLat; radiusM: number } | { kind: 'polygon'; ring: LonLat[] };

export function shapeBBox(shape: Shape): BBox | null {
  return shape.kind === 'polygon' ? bboxOf(shape.ring) : boxAround(shape.center, shape.radiusM);
}

/** The box that holds every point within `metres` of a centre. */
export function boxAround([lon, lat]: LonLat, metres: number): BBox {
  const dLat = (metres / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLon = dLat / Math.max(Math.cos(rad(lat)), 1e-6);
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
}

export function inBBox([x, y]: LonLat, b: BBox): boolean {
  return x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
}

/** Whether a point is inside the drawn shape. */
export function inShape(p: LonLat, shape: Shape): boolean {
  if (shape.kind === 'circle') return haversineM(p, shape.center) <= shape.radiusM;
  return shape.ring.length >= 3 && pointInRing(p, shape.ring);
}

export interface Located { lon: number; lat: number }

/** The items within `radiusM` of a point, nearest first, at most `limit`, each with its distance. */
export function nearestWithin<T extends Located>(center: LonLat, items: Iterable<T>, radiusM: number, limit: number): { item: T; distanceM: number }[] {
  const box = boxAround(center, radiusM);
  const hits: { item: T; distanceM: number }[] = [];
  for (const item of items) {
    const p: LonLat = [item.lon, item.lat];
    if (!inBBox(p, box)) continue;
    const d = haversineM(center, p);
    if (d <= radiusM) hits.push({ item, distanceM: d });
  }
  hits.sort((a, b) => a.distanceM - b.distanceM);
  return hits.slice(0, limit);
}

/** Human distance: "850 米" / "1.2 公里" style, given the unit words. */
export function formatDistance(m: number, units: { m: string; km: string }): string {
  return m < 1000 ? `${Math.round(m)} ${units.m}` : `${(m / 1000).toFixed(m < 10_000 ? 1 : 0)} ${units.km}`;
}
