// Degrading clearly, inside the test's own network namespace: a county console without a camera calls t01 — it says
// "audio only", publishes its microphone, and t01 hears it with the camera shown as off.
import { expect, login, test } from '../e2e/fixtures.ts';
import { meetConfig, onlyInNamespace } from './meetFixtures.ts';

onlyInNamespace();
test.use({ serverConfig: meetConfig });

test('no camera: the console says audio only, the other side gets the voice and sees the camera off', async ({ browser, server }) => {
  const countyCtx = await browser.newContext({ baseURL: server.url });
  // This machine has no camera: any request for video fails as it does on a PC without one.
  await countyCtx.addInitScript(() => {
    const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c?: MediaStreamConstraints) => {
      if (c?.video) throw new DOMException('Requested device not found', 'NotFoundError');
      return real(c);
    };
  });
  const county = await countyCtx.newPage();
  await login(county, 'duty1');
  const t01 = await (await browser.newContext({ baseURL: server.url })).newPage();
  await login(t01, 't01');

  await county.getByTestId('tab-command').click();
  await county.getByTestId('board-tile').filter({ hasText: '城关镇' }).getByTestId('tile-call').click();
  await expect(county.getByTestId('meet-mode')).toHaveText('未检测到摄像头：仅语音');
  await expect(county.getByTestId('meet-camera')).toHaveCount(0);
  await t01.getByTestId('meet-answer').click();

  const tile = t01.getByTestId('meet-remote');
  await expect(tile).toContainText('青岚县');
  await expect(tile).toContainText('摄像头关');
  await expect
    .poll(() => tile.locator('video').evaluate((v) => ((v as HTMLVideoElement).srcObject as MediaStream | null)?.getAudioTracks().filter((t) => t.readyState === 'live').length ?? 0), { timeout: 20_000 })
    .toBe(1);
  // And the county receives t01's video as usual.
  await expect.poll(() => county.getByTestId('meet-remote').locator('video').evaluate((v) => (v as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames), { timeout: 30_000 }).toBeGreaterThan(10);
});
