// County raises an alert to all townships; a township receives it (delivered), signs it (签收), and the county sees both.
import { join } from 'node:path';
import { expect, login, skipWithoutChromium, test } from './fixtures.ts';

skipWithoutChromium();

const SHOTS = process.env.ZZ_SCREENSHOT_DIR; // e.g. /tmp — screenshots of each layout, outside the repo

test('county raises an alert, township receives and signs it, county sees delivered then signed', async ({
  browser,
  server,
}) => {
  const countyCtx = await browser.newContext({ baseURL: server.url });
  const townCtx = await browser.newContext({ baseURL: server.url });
  const county = await countyCtx.newPage();
  const town = await townCtx.newPage();

  await login(county, 'duty1');
  await expect(county.locator('[data-layout="county"]')).toBeVisible();
  await login(town, 't01');
  await expect(town.locator('[data-layout="township"]')).toBeVisible();
  // The inbox tab, chosen: a console with items waiting lands on 待办 instead.
  await town.getByTestId('tab-alerts').click();
  await expect(town.getByTestId('queue-count')).toHaveText('0');
  const signer = (await town.getByTestId('current-user').locator('span').first().textContent())?.trim() ?? '';
  expect(signer).not.toBe('');

  // --- duty1 raises an alert to all townships
  const title = `e2e 防汛预警 ${Date.now()}`;
  await county.getByTestId('raise-level').selectOption('orange');
  await county.getByTestId('raise-title').fill(title);
  await county.getByTestId('raise-body').fill('河口水位超警戒，请各乡镇立即组织巡查。');
  await expect(county.getByTestId('raise-target-all')).toBeChecked();
  await county.getByTestId('raise-submit').click();
  // orange to 13 townships: confirmed with a summary first
  await county.getByTestId('raise-confirm').click();

  const countyItem = county.getByTestId('alert-item').filter({ hasText: title });
  await expect(countyItem).toHaveCount(1);
  const alertId = await countyItem.getAttribute('data-alert-id');
  expect(alertId).toMatch(/^\d+$/);
  await expect(countyItem.getByTestId('recipient-status')).toHaveCount(13);

  // --- it arrives at t01 as one new, unsigned alert
  const townItem = town.locator(`[data-testid="alert-item"][data-alert-id="${alertId}"]`);
  await expect(townItem).toHaveCount(1);
  await expect(townItem).toContainText(title);
  await expect(townItem).toHaveAttribute('data-fresh', 'true');
  await expect(town.getByTestId('queue-count')).toHaveText('1');
  const ack = town.locator(`[data-testid="ack-button"][data-alert-id="${alertId}"]`);
  await expect(ack).toBeVisible();
  await expect(ack).toHaveText('签收');
  const t01Centre = await townItem.getByTestId('recipient-status').getAttribute('data-centre-id');
  expect(t01Centre).toMatch(/^\d+$/);

  // --- the county sees t01 as delivered before anyone signs
  const t01AtCounty = countyItem.locator(`[data-testid="recipient-status"][data-centre-id="${t01Centre}"]`);
  await expect(t01AtCounty).toHaveAttribute('data-state', 'delivered');
  await expect(t01AtCounty).toContainText('已送达');

  if (SHOTS) {
    await town.screenshot({ path: join(SHOTS, 'zz-township.png') });
    await county.screenshot({ path: join(SHOTS, 'zz-county.png') });
  }

  // --- a reload of the township console does not show the alert as new again, nor twice
  await town.reload();
  await expect(town.getByTestId('conn-state')).toHaveAttribute('data-state', 'connected');
  await expect(townItem).toHaveCount(1);
  await expect(townItem).toHaveAttribute('data-fresh', 'false');
  await expect(town.getByTestId('queue-count')).toHaveText('1');
  await expect(town.getByTestId('new-badge')).toHaveCount(0);
  await expect(t01AtCounty).toHaveAttribute('data-state', 'delivered');

  // --- t01 signs
  await ack.click();
  await expect(town.getByTestId('queue-count')).toHaveText('0');
  await expect(ack).toHaveCount(0);
  await expect(townItem).toHaveCount(1);
  await expect(townItem).toContainText(`${signer} 于`);
  await expect(townItem.getByTestId('recipient-status')).toHaveAttribute('data-state', 'signed');

  // --- the county sees t01 as signed, with the signer's name
  await expect(t01AtCounty).toHaveAttribute('data-state', 'signed');
  await expect(t01AtCounty).toContainText('已签收');
  await expect(t01AtCounty).toContainText(signer);
  await expect(countyItem.getByTestId('ack-summary')).toHaveText('已签收 1/13');

  // --- and after another reload the township still holds exactly that one, signed
  await town.reload();
  await expect(town.getByTestId('conn-state')).toHaveAttribute('data-state', 'connected');
  await expect(town.getByTestId('queue-count')).toHaveText('0');
  await expect(townItem).toHaveCount(1);
  await expect(townItem.getByTestId('recipient-status')).toHaveAttribute('data-state', 'signed');

  if (SHOTS) await county.screenshot({ path: join(SHOTS, 'zz-county-acked.png') });

  await countyCtx.close();
  await townCtx.close();
});

