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
    expect(idx.upsert([inc(1), inc(2, { reportedAt: NOW - 3 * 24 * H, updatedAt: NOW - 3 * 24 * H }), inc(3)], NOW)).toEqual([1, 3]);
    expect(idx.size).toBe(3);
    expect(idx.shownCount).toBe(2);
    const d = idx.syncBase();
    expect(d.add.map((f) => f.id)).toEqual([1, 3]);
    expect(d.update).toEqual([]);
    expect(idx.dirtyCount).toBe(0);
    expect(diffSize(idx.syncBase())).toBe(0);
  });

  it('a first load is whole; then the base is in sync', () => {
    const idx = new IncidentIndex('24h', NOW);
    idx.upsert([inc(1), inc(2)], NOW);
    expect(idx.features()).toHaveLength(2);
    expect(diffSize(idx.syncBase())).toBe(0);
  });

  it('a change is one small update: only the changed properties, geometry only when it moved', () => {
    const idx = new IncidentIndex('24h', NOW);
    idx.upsert([inc(1)], NOW);
    idx.syncBase();
    expect(idx.upsert([inc(1, { state: 'resolved', updatedAt: NOW - H })], NOW)).toEqual([1]);
    expect(idx.featureOf(1)?.properties).toMatchObject({ c: 1, s: 'resolved' }); // the hot overlay draws this at once
    expect(idx.syncBase()).toEqual({ add: [], remove: [], update: [{ id: 1, addOrUpdateProperties: [{ key: 'c', value: 1 }, { key: 's', value: 'resolved' }] }] });
    idx.upsert([inc(1, { state: 'resolved', lon: 102.3, updatedAt: NOW - H + 1 })], NOW);
    expect(idx.syncBase().update).toEqual([{ id: 1, newGeometry: { type: 'Point', coordinates: [102.3, 25] } }]);
  });

  it('many changes between two syncs are one diff with the latest state; a change and its undo are none', () => {
    const idx = new IncidentIndex('24h', NOW);
    idx.upsert([inc(1), inc(2)], NOW);
    idx.syncBase();
    idx.upsert([inc(1, { state: 'handling', updatedAt: NOW - H })], NOW);
    idx.upsert([inc(1, { state: 'resolved', updatedAt: NOW - H + 1 })], NOW);
    idx.upsert([inc(2, { overdue: true, updatedAt: NOW - H })], NOW);
    idx.upsert([inc(2, { overdue: false, updatedAt: NOW - H + 1 })], NOW);
    idx.upsert([inc(3)], NOW);
    const d = idx.syncBase();
    expect(d.add.map((f) => f.id)).toEqual([3]);
    expect(d.update).toEqual([{ id: 1, addOrUpdateProperties: [{ key: 'c', value: 1 }, { key: 's', value: 'resolved' }] }]);
  });

  it('ignores an older or equal copy (the stream may repeat), and uses the version when there is one', () => {
    const idx = new IncidentIndex('24h', NOW);
    idx.upsert([inc(1, { updatedAt: NOW - H, state: 'handling' })], NOW);
    expect(idx.upsert([inc(1, { updatedAt: NOW - 2 * H, state: 'reported' })], NOW)).toEqual([]);
    expect(idx.upsert([inc(1, { updatedAt: NOW - H, state: 'reported' })], NOW)).toEqual([]);
    expect(idx.get(1)?.state).toBe('handling');
    idx.upsert([inc(2, { version: 5, state: 'handling' })], NOW);
    expect(idx.upsert([inc(2, { version: 4, updatedAt: NOW, state: 'reported' })], NOW)).toEqual([]);
    expect(idx.upsert([inc(2, { version: 6, state: 'resolved' })], NOW)).toEqual([2]);
  });

  it('an unchanged copy with a newer timestamp changes nothing on the map', () => {
    const idx = new IncidentIndex('24h', NOW);
    idx.upsert([inc(1)], NOW);
    idx.syncBase();
    expect(idx.upsert([inc(1, { updatedAt: NOW })], NOW)).toEqual([]);
    expect(diffSize(idx.syncBase())).toBe(0);
  });

  it('a category filter (from 统计研判) shows only that category, and clearing it brings the rest back', () => {
    const idx = new IncidentIndex('7d', NOW);
    idx.upsert([inc(1, { category: 'dispute' }), inc(2, { category: 'safety' }), inc(3, { category: 'dispute' })], NOW);
    idx.syncBase();
    expect(idx.setCategory('dispute', NOW)).toBe(1);
    expect(idx.syncBase().remove).toEqual([2]);
    expect(idx.shownCount).toBe(2);
    idx.setCategory(null, NOW);
    expect(idx.syncBase().add.map((f) => f.id)).toEqual([2]);
  });

  it('changing the window adds and removes only the difference', () => {
    const idx = new IncidentIndex('24h', NOW);
    idx.upsert([inc(1), inc(2, { reportedAt: NOW - 3 * 24 * H }), inc(3, { reportedAt: NOW - 20 * 24 * H })], NOW);
    idx.syncBase();
    expect(idx.setWindow('7d', NOW)).toBe(1);
    const wider = idx.syncBase();
    expect(wider.add.map((f) => f.id)).toEqual([2]);
    expect(wider.remove).toEqual([]);
    idx.setWindow('30d', NOW);
    expect(idx.syncBase().add.map((f) => f.id)).toEqual([3]);
    idx.setWindow('24h', NOW);
    const back = idx.syncBase();
    expect(back.remove.sort()).toEqual([2, 3]);
    expect(back.add).toEqual([]);
    expect(idx.shownCount).toBe(1);
  });

  it('time passing: incidents stop being new and age out of the window', () => {
    const idx = new IncidentIndex('24h', NOW);
    idx.upsert([inc(1, { reportedAt: NOW - 60_000 }), inc(2, { reportedAt: NOW - WINDOW_MS['24h'] + 60_000 })], NOW);
    idx.syncBase();
    expect(idx.tick(NOW + NEW_MS)).toBe(2);
    const later = idx.syncBase();
    expect(later.update).toEqual([{ id: 1, addOrUpdateProperties: [{ key: 'n', value: 0 }] }]);
    expect(later.remove).toEqual([2]);
    expect(idx.tick(NOW + NEW_MS)).toBe(0);
  });

  it('merged incidents leave the map; removal is explicit', () => {
    const idx = new IncidentIndex('24h', NOW);
    idx.upsert([inc(1), inc(2)], NOW);
    idx.syncBase();
    idx.upsert([inc(1, { state: 'merged', updatedAt: NOW })], NOW);
    expect(idx.featureOf(1)).toBeNull();
    expect(idx.syncBase().remove).toEqual([1]);
    expect(idx.remove([2, 99])).toEqual([2]);
    expect(idx.syncBase().remove).toEqual([2]);
    expect(idx.shownCount).toBe(0);
    expect([...idx.visible()]).toEqual([]);
  });

  it('100,000 incidents index in well under a second, and 100 updates are a 100-item diff', () => {
    const idx = new IncidentIndex('30d', NOW);
    const many: MapIncident[] = [];
    for (let i = 1; i <= 100_000; i++) many.push(inc(i, { reportedAt: NOW - (i % 29) * 24 * H, updatedAt: NOW - H }));
    const t0 = performance.now();
    idx.upsert(many, NOW);
    expect(idx.features()).toHaveLength(100_000);
    expect(performance.now() - t0).toBeLessThan(1500);
    const changes = many.slice(0, 100).map((i) => ({ ...i, state: 'handling' as const, updatedAt: NOW }));
    const t1 = performance.now();
    expect(idx.upsert(changes, NOW)).toHaveLength(100);
    const u = idx.syncBase();
    expect(performance.now() - t1).toBeLessThan(50);
    expect(u.update).toHaveLength(100);
  });
});
