// The system Chromium as the video benchmarks drive it (video, streams, playback): launched headless with autoplay
// allowed, and logged into the console like an operator.
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../app/store/seed.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `extraArgs`: e.g. --disable-background-timer-throttling, for a page whose timers pace the measurement. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required', ...extraArgs] });
}

/** Logs a demo user into the console through its login form and waits until it is connected. */
export async function loginConsole(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.locator('[data-testid="conn-state"][data-state="connected"]').waitFor();
}
