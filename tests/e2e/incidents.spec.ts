// A grid member reports from a phone → the county sees it live → routes it to the township → the township signs,
// handles and closes it → the county follows up → the public case page shows the steps and no personal data.
import { expect, login, skipWithoutChromium, test } from './fixtures.ts';

skipWithoutChromium();

// Inside 城关镇's first grid of the demo county (app/domain/demoCounty.ts, seed 2026).
const LON = '101.906';
const LAT = '24.805';
// A 1×1 PNG.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

test('incident from a phone report to 回访, with the public page showing progress only', async ({ browser, server }) => {
  const phoneCtx = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const countyCtx = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 900 } });
  const townCtx = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 900 } });
  const phone = await phoneCtx.newPage();
  const county = await countyCtx.newPage();
  const town = await townCtx.newPage();

  await login(county, 'duty1');
  await county.goto('/#incidents');
  await expect(county.getByTestId('incidents-view')).toBeVisible();
  await login(town, 't01');
  await town.goto('/#incidents');
  await expect(town.getByTestId('incidents-view')).toBeVisible();

  // --- the grid member reports from the phone page
  await login(phone, 'g00100101');
  await expect(phone.getByTestId('report-page')).toBeVisible();
  const description = `村民王某反映邻居占用通道 ${Date.now()}`;
  await phone.getByTestId('report-category').selectOption('dispute');
  await phone.getByTestId('report-description').fill(description);
  await phone.getByTestId('report-lon').fill(LON);
  await phone.getByTestId('report-lat').fill(LAT);
  await phone.getByTestId('report-submit').click();
  const item = phone.getByTestId('outbox-item').first();
  await expect(item).toHaveAttribute('data-status', 'sent');
  const code = (await item.getByTestId('outbox-code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^ZZ\d{8}-/);

  // --- it appears at the county without a reload
  const row = county.getByTestId('incident-row').filter({ hasText: code });
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-state', 'reported');
  await row.click();
  const drawer = county.getByTestId('incident-drawer');
  await expect(drawer).toContainText(description);

  // --- the county accepts and routes it to 城关镇
  await drawer.getByTestId('step-accept').click();
  await drawer.getByTestId('step-submit').click();
  await expect(row).toHaveAttribute('data-state', 'accepted');
  await drawer.getByTestId('step-assign').click();
  await drawer.getByTestId('assign-centre').selectOption({ label: '城关镇' });
  await drawer.getByTestId('step-submit').click();
  await expect(row).toHaveAttribute('data-state', 'assigned');

  // --- the township sees it waiting for 签收, signs, reports progress and closes it
  const townRow = town.getByTestId('incident-row').filter({ hasText: code });
  await expect(townRow).toHaveAttribute('data-state', 'assigned');
  await expect(town.getByTestId('count-awaiting-sign')).toContainText('1');
  await townRow.click();
  const townDrawer = town.getByTestId('incident-drawer');
  await townDrawer.getByTestId('step-sign').click();
  await expect(townRow).toHaveAttribute('data-state', 'handling');
  await townDrawer.getByTestId('step-progress').click();
  await townDrawer.getByTestId('step-text').fill('已到现场，双方同意调解');
  await townDrawer.getByTestId('progress-photos').setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: PNG });
  await townDrawer.getByTestId('step-submit').click();
  await expect(townDrawer.getByTestId('incident-timeline')).toContainText('已到现场');
  // The progress, with its photo, reaches the county's open drawer live.
  await expect(drawer.getByTestId('incident-timeline')).toContainText('已到现场');
  await expect(drawer.getByTestId('timeline-photo')).toHaveCount(1);
  await townDrawer.getByTestId('step-resolve').click();
  await townDrawer.getByTestId('step-text').fill('通道已清理，双方签订协议');
  await townDrawer.getByTestId('step-submit').click();
  await expect(townRow).toHaveCount(0); // resolved cases leave the open list
  await expect(row).toHaveCount(0);

  // --- the county does 回访
  await county.getByTestId('filter-state').selectOption('resolved');
  await county.getByTestId('incident-row').filter({ hasText: code }).click();
  await drawer.getByTestId('step-followUp').click();
  await drawer.getByTestId('step-text').fill('群众表示满意');
  await drawer.getByTestId('followup-satisfied').click();
  await expect(drawer.getByTestId('incident-timeline')).toContainText('回访');

  // --- the public page (一案一码): steps and times, nothing personal
  const pub = await phoneCtx.newPage();
  await pub.goto(`/case/${code}`);
  await expect(pub.locator('body')).toContainText('已办结');
  await expect(pub.locator('body')).toContainText('已回访');
  const text = (await pub.locator('body').textContent()) ?? '';
  for (const secret of [description, '王某', '城关镇', '通道已清理', '群众表示满意', LON, LAT]) expect(text).not.toContain(secret);
  const reporterName = await phone.locator('.report-head .muted').textContent();
  expect(text).not.toContain(reporterName ?? '∅');

  await Promise.all([phoneCtx.close(), countyCtx.close(), townCtx.close()]);
});

