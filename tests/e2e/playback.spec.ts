// 录像回放 in Chromium against the real server, node-media-server and ffmpeg: the demo clock camera records (policy set
// by the administrator); a duty officer opens it at a time, the tile shows that time's burned-in clock, the timeline
// shows the recorded span, and a time with no recording says so.
import type { Centre, LoginResponse, RecordedSpan } from '../../protocol/index.ts';
import { readClockCode } from '../../media/sim/clockCode.ts';
import { DEMO_CLOCK_CAMERA, demoSourceUrl } from '../../app/store/seedCameras.ts';
import { toLocalInput } from '../../renderer/playback/model.ts';
import { generateDemoCounty } from '../../app/domain/demoCounty.ts';
import { NO_FFMPEG } from '../integration/videoHelpers.ts';
import { DEMO_PASSWORD, expect, login, skipWithoutChromium, test } from './fixtures.ts';

skipWithoutChromium();
if (NO_FFMPEG) console.log(`[e2e] ${NO_FFMPEG}`);
test.skip(!!NO_FFMPEG, 'ffmpeg is not installed');

const SHOTS = process.env.ZZ_SCREENSHOT_DIR;

test.use({ serverConfig: { video: { demoCameras: true, probeEveryMs: 0 }, recording: { segmentSec: 2 } } });

async function call<T>(base: string, path: string, token: string, body?: unknown, method?: string): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

// A point inside the first grid of the first township: the camera stands there and the case is reported there.
const ring = generateDemoCounty().townships[0]!.villages[0]!.grids[0]!.ring.slice(0, -1);
const [LNG, LAT] = [ring.reduce((a, p) => a + p[0], 0) / ring.length, ring.reduce((a, p) => a + p[1], 0) / ring.length];

