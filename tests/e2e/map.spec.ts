// The map in Chromium against the real centre server: the demo county renders from local data only (no request leaves
// 127.0.0.1), features are found with queryRenderedFeatures, grid hover names the grid member, a live incident reported
// through the API appears and opens its drawer, drawing lists what is inside, the time filter and heatmap work, a township
// sees only its own area, and a red alert to one township flies the map there.
import { io, type Socket } from 'socket.io-client';
import type { Page, Request } from '@playwright/test';
import type { Map as MlMap } from 'maplibre-gl';
import type { ClientToServerEvents, LoginResponse, ServerToClientEvents } from '../../protocol/index.ts';
import { CHROMIUM_PATH, DEMO_PASSWORD, expect, login, skipWithoutChromium, test } from './fixtures.ts';

skipWithoutChromium();

// maplibre needs WebGL: with --disable-gpu Chromium offers it through SwiftShader only when allowed explicitly.
test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--enable-unsafe-swiftshader'],
  },
});

type LonLat = [number, number];

/** The page's debug handle on the live map (renderer/map/controller.ts), as far as these tests use it. */
interface MapHandle {
  map: MlMap;
  stats: { diffs: number; changes: number; fullLoads: number; hotUpdates: number };
  settled: boolean;
  view: { level: string; name: string; centreId: number };
  queueIncidents(list: unknown[]): void;
  cameraList(): { id: number; lon: number; lat: number }[];
}
declare global {
  interface Window {
    __zzMap?: MapHandle;
  }
}

/** Every request the page makes, to prove nothing leaves this machine. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r: Request) => urls.push(r.url()));
  return urls;
}

function offHost(urls: string[]): string[] {
  return urls.filter((u) => {
    if (u.startsWith('data:') || u.startsWith('blob:')) return false;
    const { hostname } = new URL(u);
    return hostname !== '127.0.0.1';
  });
}

async function openMap(page: Page): Promise<void> {
  await page.goto('/#map');
  await expect(page.getByTestId('map-canvas')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await waitIdle(page);
}

/** The map has loaded its style and data and finished drawing. */
async function waitIdle(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const m = window.__zzMap?.map;
      return !!m && m.loaded() && m.areTilesLoaded() && !m.isMoving();
    },
    null,
    { timeout: 30_000 },
  );
  // one more frame, so what was drawn is on the canvas
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function apiLogin(url: string, username: string): Promise<LoginResponse> {
  const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  expect(res.ok).toBe(true);
  return (await res.json()) as LoginResponse;
}

/** A grid's label point (inside the grid) from the server's own data. */
async function someGridPoint(url: string, token: string, index = 500): Promise<{ at: LonLat; name: string; member: string }> {
  const res = await fetch(`${url}/api/map/grids.geojson`, { headers: { authorization: `Bearer ${token}` } });
  const fc = (await res.json()) as { features: { geometry: { type: string; coordinates: LonLat }; properties: { name: string; memberName: string } }[] };
  const points = fc.features.filter((f) => f.geometry.type === 'Point');
  const f = points[index % points.length]!;
  return { at: f.geometry.coordinates, name: f.properties.name, member: f.properties.memberName };
}