test('a report made without signal stays on the phone and is sent once the signal returns, stored once', async ({ browser, server }) => {
  const ctx = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 }, isMobile: true });
  let phone = await ctx.newPage();
  await login(phone, 'g00100101');
  const report = async (description: string) => {
    await phone.getByTestId('report-description').fill(description);
    await phone.getByTestId('report-lon').fill(LON);
    await phone.getByTestId('report-lat').fill(LAT);
    await phone.getByTestId('report-submit').click();
    await expect(phone.getByTestId('outbox-item').filter({ hasText: description })).toHaveAttribute('data-status', 'waiting');
  };

  // 1. No signal: kept and shown as waiting; sent as soon as the signal returns.
  await ctx.setOffline(true);
  const first = `无信号时上报 ${Date.now()}`;
  await report(first);
  await ctx.setOffline(false);
  await expect(phone.getByTestId('outbox-item').filter({ hasText: first })).toHaveAttribute('data-status', 'sent', { timeout: 20_000 });

  // 2. No signal and the page is closed: the report is in IndexedDB and goes out when the page is opened again.
  await ctx.setOffline(true);
  const second = `关闭页面后补发 ${Date.now()}`;
  await report(second);
  await phone.close();
  await ctx.setOffline(false);
  phone = await ctx.newPage();
  await phone.goto('/');
  await expect(phone.getByTestId('outbox-item').filter({ hasText: second })).toHaveAttribute('data-status', 'sent', { timeout: 20_000 });

  const token = await phone.evaluate(() => (JSON.parse(localStorage.getItem('zz.session') ?? '{}') as { token?: string }).token ?? '');
  const res = await fetch(`${server.url}/api/incidents?limit=100`, { headers: { authorization: `Bearer ${token}` } });
  const { incidents } = (await res.json()) as { incidents: { description: string }[] };
  expect(incidents.filter((i) => i.description === first)).toHaveLength(1);
  expect(incidents.filter((i) => i.description === second)).toHaveLength(1);
  await ctx.close();
});

test('the grid member can place the incident by tapping the map of their own area', async ({ browser, server }) => {
  const ctx = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await ctx.newPage();
  const outside: string[] = [];
  phone.on('request', (r) => {
    if (!r.url().startsWith(server.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) outside.push(r.url());
  });
  await login(phone, 'g00100101');
  await phone.getByTestId('report-map-toggle').click();
  const map = phone.getByTestId('report-map');
  await expect(map.locator('canvas')).toBeVisible();
  await phone.waitForTimeout(1500); // style and boundaries loaded
  const box = (await map.boundingBox())!;
  await phone.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(phone.getByTestId('report-lon')).not.toHaveValue('');
  const lon = Number(await phone.getByTestId('report-lon').inputValue());
  const lat = Number(await phone.getByTestId('report-lat').inputValue());
  // The map opens on the member's own village (明金社区, south-west corner of the county).
  expect(lon).toBeGreaterThan(101.89);
  expect(lon).toBeLessThan(101.97);
  expect(lat).toBeGreaterThan(24.79);
  expect(lat).toBeLessThan(24.86);
  expect(outside).toEqual([]);
  await ctx.close();
});
