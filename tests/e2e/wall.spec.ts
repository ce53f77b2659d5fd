// The video wall in Chromium against the real server, node-media-server and ffmpeg: a duty officer drags four cameras
// onto a 4-tile wall and all four play; one camera's source is killed and its tile says 离线, then plays again when the
// source returns. A wall window (/wall/1) shows the same cameras, because the wall lives on the server.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { CameraAdminView, Centre, LoginResponse } from '../../protocol/index.ts';
import { NO_FFMPEG, killSource, makeClip, pushSource } from '../integration/videoHelpers.ts';
import { DEMO_PASSWORD, expect, login, skipWithoutChromium, test } from './fixtures.ts';

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
