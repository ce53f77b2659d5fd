// A grid member sees only their own: their reports and the steps on them, the map of their own grid, nothing else —
// each leak the outside check found is asserted here as a refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Incident, IncidentDetail } from '../../protocol/index.ts';
import type { GridProps } from '../../protocol/map.ts';
import { generateDemoCounty } from '../../app/domain/demoCounty.ts';
import { api, expectError, login, startTestServer, TestConsole } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;
type FC = { features: { id: number; geometry: { type: string }; properties: GridProps }[] };

const county = generateDemoCounty();
const centreOf = (ring: [number, number][]) => {
  const pts = ring.slice(0, -1);
  return { lon: pts.reduce((s, p) => s + p[0], 0) / pts.length, lat: pts.reduce((s, p) => s + p[1], 0) / pts.length };
};
const village = county.townships[0]!.villages[0]!;
let seq = 0;
const report = (grid: number) => ({
  idempotencyKey: `grid-scope-${Date.now()}-${seq++}`,
  category: 'dispute',
  description: `第${grid + 1}网格：两户村民因宅基地边界发生争执，联系人王某 13900000000`,
  location: { ...centreOf(village.grids[grid]!.ring), crs: 'wgs84' },
});

describe('a grid member sees only their own', () => {
  let server: Server;
  let me: ReturnType<typeof api>;
  let neighbour: ReturnType<typeof api>;
  let mine: Incident;
  let theirs: Incident;
  beforeAll(async () => {
    server = await startTestServer();
    me = api(server.url, (await login(server.url, 'g00100101')).token);
    neighbour = api(server.url, (await login(server.url, 'g00100102')).token);
    mine = (await me.post<{ incident: Incident }>('/api/incidents', report(0))).body.incident;
    theirs = (await neighbour.post<{ incident: Incident }>('/api/incidents', report(1))).body.incident;
  });
  afterAll(async () => server.stop());

  it('lists only their own reports, and opens only those', async () => {
    const list = await me.get<{ incidents: Incident[] }>('/api/incidents');
    expect(list.body.incidents.map((i) => i.id)).toEqual([mine.id]);
    expect((await me.get<IncidentDetail>(`/api/incidents/${mine.id}`)).status).toBe(200);
    const other = await me.get<ApiError>(`/api/incidents/${theirs.id}`);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('FORBIDDEN_SCOPE');
    expect((await me.get<ApiError>(`/api/incidents/${theirs.id}/qr.svg`)).status).toBe(403);
    // The village operator still sees both.
    const v = api(server.url, (await login(server.url, 'v001001')).token);
    const all = (await v.get<{ incidents: Incident[] }>('/api/incidents')).body.incidents.map((i) => i.id);
    expect(all).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });

  it('gets no export of incidents or the ledger', async () => {
    for (const path of ['/api/exports/incidents.csv', '/api/exports/incidents.xlsx', '/api/exports/ledger.csv']) {
      const r = await me.get<ApiError>(path);
      expect(r.status, path).toBe(403);
      expect(r.body.code, path).toBe('FORBIDDEN_ROLE');
    }
  });

  it('gets only their own grid on the map, without phone numbers', async () => {
    const grids = (await me.get<FC>('/api/map/grids.geojson')).body;
    const polys = grids.features.filter((f) => f.geometry.type === 'Polygon');
    expect(polys).toHaveLength(1);
    expect(polys[0]!.properties.code).toBe(village.grids[0]!.code);
    expect(JSON.stringify(grids)).not.toMatch(/1[3-9]\d{9}/);
    expect(polys[0]!.properties.memberPhone).toBeNull();
    const view = (await me.get<{ bounds: [number, number, number, number] }>('/api/map/view')).body;
    const ring = village.grids[0]!.ring;
    expect(view.bounds[0]).toBeCloseTo(Math.min(...ring.map((p) => p[0])), 6);
    expect(view.bounds[2]).toBeCloseTo(Math.max(...ring.map((p) => p[0])), 6);
  });

  it('phones stay with the county and township staff who call grid members', async () => {
    const phones = async (username: string) => {
      const c = api(server.url, (await login(server.url, username)).token);
      const fc = (await c.get<FC>('/api/map/grids.geojson')).body;
      return fc.features.filter((f) => f.geometry.type === 'Polygon' && f.properties.memberPhone).length;
    };
    expect(await phones('duty1')).toBeGreaterThan(2000);
    expect(await phones('t01')).toBeGreaterThan(100);
    expect(await phones('v001001')).toBe(0);
    expect(await phones('d01')).toBe(0);
  });

  it('gets no stream of the village over the socket', async () => {
    const c = new TestConsole(server.url, (await login(server.url, 'g00100101')).token);
    await expect(c.connect()).rejects.toThrow('FORBIDDEN_ROLE');
    expect(expectError(await c.request('sync', { lastSeq: 0, epoch: null })).code).toBe('FORBIDDEN_ROLE');
    // An update on the village's case reaches the village console, not the grid member's socket.
    const village = new TestConsole(server.url, (await login(server.url, 'v001001')).token);
    await village.connect();
    const duty = api(server.url, (await login(server.url, 'duty1')).token);
    expect((await duty.post(`/api/incidents/${theirs.id}/steps`, { action: 'accept', priority: 'simple' })).status).toBe(200);
    await village.waitFor((applied) => applied.some((e) => e.event.kind === 'incident.updated'));
    await new Promise((r) => setTimeout(r, 200));
    expect(c.applied).toEqual([]);
    c.close();
    village.close();
  });
});
