import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { areaJson } from './areaJson.ts';

const round7 = (n: number) => Math.round(n * 1e7) / 1e7;

describe('areaJson', () => {
  it('writes the same text as JSON.stringify for boundaries the import keeps (1e-7°), holes and parts included', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const ring = (n: number): Position[] => {
      const r: Position[] = [];
      for (let i = 0; i < n; i++) r.push([round7(73 + rnd() * 63), round7(3 + rnd() * 51)]);
      r.push([...(r[0] as Position)]);
      return r;
    };
    const poly: Polygon = { type: 'Polygon', coordinates: [ring(5000), ring(40)] };
    const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [[ring(300)], [ring(20), ring(8)]] };
    // Whole degrees, trailing zeros, the smallest step, signs and zero.
    const edges: Polygon = { type: 'Polygon', coordinates: [[[101, 25], [101.5, 25.01], [101.0000001, -0.0000001], [-180, 0], [0, -0], [101.12, 25.1234567], [101, 25]]] };
    for (const a of [poly, multi, edges]) expect(areaJson(a)).toBe(JSON.stringify(a));
  });

  it('keeps every other number exact (the standard text for it)', () => {
    const odd: Polygon = { type: 'Polygon', coordinates: [[[0.1 + 0.2, 1e-9], [123456789.12345679, 1e21], [-5e-324, 2 ** 60], [Math.PI, -Math.E], [0.1 + 0.2, 1e-9]]] };
    expect(areaJson(odd)).toBe(JSON.stringify(odd));
    expect(JSON.parse(areaJson(odd))).toEqual(odd);
  });
});

describe('areaJson, long text', () => {
  it('grows its buffer past any size, also when long numbers come in a row', () => {
    const ring: number[][] = [];
    for (let i = 0; i < 40000; i++) ring.push(i % 3 ? [101 + i * 1e-7, 25.5] : [Math.PI * i, -Math.E / (i + 1), 1e-300 * i]);
    ring.push([...(ring[0] as number[])]);
    const a: Polygon = { type: 'Polygon', coordinates: [ring] };
    expect(areaJson(a)).toBe(JSON.stringify(a));
  });
});
