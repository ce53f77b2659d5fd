// The dispute window in Chromium against the real server: a walk-in registered at the window prints a receipt with its
// case code, ticket and QR code; the list shows phones masked; a returning party raises the 重复访 warning before the
// save; the case drawer reveals a full ID number only on request; a high-risk case takes over the commander's screen.
import type { Incident, LoginResponse } from '../../protocol/index.ts';
import { generateDemoCounty } from '../../app/domain/demoCounty.ts';
import { DEMO_PASSWORD, expect, login, skipWithoutChromium, test } from './fixtures.ts';

skipWithoutChromium();

function residentId(body17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, c, i) => s + Number(c) * (w[i] as number), 0);
  return body17 + '10X98765432'[sum % 11];
}
const ID_A = residentId('53010219800101123');
const SHOTS = process.env.ZZ_SCREENSHOT_DIR; // e.g. /tmp — screenshots outside the repo
const CODE = /^ZZ\d{8}-[0-9A-Z]{8}-[0-9A-Z]$/;

test('a walk-in at the window: receipt with the case code, masking in the list, the repeat-visit warning, a logged reveal', async ({ page, server }) => {
  await login(page, 'duty1', DEMO_PASSWORD);
  await page.goto('/#disputes');
  const form = page.getByTestId('dispute-form');
  await expect(form).toBeVisible();

  const fill = async (summary: string) => {
    const rows = page.getByTestId('party-row');
    await rows.nth(0).getByTestId('party-name').fill('赵德明');
    await rows.nth(0).getByTestId('party-phone').fill('13912345678');
    await rows.nth(0).getByTestId('party-idtype').selectOption('resident');
    await rows.nth(0).getByTestId('party-idnumber').fill(ID_A);
    await rows.nth(1).getByTestId('party-name').fill('钱有福');
    await page.getByTestId('intake-type').selectOption('land');
    await page.getByTestId('intake-summary').fill(summary);
  };

  // A mistyped ID number is refused, naming the party and the field, and nothing is saved.
  await fill('两户村民因宅基地边界砌墙发生争执');
  const idField = page.getByTestId('party-row').nth(0).getByTestId('party-idnumber');
  await idField.fill(`${ID_A.slice(0, 17)}${ID_A.endsWith('1') ? '2' : '1'}`);
  await page.getByTestId('intake-submit').click();
  await expect(page.getByTestId('intake-error')).toContainText('证件号码不正确');
  await expect(page.getByTestId('intake-error')).toContainText('当事人1 · 证件号码');
  await expect(idField).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('dispute-row')).toHaveCount(0);
  await idField.fill(ID_A);
  await page.getByTestId('intake-submit').click();
  const receipt = page.getByTestId('dispute-receipt');
  await expect(receipt).toBeVisible();
  const code = (await page.getByTestId('receipt-code').textContent())?.trim() ?? '';
  expect(code).toMatch(CODE);
  await expect(page.getByTestId('receipt-ticket')).toHaveText('001');
  await expect(page.getByTestId('receipt-qr')).toHaveAttribute('src', /^data:image\/png;base64,/);
  await expect(page.getByTestId('receipt-qr')).toHaveAttribute('alt', `${server.url}/case/${code}`);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/disputes-receipt.png` });
  await page.getByTestId('receipt-close').click();

  // The list: the case is there with the phone masked, the full number nowhere on the page.
  const row = page.locator(`[data-testid="dispute-row"][data-code="${code}"]`);
  await expect(row.getByTestId('row-phone')).toHaveText('139****5678');
  await expect(page.locator('body')).not.toContainText('13912345678');
  await expect(page.locator('body')).not.toContainText(ID_A);

  // The same visitor comes back: the warning with the earlier case shows before anything is saved.
  await fill('宅基地边界纠纷再次来访，对方未按约定拆除围墙');
  await page.getByTestId('intake-submit').click();
  const warning = page.getByTestId('repeat-warning');
  await expect(warning).toHaveAttribute('data-count', '1');
  await expect(warning.getByTestId('earlier-case')).toContainText(code);
  await expect(page.getByTestId('dispute-receipt')).toHaveCount(0);
  await expect(page.getByTestId('dispute-row')).toHaveCount(1);
  await page.getByTestId('intake-submit').click();
  await expect(page.getByTestId('receipt-ticket')).toHaveText('002');
  await page.getByTestId('receipt-close').click();
  await expect(page.getByTestId('dispute-row')).toHaveCount(2);

  // The drawer shows the ID masked; 查看 asks the server (logged) and shows it in full.
  const drawer = page.getByTestId('dispute-drawer');
  await expect(drawer).toBeVisible();
  await expect(drawer.getByTestId('risk-reasons')).toContainText('重复访');
  await expect(drawer.getByTestId('masked-idNumber')).toHaveText(`${ID_A.slice(0, 6)}********${ID_A.slice(-4)}`);
  await drawer.getByTestId('reveal-idNumber').click();
  await expect(drawer.getByTestId('revealed-idNumber')).toHaveText(ID_A);
  await expect(drawer.getByTestId('reveal-log')).toContainText('赵德明 · 证件号码');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/disputes-drawer.png` });

  // The server's search: words of the text find one case, a two-character given name both, a phone fragment both.
  const search = page.getByTestId('dispute-search');
  await search.fill('再次来访');
  await expect(page.getByTestId('dispute-row')).toHaveCount(1);
  await search.fill('德明');
  await expect(page.getByTestId('dispute-row')).toHaveCount(2);
  await search.fill('未按约定');
  await expect(page.getByTestId('dispute-row')).toHaveCount(1);
  await search.fill('12345678');
  await expect(page.getByTestId('dispute-row')).toHaveCount(2);
  await search.fill('无此人的纠纷');
  await expect(page.getByTestId('dispute-row')).toHaveCount(0);
});

