// Issue 16 points 16 and 18 in Chromium against the real server: the readiness board at night in peacetime (offline is
// grey information, not red), the one Chinese 24-hour date-time control, 已持续 to the minute, Esc closing dialogs and
// drawers, command deputies left to the commander, and the contrast of the 「新指令」 badge and the receipt's ✕.
import type { Locator } from '@playwright/test';
import { DEMO_PASSWORD, expect, login, skipWithoutChromium, test } from './fixtures.ts';

skipWithoutChromium();

/** WCAG contrast of an element's text on its own background (opaque backgrounds only), and its opacity. */
async function contrastOf(el: Locator): Promise<{ ratio: number; opacity: number }> {
  return el.evaluate((node) => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const ch = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * ch(r ?? 0) + 0.7152 * ch(g ?? 0) + 0.0722 * ch(b ?? 0);
    };
    const s = getComputedStyle(node);
    const [a, b] = [lum(rgb(s.color)), lum(rgb(s.backgroundColor))];
    return { ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), opacity: Number(s.opacity) };
  });
}

test('peacetime board at night, the date-time control, Esc, command roles, 已持续, the 新指令 badge', async ({ browser, server }) => {
  test.setTimeout(120_000);
  const county = await (await browser.newContext({ baseURL: server.url, viewport: { width: 1600, height: 1000 } })).newPage();
  await login(county, 'commander');
  const t01 = await (await browser.newContext({ baseURL: server.url })).newPage();
  await login(t01, 't01');
  await county.getByTestId('tab-command').click();

  // --- peacetime, one township console open: the twelve others are grey 离线/未上线, nobody is red 告警
  const board = county.getByTestId('board');
  await expect(board.getByTestId('board-tile')).toHaveCount(13);
  await expect(board.locator('[data-tone="green"]')).toHaveCount(1);
  await expect(board.locator('[data-tone="grey"]')).toHaveCount(12);
  await expect(board.locator('[data-tone="red"]')).toHaveCount(0);
  await expect(board.locator('[data-tone="grey"]').first().getByTestId('tile-presence')).toContainText('未上线');

  // --- the switch dialog: no browser date input, Chinese 24-hour selects; deputies not pre-filled; Esc closes it
  await county.getByTestId('wartime-start-open').click();
  const dialog = county.getByTestId('wartime-start-dialog');
  await expect(dialog.getByTestId('wartime-role-commander')).not.toHaveValue('');
  await expect(dialog.getByTestId('wartime-role-executiveDeputy')).toHaveValue('');
  await expect(dialog.getByTestId('wartime-role-deputy')).toHaveValue('');
  await dialog.getByTestId('wartime-planned-end-set').click();
  const planned = dialog.getByTestId('wartime-planned-end');
  await expect(planned).toContainText('年');
  await expect(planned).toContainText('时');
  await expect(planned.getByTestId('wartime-planned-end-hour').locator('option')).toHaveCount(24);
  await expect(planned.getByTestId('wartime-planned-end-hour').locator('option').last()).toHaveText('23');
  await planned.getByTestId('wartime-planned-end-hour').selectOption('18');
  await planned.getByTestId('wartime-planned-end-minute').selectOption('30');
  await expect(planned).toHaveAttribute('data-value', /T18:30$/);
  await expect(county.locator('input[type="date"], input[type="datetime-local"], input[type="time"]')).toHaveCount(0);
  await county.getByTestId('wartime-start-open').focus(); // focus outside the dialog, as after a click elsewhere
  await county.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // --- start wartime; the 已持续 duration is in minutes, never seconds
  await county.getByTestId('wartime-start-open').click();
  await dialog.getByTestId('wartime-reason').fill('夜间安保演练');
  await dialog.getByTestId('wartime-confirm').fill('启动战时');
  await dialog.getByTestId('wartime-start-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(county.getByTestId('wartime-elapsed')).toHaveText(/已持续 (不到1分钟|\d+分钟)$/);
  await expect(county.getByTestId('wartime-banner')).not.toContainText('秒');
  // wartime: a township without a console is now an alarm
  await expect(board.locator('[data-tone="red"]')).toHaveCount(12);

  // --- an order: the risk form's date is the same control; the 新指令 badge on t01 reads at ≥ 4.5:1 and never fades
  await expect(county.locator('input[type="date"], input[type="datetime-local"], input[type="time"]')).toHaveCount(0);
  await county.getByTestId('order-title').fill('夜间巡查重点部位');
  await county.getByTestId('order-submit').click();
  await expect(county.getByTestId('order-done')).toContainText('战令');
  // a 特急 order takes t01's screen over until someone there acknowledges it
  await t01.getByTestId('takeover-ack').click();
  await t01.getByTestId('tab-orders').click();
  const badge = t01.getByTestId('order-card').first().locator('.badge-new');
  await expect(badge).toHaveText('新指令');
  for (let i = 0; i < 5; i++) {
    const c = await contrastOf(badge);
    expect(c.ratio).toBeGreaterThanOrEqual(4.5);
    expect(c.opacity).toBe(1);
    await t01.waitForTimeout(130);
  }
});

async function reportIncident(url: string): Promise<void> {
  const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'g00100101', password: DEMO_PASSWORD }) });
  const { token } = (await res.json()) as { token: string };
  const r = await fetch(`${url}/api/incidents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ idempotencyKey: `board-e2e-${Date.now()}`, category: 'dispute', description: '邻里通道纠纷', location: { lon: 101.906, lat: 24.805 } }),
  });
  expect(r.status).toBeLessThan(300);
}

test('the receipt’s ✕ reads on white paper; Esc closes the receipt, then the incident drawer', async ({ page, server }) => {
  await reportIncident(server.url);
  await login(page, 'duty1');
  await page.goto('/#incidents');
  await page.getByTestId('incident-row').first().click();
  const drawer = page.getByTestId('incident-drawer');
  await expect(drawer).toBeVisible();
  await drawer.getByTestId('print-receipt').click();
  const receipt = page.getByTestId('receipt');
  const close = receipt.getByRole('button', { name: '✕' });
  expect((await contrastOf(close)).ratio).toBeGreaterThanOrEqual(4.5);
  await page.keyboard.press('Escape');
  await expect(receipt).toHaveCount(0);
  await expect(drawer).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);
});

