// The ring inverse against gcoord (the library the rest of the code uses): the forward offset is the same formula, and
// converting a ring back lands where gcoord's iterative inverse does, or closer to the true point.
import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import { gcjOffset, gcjToWgsInPlace } from './gcj02.ts';

const forward = (p: number[]) => gcoord.transform(p as [number, number], gcoord.WGS84, gcoord.GCJ02) as [number, number];

describe('GCJ-02 rings', () => {
  it('has gcoord’s forward offset across China', () => {
    const d = new Float64Array(2);
    for (let lon = 74; lon <= 135; lon += 3.7) {
      for (let lat = 4; lat <= 53; lat += 2.9) {
        const [x, y] = forward([lon, lat]);
        gcjOffset(lon, lat, d);
        expect(Math.abs(lon + (d[0] as number) - x)).toBeLessThan(1e-12);
        expect(Math.abs(lat + (d[1] as number) - y)).toBeLessThan(1e-12);
      }
    }
  });

  it('has gcoord’s forward offset at every angle of its sines (20,000 scattered points, China and its edges)', () => {
    // The offset's sines come from one angle by multiple-angle identities; a wrong identity or sign shows at some angle.
    const d = new Float64Array(2);
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 20_000; i++) {
      const lon = 72.1 + next() * 65.7;
      const lat = 0.9 + next() * 54.9;
      const [x, y] = forward([lon, lat]);
      gcjOffset(lon, lat, d);
      expect(Math.abs(lon + (d[0] as number) - x)).toBeLessThan(1e-12);
      expect(Math.abs(lat + (d[1] as number) - y)).toBeLessThan(1e-12);
    }
  });

  it('converts a ring back to within a millimetre of the true points, at least as close as gcoord', () => {
    // A wavy ring 1 km across, 400 points, in our county and in Beijing; and a ring that jumps across the country.
    const rings: number[][][] = [];
    for (const [cx, cy, r] of [[101.2, 25.1, 0.01], [116.4, 39.9, 0.01], [105, 32, 15]] as const) {
      const ring: number[][] = [];
      for (let i = 0; i < 400; i++) {
        const t = (i / 400) * 2 * Math.PI;
        ring.push([cx + r * Math.cos(t) * (1 + 0.1 * Math.sin(7 * t)), cy + r * Math.sin(t)]);
      }
      ring.push([...(ring[0] as number[])]);
      rings.push(ring);
    }
    for (const truth of rings) {
      const gcj = truth.map(forward);
      const ours = gcj.map((p) => [...p]);
      gcjToWgsInPlace(ours);
      let worst = 0;
      truth.forEach((t, i) => {
        const o = ours[i] as number[];
        const g = gcoord.transform(gcj[i] as [number, number], gcoord.GCJ02, gcoord.WGS84) as number[];
        const err = Math.hypot((o[0] as number) - (t[0] as number), (o[1] as number) - (t[1] as number));
        const gErr = Math.hypot((g[0] as number) - (t[0] as number), (g[1] as number) - (t[1] as number));
        expect(err).toBeLessThanOrEqual(Math.max(gErr, 1e-8));
        worst = Math.max(worst, err);
      });
      expect(worst).toBeLessThan(1e-8); // ~1 mm
    }
  });

  it('leaves points outside gcoord’s China box as they are, as gcoord does', () => {
    const ring = [[10, 10], [170, -20], [10, 10]];
    gcjToWgsInPlace(ring);
    expect(ring).toEqual([[10, 10], [170, -20], [10, 10]]);
  });
});
