// The county import's geometry screen: is a grid outside its village, do two grids overlap? Exact clipping (turf) costs
// milliseconds a pair, so it runs only on suspects, and the screen that finds them asks two point questions hundreds
// of thousands of times per county ("inside this area?", "within a metre of its edge?"). Each area is flattened once
// into typed arrays with two indexes (latitude strips for the ray cast, a bucket lattice for the edge distance), so a
// question costs a few edge tests and no allocation; at 2,116 grids × 200 points the object-per-point version was most
// of the dry run.
import { area } from '@turf/area';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { intersect } from '@turf/intersect';
import { difference } from '@turf/difference';
import { feature, featureCollection } from '@turf/helpers';
import type { MultiPolygon, Polygon, Position } from 'geojson';

type Area = Polygon | MultiPolygon;

/** Slivers smaller than this share of a grid's area are digitising noise, not an overlap or a grid outside. */
const SLIVER_SHARE = 0.01;
/** A vertex this close to the other boundary is on it (digitising and GCJ-02 round trips move points by centimetres). */
const ON_EDGE_M = 1;
const M_PER_DEG = 111_195;
const LIMIT_DEG = ON_EDGE_M / M_PER_DEG;
/** Buckets are padded by twice the on-edge distance, in degrees of latitude (a longitude degree is shorter, so wider). */
const PAD_DEG = (2 * ON_EDGE_M) / M_PER_DEG;
const BUCKET_DEG = 0.002;
/** Bucket lattices stay under ~256k cells whatever the area's size. */
const MAX_BUCKETS_PER_SIDE = 512;

export interface Box { minLon: number; minLat: number; maxLon: number; maxLat: number }
interface Strips { step: number; count: number; start: Int32Array; segs: Int32Array }

/** An area flattened for the screen: edges as (ax, ay, bx, by) quadruples, outer-ring vertices as (x, y) pairs. */
export interface Shape {
  area: Area;
  box: Box;
  /** Vertices of the outer rings (every part of a MultiPolygon), closing points included. */
  outer: Float64Array;
  segs: Float64Array;
  /** Latitude range of all rings. */
  minLat: number;
  maxLat: number;
  /**
   * Latitude strips, built on the first ray cast (most grids never need one: their neighbours' vertices lie on their
   * edges, which the bucket lattice answers): segments crossing strip i are stripSegs[stripStart[i] .. stripStart[i + 1]).
   */
  strips: Strips | null;
  /** Ray casts answered without strips so far. */
  rayCasts: number;
  // Bucket lattice from (bx0, by0), cell × cell degrees, nx × ny; same layout as the strips.
  bx0: number;
  by0: number;
  cell: number;
  nx: number;
  ny: number;
  bucketStart: Int32Array;
  bucketSegs: Int32Array;
  /**
   * Per bucket, filled on first use: whether an empty bucket lies inside (1) or outside (2) the area (0: not known yet,
   * or not empty). No edge crosses an empty bucket, so one ray cast from its centre answers for every point in it —
   * most of a grid's vertices fall in empty buckets of its village.
   */
  cells: Int8Array;
  /** The mean of the outer vertices (two identical grids have no vertex strictly inside each other, but this). */
  meanX: number;
  meanY: number;
}

const polygonsOf = (a: Area): Position[][][] => (a.type === 'Polygon' ? [a.coordinates] : a.coordinates);