test('the demo county renders from the centre server alone, with labels, grids and grid members', async ({ page, server }) => {
  const urls = recordRequests(page);
  await login(page, 'duty1');
  await openMap(page);

  // The canvas is not blank: many pixels differ from the background, in several colours.
  const paint = await page.evaluate(() => {
    const src = window.__zzMap!.map.getCanvas();
    const c = document.createElement('canvas');
    c.width = 200;
    c.height = 120;
    const g = c.getContext('2d')!;
    g.drawImage(src, 0, 0, c.width, c.height);
    const px = g.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set<string>();
    let lit = 0;
    for (let i = 0; i < px.length; i += 4) {
      colours.add(`${px[i]! >> 3},${px[i + 1]! >> 3},${px[i + 2]! >> 3}`);
      if (px[i]! + px[i + 1]! + px[i + 2]! > 3 * 40) lit++;
    }
    return { colours: colours.size, lit };
  });
  expect(paint.colours).toBeGreaterThan(8);
  expect(paint.lit).toBeGreaterThan(200);

  // Features are there to query: all 13 township names (drawn in Chinese from the local font), boundaries, grids.
  const found = await page.evaluate(() => {
    const m = window.__zzMap!.map;
    return {
      townships: [...new Set(m.queryRenderedFeatures({ layers: ['zz-township-label'] }).map((f) => f.properties.name as string))],
      townshipLines: m.queryRenderedFeatures({ layers: ['zz-township-line'] }).length,
      villageLines: m.queryRenderedFeatures({ layers: ['zz-village-line'] }).length,
    };
  });
  expect(found.townships).toHaveLength(13);
  expect(found.townships).toContain('城关镇');
  expect(found.townshipLines).toBeGreaterThan(0);
  expect(found.villageLines).toBeGreaterThan(100);
  await expect(page.getByTestId('map-legend')).toContainText('超期');

  // Hovering a grid shows the grid and its grid member.
  const { token } = await apiLogin(server.url, 'duty2');
  const grid = await someGridPoint(server.url, token);
  await page.evaluate((at) => window.__zzMap!.map.jumpTo({ center: at, zoom: 14.5 }), grid.at);
  await waitIdle(page);
  // Grids (drawn from zoom 11 on) and their names are there to query.
  const near = await page.evaluate(() => ({
    grids: window.__zzMap!.map.queryRenderedFeatures({ layers: ['zz-grid-fill'] }).length,
    labels: window.__zzMap!.map.queryRenderedFeatures({ layers: ['zz-grid-label'] }).map((f) => f.properties.name as string),
  }));
  expect(near.grids).toBeGreaterThan(10);
  expect(near.labels).toContain(grid.name);
  const box = (await page.getByTestId('map-canvas').boundingBox())!;
  const xy = await page.evaluate((at) => window.__zzMap!.map.project(at), grid.at);
  await page.mouse.move(box.x + xy.x, box.y + xy.y);
  const tip = page.getByTestId('map-grid-tip');
  await expect(tip).toBeVisible();
  await expect(tip).toContainText(grid.name);
  await expect(page.getByTestId('map-grid-member')).toHaveText(grid.member);

  // Layer toggles hide whole groups.
  await page.getByTestId('map-layer-grids').uncheck();
  await expect.poll(() => page.evaluate(() => window.__zzMap!.map.getLayoutProperty('zz-grid-line', 'visibility'))).toBe('none');

  expect(offHost(urls), 'requests that left 127.0.0.1').toEqual([]);
  expect(urls.some((u) => u.includes('/api/map/style.json'))).toBe(true);
  expect(urls.some((u) => u.includes('/api/map/grids.geojson'))).toBe(true);
});