test('a high-risk case takes over the commander\'s screen and waits in the 待办', async ({ page, browser, server }) => {
  const commander = await (await browser.newContext({ baseURL: server.url })).newPage();
  await login(commander, 'commander');
  await login(page, 'duty1');
  await page.goto('/#disputes');
  await page.getByTestId('party-row').nth(0).getByTestId('party-name').fill('孙建国');
  await page.getByTestId('intake-people').fill('45');
  await page.getByTestId('intake-threat').check();
  await page.getByTestId('intake-summary').fill('四十余名工人聚集讨薪，有人扬言跳楼');
  await page.getByTestId('intake-submit').click();
  await expect(page.getByTestId('dispute-receipt')).toBeVisible();

  const takeover = commander.getByTestId('takeover');
  await expect(takeover).toBeVisible();
  await expect(takeover).toContainText('高风险矛盾纠纷');
  await commander.getByTestId('takeover-ack').click();
  await expect(takeover).toHaveCount(0);
  await commander.goto('/#queue');
  await expect(commander.locator('[data-testid="queue-row"][data-kind="dispute"]')).toHaveAttribute('data-step', 'risk');
});

const ring = generateDemoCounty().townships[0]!.villages[0]!.grids[0]!.ring.slice(0, -1);
const IN_T01 = { lon: ring.reduce((s, p) => s + p[0], 0) / ring.length, lat: ring.reduce((s, p) => s + p[1], 0) / ring.length, crs: 'wgs84' };

test('a grid report of the dispute category becomes a dispute case from its drawer, linked both ways', async ({ page, server }) => {
  const grid = (await (await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'g00100101', password: DEMO_PASSWORD }) })).json()) as LoginResponse;
  const res = await fetch(`${server.url}/api/incidents`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${grid.token}` },
    body: JSON.stringify({ idempotencyKey: `e2e-dispute-${Date.now()}`, category: 'dispute', description: '两户因排水沟堵塞发生争吵', location: IN_T01 }),
  });
  const { incident } = (await res.json()) as { incident: Incident };
  await login(page, 'duty1');
  await page.goto('/#incidents');
  await page.locator(`[data-testid="incident-row"][data-incident-id="${incident.id}"]`).click();
  await page.getByTestId('to-dispute').click();
  await expect(page.getByTestId('intake-channel')).toHaveValue('grid_report');
  await expect(page.getByTestId('intake-summary')).toHaveValue('两户因排水沟堵塞发生争吵');
  await page.getByTestId('party-row').nth(0).getByTestId('party-name').fill('李桂兰');
  await page.getByTestId('intake-submit').click();
  const code = (await page.getByTestId('receipt-code').textContent())?.trim() ?? '';
  expect(code).toMatch(CODE);
  await expect(page.getByTestId('receipt-ticket')).toHaveCount(0); // a ticket is for visitors at the window
  await page.getByTestId('receipt-close').click();
  await expect(page.getByTestId('dispute-drawer')).toContainText(incident.code);
  await page.goto('/#incidents');
  await page.locator(`[data-testid="incident-row"][data-incident-id="${incident.id}"]`).click();
  await expect(page.getByTestId('open-dispute')).toContainText(code);
});
