// 一键通 in Chromium with fake devices, inside the test's own network namespace: the county calls 城关镇 from its tile on
// the readiness board; it rings on both of t01's consoles; one answers, the other stops ringing; each side receives the
// other's frames over a candidate pair inside the namespace; mute and camera-off show on the other side; hang-up ends
// the call on both.
import { expect, login, test } from '../e2e/fixtures.ts';
import { expectFramesFrom, expectPathInNamespace, meetConfig, onlyInNamespace } from './meetFixtures.ts';

onlyInNamespace();
test.use({ serverConfig: meetConfig });

test('county calls t01 from the board: rings on every t01 console, one answers, both receive frames', async ({ browser, server }) => {
  const county = await (await browser.newContext({ baseURL: server.url })).newPage();
  await login(county, 'duty1');
  const t01a = await (await browser.newContext({ baseURL: server.url })).newPage();
  await login(t01a, 't01');
  const t01b = await (await browser.newContext({ baseURL: server.url })).newPage();
  await login(t01b, 't01');

  await county.getByTestId('tab-command').click();
  const tile = county.getByTestId('board-tile').filter({ hasText: '城关镇' });
  await tile.getByTestId('tile-call').click();
  await expect(county.getByTestId('meet-phase')).toContainText('正在呼叫 城关镇');

  await expect(t01a.getByTestId('meet-ring')).toBeVisible();
  await expect(t01b.getByTestId('meet-ring')).toBeVisible();
  // A console that reloads while it rings still rings (the invitation is durable).
  await t01b.reload();
  await expect(t01b.getByTestId('meet-ring')).toBeVisible();

  await t01a.getByTestId('meet-answer').click();
  await expect(t01b.getByTestId('meet-ring')).toHaveCount(0);
  await expect(t01a.getByTestId('meet-phase')).toHaveText('通话中');

  await expectFramesFrom(county, 1);
  await expectFramesFrom(t01a, 1);
  await expectPathInNamespace(county);
  await expectPathInNamespace(t01a);
  await expect(county.getByTestId('meet-duration')).toContainText('时长');

  // Mute and camera off on one side show on the other.
  await t01a.getByTestId('meet-mute').click();
  await expect(county.getByTestId('meet-remote')).toContainText('麦克风关');
  await t01a.getByTestId('meet-camera').click();
  await expect(county.getByTestId('meet-remote')).toContainText('摄像头关');

  await county.getByTestId('meet-hangup').click();
  await expect(county.getByTestId('meet-panel')).toHaveCount(0);
  await expect(t01a.getByTestId('meet-panel')).toHaveCount(0);
});
