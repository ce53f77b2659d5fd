// Main and sub streams and H.265 in Chromium against the real server, node-media-server and ffmpeg: a 4-tile layout
// plays the demo camera's sub stream (320 wide), a single tile its main stream (640 wide), and the switch between them
// never leaves the tile without a picture; the demo H.265 camera plays through the server's H.264 transcode and says 转码.
import type { Locator } from '@playwright/test';
import { NO_FFMPEG } from '../integration/videoHelpers.ts';
import { expect, login, skipWithoutChromium, test } from './fixtures.ts';

skipWithoutChromium();
test.skip(!!NO_FFMPEG, 'ffmpeg is not installed');
test.use({ serverConfig: { video: { demoCameras: true, demoCameraKeys: ['cam01', 'hevc1'] } } });

const width = (tile: Locator) => tile.getByTestId('tile-video').evaluate((v: HTMLVideoElement) => v.videoWidth);

test('4 tiles play the sub stream, 1 tile the main one, switching without a black gap; H.265 plays transcoded', async ({ page }) => {
  test.setTimeout(150_000);
  await login(page, 'duty1');
  await page.goto('/#wall');
  await expect(page.getByTestId('wall-view')).toBeVisible();
  const hevcOk = await page.evaluate(() => MediaSource.isTypeSupported('video/mp4; codecs="hvc1.1.6.L93.B0"'));
  console.log(`[e2e] this Chromium decodes H.265 through MSE: ${hevcOk}`);

  await page.getByTestId('layout-4').click();
  await page.getByTestId('wall-clear').click();
  const cam = page.locator('[data-testid="camera-item"]', { hasText: '城关镇·人民广场' });
  await cam.getByTestId('camera-push').click();
  const tile = page.getByTestId('wall-tile').first();
  await expect(tile).toHaveAttribute('data-state', 'playing', { timeout: 30_000 });
  await expect(tile).toHaveAttribute('data-stream', 'sub');
  await expect.poll(() => width(tile)).toBe(320);

  // Watch every animation frame during the switch: the tile's shown video must always have a picture.
  await tile.evaluate((el) => {
    const w = window as unknown as { zzGaps: number; zzFrames: number; zzStop: boolean };
    w.zzGaps = 0;
    w.zzFrames = 0;
    w.zzStop = false;
    const step = () => {
      const v = el.querySelector<HTMLVideoElement>('[data-testid="tile-video"]');
      w.zzFrames++;
      if (!v || v.readyState < 2 || v.videoWidth === 0) w.zzGaps++;
      if (!w.zzStop) requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  await page.getByTestId('layout-1').click();
  await expect(tile).toHaveAttribute('data-stream', 'main', { timeout: 20_000 });
  await expect.poll(() => width(tile)).toBe(640);
  await page.getByTestId('layout-4').click();
  await expect(tile).toHaveAttribute('data-stream', 'sub', { timeout: 20_000 });
  await expect.poll(() => width(tile)).toBe(320);
  const { gaps, frames } = await page.evaluate(() => {
    const w = window as unknown as { zzGaps: number; zzFrames: number; zzStop: boolean };
    w.zzStop = true;
    return { gaps: w.zzGaps, frames: w.zzFrames };
  });
  expect(frames).toBeGreaterThan(20);
  expect(gaps, `${gaps} of ${frames} frames without a picture across two switches`).toBe(0);

  // The H.265 camera: transcoded by the server (this Chromium, or FLV before ffmpeg 6.1, cannot take H.265), and said so.
  const hevc = page.locator('[data-testid="camera-item"]', { hasText: 'H.265' });
  await page.getByTestId('layout-1').click();
  await hevc.getByTestId('camera-push').click();
  await expect(tile).toHaveAttribute('data-camera-id', (await hevc.getAttribute('data-camera-id'))!);
  await expect(tile).toHaveAttribute('data-state', 'playing', { timeout: 60_000 });
  await expect(tile).toHaveAttribute('data-stream', 'transcode');
  await expect(tile.getByTestId('tile-transcoded')).toHaveText('转码');
  await expect.poll(() => width(tile)).toBe(640); // 1280×720 H.265 → 640×360 H.264
  const t0 = await tile.getByTestId('tile-video').evaluate((v: HTMLVideoElement) => v.currentTime);
  await expect.poll(() => tile.getByTestId('tile-video').evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(t0 + 1);
});