export function shapeOf(a: Area): Shape {
  const polys = polygonsOf(a);
  let nSegs = 0;
  let nOuter = 0;
  for (const poly of polys) {
    nOuter += (poly[0] as Position[]).length;
    for (const ring of poly) nSegs += ring.length - 1;
  }
  const segs = new Float64Array(nSegs * 4);
  const outer = new Float64Array(nOuter * 2);
  const box: Box = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  let s = 0;
  let o = 0;
  let [sumX, sumY] = [0, 0];
  let [minLat, maxLat, minLon, maxLon] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const poly of polys) {
    for (let r = 0; r < poly.length; r++) {
      const ring = poly[r] as Position[];
      for (let i = 0; i < ring.length; i++) {
        const p = ring[i] as Position;
        const x = p[0] as number;
        const y = p[1] as number;
        if (y < minLat) minLat = y;
        if (y > maxLat) maxLat = y;
        if (x < minLon) minLon = x;
        if (x > maxLon) maxLon = x;
        if (r === 0) {
          outer[o++] = x;
          outer[o++] = y;
          sumX += x;
          sumY += y;
          if (x < box.minLon) box.minLon = x;
          if (x > box.maxLon) box.maxLon = x;
          if (y < box.minLat) box.minLat = y;
          if (y > box.maxLat) box.maxLat = y;
        }
        if (i > 0) {
          const q = ring[i - 1] as Position;
          segs[s++] = q[0] as number;
          segs[s++] = q[1] as number;
          segs[s++] = x;
          segs[s++] = y;
        }
      }
    }
  }

  // Buckets for the edge distance: each segment's box grown by PAD_DEG, over a lattice covering the whole padded box,
  // filled by a counting sort (pass 0 sizes, pass 1 fills), no per-bucket arrays.
  const cell = Math.max(BUCKET_DEG, (maxLon - minLon + 2 * PAD_DEG) / MAX_BUCKETS_PER_SIDE, (maxLat - minLat + 2 * PAD_DEG) / MAX_BUCKETS_PER_SIDE);
  const [bx0, by0] = [minLon - PAD_DEG, minLat - PAD_DEG];
  const nx = Math.floor((maxLon + PAD_DEG - bx0) / cell) + 1;
  const ny = Math.floor((maxLat + PAD_DEG - by0) / cell) + 1;
  const bucketStart = new Int32Array(nx * ny + 1);
  let bucketSegs = new Int32Array(0);
  let bucketFill = bucketStart;
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < segs.length; k += 4) {
      const ax = segs[k] as number;
      const ay = segs[k + 1] as number;
      const bx = segs[k + 2] as number;
      const by = segs[k + 3] as number;
      const i1 = Math.floor(((ax > bx ? ax : bx) + PAD_DEG - bx0) / cell);
      const j0 = Math.floor(((ay < by ? ay : by) - PAD_DEG - by0) / cell);
      const j1 = Math.floor(((ay > by ? ay : by) + PAD_DEG - by0) / cell);
      for (let i = Math.floor(((ax < bx ? ax : bx) - PAD_DEG - bx0) / cell); i <= i1; i++) {
        for (let j = j0; j <= j1; j++) {
          const b = i * ny + j;
          if (pass === 0) bucketStart[b + 1] = (bucketStart[b + 1] as number) + 1;
          else {
            const at = bucketFill[b] as number;
            bucketSegs[at] = k;
            bucketFill[b] = at + 1;
          }
        }
      }
    }
    if (pass === 0) {
      for (let b = 0; b < nx * ny; b++) bucketStart[b + 1] = (bucketStart[b + 1] as number) + (bucketStart[b] as number);
      bucketSegs = new Int32Array(bucketStart[nx * ny] as number);
      bucketFill = bucketStart.slice(0, nx * ny);
    }
  }

  const cells = new Int8Array(nx * ny);
  const [meanX, meanY] = [sumX / nOuter, sumY / nOuter];
  return { area: a, box, outer, segs, minLat, maxLat, strips: null, rayCasts: 0, bx0, by0, cell, nx, ny, bucketStart, bucketSegs, cells, meanX, meanY };
}

/** Strips for the ray cast; each index is filled by a counting sort (pass 0 sizes, pass 1 fills), no per-bucket arrays. */
function stripsOf(sh: Shape): Strips {
  const { segs, minLat, maxLat } = sh;
  const nSegs = segs.length / 4;
  const strips = Math.max(1, Math.min(4096, Math.ceil(nSegs / 8)));
  const step = (maxLat - minLat) / strips || 1;
  const stripStart = new Int32Array(strips + 1);
  let stripSegs = new Int32Array(0);
  let stripFill = stripStart;
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < segs.length; k += 4) {
      const ya = segs[k + 1] as number;
      const yb = segs[k + 3] as number;
      const last = Math.min(strips - 1, Math.floor(((ya > yb ? ya : yb) - minLat) / step));
      for (let i = Math.max(0, Math.floor(((ya < yb ? ya : yb) - minLat) / step)); i <= last; i++) {
        if (pass === 0) stripStart[i + 1] = (stripStart[i + 1] as number) + 1;
        else {
          const at = stripFill[i] as number;
          stripSegs[at] = k;
          stripFill[i] = at + 1;
        }
      }
    }
    if (pass === 0) {
      for (let i = 0; i < strips; i++) stripStart[i + 1] = (stripStart[i + 1] as number) + (stripStart[i] as number);
      stripSegs = new Int32Array(stripStart[strips] as number);
      stripFill = stripStart.slice(0, strips);
    }
  }

  return { step, count: strips, start: stripStart, segs: stripSegs };
}

const inBox = (x: number, y: number, b: Box) => x >= b.minLon && x <= b.maxLon && y >= b.minLat && y <= b.maxLat;

const NEAR = 0;
const IN = 1;
const OUT = 2;
/**
 * Where a point is: within ON_EDGE_M of the area's edge (NEAR, equirectangular distance: fine at a few metres), else
 * inside (IN) or outside (OUT). The edge distance comes first: points on a shared edge, the common case, need no ray cast.
 */
