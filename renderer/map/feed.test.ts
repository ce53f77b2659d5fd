import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../protocol/index.ts';
import { alertArea, loadRecentIncidents, type AreaBoxes } from './feed.ts';

const NOW = Date.UTC(2026, 10, 22, 8);

afterEach(() => vi.unstubAllGlobals());

/** A server with `n` incidents, one a minute back from NOW, answering GET /api/incidents as the real one does. */
function serve(n: number, sameTimeEvery = 0) {
  const all = Array.from({ length: n }, (_, k) => {
    const id = n - k;
    const at = NOW - (sameTimeEvery ? Math.floor(k / sameTimeEvery) : k) * 60_000;
    return { id, reportedAt: at } as Incident;
  });
  const asked: URLSearchParams[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    const q = new URL(url, 'http://x').searchParams;
    asked.push(q);
    const from = Number(q.get('from'));
    const to = q.has('to') ? Number(q.get('to')) : Infinity;
    const limit = Number(q.get('limit'));
    const page = all.filter((i) => i.reportedAt >= from && i.reportedAt < to).slice(0, limit); // newest (highest id) first
    return new Response(JSON.stringify({ incidents: page }), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return asked;
}

describe('loading the last 30 days', () => {
  it('pages back in time until a short page, each incident once', async () => {
    const asked = serve(12_345);
    const got: number[] = [];
    const n = await loadRecentIncidents('t', NOW, new AbortController().signal, (page) => got.push(...page.map((i) => i.id)));
    expect(n).toBe(12_345);
    expect(new Set(got).size).toBe(12_345);
    expect(got).toHaveLength(12_345);
    expect(asked).toHaveLength(3);
    expect(asked[0]!.has('to')).toBe(false);
    expect(Number(asked[1]!.get('to'))).toBe(NOW - 4999 * 60_000 + 1);
  });

  it('keeps incidents that share a timestamp across a page edge', async () => {
    serve(10_010, 7); // seven incidents per minute
    const got = new Set<number>();
    const n = await loadRecentIncidents('t', NOW, new AbortController().signal, (page) => page.forEach((i) => got.add(i.id)));
    expect(n).toBe(10_010);
    expect(got.size).toBe(10_010);
  });
});

describe('where an alert is', () => {
  const areas: AreaBoxes = new Map([
    [1, { name: '县', level: 'county', box: [0, 0, 10, 10] }],
    [2, { name: '城关镇', level: 'township', box: [0, 0, 2, 2] }],
    [3, { name: '青石镇', level: 'township', box: [3, 3, 5, 6] }],
    [4, { name: '河口乡', level: 'township', box: [6, 6, 9, 9] }],
  ]);
  const to = (...ids: number[]) => ids.map((centreId) => ({ centreId }) as Incident & { centreId: number });

  it('a red or orange alert to some centres is about their area', () => {
    expect(alertArea({ level: 'red', recipients: to(2, 3) as never }, areas)).toEqual({ box: [0, 0, 5, 6], names: ['城关镇', '青石镇'] });
    expect(alertArea({ level: 'orange', recipients: to(4) as never }, areas)?.names).toEqual(['河口乡']);
  });

  it('no flight for lower levels, for alerts to every township, or for unknown centres', () => {
    expect(alertArea({ level: 'yellow', recipients: to(2) as never }, areas)).toBeNull();
    expect(alertArea({ level: 'red', recipients: to(2, 3, 4) as never }, areas)).toBeNull();
    expect(alertArea({ level: 'red', recipients: to(99) as never }, areas)).toBeNull();
  });
});