test('a red or orange alert to many units is confirmed with a summary first; the level stays after sending', async ({ page, server }) => {
  void server;
  await login(page, 'duty1');
  await expect(page.locator('[data-layout="county"]')).toBeVisible();
  const title = `e2e 红色预警 ${Date.now()}`;
  await page.getByTestId('raise-level').selectOption('red');
  await page.getByTestId('raise-title').fill(title);
  await page.getByTestId('raise-submit').click();

  // nothing leaves before the confirmation, which names the level, the title and every unit
  const dialog = page.getByTestId('raise-confirm-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('红色');
  await expect(page.getByTestId('raise-confirm-title')).toHaveText(title);
  await expect(page.getByTestId('raise-confirm-count')).toContainText('13 个单位');
  await expect(page.getByTestId('raise-confirm-units').locator('li')).toHaveCount(13);
  await expect(page.getByTestId('raise-confirm-units')).toContainText('城关镇');
  await page.getByTestId('raise-cancel').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('alert-item')).toHaveCount(0);

  // with the villages of the chosen township, the summary counts them too
  await page.getByTestId('raise-target-all').uncheck();
  await page.locator('[data-testid^="raise-target-"]:not([data-testid="raise-target-all"])').first().check();
  await page.getByTestId('raise-villages').check();
  await page.getByTestId('raise-submit').click();
  const n = Number(/(\d+) 个单位/.exec((await page.getByTestId('raise-confirm-count').textContent()) ?? '')?.[1]);
  expect(n).toBeGreaterThan(1);
  await expect(page.getByTestId('raise-confirm-units').locator('li')).toHaveCount(n);
  await page.getByTestId('raise-confirm').click();
  await expect(dialog).toHaveCount(0);
  const item = page.getByTestId('alert-item').filter({ hasText: title });
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId('recipient-status')).toHaveCount(n);

  // the form keeps red and says so; it does not fall back to blue, not even after a tab switch
  await expect(page.getByTestId('raise-done')).toContainText('级别保持为红色');
  await expect(page.getByTestId('raise-level')).toHaveValue('red');
  await page.goto('/#incidents');
  await page.goto('/#alerts');
  await expect(page.getByTestId('raise-level')).toHaveValue('red');

  // blue goes out without a dialog
  await page.getByTestId('raise-level').selectOption('blue');
  await page.getByTestId('raise-title').fill(`${title} 蓝`);
  await page.getByTestId('raise-submit').click();
  await expect(page.getByTestId('alert-item').filter({ hasText: `${title} 蓝` })).toHaveCount(1);
  await expect(dialog).toHaveCount(0);
});

