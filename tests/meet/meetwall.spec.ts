// 视频会商上墙 in Chromium with fake devices, inside the test's own network namespace: the county opens a meeting with
// 城关镇, the township joins, the host puts its participant on the wall, and the wall window (/wall/1, its own login)
// receives that participant's video (never the sound) through Janus without joining the meeting, and says when its
// camera is off; the county takes it down in 视频监控 and the host puts it back, first on the screen it picks (screen 2,
// whose tour stops), then automatically; the township leaves and the tile says so; when the host ends the meeting the
// tile comes down by itself.
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, login, test } from '../e2e/fixtures.ts';
import { expectFramesFrom, meetConfig, onlyInNamespace } from './meetFixtures.ts';

onlyInNamespace();
test.use({ serverConfig: meetConfig });

const SHOTS = process.env.ZZ_SCREENSHOT_DIR;

/** Frames the tile's video has decoded so far. */
const decoded = (tile: Locator) => tile.getByTestId('wall-meet-video').evaluate((v) => (v as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames);

test('the host puts a township on the wall: the wall window receives its video only; taken down from the console and back; says it left; down when the meeting ends', async ({ browser, server }) => {
  test.setTimeout(120_000);
  const page = async (user: string): Promise<Page> => {
    const p = await (await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } })).newPage();
    await login(p, user);
    return p;
  };
  const county = await page('commander');
  const t01 = await page('t01');
  const wall = await page('duty1');
  await wall.goto('/wall/1');
  await expect(wall.getByTestId('wall-window')).toBeVisible();
  await expect(wall.locator('[data-testid="wall-tile"][data-kind="meet"]')).toHaveCount(0);

  await county.getByTestId('tab-command').click();
  await county.getByTestId('meet-open').click();
  const form = county.getByTestId('meet-open-form');
  await form.getByTestId('meet-open-title').fill('防汛视频会商');
  await form.getByTestId('meet-open-all').uncheck();
  await form.locator('label', { hasText: '城关镇' }).getByTestId('meet-open-unit').check();
  await form.getByTestId('meet-open-start').click();
  await t01.getByTestId('meet-join').click();
  await expectFramesFrom(county, 1);

  // 上墙: the demo's screen 1 is full of cameras the system placed, so tile 4 makes room (tile 1 is the main view).
  const t01Tile = county.getByTestId('meet-remote').filter({ hasText: '城关镇' });
  await t01Tile.getByTestId('meet-host-wall').click();
  await expect(t01Tile.getByTestId('meet-on-wall')).toHaveText('大屏显示中 · 已上墙：屏幕 1 第 4 格');

  const tile = wall.locator('[data-testid="wall-tile"][data-kind="meet"]');
  await expect(tile).toHaveAttribute('data-tile', '3');
  await expect(tile.locator('.tile-name')).toHaveText('4城关镇 · 视频会商');
  await expect(tile.getByTestId('tile-state')).toHaveText('直播中', { timeout: 30_000 });
  // Real frames from the township's camera, decoded in the wall window, and still coming.
  await expect.poll(() => decoded(tile), { timeout: 30_000 }).toBeGreaterThan(10);
  const before = await decoded(tile);
  await expect.poll(() => decoded(tile), { timeout: 15_000 }).toBeGreaterThan(before + 10);
  if (SHOTS) await wall.screenshot({ path: join(SHOTS, 'zz-meetwall-live.png') });
  // The wall window watches; it is not a participant: the meeting still has two.
  await expect(county.getByTestId('meet-remote')).toHaveCount(1);
  await expect(t01.getByTestId('meet-remote')).toHaveCount(1);
  // The township turns its camera off: the tile says so (amber) instead of freezing on the last frame; back on, live again.
  await t01.getByTestId('meet-camera').click();
  await expect(tile.getByTestId('tile-state')).toHaveText('摄像头已关闭');
  await expect(tile.getByTestId('wall-meet-video')).toBeHidden();
  await t01.getByTestId('meet-camera').click();
  await expect(tile.getByTestId('tile-state')).toHaveText('直播中');
  const again = await decoded(tile);
  await expect.poll(() => decoded(tile), { timeout: 15_000 }).toBeGreaterThan(again + 10);

  // The wall screen receives the township's video only, never its sound.
  const tracks = () =>
    tile.getByTestId('wall-meet-video').evaluate((v) => {
      const m = (v as HTMLVideoElement).srcObject as MediaStream | null;
      return m ? { video: m.getVideoTracks().length, audio: m.getAudioTracks().length } : null;
    });
  expect(await tracks()).toEqual({ video: 1, audio: 0 });

  // Taken down from the console's 视频监控 (the meeting panel stays open over it): the wall window's tile 4 is an empty
  // camera tile again, and the host's 大屏显示中 mark goes with it.
  await county.getByTestId('tab-wall').click();
  const consoleTile = county.locator('[data-testid="wall-grid"][data-screen="0"] [data-testid="wall-tile"][data-kind="meet"]');
  await expect(consoleTile.getByTestId('tile-state')).toHaveText('直播中', { timeout: 30_000 });
  await consoleTile.getByTestId('tile-clear').dispatchEvent('click');
  await expect(tile).toHaveCount(0);
  await expect(wall.locator('[data-testid="wall-tile"][data-tile="3"]')).toHaveAttribute('data-state', 'empty');
  await expect(t01Tile.getByTestId('meet-on-wall')).toHaveCount(0);
  // The host picks the screen: the menu lists the unit's screens with their state (tile 4 of screen 1 is free again,
  // screen 2 tours in the demo). 上墙 onto screen 2 stops its tour, the panel says so, and /wall/2 gets the tile (the
  // nine tiles were placed together by the system, so the last one makes room).
  const pick = county.getByTestId('meet-wall-screen');
  await expect(pick.locator('option')).toHaveText(['自动选择', '屏幕 1 · 有空位', '屏幕 2 · 轮巡中']);
  await pick.selectOption({ label: '屏幕 2 · 轮巡中' });
  await wall.goto('/wall/2');
  await expect(wall.getByTestId('wall-window')).toHaveAttribute('data-screen', '2');
  await t01Tile.getByTestId('meet-host-wall').click();
  await expect(t01Tile.getByTestId('meet-on-wall')).toHaveText('大屏显示中 · 已上墙：屏幕 2 第 9 格');
  await expect(county.getByTestId('meet-tour-stopped')).toHaveText('屏幕 2 轮巡已停止');
  if (SHOTS) await county.getByTestId('meet-panel').screenshot({ path: join(SHOTS, 'zz-meetwall-pick.png') });
  await expect(pick.locator('option')).toHaveText(['自动选择', '屏幕 1 · 有空位', '屏幕 2 · 本会商在此']);
  await expect(tile).toHaveAttribute('data-tile', '8');
  await expect(tile.getByTestId('tile-state')).toHaveText('直播中', { timeout: 30_000 });
  // Taken down and put back with 自动选择: the first screen with room, screen 1 (no tour stopped, so no notice).
  await t01Tile.getByTestId('meet-host-wall').click();
  await expect(tile).toHaveCount(0);
  await wall.goto('/wall/1');
  await expect(wall.getByTestId('wall-window')).toHaveAttribute('data-screen', '1');
  await pick.selectOption({ label: '自动选择' });
  // Back on the wall from the meeting: the same tile, live again.
  await t01Tile.getByTestId('meet-host-wall').click();
  await expect(county.getByTestId('meet-tour-stopped')).toHaveCount(0);
  await expect(t01Tile.getByTestId('meet-on-wall')).toHaveText('大屏显示中 · 已上墙：屏幕 1 第 4 格');
  await expect(tile.getByTestId('tile-state')).toHaveText('直播中', { timeout: 30_000 });

  // The township leaves: the tile says so by text and colour, and stops showing video.
  await t01.getByTestId('meet-hangup').click();
  await expect(tile.getByTestId('tile-state')).toHaveText('已离会', { timeout: 15_000 });
  await expect(tile).toHaveClass(/tile-offline/);
  await expect(tile.getByTestId('wall-meet-video')).toBeHidden();
  if (SHOTS) await wall.screenshot({ path: join(SHOTS, 'zz-meetwall-left.png') });

  // The host ends the meeting: nothing is left to show, so the tile comes down by itself (tile 4 is empty again), on
  // the wall window and in the console's 视频监控, and stays down after a reload.
  await county.getByTestId('meet-hangup').click();
  await expect(tile).toHaveCount(0, { timeout: 15_000 });
  await expect(wall.locator('[data-testid="wall-tile"][data-tile="3"]')).toHaveAttribute('data-state', 'empty');
  await expect(consoleTile).toHaveCount(0);
  await wall.reload();
  await expect(wall.getByTestId('wall-window')).toBeVisible();
  await expect(wall.locator('[data-testid="wall-tile"][data-tile="3"]')).toHaveAttribute('data-state', 'empty');
  await expect(wall.locator('[data-testid="wall-tile"][data-kind="meet"]')).toHaveCount(0);
});
