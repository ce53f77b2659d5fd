// PTZ in Chromium against the real server, node-media-server, ffmpeg and the simulated ONVIF dome camera: a duty
// officer presses 右 and the picture really moves (frames compared before and after), saves a preset, turns away and
// goes back to it; a commander on another console sees who holds the control and takes it over.
import type { Locator, Page } from '@playwright/test';
import { NO_FFMPEG } from '../integration/videoHelpers.ts';
import { expect, login, skipWithoutChromium, test } from './fixtures.ts';

skipWithoutChromium();
test.skip(!!NO_FFMPEG, 'ffmpeg is not installed');
test.use({ serverConfig: { video: { demoCameras: true, demoCameraKeys: ['dome1'], probeEveryMs: 0 } } });

/** A 64×36 grey thumbnail of what the tile's video shows now. */
const thumb = (tile: Locator) =>
  tile.getByTestId('tile-video').evaluate((v: HTMLVideoElement) => {
    const c = document.createElement('canvas');
    c.width = 64;
    c.height = 36;
    const g = c.getContext('2d')!;
    g.drawImage(v, 0, 0, 64, 36);
    const d = g.getImageData(0, 0, 64, 36).data;
    const out: number[] = [];
    for (let i = 0; i < d.length; i += 4) out.push((d[i]! + d[i + 1]! + d[i + 2]!) / 3);
    return out;
  });
const diff = (a: number[], b: number[]) => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;

async function hold(page: Page, button: Locator, ms: number): Promise<void> {
  await button.hover();
  await page.mouse.down();
  await page.waitForTimeout(ms);
  await page.mouse.up();
}

/** Waits until the picture has settled (two thumbnails 400 ms apart nearly equal) and returns it. */
async function settled(page: Page, tile: Locator): Promise<number[]> {
  let prev = await thumb(tile);
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(400);
    const next = await thumb(tile);
    if (diff(prev, next) < 2) return next;
    prev = next;
  }
  throw new Error('the picture never settled');
}

test('pressing 右 pans the dome camera’s picture; a preset brings it back; a commander takes the control over', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await login(page, 'duty1');
  await page.goto('/#wall');
  await expect(page.getByTestId('wall-view')).toBeVisible();
  const dome = page.locator('[data-testid="camera-item"]', { hasText: '云台球机' });
  const domeId = await dome.getAttribute('data-camera-id');
  await page.getByTestId('layout-1').click();
  await dome.getByTestId('camera-push').click();
  const tile = page.getByTestId('wall-tile').first();
  await expect(tile).toHaveAttribute('data-camera-id', domeId!);
  await expect(tile).toHaveAttribute('data-state', 'playing', { timeout: 20_000 });

  const before = await settled(page, tile);
  await tile.hover();
  await tile.getByTestId('tile-ptz').click();
  const panel = tile.getByTestId('ptz-panel');
  await expect(panel.getByTestId('ptz-hold')).toHaveText(/空闲/);
  await hold(page, panel.getByTestId('ptz-right'), 1500);
  await expect(panel.getByTestId('ptz-hold')).toHaveText(/由我控制/);
  const panned = await settled(page, tile);
  expect(diff(before, panned), 'the picture moved after 右').toBeGreaterThan(8);

  // A preset here; turn away (left and zoom in), then back to it.
  await panel.getByTestId('ptz-preset-name').fill('东侧路口');
  await panel.getByTestId('ptz-preset-save').click();
  await expect(panel.getByTestId('ptz-preset-item')).toHaveText(/东侧路口/);
  await hold(page, panel.getByTestId('ptz-left'), 1200);
  await hold(page, panel.getByTestId('ptz-zoomIn'), 1000);
  const away = await settled(page, tile);
  expect(diff(panned, away)).toBeGreaterThan(8);
  await panel.getByTestId('ptz-preset-item').filter({ hasText: '东侧路口' }).getByTestId('ptz-preset-goto').click();
  const back = await settled(page, tile);
  expect(diff(panned, back), 'the preset brought the same view back').toBeLessThan(diff(panned, away) / 3);

  // The commander's console sees who holds it, and takes it over; duty1's panel follows.
  const other = await browser.newContext();
  const boss = await other.newPage();
  try {
    await login(boss, 'commander');
    await boss.goto('/#wall');
    const bossTile = boss.getByTestId('wall-tile').first();
    await expect(bossTile).toHaveAttribute('data-camera-id', domeId!);
    await bossTile.hover();
    await bossTile.getByTestId('tile-ptz').click();
    const bossPanel = bossTile.getByTestId('ptz-panel');
    await expect(bossPanel.getByTestId('ptz-hold')).toHaveText(/正在控制/);
    await expect(bossPanel.getByTestId('ptz-right')).toBeDisabled();
    await bossPanel.getByTestId('ptz-takeover').click();
    await expect(bossPanel.getByTestId('ptz-hold')).toHaveText(/由我控制/);
    await expect(panel.getByTestId('ptz-hold')).toHaveText(/正在控制/);
    await expect(panel.getByTestId('ptz-right')).toBeDisabled();
    await expect(panel.getByTestId('ptz-takeover')).toHaveCount(0); // a duty officer cannot take it back
  } finally {
    await other.close();
  }
});
