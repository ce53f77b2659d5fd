// The map's HTTP edge against a real server and SQLite file: scoped boundaries and grids, a style that names only
// this server, and a real basemap behind the server (a tile server on loopback, a local PMTiles file).
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MapView } from '../../protocol/map.ts';
import { login, startTestServer } from './harness.ts';
import { writePmtiles } from './pmtilesWriter.ts';

type Srv = Awaited<ReturnType<typeof startTestServer>>;
interface FC { type: string; features: { id: number; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[] }

const get = async (url: string, token?: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

/** Every http(s) URL anywhere in a JSON value. */
function urlsIn(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string' && /^https?:\/\//.test(v)) out.push(v);
  else if (Array.isArray(v)) for (const x of v) urlsIn(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) urlsIn(x, out);
  return out;
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082', 'hex');

describe('map: default basemap from the centre’s own data', () => {
  let srv: Srv;
  let county: string;
  let township: string;
  beforeAll(async () => {
    srv = await startTestServer();
    county = (await login(srv.url, 'duty1')).token;
    township = (await login(srv.url, 't01')).token;
  });
  afterAll(async () => srv.stop());

  it('needs a login for the view, areas, grids and tiles', async () => {
    for (const path of ['/api/map/view', '/api/map/areas.geojson', '/api/map/grids.geojson', '/api/map/basemap/0/0/0']) {
      const res = await get(`${srv.url}${path}`);
      expect(res.status, path).toBe(401);
    }
  });

  it('gives the county its whole area and a style that points only back at this server', async () => {
    const view = MapView.parse(await (await get(`${srv.url}/api/map/view`, county)).json());
    expect(view.level).toBe('county');
    const [w, s, e, n] = view.bounds;
    expect(w).toBeGreaterThan(101.8);
    expect(e).toBeLessThan(102.6);
    expect(s).toBeGreaterThan(24.7);
    expect(n).toBeLessThan(25.3);
    expect(view.basemap.kind).toBe('none');
    expect(view.nearestCameras).toEqual({ radiusM: 1000, count: 4 });
    expect(view.styleUrl.startsWith(srv.url)).toBe(true);

    const style = (await (await get(view.styleUrl)).json()) as { version: number; glyphs?: string; layers: { id: string }[] };
    expect(style.version).toBe(8);
    for (const u of urlsIn(style)) expect(u.startsWith(`${srv.url}/api/map/`), u).toBe(true);
    expect(style.glyphs).toBeUndefined(); // labels are drawn locally with the installed CJK font
    expect(style.layers.map((l) => l.id)).toEqual(expect.arrayContaining(['zz-township-line', 'zz-grid-fill', 'zz-township-label']));
  });

  it('serves every area and grid of the county, each with its label point and the grid member', async () => {
    const areas = (await (await get(`${srv.url}/api/map/areas.geojson`, county)).json()) as FC;
    const polys = areas.features.filter((f) => f.geometry.type === 'Polygon');
    const count = (lvl: string) => polys.filter((f) => f.properties.level === lvl).length;
    expect([count('county'), count('township'), count('village')]).toEqual([1, 13, 150]);
    expect(areas.features.filter((f) => f.geometry.type === 'Point')).toHaveLength(polys.length);

    const grids = (await (await get(`${srv.url}/api/map/grids.geojson`, county)).json()) as FC;
    const gp = grids.features.filter((f) => f.geometry.type === 'Polygon');
    expect(gp.length).toBeGreaterThan(2000);
    const g = gp[0]!;
    expect(typeof g.properties.memberName).toBe('string');
    expect(typeof g.properties.villageName).toBe('string');
    expect(g.id).toBe(g.properties.id);
    // Label points sit inside their grid's bounding box.
    const ring = (g.geometry.coordinates as [number, number][][])[0]!;
    const label = grids.features.find((f) => f.geometry.type === 'Point' && f.id === g.id)!.geometry.coordinates as [number, number];
    expect(label[0]).toBeGreaterThanOrEqual(Math.min(...ring.map((p) => p[0])));
    expect(label[0]).toBeLessThanOrEqual(Math.max(...ring.map((p) => p[0])));
  });

  it('gives a township only its own area: itself, its villages and their grids', async () => {
    const view = MapView.parse(await (await get(`${srv.url}/api/map/view`, township)).json());
    expect(view.level).toBe('township');
    const areas = (await (await get(`${srv.url}/api/map/areas.geojson`, township)).json()) as FC;
    const polys = areas.features.filter((f) => f.geometry.type === 'Polygon');
    expect(polys.filter((f) => f.properties.level === 'county')).toHaveLength(0);
    const townships = polys.filter((f) => f.properties.level === 'township');
    expect(townships.map((f) => f.properties.id)).toEqual([view.centreId]);
    const villages = polys.filter((f) => f.properties.level === 'village');
    expect(villages.length).toBeGreaterThan(5);
    expect(villages.every((v) => v.properties.parentId === view.centreId)).toBe(true);
    const villageIds = new Set(villages.map((v) => v.properties.id));
    const grids = (await (await get(`${srv.url}/api/map/grids.geojson`, township)).json()) as FC;
    expect(grids.features.length).toBeGreaterThan(0);
    expect(grids.features.every((g) => villageIds.has(g.properties.villageId as number))).toBe(true);
    // The township's bounds are inside the county's.
    const countyView = MapView.parse(await (await get(`${srv.url}/api/map/view`, county)).json());
    expect(view.bounds[0]).toBeGreaterThanOrEqual(countyView.bounds[0]);
    expect(view.bounds[2]).toBeLessThanOrEqual(countyView.bounds[2]);
  });

  it('answers 304 for an unchanged area set', async () => {
    const first = await get(`${srv.url}/api/map/grids.geojson`, county);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await get(`${srv.url}/api/map/grids.geojson`, county, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
  });

  it('has no basemap tiles when none is configured, and rejects impossible tile addresses', async () => {
    expect((await get(`${srv.url}/api/map/basemap/2/1/1`, county)).status).toBe(404);
    expect((await get(`${srv.url}/api/map/basemap/2/9/1`, county)).status).toBe(400);
  });
});

describe('map: a real basemap behind the centre server', () => {
  let upstream: Server;
  let upstreamUrl: string;
  const asked: string[] = [];
  beforeAll(async () => {
    upstream = createServer((req, res) => {
      asked.push(req.url ?? '');
      if (req.url?.startsWith('/wmts?') && req.url.includes('TILEMATRIX=3')) {
        res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      } else res.writeHead(404).end();
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    const addr = upstream.address();
    upstreamUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => new Promise<void>((r) => upstream.close(() => r())));

  it('fetches a WMTS/XYZ tile server for the console (the console never talks to it)', async () => {
    const srv = await startTestServer({
      map: { basemap: { kind: 'xyz', url: `${upstreamUrl}/wmts?SERVICE=WMTS&REQUEST=GetTile&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}`, attribution: '天地图' } },
    });
    try {
      const token = (await login(srv.url, 'duty1')).token;
      const view = MapView.parse(await (await get(`${srv.url}/api/map/view`, token)).json());
      expect(view.basemap).toEqual({ kind: 'xyz', tileType: 'raster', attribution: '天地图' });
      const style = (await (await get(view.styleUrl)).json()) as { sources: Record<string, { type: string; tiles?: string[] }> };
      expect(style.sources['zz-basemap']).toMatchObject({ type: 'raster', tiles: [`${srv.url}/api/map/basemap/{z}/{x}/{y}`] });
      for (const u of urlsIn(style)) expect(u.startsWith(srv.url)).toBe(true);

      const tile = await get(`${srv.url}/api/map/basemap/3/6/2`, token);
      expect(tile.status).toBe(200);
      expect(tile.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await tile.arrayBuffer()).equals(PNG)).toBe(true);
      expect(asked).toContain('/wmts?SERVICE=WMTS&REQUEST=GetTile&TILEMATRIX=3&TILEROW=2&TILECOL=6');
      expect((await get(`${srv.url}/api/map/basemap/4/1/1`, token)).status).toBe(204); // the upstream has none there
    } finally {
      await srv.stop();
    }
  });

  it('serves a local PMTiles file', async () => {
    const srv = await startTestServer();
    await srv.stop();
    const file = join(srv.dataDir, '..', `basemap-${process.pid}.pmtiles`);
    writeFileSync(file, writePmtiles([{ z: 0, x: 0, y: 0, data: PNG }, { z: 1, x: 1, y: 0, data: PNG }], { tileType: 2 }));
    const srv2 = await startTestServer({ map: { basemap: { kind: 'pmtiles', file } } });
    try {
      const token = (await login(srv2.url, 'duty1')).token;
      const view = MapView.parse(await (await get(`${srv2.url}/api/map/view`, token)).json());
      expect(view.basemap.kind).toBe('pmtiles');
      expect(view.basemap.tileType).toBe('raster');
      for (const [z, x, y] of [[0, 0, 0], [1, 1, 0]] as const) {
        const tile = await get(`${srv2.url}/api/map/basemap/${z}/${x}/${y}`, token);
        expect(tile.status).toBe(200);
        expect(Buffer.from(await tile.arrayBuffer()).equals(PNG)).toBe(true);
      }
      expect((await get(`${srv2.url}/api/map/basemap/1/0/0`, token)).status).toBe(204);
    } finally {
      await srv2.stop();
    }
  });
});
