// 统计研判 and the big screen in Chromium against the real server: incidents reported over HTTP by grid members show in
// the view's totals and charts (drawn by ECharts), a township sees only its own area, and the big screen at /cockpit
// counts a new report and lists it as high risk live, without a reload, at 1920×1080 and at 3840×2160.
import type { Page } from '@playwright/test';
import type { LoginResponse } from '../../protocol/index.ts';
import { DEMO_PASSWORD, expect, login, skipWithoutChromium, test } from './fixtures.ts';

skipWithoutChromium();

// Inside 城关镇's first grid of the demo county (app/domain/demoCounty.ts, seed 2026).
const LOCATION = { lon: 101.906, lat: 24.805, crs: 'wgs84' };

async function report(base: string, category: string, priority: 'simple' | 'general' | 'complex', description: string): Promise<string> {
  const auth = (await (await fetch(`${base}/api/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'g00100101', password: DEMO_PASSWORD }),
  })).json()) as LoginResponse;
  const res = await fetch(`${base}/api/incidents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${auth.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ idempotencyKey: `e2e-stats-${Math.random().toString(36).slice(2)}`, category, priority, description, location: LOCATION }),
  });
  if (!res.ok) throw new Error(`report: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { incident: { code: string } }).incident.code;
}

async function openStats(page: Page) {
  await page.goto('/#stats');
  await expect(page.getByTestId('stats-view')).toBeVisible();
}

test('the 统计 view totals and charts the seeded reports; a township sees its own area only', async ({ browser, server }) => {
  await report(server.url, 'dispute', 'general', '邻里纠纷一');
  await report(server.url, 'dispute', 'general', '邻里纠纷二');
  await report(server.url, 'safety', 'complex', '危房隐患');

  const county = await (await browser.newContext({ baseURL: server.url, viewport: { width: 1600, height: 1000 } })).newPage();
  await login(county, 'duty1');
  await openStats(county);
  await expect(county.getByTestId('stats-total-incident')).toHaveText('3');
  await expect(county.getByTestId('stats-total-alert')).toHaveText('0');
  // Nobody has accepted them yet, within 20 minutes: no 签收 counts yet, 化解 0 of 3.
  await expect(county.getByTestId('stats-rate-incident-resolved')).toContainText('0.0%');
  await expect(county.getByTestId('stats-rate-incident-resolved')).toContainText('0 / 3');
  await expect(county.getByTestId('stats-rate-incident-signTimely')).toContainText('—');
  for (const id of ['chart-trend', 'chart-category', 'chart-unit', 'chart-channel']) {
    await expect(county.getByTestId(id)).toHaveAttribute('data-total', '3');
    // ECharts drew it: a canvas with pixels in it.
    await expect.poll(() => county.getByTestId(id).locator('canvas').first().evaluate((c: HTMLCanvasElement) => {
      const ctx = c.getContext('2d');
      if (!ctx || !c.width) return 0;
      return ctx.getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0) ? 1 : 0;
    })).toBe(1);
  }
  await expect(county.getByTestId('stats-kpi-incident')).toContainText('高风险 1');

  // A township outside the area has nothing; the area chooser narrows the county's view.
  await county.getByTestId('stats-area').selectOption({ label: '城关镇' });
  await expect(county.getByTestId('stats-total-incident')).toHaveText('3');
  const second = await county.getByTestId('stats-area').locator('option').nth(2).textContent();
  await county.getByTestId('stats-area').selectOption({ label: second ?? '' });
  await expect(county.getByTestId('stats-total-incident')).toHaveText('0');

  const town = await (await browser.newContext({ baseURL: server.url, viewport: { width: 1600, height: 1000 } })).newPage();
  await login(town, 't02');
  await openStats(town);
  await expect(town.getByTestId('stats-total-incident')).toHaveText('0');
  await expect(town.getByTestId('stats-area')).toHaveCount(0);
  await expect(town.getByTestId('stats-tab-assess')).toHaveCount(0);

  // The heat-map link opens the map on the heat layer.
  await county.getByTestId('stats-area').selectOption({ label: '城关镇' });
  await county.getByTestId('stats-heatmap').click();
  await expect(county).toHaveURL(/#map$/);
  await expect(county.getByTestId('map-heatmap')).toBeChecked();
});

test('考核: a unit’s score opens the items behind it', async ({ browser, server }) => {
  const code = await report(server.url, 'dispute', 'general', '考核用案件');
  const duty = (await (await fetch(`${server.url}/api/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'duty1', password: DEMO_PASSWORD }),
  })).json()) as LoginResponse;
  const h = { authorization: `Bearer ${duty.token}`, 'content-type': 'application/json' };
  const list = (await (await fetch(`${server.url}/api/incidents`, { headers: h })).json()) as { incidents: { id: number; code: string }[] };
  const id = list.incidents.find((i) => i.code === code)!.id;
  const centres = (await (await fetch(`${server.url}/api/centres`, { headers: h })).json()) as { id: number; name: string }[];
  const town = centres.find((c) => c.name === '城关镇')!.id;
  for (const step of [{ action: 'accept', priority: 'general' }, { action: 'assign', centreId: town }]) {
    const r = await fetch(`${server.url}/api/incidents/${id}/steps`, { method: 'POST', headers: h, body: JSON.stringify(step) });
    expect(r.status).toBe(200);
  }
  const page = await (await browser.newContext({ baseURL: server.url, viewport: { width: 1600, height: 1000 } })).newPage();
  await login(page, 'commander');
  await openStats(page);
  await page.getByTestId('stats-tab-assess').click();
  const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  await page.getByTestId('assess-period').fill(month);
  await expect(page.getByTestId('assess-state')).toHaveAttribute('data-published', 'no');
  const row = page.getByTestId(`assess-row-${town}`);
  await expect(row).toContainText('城关镇');
  await expect(row).toContainText('100.0%'); // 受理 within 20 minutes: 签收及时率 1 / 1
  await row.click();
  await expect(page.getByTestId('assess-items')).toContainText(code);
  await expect(page.getByTestId('assess-item')).toHaveCount(1);
});

for (const [width, height] of [[1920, 1080], [3840, 2160]] as const) {
  test(`the big screen at ${width}×${height} counts a new report live and lists it as high risk`, async ({ browser, server }) => {
    const ctx = await browser.newContext({ baseURL: server.url, viewport: { width, height } });
    const page = await ctx.newPage();
    await login(page, 'commander');
    await page.goto('/cockpit');
    await expect(page.getByTestId('cockpit')).toBeVisible();
    await expect(page.getByTestId('cockpit-today-incidents')).toHaveText('0');
    await expect(page.getByTestId('cockpit-month-incidents')).toHaveText('0');
    await expect(page.getByTestId('cockpit-map').locator('canvas')).toHaveCount(1);
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

    const code = await report(server.url, 'publicOrder', 'complex', '聚集苗头，需关注');
    await expect(page.getByTestId('cockpit-today-incidents')).toHaveText('1');
    await expect(page.getByTestId('cockpit-high-risk')).toHaveText('1');
    await expect(page.getByTestId('cockpit-risks')).toContainText(code);
    await expect(page.getByTestId('cockpit-month-incidents')).toHaveText('1');
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

    // Legible from across the room and nothing spills off the screen: figures scale with the display's height.
    const size = await page.getByTestId('cockpit-today-incidents').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(height * 0.055);
    const fits = await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth);
    expect(fits).toBe(true);
    const tiles = page.getByTestId('cockpit-board').locator('.ck-tile');
    await expect(tiles).toHaveCount(13);
  });
}