test('a reported incident arrives live, opens its drawer, and drawing a shape lists it', async ({ page, server }) => {
  const urls = recordRequests(page);
  await login(page, 'duty1');
  await openMap(page);
  await expect(page.getByTestId('map-counts')).toHaveAttribute('data-shown', '0');

  // Reported through the real API by another officer; it reaches this console over the durable stream.
  const { token } = await apiLogin(server.url, 'duty2');
  const grid = await someGridPoint(server.url, token, 777);
  const res = await fetch(`${server.url}/api/incidents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      idempotencyKey: `e2e-map-${Date.now()}`,
      category: 'dispute',
      description: '村民因宅基地界线发生争执，需调解',
      location: { lon: grid.at[0], lat: grid.at[1], crs: 'wgs84' },
      priority: 'general',
    }),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  const { incident } = (await res.json()) as { incident: { id: number; code: string } };
  await expect(page.getByTestId('map-counts')).toHaveAttribute('data-shown', '1');
  // …as a diff, not a rebuild: the source was never reloaded whole.
  await page.waitForFunction(() => window.__zzMap!.settled);
  const stats = await page.evaluate(() => window.__zzMap!.stats);
  expect(stats.diffs).toBeGreaterThanOrEqual(1);
  expect(stats.fullLoads).toBe(0);

  // Found on the map, clicked, its drawer opens.
  await page.evaluate((at) => window.__zzMap!.map.jumpTo({ center: at, zoom: 16 }), grid.at);
  await waitIdle(page);
  // In the live overlay at once, then in the clustered source once it has caught up: found either way.
  const hit = await page.evaluate(() => window.__zzMap!.map.queryRenderedFeatures({ layers: ['zz-inc-point', 'zz-inc-hot-point'] }).map((f) => Number(f.id)));
  expect(hit).toContain(incident.id);
  const box = (await page.getByTestId('map-canvas').boundingBox())!;
  const xy = await page.evaluate((at) => window.__zzMap!.map.project(at), grid.at);
  await page.mouse.click(box.x + xy.x, box.y + xy.y);
  const drawer = page.getByTestId('incident-drawer');
  await expect(drawer).toBeVisible();
  await expect(drawer).toHaveAttribute('data-incident-id', String(incident.id));
  await expect(page.getByTestId('incident-code')).toHaveText(incident.code);
  await expect(drawer).toContainText('宅基地');
  await page.getByTestId('map-panel-close').click();

  // Draw a circle around it: the panel lists it.
  await page.getByTestId('map-draw-circle').click();
  await page.mouse.move(box.x + xy.x, box.y + xy.y);
  await page.mouse.down();
  await page.mouse.move(box.x + xy.x + 60, box.y + xy.y, { steps: 4 });
  await page.mouse.move(box.x + xy.x + 120, box.y + xy.y, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByTestId('drawn-panel')).toBeVisible();
  await expect(page.getByTestId('drawn-incidents-count')).toHaveAttribute('data-n', '1');
  await page.getByTestId('drawn-incident').first().click();
  await expect(page.getByTestId('incident-drawer')).toHaveAttribute('data-incident-id', String(incident.id));

  // A polygon away from it lists nothing.
  await page.getByTestId('map-draw-polygon').click();
  for (const [dx, dy] of [[200, 150], [320, 150], [320, 260], [200, 260]] as const) await page.mouse.click(box.x + xy.x + dx, box.y + xy.y + dy);
  await page.getByTestId('map-draw-finish').click();
  await expect(page.getByTestId('drawn-incidents-count')).toHaveAttribute('data-n', '0');

  // A console opened later loads it from GET /api/incidents (one whole load of the clustered source).
  await page.reload();
  await openMap(page);
  await expect(page.getByTestId('map-counts')).toHaveAttribute('data-shown', '1');
  await page.waitForFunction(() => window.__zzMap!.settled);

  expect(offHost(urls)).toEqual([]);
});

test('clusters, the time filter and the heatmap over many incidents', async ({ page }) => {
  await login(page, 'duty1');
  await openMap(page);
  // 3,000 incidents (1,000 of the last day, 1,000 of the last week, 1,000 of the last month) put straight into the
  // map's feed, as the stream would deliver them.
  await page.evaluate(() => {
    const now = Date.now();
    const day = 86_400_000;
    const list = [];
    for (let i = 0; i < 3000; i++) {
      const age = i < 1000 ? (i / 1000) * day * 0.9 : i < 2000 ? day * (1.5 + (i % 5)) : day * (8 + (i % 20));
      list.push({
        id: 900_000 + i, code: `T${i}`, category: 'dispute', priority: (['simple', 'general', 'complex'] as const)[i % 3], state: 'reported' as const,
        lon: 101.95 + ((i * 7919) % 1000) / 2000, lat: 24.85 + ((i * 104729) % 1000) / 2500, overdue: i % 10 === 0,
        reportedAt: now - age, updatedAt: now - age, description: 'x', gridName: null, holderCentreName: '县综治中心',
      });
    }
    window.__zzMap!.queueIncidents(list);
  });
  await expect(page.getByTestId('map-counts')).toHaveAttribute('data-shown', '2000'); // 7 days by default
  await page.getByTestId('map-window-24h').click();
  await expect(page.getByTestId('map-counts')).toHaveAttribute('data-shown', '1000');
  await page.getByTestId('map-window-30d').click();
  await expect(page.getByTestId('map-counts')).toHaveAttribute('data-shown', '3000');
  await waitIdle(page);
  const clusters = await page.evaluate(() =>
    window.__zzMap!.map.queryRenderedFeatures({ layers: ['zz-inc-cluster'] }).map((f) => ({ n: f.properties.point_count as number, overdue: f.properties.o as number })),
  );
  expect(clusters.length).toBeGreaterThan(3);
  expect(clusters.reduce((s, c) => s + c.n, 0)).toBeGreaterThan(1000);
  expect(clusters.some((c) => c.overdue > 0)).toBe(true);

  await page.getByTestId('map-heatmap').check();
  await expect.poll(() => page.evaluate(() => [window.__zzMap!.map.getLayoutProperty('zz-inc-heat', 'visibility'), window.__zzMap!.map.getLayoutProperty('zz-inc-cluster', 'visibility')])).toEqual(['visible', 'none']);
  await page.getByTestId('map-heatmap').uncheck();
  await expect.poll(() => page.evaluate(() => window.__zzMap!.map.getLayoutProperty('zz-inc-cluster', 'visibility'))).toBe('visible');
});

test('a township sees only its own area', async ({ page }) => {
  await login(page, 't01');
  await openMap(page);
  const names = await page.evaluate(() => {
    const m = window.__zzMap!.map;
    m.jumpTo({ zoom: 9 }); // even zoomed out
    return new Promise<string[]>((resolve) =>
      m.once('idle', () => resolve([...new Set(m.querySourceFeatures('zz-areas').filter((f) => f.properties.level === 'township').map((f) => f.properties.name as string))])),
    );
  });
  expect(names).toHaveLength(1);
  const view = await page.evaluate(() => window.__zzMap!.view);
  expect(view.level).toBe('township');
  expect(names[0]).toBe(view.name);
});

test('a new red alert to one township flies the county map there', async ({ page, server }) => {
  await login(page, 'duty1');
  await openMap(page);
  const { token } = await apiLogin(server.url, 'duty2');
  const centres = (await (await fetch(`${server.url}/api/centres`, { headers: { authorization: `Bearer ${token}` } })).json()) as { id: number; level: string; name: string }[];
  const target = centres.filter((c) => c.level === 'township')[7]!;
  const before = await page.evaluate(() => window.__zzMap!.map.getZoom());

  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, { auth: { token }, transports: ['websocket'], forceNew: true });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const reply = await new Promise<{ ok: boolean }>((resolve) =>
      socket.emit('alert:raise', { level: 'red', title: `${target.name}突发险情`, body: '请立即处置', targets: { kind: 'centres', centreIds: [target.id] } }, resolve),
    );
    expect(reply.ok).toBe(true);
  } finally {
    socket.disconnect();
  }
  await expect(page.getByTestId('map-toast')).toContainText(target.name);
  await waitIdle(page);
  const after = await page.evaluate(() => {
    const m = window.__zzMap!.map;
    const c = m.getCenter();
    return { zoom: m.getZoom(), center: [c.lng, c.lat] as [number, number] };
  });
  expect(after.zoom).toBeGreaterThan(before + 0.5);
  const area = await page.evaluate(
    ([id, at]) => window.__zzMap!.map.queryRenderedFeatures(window.__zzMap!.map.project(at), { layers: ['zz-county-fill'] }).length > 0 &&
      window.__zzMap!.map.querySourceFeatures('zz-areas').some((f) => f.properties.id === id),
    [target.id, after.center] as const,
  );
  expect(area).toBe(true);
});

// Incident → nearest cameras → wall: the drawer lists the cameras within the configured radius, nearest first, and
// 上墙 pushes them with the wall's own `wall:op`. Skips (saying why) on a server that serves no cameras.
test('an incident’s nearest cameras reach the wall', async ({ page, server }) => {
  await login(page, 'duty1');
  await openMap(page);
  const cameras = await page.evaluate(async () => {
    for (let i = 0; i < 50 && (window.__zzMap?.cameraList().length ?? 0) === 0; i++) await new Promise((r) => setTimeout(r, 100));
    return window.__zzMap!.cameraList();
  });
  test.skip(cameras.length === 0, 'the centre server serves no cameras');
  const cam = cameras[0]!;
  const { token } = await apiLogin(server.url, 'duty2');
  // An incident 100 m from the camera.
  const res = await fetch(`${server.url}/api/incidents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ idempotencyKey: `e2e-cam-${Date.now()}`, category: 'publicOrder', description: '路口聚集', location: { lon: cam.lon + 0.001, lat: cam.lat, crs: 'wgs84' }, priority: 'simple' }),
  });
  const { incident } = (await res.json()) as { incident: { id: number } };
  await expect(page.getByTestId('map-counts')).not.toHaveAttribute('data-shown', '0');
  await page.evaluate((at) => window.__zzMap!.map.jumpTo({ center: at, zoom: 16 }), [cam.lon + 0.001, cam.lat] as LonLat);
  await waitIdle(page);
  const box = (await page.getByTestId('map-canvas').boundingBox())!;
  const xy = await page.evaluate((at) => window.__zzMap!.map.project(at), [cam.lon + 0.001, cam.lat] as LonLat);
  await page.mouse.click(box.x + xy.x, box.y + xy.y);
  await expect(page.getByTestId('incident-drawer')).toHaveAttribute('data-incident-id', String(incident.id));
  // Cameras are drawn (coloured by status) and found on the map.
  expect(await page.evaluate(() => window.__zzMap!.map.queryRenderedFeatures({ layers: ['zz-cam'] }).map((f) => Number(f.properties.id)))).toContain(cam.id);
  await expect(page.locator(`[data-testid="nearest-camera"][data-camera-id="${cam.id}"]`)).toBeVisible();
  const shown = (await page.getByTestId('nearest-camera').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-camera-id'))))).slice(0, 4);
  expect(shown[0]).toBe(cam.id); // nearest first

  // Start from an empty screen 1, push, and read the wall's shared state back as any console or wall window would.
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, { auth: { token }, transports: ['websocket'], forceNew: true });
  type SyncReply = Parameters<Parameters<ClientToServerEvents['sync']>[1]>[0];
  try {
    await new Promise((resolve) => socket.emit('wall:op', { op: 'clear', screen: 0 }, resolve));
    await page.getByTestId('push-nearest').click();
    await expect(page.getByTestId('push-nearest-done')).toBeVisible();
    const reply = await new Promise<SyncReply>((resolve) => socket.emit('sync', { lastSeq: null, epoch: null }, resolve));
    expect(reply.ok).toBe(true);
    if (reply.ok) expect(reply.data.live.wall?.wall.screens[0]!.tiles.filter((t) => t !== null)).toEqual(shown);
  } finally {
    socket.disconnect();
  }

  // Clicking the camera itself opens its panel: 上墙 on its own, or a preview with the wall's own tile.
  await page.getByTestId('map-panel-close').click();
  const camXy = await page.evaluate((at) => window.__zzMap!.map.project(at), [cam.lon, cam.lat] as LonLat);
  await page.mouse.click(box.x + camXy.x, box.y + camXy.y);
  await expect(page.getByTestId('camera-panel')).toHaveAttribute('data-camera-id', String(cam.id));
  await page.getByTestId('camera-preview').click();
  await expect(page.getByTestId('camera-preview-tile').locator('.tile')).toBeVisible();
});