test('a recorded moment opens at that time: the clock in the picture, the timeline, and 没有录像 where nothing was recorded', async ({ page, server, context }) => {
  test.setTimeout(120_000);
  const admin = ((await (await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }) })).json()) as LoginResponse).token;
  const township = (await call<Centre[]>(server.url, '/api/centres', admin)).find((c) => c.level === 'township')!;
  const cam = await call<{ id: number }>(server.url, '/api/cameras', admin, { name: '回放·时钟', townshipId: township.id, lat: LAT, lng: LNG, sourceUrl: demoSourceUrl(DEMO_CLOCK_CAMERA.key) });
  // A second camera on the same source: two tiles played in sync must show the same clock.
  const cam2 = await call<{ id: number }>(server.url, '/api/cameras', admin, { name: '回放·时钟二', townshipId: township.id, lat: LAT + 0.002, lng: LNG, sourceUrl: demoSourceUrl(DEMO_CLOCK_CAMERA.key) });
  for (const id of [cam.id, cam2.id]) await call(server.url, `/api/recording/policies/${id}`, admin, { mode: 'continuous', beforeMin: 1, afterMin: 1, retentionDays: 7 }, 'PUT');
  let spans: RecordedSpan[] = [];
  await expect
    .poll(async () => {
      spans = await call<RecordedSpan[]>(server.url, `/api/recordings/${cam.id}/spans?from=0&to=${Date.now() + 60_000}`, admin);
      return spans.length ? spans[0]!.end - spans[0]!.start : 0;
    }, { timeout: 60_000, intervals: [500] })
    .toBeGreaterThan(20_000);
  const at = Math.ceil((spans[0]!.start + 14_000) / 1000) * 1000;

  await context.addInitScript('globalThis.__name = (f) => f;');
  await login(page, 'duty1');
  await page.goto('/#playback');
  await page.getByTestId(`playback-camera-${cam.id}`).check();
  await page.getByTestId(`playback-camera-${cam2.id}`).check();
  await page.getByTestId('playback-at').fill(toLocalInput(at));
  const opened = Date.now();
  await page.getByTestId('playback-open').click();
  const tile = page.locator(`[data-testid="playback-tile"][data-camera-id="${cam.id}"]`);
  const tile2 = page.locator(`[data-testid="playback-tile"][data-camera-id="${cam2.id}"]`);
  await expect(tile).toHaveAttribute('data-state', 'playing', { timeout: 20_000 });
  await expect(tile2).toHaveAttribute('data-state', 'playing', { timeout: 20_000 });
  await page.waitForTimeout(1500); // the follower is brought to the leader within a sync tick
  await page.getByTestId('playback-pause').click();
  await expect(tile).toHaveAttribute('data-state', 'paused');
  // It cannot have played further than the wall-clock time since 打开 (at 1×), however slow the machine was to start.
  const played = Date.now() - opened;
  const clocks = (await page.evaluate(`(() => {
    const read = (${readClockCode.toString()});
    return [...document.querySelectorAll('[data-testid="playback-video"]')].map((video) => {
      const canvas = document.createElement('canvas');
      canvas.width = 640; canvas.height = 360;
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      ctx.drawImage(video, 0, 0, 640, 360);
      const d = ctx.getImageData(0, 0, 640, 240).data;
      return read((x, y) => d[(y * 640 + x) * 4] ?? 0);
    });
  })()`)) as (number | null)[];
  const seen = clocks[0]!;
  expect(seen).not.toBeNull();
  expect(clocks[1]).not.toBeNull();
  // Two cameras played in sync show the same instant.
  expect(Math.abs(clocks[1]! - seen)).toBeLessThanOrEqual(1000);
  // Opened at the requested time (it played for a moment before the pause) …
  expect(seen! - at).toBeGreaterThanOrEqual(-1000);
  expect(seen! - at).toBeLessThanOrEqual(played + 1000);
  // … the time the console shows for the picture is the picture's own time.
  await page.waitForTimeout(400);
  const shown = Number(await tile.getAttribute('data-wall'));
  expect(Math.abs(shown - seen!)).toBeLessThanOrEqual(1000);
  await expect(page.getByTestId('timeline-span').first()).toBeVisible();
  await expect(page.getByTestId('timeline')).toHaveCount(2);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/playback.png` });

  // Back 10 s moves the picture back.
  await page.getByTestId('playback-back10').click();
  await expect.poll(async () => Number(await tile.getAttribute('data-wall')), { timeout: 5000 }).toBeLessThan(shown - 8000);

  // 4×: the picture's time runs four times as fast as ours.
  await page.getByTestId('playback-speed').selectOption('4');
  await page.getByTestId('playback-pause').click();
  await expect(tile).toHaveAttribute('data-state', 'playing');
  // The tile's picture time is briefly unset while it changes segment (read as NaN, so the poll waits past it); 5 s of
  // picture within 3.5 s of ours cannot happen at 1×, and leaves a loaded machine room for 4×.
  const pictureTime = async () => Number((await tile.getAttribute('data-wall')) || NaN);
  await expect.poll(pictureTime).toBeGreaterThan(0);
  const w0 = await pictureTime();
  await expect.poll(async () => (await pictureTime()) - w0, { timeout: 3500 }).toBeGreaterThan(5000);
  expect(await tile.getByTestId('playback-video').evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(4);

  // 回到直播 on the same tile, and back.
  await page.getByTestId('playback-live').click();
  await expect(tile).toHaveAttribute('data-state', 'live');
  const live0 = await tile.getByTestId('playback-video').evaluate((v: HTMLVideoElement) => v.currentTime);
  await expect.poll(() => tile.getByTestId('playback-video').evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(live0 + 0.5);
  await page.getByTestId('playback-live').click();

  // Nothing recorded half an hour earlier: a clear message on the tile.
  await page.getByTestId('playback-at').fill(toLocalInput(at - 30 * 60_000));
  await page.getByTestId('playback-open').click();
  await expect(tile).toHaveAttribute('data-state', 'none');
  await expect(tile.getByTestId('playback-none')).toContainText('没有录像');

  // 事件回溯 from a case reported beside the camera: the drawer opens 录像回放 two minutes before the report (before
  // this recording began, so the tile offers the first recorded moment), and a clip from there is attached to the case.
  const grid = ((await (await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'g00100101', password: DEMO_PASSWORD }) })).json()) as LoginResponse).token;
  const rep = await call<{ incident: { id: number; code: string } }>(server.url, '/api/incidents', grid, {
    idempotencyKey: `pb-${Date.now()}`, category: 'dispute', description: '回溯测试', location: { lon: LNG, lat: LAT, crs: 'wgs84' },
  });
  await page.goto('/#incidents');
  await page.getByTestId('incident-row').filter({ hasText: rep.incident.code }).click();
  await page.getByTestId('incident-drawer').getByTestId('incident-lookback').click();
  await expect(page).toHaveURL(/#playback$/);
  await expect(tile).toHaveAttribute('data-camera-id', String(cam.id));
  await expect(tile).toHaveAttribute('data-state', /playing|none/, { timeout: 20_000 });
  if ((await tile.getAttribute('data-state')) === 'none') await tile.getByRole('button').click(); // 跳转 to the first recording
  await expect(tile).toHaveAttribute('data-state', 'playing', { timeout: 20_000 });
  const first = (await call<RecordedSpan[]>(server.url, `/api/recordings/${cam.id}/spans?from=0&to=${Date.now()}`, admin))[0]!;
  await page.getByTestId('clip-from').fill(toLocalInput(Math.ceil(first.start / 1000) * 1000 + 2000));
  await page.getByTestId('clip-to').fill(toLocalInput(Math.ceil(first.start / 1000) * 1000 + 6000));
  await page.getByTestId('clip-export').click();
  await expect(page.getByTestId('clip-result')).toContainText('SHA-256', { timeout: 20_000 });
  await page.goto('/#incidents');
  await page.getByTestId('incident-row').filter({ hasText: rep.incident.code }).click();
  await expect(page.getByTestId('incident-clips').locator('li')).toHaveCount(1);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/case-clips.png` });

  // 事件回溯 from the dispute made from that grid report: its drawer opens 录像回放 at the report's place, on the
  // camera standing there, two minutes before the dispute was registered.
  const duty = ((await (await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'duty1', password: DEMO_PASSWORD }) })).json()) as LoginResponse).token;
  const made = await call<{ dispute: { id: number; code: string } }>(server.url, '/api/disputes', duty, {
    idempotencyKey: `pb-d-${Date.now()}`, channel: 'grid_report', incidentId: rep.incident.id, type: 'neighbour', summary: '回溯测试纠纷', peopleCount: 2,
    parties: [{ role: 'applicant', name: '赵德明', phone: '13912345678' }],
  });
  await page.goto('/#disputes');
  await page.locator(`[data-testid="dispute-row"][data-dispute-id="${made.dispute.id}"]`).click();
  await page.getByTestId('dispute-drawer').getByTestId('dispute-lookback').click();
  await expect(page).toHaveURL(/#playback$/);
  await expect(tile).toHaveAttribute('data-camera-id', String(cam.id));
  await expect(tile).toHaveAttribute('data-state', /playing|none/, { timeout: 20_000 });
  // A clip cut there belongs to the dispute itself (not to the grid report), and its drawer lists it.
  if ((await tile.getAttribute('data-state')) === 'none') await tile.getByRole('button').click(); // 跳转 to the first recording
  await expect(tile).toHaveAttribute('data-state', 'playing', { timeout: 20_000 });
  await expect(page.getByTestId('clip-panel')).toContainText(made.dispute.code);
  await page.getByTestId('clip-from').fill(toLocalInput(Math.ceil(first.start / 1000) * 1000 + 2000));
  await page.getByTestId('clip-to').fill(toLocalInput(Math.ceil(first.start / 1000) * 1000 + 5000));
  await page.getByTestId('clip-export').click();
  await expect(page.getByTestId('clip-result')).toContainText('SHA-256', { timeout: 20_000 });
  await page.goto('/#disputes');
  await page.locator(`[data-testid="dispute-row"][data-dispute-id="${made.dispute.id}"]`).click();
  await expect(page.getByTestId('dispute-clips').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('dispute-clips')).toContainText('SHA-256');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/dispute-clips.png` });
  await page.goto('/#incidents');
  await page.getByTestId('incident-row').filter({ hasText: rep.incident.code }).click();
  await expect(page.getByTestId('incident-clips').locator('li')).toHaveCount(1); // the report's own clip only
});
