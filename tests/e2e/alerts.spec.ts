// County raises an alert to all townships; a township receives it (delivered), signs it (签收), and the county sees both.
import { join } from 'node:path';
import { expect, login, skipWithoutChromium, test } from './fixtures.ts';

skipWithoutChromium();

const SHOTS = process.env.ZZ_SCREENSHOT_DIR; // e.g. /tmp — screenshots of each layout, outside the repo

test('county raises an alert, township receives and signs it, county sees delivered then acknowledged', async ({
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
  await expect(townItem.getByTestId('recipient-status')).toHaveAttribute('data-state', 'acknowledged');

  // --- the county sees t01 as acknowledged, with the signer's name
  await expect(t01AtCounty).toHaveAttribute('data-state', 'acknowledged');
  await expect(t01AtCounty).toContainText('已签收');
  await expect(t01AtCounty).toContainText(signer);
  await expect(countyItem.getByTestId('ack-summary')).toHaveText('已签收 1/13');

  // --- and after another reload the township still holds exactly that one, signed
  await town.reload();
  await expect(town.getByTestId('conn-state')).toHaveAttribute('data-state', 'connected');
  await expect(town.getByTestId('queue-count')).toHaveText('0');
  await expect(townItem).toHaveCount(1);
  await expect(townItem.getByTestId('recipient-status')).toHaveAttribute('data-state', 'acknowledged');

  if (SHOTS) await county.screenshot({ path: join(SHOTS, 'zz-county-acked.png') });

  await countyCtx.close();
  await townCtx.close();
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