test('labels win over camera icons, and every village of a township is labelled at its zoom', async ({ page, browser, server }) => {
  // the county: camera icons are drawn beneath every label layer, so 城关镇 stays readable
  await login(page, 'duty1');
  await openMap(page);
  const order = await page.evaluate(() => window.__zzMap!.map.getStyle().layers.map((l) => l.id));
  const firstLabel = order.findIndex((id) => id.endsWith('-label'));
  expect(firstLabel).toBeGreaterThan(-1);
  for (const id of ['zz-cam', 'zz-inc-point', 'zz-inc-cluster']) expect(order.indexOf(id)).toBeLessThan(firstLabel);

  // t01's map: each village whose label point is on screen has its label drawn
  const { token } = await apiLogin(server.url, 't01');
  const res = await fetch(`${server.url}/api/map/areas.geojson`, { headers: { authorization: `Bearer ${token}` } });
  const fc = (await res.json()) as { features: { geometry: { type: string; coordinates: LonLat }; properties: { name: string; level: string } }[] };
  const villages = fc.features.filter((f) => f.geometry.type === 'Point' && f.properties.level === 'village');
  expect(villages.map((v) => v.properties.name)).toContain('明金社区');
  // a small screen: the township's map opens below zoom 11, where village names used to start
  const t01 = await (await browser.newContext({ baseURL: server.url, viewport: { width: 1024, height: 640 } })).newPage();
  await login(t01, 't01');
  await openMap(t01);
  const seen = await t01.evaluate((points) => {
    const m = window.__zzMap!.map;
    const zoom = m.getZoom();
    const bounds = m.getBounds();
    const onScreen = points.filter((p) => bounds.contains(p.at)).map((p) => p.name);
    const drawn = new Set(m.queryRenderedFeatures({ layers: ['zz-village-label'] }).map((f) => f.properties.name as string));
    return { zoom, onScreen, missing: onScreen.filter((n) => !drawn.has(n)) };
  }, villages.map((v) => ({ name: v.properties.name, at: v.geometry.coordinates })));
  expect(seen.zoom).toBeLessThan(11);
  expect(seen.onScreen).toContain('明金社区');
  expect(seen.missing).toEqual([]);
});
