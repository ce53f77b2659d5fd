import { describe, expect, it } from 'vitest';
import { bboxOfRings, buildStyle, featuresWithLabels, outerRing, ringCentroid } from './mapStyle.ts';

describe('map style and features', () => {
  it('centroid of a square and of a triangle', () => {
    expect(ringCentroid([[0, 0], [2, 0], [2, 2], [0, 2]])).toEqual([1, 1]);
    const [x, y] = ringCentroid([[0, 0], [3, 0], [0, 3], [0, 0]]);
    expect(x).toBeCloseTo(1);
    expect(y).toBeCloseTo(1);
  });

  it('bbox of rings, and none for nothing', () => {
    expect(bboxOfRings([[[1, 2], [3, 0]], [[-1, 5]]])).toEqual([-1, 0, 3, 5]);
    expect(bboxOfRings([])).toBeNull();
  });

  it('reads the outer ring of a stored polygon and rejects anything else', () => {
    expect(outerRing(JSON.stringify({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1]]] }))).toHaveLength(3);
    expect(outerRing(JSON.stringify({ type: 'Point', coordinates: [0, 0] }))).toBeNull();
    expect(outerRing('not json')).toBeNull();
    expect(outerRing(null)).toBeNull();
  });

  it('closes rings and adds one label point per polygon', () => {
    const fc = featuresWithLabels([{ props: { id: 7, name: 'a' }, ring: [[0, 0], [1, 0], [1, 1]] }]);
    expect(fc.features.map((f) => f.geometry.type)).toEqual(['Polygon', 'Point']);
    const poly = fc.features[0]!.geometry.coordinates as number[][][];
    expect(poly[0]![0]).toEqual(poly[0]![poly[0]!.length - 1]);
    expect(fc.features.every((f) => f.id === 7)).toBe(true);
  });

  it('builds a style whose every URL is on the given origin, with a basemap when configured', () => {
    const origin = 'http://127.0.0.1:8620';
    const none = buildStyle({ origin, basemap: { kind: 'none', tileType: null, attribution: '' }, version: 'v1' });
    expect(JSON.stringify(none)).not.toMatch(/https?:\/\/(?!127\.0\.0\.1:8620)/);
    expect(Object.keys(none.sources as object)).toEqual(['zz-areas', 'zz-grids']);
    const raster = buildStyle({ origin, basemap: { kind: 'xyz', tileType: 'raster', attribution: '' }, version: 'v1' });
    expect((raster.sources as Record<string, unknown>)['zz-basemap']).toMatchObject({ type: 'raster', tiles: [`${origin}/api/map/basemap/{z}/{x}/{y}`] });
    const vector = buildStyle({ origin, basemap: { kind: 'pmtiles', tileType: 'vector', attribution: '', vectorLayers: ['roads'] }, version: 'v1' });
    const ids = (vector.layers as { id: string }[]).map((l) => l.id);
    expect(ids).toContain('zz-basemap-roads-line');
    // The basemap sits under the boundaries.
    expect(ids.indexOf('zz-basemap-roads-line')).toBeLessThan(ids.indexOf('zz-township-line'));
  });
});
