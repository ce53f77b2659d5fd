// 一键通 from the 通讯录 in Chromium against the real server: the county duty officer calls 城关镇 from its directory row,
// and 城关镇's console rings; a township console has no call buttons in its directory.
import type { Browser, Page } from '@playwright/test';
import { expect, login, skipWithoutChromium, test } from './fixtures.ts';

skipWithoutChromium();

async function consolePage(browser: Browser, url: string, username: string): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: url });
  const page = await ctx.newPage();
  await login(page, username);
  return page;
}

test('一键通 from a directory row rings the unit; a township has no call buttons', async ({ browser, server }) => {
  const town = await consolePage(browser, server.url, 't01');
  const county = await consolePage(browser, server.url, 'duty1');
  await county.getByTestId('tab-directory').click();
  const row = county.locator('[data-testid="dir-row"][data-unit="城关镇"]');
  await expect(row).toBeVisible();
  // the county's own row has no button: nobody calls the county
  await expect(county.locator('[data-testid="dir-row"][data-unit="青岚县"]').getByTestId('dir-call')).toHaveCount(0);
  await row.getByTestId('dir-call').click();
  await expect(town.getByTestId('meet-ring')).toBeVisible();
  await town.getByTestId('meet-decline').click();
  await expect(town.getByTestId('meet-ring')).toHaveCount(0);

  await town.getByTestId('tab-directory').click();
  await expect(town.getByTestId('dir-row').first()).toBeVisible();
  await expect(town.getByTestId('dir-call')).toHaveCount(0);
});
