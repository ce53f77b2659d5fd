// The header's search opens a dispute's drawer (the OPENERS entry of renderer/duty/HeaderSearch.tsx), with the party's
// phone masked in the hit; another township's console does not find it. The 统计 view counts the dispute as its own kind.
import type { Browser, Page } from '@playwright/test';
import type { Dispute, LoginResponse } from '../../protocol/index.ts';
import { DEMO_PASSWORD, expect, login, skipWithoutChromium, test } from './fixtures.ts';

skipWithoutChromium();

async function consolePage(browser: Browser, url: string, username: string): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: url });
  const page = await ctx.newPage();
  await login(page, username);
  return page;
}

test('a dispute found in the header search opens in its drawer, masked, and only in its township', async ({ browser, server }) => {
  const auth = (await (await fetch(`${server.url}/api/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'duty1', password: DEMO_PASSWORD }),
  })).json()) as LoginResponse;
  const t01 = (await (await fetch(`${server.url}/api/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 't01', password: DEMO_PASSWORD }),
  })).json()) as LoginResponse;
  const res = await fetch(`${server.url}/api/disputes`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${auth.token}` },
    body: JSON.stringify({
      idempotencyKey: 'e2e-dispute-search-1', channel: 'walk_in', type: 'neighbour', summary: '宅基地排水沟纠纷', townshipId: t01.user.centreId, extremeThreat: true,
      parties: [{ role: 'applicant', name: '欧阳春华', phone: '13955556666' }],
    }),
  });
  expect(res.status).toBe(201);
  const { dispute } = (await res.json()) as { dispute: Dispute };

  const town = await consolePage(browser, server.url, 't01');
  await town.getByTestId('header-search').fill('欧阳春华');
  const hit = town.locator(`[data-testid="search-hit"][data-kind="dispute"][data-id="${dispute.id}"]`);
  await expect(hit).toContainText(dispute.code);
  await expect(hit).toContainText('139****6666');
  await hit.click();
  await expect(town.getByTestId('dispute-drawer')).toHaveAttribute('aria-label', dispute.code);

  // 统计: the township's figures carry disputes as a kind of their own (this month's, by default)
  await town.goto('/#stats');
  await expect(town.getByTestId('stats-kpi-dispute')).toContainText('矛盾纠纷');
  await expect(town.getByTestId('stats-total-dispute')).toHaveText('1');
  await expect(town.getByTestId('stats-kpi-dispute')).toContainText('高风险 1');
  await expect(town.getByTestId('stats-rate-dispute-resolved')).toContainText('0 / 1');

  const other = await consolePage(browser, server.url, 't02');
  await other.getByTestId('header-search').fill('欧阳春华');
  await expect(other.getByTestId('search-results')).toContainText('未找到');
});
