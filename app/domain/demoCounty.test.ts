import { describe, expect, it } from 'vitest';
import { generateDemoCounty } from './demoCounty.ts';

describe('demo county', () => {
  const county = generateDemoCounty();

  it('has 13 townships, about 150 villages and about 2,110 grids', () => {
    expect(county.townships).toHaveLength(13);
    const villages = county.townships.flatMap((t) => t.villages);
    expect(villages).toHaveLength(150);
    const grids = villages.flatMap((v) => v.grids);
    expect(grids.length).toBeGreaterThanOrEqual(2050);
    expect(grids.length).toBeLessThanOrEqual(2200);
    expect(new Set(grids.map((g) => g.code)).size).toBe(grids.length);
    expect(new Set(villages.map((v) => v.name)).size).toBe(villages.length);
  });

  it('is the same for the same seed and different for another', () => {
    expect(generateDemoCounty()).toEqual(county);
    expect(generateDemoCounty(7).townships[0]?.villages[0]?.name).not.toBe(undefined);
    expect(JSON.stringify(generateDemoCounty(7))).not.toBe(JSON.stringify(county));
  });

  it('tiles the county: grid areas add up to the county area, so nothing overlaps or leaves a gap', () => {
    const area = (ring: [number, number][]) =>
      Math.abs(ring.reduce((s, [x, y], i) => {
        const [nx, ny] = ring[(i + 1) % ring.length] as [number, number];
        return s + x * ny - nx * y;
      }, 0)) / 2;
    const grids = county.townships.flatMap((t) => t.villages.flatMap((v) => v.grids));
    const sum = grids.reduce((s, g) => s + area(g.ring), 0);
    expect(sum).toBeCloseTo(area(county.ring), 6);
    for (const t of county.townships) {
      const villageSum = t.villages.reduce((s, v) => s + area(v.ring), 0);
      expect(villageSum).toBeCloseTo(area(t.ring), 6);
    }
    for (const g of grids) expect(area(g.ring)).toBeGreaterThan(0);
  });

  it('gives every grid a grid member with a name', () => {
    for (const g of county.townships.flatMap((t) => t.villages.flatMap((v) => v.grids))) expect(g.member.name.length).toBeGreaterThanOrEqual(2);
  });
});
