import { describe, expect, it } from 'vitest';
import { boxAround, circleRing, formatDistance, haversineM, inShape, nearestWithin, pointInRing, shapeBBox, unionBBox, type LonLat } from './geo.ts';

describe('map geo helpers', () => {
  it('haversine: 1° of latitude ≈ 111.2 km; 0.01° of longitude at 25°N ≈ 1.008 km', () => {
    expect(haversineM([102, 25], [102, 26])).toBeCloseTo(111_195, -2);
    expect(haversineM([102, 25], [102.01, 25])).toBeCloseTo(1008.6, -1);
  });

  it('a circle ring is closed and every vertex is at the radius', () => {
    const ring = circleRing([102.2, 25], 500, 32);
    expect(ring).toHaveLength(33);
    expect(ring[0]).toEqual(ring[32]);
    for (const p of ring) expect(haversineM(p, [102.2, 25])).toBeCloseTo(500, -1);
  });

  it('inShape for circles and polygons', () => {
    const c = { kind: 'circle' as const, center: [102.2, 25] as LonLat, radiusM: 1000 };
    expect(inShape([102.205, 25], c)).toBe(true); // ≈ 504 m
    expect(inShape([102.215, 25], c)).toBe(false); // ≈ 1.5 km
    const poly = { kind: 'polygon' as const, ring: [[102, 25], [102.1, 25], [102.1, 25.1], [102, 25.1]] as LonLat[] };
    expect(inShape([102.05, 25.05], poly)).toBe(true);
    expect(inShape([102.15, 25.05], poly)).toBe(false);
    expect(inShape([102.05, 25.05], { kind: 'polygon', ring: [[102, 25], [102.1, 25]] })).toBe(false);
    expect(pointInRing([0.5, 0.5], [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]])).toBe(true);
  });

  it('shape and union boxes', () => {
    const b = shapeBBox({ kind: 'circle', center: [102, 25], radiusM: 1000 })!;
    expect(haversineM([102, 25], [b[2], 25])).toBeCloseTo(1000, -1);
    expect(shapeBBox({ kind: 'polygon', ring: [[1, 2], [3, 4], [2, 0]] })).toEqual([1, 0, 3, 4]);
    expect(unionBBox([[0, 0, 1, 1], null, [2, -1, 3, 0.5]])).toEqual([0, -1, 3, 1]);
    expect(unionBBox([null])).toBeNull();
  });

  it('nearestWithin: only inside the radius, nearest first, at most the limit', () => {
    const here: LonLat = [102.2, 25];
    const cams = [
      { id: 1, lon: 102.2 + 0.008, lat: 25 }, // ≈ 807 m
      { id: 2, lon: 102.2 + 0.002, lat: 25 }, // ≈ 202 m
      { id: 3, lon: 102.2, lat: 25 + 0.004 }, // ≈ 445 m
      { id: 4, lon: 102.2 + 0.02, lat: 25 }, // ≈ 2 km: outside
      { id: 5, lon: 102.2 - 0.006, lat: 25 - 0.006 }, // ≈ 889 m
    ];
    const got = nearestWithin(here, cams, 1000, 3);
    expect(got.map((h) => h.item.id)).toEqual([2, 3, 1]);
    expect(got[0]!.distanceM).toBeCloseTo(202, -1);
    expect(nearestWithin(here, cams, 1000, 10).map((h) => h.item.id)).toEqual([2, 3, 1, 5]);
    expect(nearestWithin(here, cams, 100, 10)).toEqual([]);
    // the pre-filter box never drops a point that is inside the radius
    const b = boxAround(here, 1000);
    expect(b[0]).toBeLessThan(102.2 - 0.0099);
  });

  it('formats distances', () => {
    const u = { m: '米', km: '公里' };
    expect(formatDistance(420.4, u)).toBe('420 米');
    expect(formatDistance(1234, u)).toBe('1.2 公里');
    expect(formatDistance(23_400, u)).toBe('23 公里');
  });
});
