// The video wall in Chromium against the real server, node-media-server and ffmpeg: a duty officer drags four cameras
// onto a 4-tile wall and all four play; one camera's source is killed and its tile says 离线, then plays again when the
// source returns. A wall window (/wall/1) shows the same cameras, because the wall lives on the server. Then: a layout
// change keeps its cameras, 上墙 on a full screen says what it replaced, a server outage says 与中心断开, and a return
// to the tab shows video at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { CameraAdminView, Centre, LoginResponse } from '../../protocol/index.ts';
import { NO_FFMPEG, killSource, makeClip, pushSource } from '../integration/videoHelpers.ts';
import { DEMO_PASSWORD, REPO_ROOT, expect, login, skipWithoutChromium, test } from './fixtures.ts';
import { noJanusUnlessAsked } from '../noJanus.ts';

skipWithoutChromium();
if (NO_FFMPEG) console.log(`[e2e] ${NO_FFMPEG}`);
test.skip(!!NO_FFMPEG, 'ffmpeg is not installed');

const SHOTS = process.env.ZZ_SCREENSHOT_DIR;

/** The video's clock moves: real frames are being shown. */
async function expectAdvancing(tile: Locator): Promise<void> {
  const video = tile.getByTestId('tile-video');
  const t0 = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 5000 }).toBeGreaterThan(t0 + 0.5);
}

