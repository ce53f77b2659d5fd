import { describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from '../../protocol/index.ts';
import { countIncidents, DEFAULT_FILTERS, filterIncidents, formatDuration, remaining, timelineWho, upsert } from './model.ts';

const T0 = Date.UTC(2026, 10, 22, 2);
const inc = (id: number, over: Partial<Incident> = {}): Incident => ({
  id, code: `ZZ-${id}`, category: 'dispute', priority: 'general', state: 'reported', description: 'd', lon: 102, lat: 25,
  gridId: 1, gridName: 'g', townshipId: 2, villageId: 3, holderCentreId: 1, holderCentreName: '县', holderLevel: 'county',
  pendingSign: false, reportedAt: T0 + id, reportedBy: { id: 9, name: 'n' }, respondBy: T0 + 20 * 60_000, acceptedAt: null, resolveBy: null,
  urgedAt: null, supervisedAt: null, overdue: false, attempts: { village: 0, township: 0, county: 0 }, extension: null, extendedDays: 0,
  result: null, satisfaction: null, mergedInto: null, mergedIntoCode: null, similarTo: null, similarToCode: null, photos: [], updatedAt: T0, version: 1, ...over,
});

describe('incident cache', () => {
  it('keeps the higher version whatever the arrival order', () => {
    let m = upsert({}, [inc(1, { version: 3, state: 'handling' })]);
    const before = m;
    m = upsert(m, [inc(1, { version: 2, state: 'accepted' })]);
    expect(m).toBe(before);
    m = upsert(m, [inc(1, { version: 3, state: 'accepted' })]);
    expect(m[1]?.state).toBe('handling');
    m = upsert(m, [inc(1, { version: 4, state: 'resolved' })]);
    expect(m[1]?.state).toBe('resolved');
  });

  it('filters and sorts overdue first, then newest', () => {
    const m = upsert({}, [inc(1), inc(2, { overdue: true }), inc(3, { state: 'archived' }), inc(4, { category: 'safety' }), inc(5, { holderCentreId: 7 })]);
    expect(filterIncidents(m, DEFAULT_FILTERS, T0, 1).map((i) => i.id)).toEqual([2, 5, 4, 1]);
    expect(filterIncidents(m, { ...DEFAULT_FILTERS, state: 'all' }, T0, 1)).toHaveLength(5);
    expect(filterIncidents(m, { ...DEFAULT_FILTERS, category: 'safety' }, T0, 1).map((i) => i.id)).toEqual([4]);
    expect(filterIncidents(m, { ...DEFAULT_FILTERS, mine: true }, T0, 7).map((i) => i.id)).toEqual([5]);
    expect(filterIncidents(m, { ...DEFAULT_FILTERS, range: '24h' }, T0 + 2 * 86_400_000, 1)).toEqual([]);
  });

  it('counts open, overdue and what my centre must sign', () => {
    const m = upsert({}, [inc(1), inc(2, { overdue: true }), inc(3, { state: 'assigned', pendingSign: true, holderCentreId: 5 }), inc(4, { state: 'archived' })]);
    expect(countIncidents(m, 5)).toMatchObject({ open: 3, overdue: 1, awaitingSign: 1, byState: { reported: 2, assigned: 1, archived: 1 } });
  });

  it('shows the running deadline and how far past it a case is', () => {
    expect(remaining(inc(1), T0)).toEqual({ ms: 20 * 60_000, overdue: false });
    expect(remaining(inc(1), T0 + 30 * 60_000)).toEqual({ ms: 10 * 60_000, overdue: true });
    expect(remaining(inc(1, { acceptedAt: T0, resolveBy: T0 + 3 * 86_400_000 }), T0)?.ms).toBe(3 * 86_400_000);
    expect(remaining(inc(1, { state: 'resolved' }), T0)).toBeNull();
    expect(formatDuration(3 * 86_400_000 + 2 * 3_600_000, 'zh')).toBe('3天2小时');
    expect(formatDuration(45 * 60_000, 'en')).toBe('45m');
  });
});

describe('timeline attribution', () => {
  const ev = (kind: string, over: Partial<TimelineEntry> = {}): TimelineEntry => ({
    at: T0, kind, actor: { id: 1, name: '汪华' }, actorCentreName: '青岚县', centreName: '城关镇', note: '', photos: [], ...over,
  });
  it('shows the actor with their own unit, and the receiving unit only where the step sent the case', () => {
    // After 分流 the case is held by 城关镇: the county's 回访 and 归档 are still the county's.
    expect(timelineWho(ev('followUp'))).toEqual({ who: '汪华 · 青岚县', to: null });
    expect(timelineWho(ev('archive'))).toEqual({ who: '汪华 · 青岚县', to: null });
    expect(timelineWho(ev('assign'))).toEqual({ who: '汪华 · 青岚县', to: '城关镇' });
    expect(timelineWho(ev('urge', { actor: null, actorCentreName: null }))).toEqual({ who: '', to: '城关镇' });
  });
});