function classify(px: number, py: number, sh: Shape): number {
  const i = Math.floor((px - sh.bx0) / sh.cell);
  const j = Math.floor((py - sh.by0) / sh.cell);
  // Off the lattice is farther than the padding from every edge, and outside the box.
  if (i < 0 || j < 0 || i >= sh.nx || j >= sh.ny) return OUT;
  const b = i * sh.ny + j;
  const { segs, bucketSegs, bucketStart } = sh;
  const start = bucketStart[b] as number;
  const end = bucketStart[b + 1] as number;
  if (start === end) {
    let known = sh.cells[b] as number;
    if (known === 0) {
      const cx = sh.bx0 + (i + 0.5) * sh.cell;
      const cy = sh.by0 + (j + 0.5) * sh.cell;
      sh.cells[b] = known = inBox(cx, cy, sh.box) && inside(cx, cy, sh) ? IN : OUT;
    }
    return known;
  }
  const k = Math.cos((py * Math.PI) / 180);
  for (let n = start; n < end; n++) {
    const s = bucketSegs[n] as number;
    const ax = segs[s] as number;
    const ay = segs[s + 1] as number;
    const dx = ((segs[s + 2] as number) - ax) * k;
    const dy = (segs[s + 3] as number) - ay;
    const qx = (px - ax) * k;
    const qy = py - ay;
    const len = dx * dx + dy * dy;
    const t = len ? Math.max(0, Math.min(1, (qx * dx + qy * dy) / len)) : 0;
    const ex = qx - t * dx;
    const ey = qy - t * dy;
    if (ex * ex + ey * ey <= LIMIT_DEG * LIMIT_DEG) return NEAR;
  }
  return inBox(px, py, sh.box) && inside(px, py, sh) ? IN : OUT;
}

/**
 * A grid is asked a handful of ray casts (its neighbours' vertices near its corners): those scan all its edges, and
 * only a shape asked more (a village) gets latitude strips.
 */
const BRUTE_RAY_CASTS = 8;
/** Even-odd ray cast over the edges in the point's latitude strip. Points near the edge are decided by classify. */
function inside(px: number, py: number, sh: Shape): boolean {
  const { segs } = sh;
  if (!sh.strips && ++sh.rayCasts <= BRUTE_RAY_CASTS) {
    let hit = false;
    for (let s = 0; s < segs.length; s += 4) {
      const ax = segs[s] as number;
      const ay = segs[s + 1] as number;
      const bx = segs[s + 2] as number;
      const by = segs[s + 3] as number;
      if (ay > py !== by > py && px < ((bx - ax) * (py - ay)) / (by - ay) + ax) hit = !hit;
    }
    return hit;
  }
  const st = (sh.strips ??= stripsOf(sh));
  const i = Math.floor((py - sh.minLat) / st.step);
  if (!(i >= 0 && i < st.count)) return false;
  const { start, segs: stripSegs } = st;
  let hit = false;
  for (let n = start[i] as number, end = start[i + 1] as number; n < end; n++) {
    const s = stripSegs[n] as number;
    const ax = segs[s] as number;
    const ay = segs[s + 1] as number;
    const bx = segs[s + 2] as number;
    const by = segs[s + 3] as number;
    if (ay > py !== by > py && px < ((bx - ax) * (py - ay)) / (by - ay) + ax) hit = !hit;
  }
  return hit;
}

/**
 * Do two grids overlap by more than a sliver? Clipping runs only when a vertex (or the vertex mean, which catches two
 * identical grids) of one lies inside the other and not on its edge; grids that share edges never get there.
 */
export function overlaps(a: Shape, b: Shape): boolean {
  if (!suspects(a, b)) return false;
  const common = intersect(featureCollection([feature(a.area), feature(b.area)]));
  return !!common && area(common) > SLIVER_SHARE * Math.min(area(a.area), area(b.area));
}
/** The screen alone: is either grid worth clipping? Neighbours sharing edges must not be (that is the screen's point). */
export function suspects(a: Shape, b: Shape): boolean {
  return strictlyInside(a, b) || strictlyInside(b, a);
}
function strictlyInside(x: Shape, y: Shape): boolean {
  const { outer } = x;
  const { box } = y;
  for (let i = 0; i < outer.length; i += 2) {
    const px = outer[i] as number;
    const py = outer[i + 1] as number;
    if (inBox(px, py, box) && classify(px, py, y) === IN) return true;
  }
  const mean: Position = [x.meanX, x.meanY];
  return inBox(x.meanX, x.meanY, y.box) && booleanPointInPolygon(mean, x.area) && booleanPointInPolygon(mean, y.area, { ignoreBoundary: true }) && inBox(x.meanX, x.meanY, x.box);
}

/** Is a grid outside its village by more than a sliver? Vertices on (or within a metre of) the village's edge count as inside. */
export function outside(grid: Shape, village: Shape): boolean {
  const { outer } = grid;
  let allIn = true;
  for (let i = 0; i < outer.length && allIn; i += 2) allIn = classify(outer[i] as number, outer[i + 1] as number, village) !== OUT;
  if (allIn) return false;
  const rest = difference(featureCollection([feature(grid.area), feature(village.area)]));
  return !!rest && area(rest) > SLIVER_SHARE * area(grid.area);
}
