// 视频会商 in Chromium with fake devices, inside the test's own network namespace: the county opens a meeting with three
// townships from the command view; each joins from its console; every participant receives every other's video; who
// speaks is marked; the host mutes one, puts one on the wall, removes one.
import type { Page } from '@playwright/test';
import { expect, login, test } from '../e2e/fixtures.ts';
import { expectFramesFrom, expectPathInNamespace, meetConfig, onlyInNamespace } from './meetFixtures.ts';

onlyInNamespace();
test.use({ serverConfig: meetConfig });

test('county and three townships: everyone receives everyone; talking, host mute, wall and remove', async ({ browser, server }) => {
  test.setTimeout(150_000);
  const page = async (user: string): Promise<Page> => {
    const p = await (await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } })).newPage();
    await login(p, user);
    return p;
  };
  const county = await page('commander');
  const towns = [await page('t01'), await page('t02'), await page('t03')];

  await county.getByTestId('tab-command').click();
  await county.getByTestId('meet-open').click();
  const form = county.getByTestId('meet-open-form');
  await form.getByTestId('meet-open-title').fill('防汛视频会商');
  await form.getByTestId('meet-open-all').uncheck();
  for (const name of ['城关镇', '青石镇', '河口乡']) await form.locator('label', { hasText: name }).getByTestId('meet-open-unit').check();
  await form.getByTestId('meet-open-start').click();
  await expect(county.getByTestId('meet-phase')).toHaveText('通话中');

  for (const t of towns) {
    await expect(t.getByTestId('meet-invite')).toContainText('防汛视频会商');
    await t.getByTestId('meet-join').click();
  }
  for (const p of [county, ...towns]) await expectFramesFrom(p, 3);
  await expectPathInNamespace(county);

  // The fake microphone beeps: Janus's talking events mark whoever speaks.
  await expect(county.locator('[data-testid="meet-remote"][data-talking="true"]').first()).toBeVisible({ timeout: 30_000 });

  const t01Tile = county.getByTestId('meet-remote').filter({ hasText: '城关镇' });
  await t01Tile.getByTestId('meet-host-mute').click();
  await expect(towns[0]!.getByTestId('meet-panel')).toContainText('已被主持人静音');
  await expect(towns[1]!.getByTestId('meet-remote').filter({ hasText: '城关镇' })).toContainText('已被主持人静音');

  await t01Tile.getByTestId('meet-host-wall').click();
  await expect(t01Tile).toContainText('大屏显示中');

  await county.getByTestId('meet-remote').filter({ hasText: '河口乡' }).getByTestId('meet-host-kick').click();
  await expect(towns[2]!.getByTestId('meet-removed')).toBeVisible();
  await expect(county.getByTestId('meet-remote')).toHaveCount(2);
  await expect(towns[0]!.getByTestId('meet-remote')).toHaveCount(2);
});
