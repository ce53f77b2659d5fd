import { describe, expect, it } from 'vitest';
import { IncidentIndex, NEW_MS, WINDOW_MS, diffSize, propsOf, type MapIncident } from './incidentIndex.ts';

const NOW = Date.UTC(2026, 10, 22, 8, 0, 0);
const H = 3600_000;

function inc(id: number, over: Partial<MapIncident> = {}): MapIncident {
  return {
    id, code: `C${id}`, category: 'dispute', priority: 'general', state: 'reported', lon: 102.1 + id * 0.001, lat: 25, overdue: false,
    reportedAt: NOW - 2 * H, updatedAt: NOW - 2 * H, description: 'x', gridName: null, holderCentreName: '青石镇', ...over,
  };
}

describe('incident feature properties', () => {
  it('encode priority, closed, overdue and new', () => {
    expect(propsOf(inc(1, { priority: 'complex', overdue: true, reportedAt: NOW - 60_000 }), NOW)).toEqual({ p: 2, c: 0, o: 1, n: 1, s: 'reported' });
    expect(propsOf(inc(1, { priority: 'simple', state: 'archived', reportedAt: NOW - NEW_MS - 1 }), NOW)).toEqual({ p: 0, c: 1, o: 0, n: 0, s: 'archived' });
  });
});

describe('IncidentIndex', () => {
  it('adds what is in the window and leaves out what is not', () => {
    const idx = new IncidentIndex('24h', NOW);
    const d = idx.upsert([inc(1), inc(2, { reportedAt: NOW - 3 * 24 * H, updatedAt: NOW - 3 * 24 * H }), inc(3)], NOW);
    expect(d.add.map((f) => f.id)).toEqual([1, 3]);
    expect(d.update).toEqual([]);
    expect(idx.size).toBe(3);
    expect(idx.shownCount).toBe(2);
    expect(idx.features()).toHaveLength(2);
  });

  it('a change is one small update: only the changed properties, geometry only when it moved', () => {
    const idx = new IncidentIndex('24h', NOW);
    idx.upsert([inc(1)], NOW);
    const d = idx.upsert([inc(1, { state: 'resolved', updatedAt: NOW - H })], NOW);
    expect(d).toEqual({ add: [], remove: [], update: [{ id: 1, addOrUpdateProperties: [{ key: 'c', value: 1 }, { key: 's', value: 'resolved' }] }] });
    const moved = idx.upsert([inc(1, { state: 'resolved', lon: 102.3, updatedAt: NOW - H + 1 })], NOW);
    expect(moved.update).toEqual([{ id: 1, newGeometry: { type: 'Point', coordinates: [102.3, 25] } }]);
  });

  it('ignores an older or equal copy (the stream may repeat), and uses the version when there is one', () => {
    const idx = new IncidentIndex('24h', NOW);
    idx.upsert([inc(1, { updatedAt: NOW - H, state: 'handling' })], NOW);
    expect(diffSize(idx.upsert([inc(1, { updatedAt: NOW - 2 * H, state: 'reported' })], NOW))).toBe(0);
    expect(diffSize(idx.upsert([inc(1, { updatedAt: NOW - H, state: 'reported' })], NOW))).toBe(0);
    expect(idx.get(1)?.state).toBe('handling');
    idx.upsert([inc(2, { version: 5, state: 'handling' })], NOW);
    expect(diffSize(idx.upsert([inc(2, { version: 4, updatedAt: NOW, state: 'reported' })], NOW))).toBe(0);
    expect(diffSize(idx.upsert([inc(2, { version: 6, state: 'resolved' })], NOW))).toBe(1);
  });

  it('an unchanged copy with a newer timestamp changes nothing on the map', () => {
    const idx = new IncidentIndex('24h', NOW);
    idx.upsert([inc(1)], NOW);
    expect(diffSize(idx.upsert([inc(1, { updatedAt: NOW })], NOW))).toBe(0);
  });

  it('changing the window adds and removes only the difference', () => {
    const idx = new IncidentIndex('24h', NOW);
    idx.upsert([inc(1), inc(2, { reportedAt: NOW - 3 * 24 * H }), inc(3, { reportedAt: NOW - 20 * 24 * H })], NOW);
    const wider = idx.setWindow('7d', NOW);
    expect(wider.add.map((f) => f.id)).toEqual([2]);
    expect(wider.remove).toEqual([]);
    const widest = idx.setWindow('30d', NOW);
    expect(widest.add.map((f) => f.id)).toEqual([3]);
    const back = idx.setWindow('24h', NOW);
    expect(back.remove.sort()).toEqual([2, 3]);
    expect(back.add).toEqual([]);
  });

  it('time passing: incidents stop being new and age out of the window', () => {
    const idx = new IncidentIndex('24h', NOW);
    idx.upsert([inc(1, { reportedAt: NOW - 60_000 }), inc(2, { reportedAt: NOW - WINDOW_MS['24h'] + 60_000 })], NOW);
    const later = idx.tick(NOW + NEW_MS);
    expect(later.update).toEqual([{ id: 1, addOrUpdateProperties: [{ key: 'n', value: 0 }] }]);
    expect(later.remove).toEqual([2]);
    expect(diffSize(idx.tick(NOW + NEW_MS))).toBe(0);
  });

  it('merged incidents leave the map; removal is explicit', () => {
    const idx = new IncidentIndex('24h', NOW);
    idx.upsert([inc(1), inc(2)], NOW);
    expect(idx.upsert([inc(1, { state: 'merged', updatedAt: NOW })], NOW).remove).toEqual([1]);
    expect(idx.remove([2, 99]).remove).toEqual([2]);
    expect(idx.shownCount).toBe(0);
    expect([...idx.visible()]).toEqual([]);
  });

  it('100,000 incidents index in well under a second, and 100 updates are a 100-item diff', () => {
    const idx = new IncidentIndex('30d', NOW);
    const many: MapIncident[] = [];
    for (let i = 1; i <= 100_000; i++) many.push(inc(i, { reportedAt: NOW - (i % 29) * 24 * H, updatedAt: NOW - H }));
    const t0 = performance.now();
    const d = idx.upsert(many, NOW);
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(d.add).toHaveLength(100_000);
    const changes = many.slice(0, 100).map((i) => ({ ...i, state: 'handling' as const, updatedAt: NOW }));
    const t1 = performance.now();
    const u = idx.upsert(changes, NOW);
    expect(performance.now() - t1).toBeLessThan(50);
    expect(u.update).toHaveLength(100);
  });
});