async function api<T>(base: string, path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

test('a 4-tile wall plays four cameras; a killed source shows 离线 and plays again after it returns', async ({ page, server }) => {
  test.setTimeout(150_000);
  const ingest = /MEDIA (rtmp:\S+)/.exec(server.output())?.[1];
  expect(ingest, 'the server prints where sources can push').toBeTruthy();
  const tmp = mkdtempSync(join(tmpdir(), 'zz-e2e-wall-'));
  const sources: ChildProcess[] = [];
  try {
    const clip = makeClip(tmp);
    const keys = ['e2e1', 'e2e2', 'e2e3', 'e2e4'];
    for (const k of keys) sources.push(pushSource(clip, `${ingest}/${k}`));

    // The administrator registers four cameras in 城关镇 (the county console sees every township).
    const admin = await api<LoginResponse>(server.url, '/api/login', '', { username: 'admin', password: DEMO_PASSWORD });
    const township = (await api<Centre[]>(server.url, '/api/centres', admin.token)).find((c) => c.level === 'township')!;
    const cams: CameraAdminView[] = [];
    for (const [i, k] of keys.entries()) {
      cams.push(
        await api<CameraAdminView>(server.url, '/api/cameras', admin.token, {
          name: `演练摄像机${i + 1}`, townshipId: township.id, lat: 24.9 + i * 0.001, lng: 102.1, sourceUrl: `rtmp://ingest.local/src/${k}`,
        }),
      );
    }

    await login(page, 'duty1');
    await page.goto('/#wall');
    await expect(page.getByTestId('wall-view')).toBeVisible();
    await page.getByTestId('layout-4').click();
    await page.getByTestId('wall-clear').click();
    const tiles = page.getByTestId('wall-tile');
    await expect(tiles).toHaveCount(4);
    await expect(tiles.first()).toHaveAttribute('data-state', 'empty');

    // Drag each camera from the list onto its tile.
    for (const [i, cam] of cams.entries()) {
      await page.locator(`[data-testid="camera-item"][data-camera-id="${cam.id}"]`).dragTo(tiles.nth(i));
      await expect(tiles.nth(i)).toHaveAttribute('data-camera-id', String(cam.id));
    }
    for (let i = 0; i < 4; i++) await expect(tiles.nth(i)).toHaveAttribute('data-state', 'playing', { timeout: 15_000 });
    for (let i = 0; i < 4; i++) await expectAdvancing(tiles.nth(i));
    await expect(tiles.nth(1).getByTestId('tile-state')).toHaveText('播放中');

    // Every wall window shows the server's wall: /wall/1 has the same four cameras.
    const wallWindow: Page = await page.context().newPage();
    await wallWindow.goto('/wall/1');
    const windowTiles = wallWindow.getByTestId('wall-tile');
    await expect(windowTiles).toHaveCount(4);
    for (const [i, cam] of cams.entries()) await expect(windowTiles.nth(i)).toHaveAttribute('data-camera-id', String(cam.id));
    await expect(windowTiles.nth(0)).toHaveAttribute('data-state', 'playing', { timeout: 15_000 });
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'zz-wall-4.png') });

    // The second camera's source dies: its tile says 离线 (with the time), the others keep playing.
    await killSource(sources[1]!);
    const killedAt = Date.now();
    const second = tiles.nth(1);
    await expect(second).toHaveAttribute('data-state', 'offline', { timeout: 10_000 });
    await expect(second.getByTestId('tile-state')).toHaveText(/^离线 自 \d{2}:\d{2}$/);
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    await expect(windowTiles.nth(1)).toHaveAttribute('data-state', 'offline', { timeout: 10_000 });
    await expectAdvancing(tiles.nth(0));
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'zz-wall-offline.png') });

    // It comes back: the tile plays again by itself.
    sources[1] = pushSource(clip, `${ingest}/${keys[1]}`);
    await expect(second).toHaveAttribute('data-state', 'playing', { timeout: 15_000 });
    await expectAdvancing(second);
    await expect(second.getByTestId('tile-state')).toHaveText('播放中');
    await wallWindow.close();
  } finally {
    for (const s of sources) await killSource(s);
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('9 → 1+5 → 9 brings tiles 7–9 back on the console and /wall/1; 上墙 on a full screen spares tile 1 or replaces the selected tile, and says so', async ({ page }) => {
  await login(page, 'duty1');
  await page.goto('/#wall');
  const tiles = page.getByTestId('wall-grid').getByTestId('wall-tile');
  const items = page.getByTestId('camera-item');

  // The demo wall's screen 1 is full (four cameras the system placed): 上墙 of a fifth spares tile 1, the main view.
  await expect(tiles).toHaveCount(4);
  const before = await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-camera-id')));
  expect(before.every((id) => id)).toBe(true);
  const fifth = items.nth(4);
  expect(before).not.toContain(await fifth.getAttribute('data-camera-id'));
  const lastName = await page.locator(`[data-testid="camera-item"][data-camera-id="${before[3]}"] .wall-cam-name`).textContent();
  await fifth.getByTestId('camera-push').click();
  await expect(tiles.nth(3)).toHaveAttribute('data-camera-id', (await fifth.getAttribute('data-camera-id'))!);
  await expect(tiles.nth(0)).toHaveAttribute('data-camera-id', before[0]!);
  await expect(page.getByTestId('wall-notice')).toHaveText(`屏幕已满，第 4 格的「${lastName}」已被替换`);

  await page.getByTestId('wall-clear').click();
  await page.getByTestId('layout-9').click();
  await expect(tiles).toHaveCount(9);
  await expect(tiles.first()).toHaveAttribute('data-state', 'empty');
  const ids = await items.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-camera-id'))));
  expect(ids.length).toBeGreaterThanOrEqual(10);
  for (let i = 0; i < 9; i++) await items.nth(i).getByRole('checkbox').check();
  await page.getByTestId('push-picked').click();
  await expect(tiles.nth(8)).toHaveAttribute('data-camera-id', String(ids[8]));

  await page.getByTestId('layout-1+5').click();
  await expect(tiles).toHaveCount(6);
  await page.getByTestId('layout-9').click();
  await expect(tiles).toHaveCount(9);
  for (let i = 0; i < 9; i++) await expect(tiles.nth(i)).toHaveAttribute('data-camera-id', String(ids[i]));
  const wallWindow = await page.context().newPage();
  await wallWindow.goto('/wall/1');
  for (let i = 6; i < 9; i++) await expect(wallWindow.getByTestId('wall-tile').nth(i)).toHaveAttribute('data-camera-id', String(ids[i]));
  await wallWindow.close();

  // Full screen: select tile 5, 上墙 the tenth camera; tile 5 gets it and the console names the camera it replaced.
  const fifthName = await items.nth(4).locator('.wall-cam-name').textContent();
  await tiles.nth(4).click({ position: { x: 20, y: 40 } });
  await expect(tiles.nth(4)).toHaveAttribute('data-selected', 'true');
  await expect(page.getByTestId('push-target')).toHaveText('已选中第 5 格：屏幕满时上墙替换此格');
  await items.nth(9).getByTestId('camera-push').click();
  await expect(tiles.nth(4)).toHaveAttribute('data-camera-id', String(ids[9]));
  await expect(page.getByTestId('wall-notice')).toHaveText(`屏幕已满，第 5 格的「${fifthName}」已被替换`);
  await expect(page.getByTestId('push-target')).toHaveCount(0); // the selection served its purpose
  await expect(tiles.nth(0)).toHaveAttribute('data-camera-id', String(ids[0]));
  // The toolbar shows who changed the wall and when, not an internal version number.
  await expect(page.locator('.wall-updated')).not.toContainText(/v\d/);
});

/** The centre server as its own process, so that the test can kill it and start it again on the same port and data. */
function startCentre(dataDir: string, port = 0): Promise<{ proc: ChildProcess; url: string; output: () => string }> {
  noJanusUnlessAsked(dataDir);
  const proc = spawn(process.execPath, [join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'app/cli.ts', '--port', String(port), '--data', dataDir, '--demo', '--no-open'], {
    cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' },
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no LISTENING within 30 s:\n${out}`)), 30_000);
    proc.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /LISTENING (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ proc, url: m[1].replace(/\/$/, ''), output: () => out });
      }
    });
    proc.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    proc.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
}

async function killCentre(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  process.kill(-proc.pid!, 'SIGKILL');
  await exited;
}

test('a server outage says 与中心断开 on the tiles and in the camera list until the centre is back', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'zz-e2e-outage-'));
  let centre = await startCentre(dataDir);
  try {
    const port = new URL(centre.url).port;
    await page.goto(centre.url);
    await page.getByTestId('login-username').fill('duty1');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('conn-state')).toHaveAttribute('data-state', 'connected');
    await page.goto(`${centre.url}/#wall`);
    const tiles = page.getByTestId('wall-grid').getByTestId('wall-tile');
    await expect(tiles.first()).not.toHaveAttribute('data-camera-id', ''); // the demo wall starts with cameras
    const status = page.getByTestId('camera-status');
    await expect(status.first()).not.toHaveText('与中心断开');

    await killCentre(centre.proc);
    await expect(page.getByTestId('conn-state')).toHaveAttribute('data-state', 'disconnected', { timeout: 20_000 });
    const placed = tiles.locator(':scope:not([data-camera-id=""])');
    const n = await placed.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) await expect(placed.nth(i).getByTestId('tile-state')).toHaveText('与中心断开');
    await expect(status).toHaveText(Array(await status.count()).fill('与中心断开'));
    await expect(page.getByText('卡顿')).toHaveCount(0);

    centre = await startCentre(dataDir, Number(port));
    await expect(page.getByTestId('conn-state')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
    await expect(page.getByText('与中心断开')).toHaveCount(0);
  } finally {
    await killCentre(centre.proc);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('returning to 视频监控 shows video within a second: the players of the screen stay alive', async ({ page }) => {
  test.setTimeout(120_000);
  // A short idle grace: away longer than it, a rebuilt player would find the camera's pull stopped and start cold.
  const dataDir = mkdtempSync(join(tmpdir(), 'zz-e2e-return-'));
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ video: { idleGraceMs: 2000 } }));
  const centre = await startCentre(dataDir);
  const server = { url: centre.url };
  const ingest = /MEDIA (rtmp:\S+)/.exec(centre.output())?.[1];
  expect(ingest).toBeTruthy();
  const tmp = mkdtempSync(join(tmpdir(), 'zz-e2e-return-clip-'));
  const source = pushSource(makeClip(tmp), `${ingest}/ret1`);
  try {
    const admin = await api<LoginResponse>(server.url, '/api/login', '', { username: 'admin', password: DEMO_PASSWORD });
    const township = (await api<Centre[]>(server.url, '/api/centres', admin.token)).find((c) => c.level === 'township')!;
    const cam = await api<CameraAdminView>(server.url, '/api/cameras', admin.token, { name: '返回测试', townshipId: township.id, lat: 24.9, lng: 102.1, sourceUrl: 'rtmp://ingest.local/src/ret1' });

    await page.goto(centre.url);
    await page.getByTestId('login-username').fill('duty1');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('conn-state')).toHaveAttribute('data-state', 'connected');
    await page.goto(`${centre.url}/#wall`);
    await page.getByTestId('layout-1').click();
    const tile = page.getByTestId('wall-grid').getByTestId('wall-tile').first();
    await page.locator(`[data-testid="camera-item"][data-camera-id="${cam.id}"]`).dragTo(tile);
    await expect(tile).toHaveAttribute('data-state', 'playing', { timeout: 20_000 });
    await expectAdvancing(tile);
    await tile.getByTestId('tile-video').evaluate((v) => ((v as HTMLVideoElement & { zzMark?: boolean }).zzMark = true));

    await page.getByTestId('tab-incidents').click();
    await expect(page.getByTestId('wall-view')).toBeHidden();
    await page.waitForTimeout(5000);

    // Click 视频监控 and time until the tile shows moving pictures (its video clock advances by a frame or more).
    const ms = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const start = performance.now();
          (document.querySelector('[data-testid="tab-wall"]') as HTMLElement).click();
          let first: number | null = null;
          const poll = () => {
            const tile = document.querySelector('[data-testid="wall-grid"] [data-testid="wall-tile"]') as HTMLElement | null;
            const v = tile?.querySelector('video');
            if (tile?.dataset.state === 'playing' && v && tile.offsetParent !== null) {
              if (first === null) first = v.currentTime;
              else if (v.currentTime > first + 0.03) return resolve(performance.now() - start);
            }
            if (performance.now() - start > 15_000) return reject(new Error('no moving pictures within 15 s'));
            requestAnimationFrame(poll);
          };
          poll();
        }),
    );
    console.log(`[e2e] back to the wall: moving pictures after ${Math.round(ms)} ms`);
    expect(ms).toBeLessThan(1000);
    // The same player, not a rebuilt one.
    expect(await tile.getByTestId('tile-video').evaluate((v) => (v as HTMLVideoElement & { zzMark?: boolean }).zzMark === true)).toBe(true);
  } finally {
    await killSource(source);
    await killCentre(centre.proc);
    rmSync(tmp, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});
