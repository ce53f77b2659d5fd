// Wartime command, end to end in Chromium against the real server: the commander switches to wartime for three
// townships → their consoles show the banner → an order to all → each signs → the readiness board turns green → one
// township goes offline (its tile says so) → it comes back and its tile shows it signed.
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { DEMO_PASSWORD, expect, login, skipWithoutChromium, test } from './fixtures.ts';

skipWithoutChromium();

const SHOTS = process.env.ZZ_SCREENSHOT_DIR; // e.g. /tmp — screenshots outside the repo

async function centreOf(url: string, username: string): Promise<number> {
  const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  return ((await res.json()) as { user: { centreId: number } }).user.centreId;
}

async function township(browser: Browser, url: string, username: string): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: url });
  const page = await ctx.newPage();
  await login(page, username);
  await expect(page.locator('[data-layout="township"]')).toBeVisible();
  return page;
}

// The daily report is due at 17:00 Shanghai by default; after that every township without one turns amber, which is
// right but not what this walk checks. Due at 23:59 the board is green whenever the suite runs (but in that minute).
test.use({ serverConfig: { wartime: { dailyReportDue: '23:59' } } });

test('commander switches to wartime; three townships see it, sign an order, the board turns green; offline and back', async ({ browser, server }) => {
  test.setTimeout(150_000);
  const names = ['t01', 't02', 't03'] as const;
  const ids = await Promise.all(names.map((n) => centreOf(server.url, n)));

  const countyCtx = await browser.newContext({ baseURL: server.url, viewport: { width: 1600, height: 1000 } });
  const county = await countyCtx.newPage();
  await login(county, 'commander');
  const towns = await Promise.all(names.map((n) => township(browser, server.url, n)));
  // an out-of-scope township stays in peacetime
  const outside = await township(browser, server.url, 't04');

  // --- the switch: reason, scope of three townships, command roles, typed confirmation
  await county.getByTestId('tab-command').click();
  await expect(county.getByTestId('wartime-mode')).toHaveAttribute('data-mode', 'peacetime');
  await county.getByTestId('wartime-start-open').click();
  const dialog = county.getByTestId('wartime-start-dialog');
  await dialog.getByTestId('wartime-reason').fill('重大节日期间安保维稳');
  await dialog.getByTestId('wartime-scope-chosen').check();
  for (const id of ids) await dialog.getByTestId(`wartime-scope-${id}`).check();
  await expect(dialog.getByTestId('wartime-role-commander')).not.toHaveValue('');
  const submit = dialog.getByTestId('wartime-start-submit');
  await expect(submit).toBeDisabled(); // not without the typed confirmation
  await dialog.getByTestId('wartime-confirm').fill('启动战时');
  if (SHOTS) await county.screenshot({ path: join(SHOTS, 'zz-wartime-switch.png') });
  await submit.click();
  await expect(dialog).toHaveCount(0);

  // --- every console in scope shows the banner with who is in command; the one outside does not
  const commanderName = (await county.getByTestId('current-user').locator('span').first().textContent())?.trim() ?? '';
  for (const page of [county, ...towns]) {
    const banner = page.getByTestId('wartime-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('战时状态');
    await expect(banner.getByTestId('wartime-command')).toContainText(commanderName);
    await expect(page.locator('html')).toHaveAttribute('data-mode', 'wartime');
  }
  await expect(outside.getByTestId('wartime-banner')).toHaveCount(0);

  // --- the board has a tile per township in scope, all online
  const board = county.getByTestId('board');
  await expect(board.getByTestId('board-tile')).toHaveCount(3);
  for (const id of ids) await expect(board.locator(`[data-centre-id="${id}"]`)).toHaveAttribute('data-online', 'true');

  // --- an order to all in scope
  await county.getByTestId('order-title').fill('立即开展矛盾纠纷拉网式排查');
  await county.getByTestId('order-body').fill('各乡镇今日18时前反馈排查情况。');
  await county.getByTestId('order-submit').click();
  await expect(county.getByTestId('order-done')).toContainText('战令');
  const orderItem = county.getByTestId('order-item').first();
  await expect(orderItem.getByTestId('order-recipient')).toHaveCount(3);
  for (const id of ids) await expect(board.locator(`[data-centre-id="${id}"]`)).toHaveAttribute('data-tone', 'amber');

  // --- each township signs it
  for (const page of towns) {
    // A 特急 order (the form's default) takes the screen over until someone acknowledges it.
    await page.getByTestId('takeover-ack').click();
    await page.getByTestId('tab-orders').click();
    const card = page.getByTestId('order-card').filter({ hasText: '立即开展矛盾纠纷拉网式排查' });
    await expect(card).toHaveAttribute('data-state', /pending|delivered/);
    await card.getByTestId('order-sign').click();
    await expect(card).toHaveAttribute('data-state', 'signed');
  }
  if (SHOTS) await towns[0]?.screenshot({ path: join(SHOTS, 'zz-wartime-township.png') });

  // --- the board turns green
  for (const id of ids) {
    const tile = board.locator(`[data-centre-id="${id}"]`);
    await expect(tile).toHaveAttribute('data-order-state', 'signed');
    await expect(tile).toHaveAttribute('data-tone', 'green');
    await expect(tile.getByTestId('tile-tone')).toHaveText('正常');
  }
  await expect(county.getByTestId('order-progress').first()).toContainText('签收 3/3');
  if (SHOTS) await county.screenshot({ path: join(SHOTS, 'zz-wartime-board.png') });

  // --- one township goes offline: its tile says so (colour and text)
  const [, second] = towns as [Page, Page, Page];
  const secondTile = board.locator(`[data-centre-id="${ids[1]}"]`);
  await second.goto('about:blank');
  await expect(secondTile).toHaveAttribute('data-online', 'false');
  await expect(secondTile).toHaveAttribute('data-tone', 'red');
  await expect(secondTile.getByTestId('tile-presence')).toContainText('离线');
  await expect(secondTile.getByTestId('tile-order')).toContainText('已签收');
  if (SHOTS) await county.screenshot({ path: join(SHOTS, 'zz-wartime-offline.png') });

  // --- it comes back (session kept): online again, signed, green; its console is in wartime from the start
  await second.goto('/');
  await expect(second.getByTestId('conn-state')).toHaveAttribute('data-state', 'connected');
  await expect(second.getByTestId('wartime-banner')).toBeVisible();
  await expect(secondTile).toHaveAttribute('data-online', 'true');
  await expect(secondTile).toHaveAttribute('data-order-state', 'signed');
  await expect(secondTile).toHaveAttribute('data-tone', 'green');
  await second.getByTestId('tab-orders').click();
  await expect(second.getByTestId('order-card').filter({ hasText: '立即开展矛盾纠纷拉网式排查' })).toHaveAttribute('data-state', 'signed');

  // --- 反馈 and the daily report show up at the county
  const [first] = towns as [Page];
  const signedCard = first.getByTestId('order-card').filter({ hasText: '立即开展矛盾纠纷拉网式排查' });
  await signedCard.getByTestId('order-report-text').fill('已排查全部村组，未发现新增矛盾。');
  await signedCard.getByTestId('order-report').click();
  await expect(signedCard).toHaveAttribute('data-state', 'answered');
  await first.getByTestId('daily-summary').fill('辖区总体平稳，重点部位已落实值守。');
  await first.getByTestId('daily-risks').fill('12');
  await first.getByTestId('daily-submit').click();
  await expect(first.getByTestId('daily-submitted')).toBeVisible();
  const firstTile = board.locator(`[data-centre-id="${ids[0]}"]`);
  await expect(firstTile).toHaveAttribute('data-order-state', 'answered');
  await expect(firstTile.getByTestId('tile-report')).toContainText('已报');
  await county.getByTestId('wt-section-daily').click();
  await expect(county.getByTestId('daily-reports').locator(`tr[data-centre-id="${ids[0]}"]`)).toHaveAttribute('data-in', 'true');
  if (SHOTS) await county.screenshot({ path: join(SHOTS, 'zz-wartime-daily.png') });

  // --- back to peacetime: banners go, the summary is on record
  await county.getByTestId('wartime-end-open').click();
  const end = county.getByTestId('wartime-end-dialog');
  await end.getByTestId('wartime-end-reason').fill('节日安保任务结束');
  await end.getByTestId('wartime-end-confirm').fill('恢复平时');
  await end.getByTestId('wartime-end-submit').click();
  await expect(county.getByTestId('wartime-mode')).toHaveAttribute('data-mode', 'peacetime');
  for (const page of [county, ...towns]) await expect(page.getByTestId('wartime-banner')).toHaveCount(0);
  await county.getByTestId('wt-section-summary').click();
  const summary = county.getByTestId('wartime-summary');
  await expect(summary).toContainText('3/3');
  await expect(summary.getByTestId('summary-by-township').locator('tbody tr')).toHaveCount(3);
  if (SHOTS) await county.screenshot({ path: join(SHOTS, 'zz-wartime-summary.png') });
});
