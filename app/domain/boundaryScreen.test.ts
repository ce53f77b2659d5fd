import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon } from 'geojson';
import { outside, overlaps, shapeOf, suspects } from './boundaryScreen.ts';

type P = [number, number];
const square = (x0: number, y0: number, size: number): P[] => [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]];
const poly = (...rings: P[][]): Polygon => ({ type: 'Polygon', coordinates: rings });
/** A square whose edges carry n points each, like a digitised boundary. */
function dense(x0: number, y0: number, size: number, n: number): P[] {
  const ring: P[] = [];
  const corners = square(x0, y0, size);
  for (let c = 0; c < 4; c++) {
    const [a, b] = [corners[c] as P, corners[c + 1] as P];
    for (let i = 0; i < n; i++) ring.push([a[0] + ((b[0] - a[0]) * i) / n, a[1] + ((b[1] - a[1]) * i) / n]);
  }
  ring.push(ring[0] as P);
  return ring;
}

describe('boundary screen', () => {
  it('does not take neighbours sharing a digitised edge for an overlap, and finds a shifted or identical grid', () => {
    const a = shapeOf(poly(dense(101, 25, 0.01, 50)));
    expect(overlaps(a, shapeOf(poly(dense(101.01, 25, 0.01, 50))))).toBe(false);
    expect(overlaps(a, shapeOf(poly(dense(101.01, 25.01, 0.01, 50))))).toBe(false); // touching at a corner
    expect(overlaps(a, shapeOf(poly(dense(101.009, 25, 0.01, 50))))).toBe(true); // 100 m into the neighbour
    expect(overlaps(a, shapeOf(poly(dense(101.00995, 25, 0.01, 50))))).toBe(false); // 5 m: a sliver under 1 %
    expect(overlaps(a, shapeOf(poly(dense(101, 25, 0.01, 50))))).toBe(true);
  });

  it('does not send neighbours sharing an edge to clipping at all (their shared vertices are on the edge, not inside)', () => {
    // The outcome test above cannot see this (turf's clipping would clear the pair, slowly): the screen itself must.
    const a = shapeOf(poly(dense(101, 25, 0.01, 50)));
    expect(suspects(a, shapeOf(poly(dense(101.01, 25, 0.01, 50))))).toBe(false);
    expect(suspects(a, shapeOf(poly(dense(101, 25.01, 0.01, 50))))).toBe(false);
    expect(suspects(a, shapeOf(poly(dense(101.009, 25, 0.01, 50))))).toBe(true);
  });

  it('counts a vertex within a metre of the village edge as on it, and a grid in the village hole as outside', () => {
    const village = shapeOf(poly(square(101, 25, 0.03), square(101.01, 25.01, 0.01).reverse()));
    expect(outside(shapeOf(poly(square(101 - 5e-6, 25, 0.005))), village)).toBe(false); // ~0.5 m out
    expect(outside(shapeOf(poly(square(101.011, 25.011, 0.005))), village)).toBe(true); // in the reservoir
    expect(outside(shapeOf(poly(square(101.001, 25.001, 0.005))), village)).toBe(false);
    expect(outside(shapeOf(poly(square(101.028, 25.001, 0.005))), village)).toBe(true); // 300 m of 500 m past the east edge
  });

  it('reads every part of a MultiPolygon and keeps the bucket lattice bounded for a large area', () => {
    const parts: MultiPolygon = { type: 'MultiPolygon', coordinates: [[square(101, 25, 0.01)], [square(103, 27, 0.01)]] };
    const island = shapeOf(parts);
    expect(outside(shapeOf(poly(square(103.002, 27.002, 0.005))), island)).toBe(false);
    expect(outside(shapeOf(poly(square(102, 26, 0.005))), island)).toBe(true);
    expect(island.nx * island.ny).toBeLessThanOrEqual(513 * 513);
  });
});
