// Helpers of the meeting specs: they run only inside tests/meet/netns.sh's namespace, where Janus may use the veth
// interface it names; the frames a page receives and the media path it uses are read from the page itself.
import type { Page } from '@playwright/test';
import { expect, test } from '../e2e/fixtures.ts';

export const IFACE = process.env.ZZ_MEET_IFACE ?? '';

/** Skips (saying why) outside the namespace. */
export function onlyInNamespace(): void {
  if (!process.env.ZZ_MEET_NETNS) console.log('[meet] skipped: run through tests/meet/netns.sh (npm run test:meet), which makes the network namespace');
  test.skip(!process.env.ZZ_MEET_NETNS, 'outside the meeting network namespace');
}

export const meetConfig = { meet: { iceInterfaces: IFACE ? [IFACE] : [] } };

/** Frames decoded so far by every remote video of the page (one number per tile). */
export async function remoteFrames(page: Page): Promise<number[]> {
  return page.locator('[data-testid="meet-remote"] video').evaluateAll((vs) => vs.map((v) => (v as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames));
}

/** Waits until `n` remote tiles have each decoded more than `min` frames. */
export async function expectFramesFrom(page: Page, n: number, min = 10): Promise<void> {
  await expect(page.getByTestId('meet-remote')).toHaveCount(n);
  await expect.poll(async () => (await remoteFrames(page)).filter((f) => f > min).length, { timeout: 30_000 }).toBe(n);
}

/** The media path shown in the room is the selected ICE pair from getStats: both ends inside the namespace. */
export async function expectPathInNamespace(page: Page): Promise<void> {
  await expect(page.getByTestId('meet-path')).toHaveText(/198\.18\.0\.\d+ ⇄ 198\.18\.0\.\d+ UDP/, { timeout: 20_000 });
}
