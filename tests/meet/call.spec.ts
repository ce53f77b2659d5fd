// 一键通 in Chromium with fake devices, inside the test's own network namespace: the county calls 城关镇 from its tile on
// the readiness board; it rings on both of t01's consoles; one answers, the other stops ringing; each side receives the
// other's frames over a candidate pair inside the namespace; mute and camera-off show on the other side; hang-up ends
// the call on both. Janus killed mid-call comes back and both sides rejoin by themselves.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

  // Janus dies mid-call (killed by its own pid, from the server's pid files): the supervisor restarts it and both
  // consoles rejoin by themselves; frames flow again.
  const pidDir = join(server.dataDir, 'janus', 'pids');
  const pids = readdirSync(pidDir).filter((f) => f.endsWith('.pid')).map((f) => (JSON.parse(readFileSync(join(pidDir, f), 'utf8')) as { pid: number }).pid);
  expect(pids).toHaveLength(1);
  const feedBefore = await county.getByTestId('meet-remote').getAttribute('data-feed-id');
  process.kill(pids[0]!, 'SIGKILL');
  await expect(county.getByTestId('meet-phase')).toHaveText('连接中断，正在自动重连…');
  await expect.poll(() => /janus exited/.test(server.output()), { timeout: 10_000 }).toBe(true);
  await expect(county.getByTestId('meet-phase')).toHaveText('通话中', { timeout: 30_000 });
  await expect(county.getByTestId('meet-remote')).not.toHaveAttribute('data-feed-id', feedBefore ?? '');
  await expectFramesFrom(county, 1);
  await expectFramesFrom(t01a, 1);

  await county.getByTestId('meet-hangup').click();
  await expect(county.getByTestId('meet-panel')).toHaveCount(0);
  await expect(t01a.getByTestId('meet-panel')).toHaveCount(0);
});
