import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon } from 'geojson';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
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

describe('boundary screen, answers from the indexes', () => {
  // A village with wavy digitised edges and a reservoir hole; small grids scattered over and around it, each at least
  // 30 m from every edge, so its answer is the plain point-in-polygon answer of its centre (turf's, as the reference).
  const wavy = (x0: number, y0: number, w: number, h: number, n: number): P[] => {
    const ring: P[] = [];
    const corners: P[] = [[x0, y0], [x0 + w, y0], [x0 + w, y0 + h], [x0, y0 + h], [x0, y0]];
    for (let c = 0; c < 4; c++) {
      const [a, b] = [corners[c] as P, corners[c + 1] as P];
      for (let i = 0; i < n; i++) {
        const t = i / n;
        const wave = Math.sin(Math.PI * t * 3) * 0.002 * (c % 2 === 0 ? 1 : -1);
        ring.push(a[1] === b[1] ? [a[0] + (b[0] - a[0]) * t, a[1] + wave] : [a[0] + wave, a[1] + (b[1] - a[1]) * t]);
      }
    }
    ring.push(ring[0] as P);
    return ring;
  };
  const villageArea = poly(wavy(101, 25, 0.04, 0.03, 120), wavy(101.012, 25.01, 0.012, 0.01, 40).reverse());

  it('says inside or outside for points in empty buckets exactly as a ray cast of each point does', () => {
    const village = shapeOf(villageArea);
    let seed = 11;
    const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const edges = (villageArea.coordinates as P[][]).flatMap((ring) => ring.slice(1).map((p, i) => [ring[i] as P, p] as const));
    const far = (x: number, y: number) => edges.every(([a, b]) => pointSegmentM(x, y, a, b) > 30);
    let [ins, outs] = [0, 0];
    for (let n = 0; n < 600; n++) {
      const [x, y] = [100.995 + rnd() * 0.05, 24.995 + rnd() * 0.04];
      if (!far(x, y)) continue;
      const expected = !booleanPointInPolygon([x, y], villageArea);
      expect(outside(shapeOf(poly(square(x - 5e-5, y - 5e-5, 1e-4))), village)).toBe(expected);
      if (expected) outs++;
      else ins++;
    }
    // Both answers were asked for many times, and the cache was used (most of the lattice is empty).
    expect(ins).toBeGreaterThan(100);
    expect(outs).toBeGreaterThan(100);
    expect(village.cells.some((c) => c !== 0)).toBe(true);
  });

  it('needs no ray cast for neighbours that share an edge: their latitude strips are never built', () => {
    const a = shapeOf(poly(dense(101, 25, 0.01, 50)));
    const b = shapeOf(poly(dense(101.01, 25, 0.01, 50)));
    expect(suspects(a, b)).toBe(false);
    expect(a.strips).toBeNull();
    expect(b.strips).toBeNull();
    expect(suspects(a, shapeOf(poly(dense(101.009, 25, 0.01, 50))))).toBe(true);
  });
});

/** Metres from a point to a segment (equirectangular, as the screen measures). */
function pointSegmentM(px: number, py: number, a: P, b: P): number {
  const k = Math.cos((py * Math.PI) / 180);
  const [dx, dy, qx, qy] = [(b[0] - a[0]) * k, b[1] - a[1], (px - a[0]) * k, py - a[1]];
  const len = dx * dx + dy * dy;
  const t = len ? Math.max(0, Math.min(1, (qx * dx + qy * dy) / len)) : 0;
  return Math.hypot(qx - t * dx, qy - t * dy) * 111_195;
}