test.describe('reminders and 反馈', () => {
  test.use({ serverConfig: { ackDeadlinesMs: { red: 4_000, orange: 600_000, yellow: 600_000, blue: 600_000 }, timerTickMs: 200 } });

  test('a reminder shows beside the original deadline; the township answers and the county sees it', async ({ browser, server }) => {
    const countyCtx = await browser.newContext({ baseURL: server.url });
    const townCtx = await browser.newContext({ baseURL: server.url });
    const county = await countyCtx.newPage();
    const town = await townCtx.newPage();
    await login(county, 'duty1');
    await login(town, 't01');
    await expect(town.locator('[data-layout="township"]')).toBeVisible();
    // a console with items waiting lands on 待办: open the inbox explicitly
    await town.getByTestId('tab-alerts').click();

    const title = `e2e 需反馈 ${Date.now()}`;
    await county.getByTestId('raise-level').selectOption('red');
    await county.getByTestId('raise-title').fill(title);
    await county.getByTestId('raise-wants-answer').check();
    await county.getByTestId('raise-submit').click();
    await county.getByTestId('raise-confirm').click();

    const card = town.getByTestId('alert-item').filter({ hasText: title });
    await expect(card).toHaveCount(1);
    // a red alert takes the township's screen over until someone there acknowledges it
    await town.getByTestId('takeover-ack').click();
    await expect(card.getByTestId('wants-answer')).toBeVisible();
    const note = card.getByTestId('deadline-note');
    await expect(note).toContainText('签收时限');
    const dueAt = await note.getAttribute('data-due-at');
    // the deadline passes: a reminder, and the deadline shown is still the original one
    await expect(card.getByTestId('deadline-reminder')).toContainText(/第[1-9]\d*次提醒 \d\d:\d\d/, { timeout: 15_000 });
    await expect(note).toHaveAttribute('data-due-at', dueAt ?? '');
    await expect(note).toContainText('已逾期');
    const dueText = new Date(Number(dueAt)).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
    await expect(note).toContainText(`签收时限 ${dueText}`);
    await expect(card.getByTestId('reminder-badge')).toBeVisible();

    // sign, then answer; the county sees the answer for that unit
    await card.getByTestId('ack-button').click();
    await card.getByTestId('answer-text').fill('已组织巡查，无异常');
    await card.getByTestId('answer-button').click();
    await expect(town.getByTestId('answer-record').filter({ hasText: '已组织巡查，无异常' })).toHaveCount(1);
    const countyItem = county.getByTestId('alert-item').filter({ hasText: title });
    await expect(countyItem.getByTestId('recipient-answer')).toHaveText('已组织巡查，无异常');
    await expect(countyItem.getByTestId('answer-summary')).toHaveText('反馈 1/13');
    await expect(countyItem.locator('[data-testid="recipient-status"][data-state="answered"]')).toHaveCount(1);

    await countyCtx.close();
    await townCtx.close();
  });
});

test('an alert to a chosen village reaches that village console, which signs it', async ({ browser, server }) => {
  const countyCtx = await browser.newContext({ baseURL: server.url });
  const villageCtx = await browser.newContext({ baseURL: server.url });
  const county = await countyCtx.newPage();
  const village = await villageCtx.newPage();
  await login(village, 'v001001');
  await expect(village.locator('[data-layout="township"]')).toBeVisible();
  const villageName = (await village.getByTestId('centre-name').textContent())?.trim() ?? '';
  await village.getByTestId('tab-alerts').click();
  await login(county, 'duty1');

  const title = `e2e 村级预警 ${Date.now()}`;
  await county.getByTestId('raise-level').selectOption('yellow');
  await county.getByTestId('raise-title').fill(title);
  await county.getByTestId('raise-target-all').uncheck();
  await county.getByTestId('raise-village-township').selectOption({ index: 1 });
  await county.locator(`.raise-villages label[title="${villageName}"] input`).check();
  await county.getByTestId('raise-submit').click();
  const item = county.getByTestId('alert-item').filter({ hasText: title });
  await expect(item.getByTestId('recipient-status')).toHaveCount(1);
  await expect(item.getByTestId('recipient-status')).toContainText(villageName);

  const card = village.getByTestId('alert-item').filter({ hasText: title });
  await expect(card).toHaveCount(1);
  await expect(village.getByTestId('queue-count')).toHaveText('1');
  await card.getByTestId('ack-button').click();
  await expect(village.getByTestId('queue-count')).toHaveText('0');
  await expect(item.getByTestId('recipient-status')).toHaveAttribute('data-state', 'signed');
  await countyCtx.close();
  await villageCtx.close();
});

test('wrong password and a revoked token show the server error; logout returns to the login page', async ({ page, server }) => {
  void server;
  await page.goto('/');
  await page.getByTestId('login-username').fill('duty1');
  await page.getByTestId('login-password').fill('wrong-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toHaveText('用户名或密码错误');

  await login(page, 't02');
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'zz-township-empty.png') });

  // a token the server no longer accepts sends the console back to the login page, saying why
  await page.evaluate(() => {
    const s = JSON.parse(localStorage.getItem('zz.session') ?? '{}') as { token?: string };
    s.token = 'not-a-valid-token';
    localStorage.setItem('zz.session', JSON.stringify(s));
  });
  await page.reload();
  await expect(page.getByTestId('login-error')).toHaveAttribute('data-code', /^AUTH_/);
  await expect(page.getByTestId('login-submit')).toBeVisible();

  await login(page, 't02');
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('login-submit')).toBeVisible();
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'zz-login.png') });
});
