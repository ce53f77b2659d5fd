import { describe, expect, it } from 'vitest';
import { bboxAround, findSimilar, gridShape, haversineM, locateGrid, toWgs84, type Ring } from './geo.ts';

describe('geo', () => {
  it('converts BD-09 and GCJ-02 back to WGS-84 (known pairs)', () => {
    // gcoord's documented pair: WGS-84 [116.403988, 39.914266] ↔ BD-09 [116.41661560068297, 39.92196580126834]
    const [lon, lat] = toWgs84(116.41661560068297, 39.92196580126834, 'bd09');
    expect(lon).toBeCloseTo(116.403988, 5);
    expect(lat).toBeCloseTo(39.914266, 5);
    // Tiananmen: WGS-84 [116.391349, 39.907375] is GCJ-02 [116.397590, 39.908779] on Chinese maps (≈ 550 m apart).
    const [glon, glat] = toWgs84(116.39759, 39.908779, 'gcj02');
    expect(glon).toBeCloseTo(116.391349, 3);
    expect(glat).toBeCloseTo(39.907375, 3);
    expect(haversineM([glon, glat], [116.39759, 39.908779])).toBeGreaterThan(400);
    expect(toWgs84(102, 25, 'wgs84')).toEqual([102, 25]);
  });

  it('measures distances on the sphere', () => {
    // one degree of latitude ≈ 111.2 km
    expect(haversineM([102, 25], [102, 26]) / 1000).toBeCloseTo(111.2, 0);
    const box = bboxAround([102, 25], 1000);
    expect(haversineM([102, 25], [box.maxLon, 25])).toBeCloseTo(1000, -1);
  });

  it('finds the grid that holds a point', () => {
    const a: Ring = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
    const b: Ring = [[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]];
    const grids = [gridShape(1, 9, { type: 'Polygon', coordinates: [a] }), gridShape(2, 9, { type: 'Polygon', coordinates: [b] })];
    expect(locateGrid([0.5, 0.5], grids)?.id).toBe(1);
    expect(locateGrid([1.5, 0.2], grids)?.id).toBe(2);
    expect(locateGrid([3, 3], grids)).toBeNull();
  });

  it('respects holes and every part of a MultiPolygon grid', () => {
    const outer: Ring = [[0, 0], [3, 0], [3, 3], [0, 3], [0, 0]];
    const hole: Ring = [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]];
    const island: Ring = [[5, 0], [6, 0], [6, 1], [5, 1], [5, 0]];
    const grids = [gridShape(7, 9, { type: 'MultiPolygon', coordinates: [[outer, hole], [island]] })];
    expect(locateGrid([0.5, 0.5], grids)?.id).toBe(7);
    expect(locateGrid([1.5, 1.5], grids)).toBeNull(); // in the hole
    expect(locateGrid([5.5, 0.5], grids)?.id).toBe(7); // on the island
  });

  it('suggests the nearest open case of the same category within the window', () => {
    const now = 1_000_000_000;
    const rule = { distanceM: 200, windowMs: 3600_000 };
    const here = { lon: 102, lat: 25, category: 'dispute', at: now };
    const cases = [
      { id: 1, lon: 102.0015, lat: 25, category: 'dispute', reportedAt: now - 60_000 }, // ≈ 151 m
      { id: 2, lon: 102.0005, lat: 25, category: 'dispute', reportedAt: now - 60_000 }, // ≈ 50 m
      { id: 3, lon: 102.0001, lat: 25, category: 'safety', reportedAt: now - 60_000 },
      { id: 4, lon: 102.0001, lat: 25, category: 'dispute', reportedAt: now - 2 * 3600_000 },
      { id: 5, lon: 102.01, lat: 25, category: 'dispute', reportedAt: now - 60_000 },
    ];
    expect(findSimilar(here, cases, rule)).toBe(2);
    expect(findSimilar(here, cases.filter((c) => c.id !== 2 && c.id !== 1), rule)).toBeNull();
  });
});
