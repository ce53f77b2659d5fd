// A grid member reports from a phone → the county sees it live → routes it to the township → the township signs,
// handles and closes it → the county follows up → the public case page shows the steps and no personal data.
import { DEMO_PASSWORD, expect, login, skipWithoutChromium, test } from './fixtures.ts';

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

// In 青石镇 桂永村, not the grid member's own village (明金社区).
const OTHER_LON = '102.157717';
const OTHER_LAT = '24.804561';

test('the phone clears the photo after a submit, says 已上报, and asks before reporting in another village', async ({ browser, server }) => {
  const ctx = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await ctx.newPage();
  await login(phone, 'g00100101');
  const photos = phone.getByTestId('report-photos');
  const fill = async (description: string, lon = LON, lat = LAT) => {
    await phone.getByTestId('report-description').fill(description);
    await phone.getByTestId('report-lon').fill(lon);
    await phone.getByTestId('report-lat').fill(lat);
  };
  const item = (description: string) => phone.getByTestId('outbox-item').filter({ hasText: description });

  const first = `第一次带照片 ${Date.now()}`;
  await fill(first);
  await photos.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG });
  await expect(phone.getByTestId('report-page')).toContainText('photo.png');
  await phone.getByTestId('report-submit').click();
  await expect(item(first)).toHaveAttribute('data-status', 'sent');
  // Stored, not yet accepted by anyone: the phone says so.
  await expect(item(first).locator('.chip')).toHaveText('已上报');
  // The field is empty again: no stale file name that would suggest the next report carries it.
  await expect(photos).toHaveValue('');
  await expect(phone.locator('.report-form')).not.toContainText('photo.png');

  // The same photo chosen again goes with the next report.
  const second = `第二次同一张照片 ${Date.now()}`;
  await fill(second);
  await photos.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG });
  await phone.getByTestId('report-submit').click();
  await expect(item(second)).toHaveAttribute('data-status', 'sent');

  // A point in another village: held until the member confirms the place, then sent.
  const third = `邻村的事件 ${Date.now()}`;
  await fill(third, OTHER_LON, OTHER_LAT);
  await phone.getByTestId('report-submit').click();
  await expect(item(third)).toHaveAttribute('data-status', 'confirmPlace');
  await expect(item(third).getByTestId('outbox-other-village')).toContainText('青石镇桂永村');
  await expect(item(third).getByTestId('outbox-other-village')).toContainText('明金社区');
  await item(third).getByTestId('outbox-confirm-place').click();
  await expect(item(third)).toHaveAttribute('data-status', 'sent');

  const token = await phone.evaluate(() => (JSON.parse(localStorage.getItem('zz.session') ?? '{}') as { token?: string }).token ?? '');
  const res = await fetch(`${server.url}/api/incidents?limit=100`, { headers: { authorization: `Bearer ${token}` } });
  const { incidents } = (await res.json()) as { incidents: { description: string; photos: string[] }[] };
  expect(incidents.find((i) => i.description === first)?.photos).toHaveLength(1);
  expect(incidents.find((i) => i.description === second)?.photos).toHaveLength(1);
  // Stored in the other village, so only the county (not this member's village list) sees it.
  const duty = (await (await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'duty1', password: DEMO_PASSWORD }) })).json()) as { token: string };
  const all = (await (await fetch(`${server.url}/api/incidents?limit=100`, { headers: { authorization: `Bearer ${duty.token}` } })).json()) as { incidents: { description: string }[] };
  expect(all.incidents.filter((i) => i.description === third)).toHaveLength(1);
  await ctx.close();
});

test('the console names each actor’s own unit, shows case codes, merges by code, and prints 受理时间 only once accepted', async ({ page, server }) => {
  const apiAs = async (username: string) => {
    const r = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
    const { token } = (await r.json()) as { token: string };
    return async <T>(path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${server.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return (await res.json()) as T;
    };
  };
  type Inc = { incident: { id: number; code: string } };
  const grid = await apiAs('g00100101');
  const duty = await apiAs('duty1');
  const t01 = await apiAs('t01');
  const report = (description: string, dLon = 0) =>
    grid<Inc>('/api/incidents', { idempotencyKey: crypto.randomUUID(), category: 'dispute', description, location: { lon: Number(LON) + dLon, lat: Number(LAT) } }).then((r) => r.incident);
  const first = await report('先报的纠纷');
  const near = await report('相近位置的同类纠纷', 0.0003);

  // A case the county routed to 城关镇, which closed it; the county then did 回访 and 归档.
  const routed = await report('已分流并归档的纠纷', 0.002);
  const me = await t01<{ centreId: number }>('/api/me');
  const step = (who: typeof duty, body: unknown) => who(`/api/incidents/${routed.id}/steps`, body);
  await step(duty, { action: 'accept' });
  await step(duty, { action: 'assign', centreId: me.centreId });
  await step(t01, { action: 'sign' });
  await step(t01, { action: 'resolve', result: '已调解' });
  await step(duty, { action: 'followUp', satisfied: true, satisfaction: 5, note: '' });
  await step(duty, { action: 'archive' });

  await login(page, 'duty1');
  await page.goto('/#incidents');
  const drawer = page.getByTestId('incident-drawer');
  await page.getByTestId('filter-state').selectOption('all');
  await page.getByTestId('incident-row').filter({ hasText: routed.code }).click();
  const who = (kind: string) => drawer.locator(`[data-kind="${kind}"]`).getByTestId('timeline-who');
  await expect(who('followUp')).toContainText('青岚县');
  await expect(who('followUp')).not.toContainText('城关镇');
  await expect(who('archive')).toContainText('青岚县');
  await expect(who('assign')).toContainText('→ 城关镇');
  await expect(who('sign')).toContainText('城关镇');

  // 疑似重复 names the other case by its code; the receipt says it is not yet accepted.
  await page.getByTestId('incident-row').filter({ hasText: near.code }).click();
  await expect(drawer.getByTestId('incident-similar')).toContainText(first.code);
  await expect(drawer.getByTestId('incident-similar')).not.toContainText('#');
  await drawer.getByTestId('print-receipt').click();
  await expect(page.getByTestId('receipt-accepted')).toHaveText('尚未受理');
  await expect(page.getByTestId('receipt-state')).toHaveText('已上报');
  await page.getByTestId('receipt').getByRole('button', { name: '✕' }).click();
  await drawer.getByTestId('step-accept').click();
  await drawer.getByTestId('step-submit').click();
  await expect(drawer.locator('.incident-state')).toHaveText('已受理');
  await drawer.getByTestId('print-receipt').click();
  await expect(page.getByTestId('receipt-accepted')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  await expect(page.getByTestId('receipt-state')).toHaveText('已受理');
  await page.getByTestId('receipt').getByRole('button', { name: '✕' }).click();

  // 合并 asks for a case code: an archived target gets its own message, not a 分流 one; the suggested one works.
  await drawer.getByTestId('step-merge').click();
  await expect(drawer.getByTestId('merge-code')).toHaveValue(first.code);
  await drawer.getByTestId('merge-code').fill(routed.code);
  await drawer.getByTestId('step-submit').click();
  await expect(drawer.getByTestId('step-error')).toContainText('未办结');
  await expect(drawer.getByTestId('step-error')).not.toContainText('分流');
  await drawer.getByTestId('merge-code').fill(first.code.toLowerCase());
  await drawer.getByTestId('step-submit').click();
  await expect(drawer.getByTestId('incident-merged')).toContainText(first.code);
  await expect(drawer.locator('[data-kind="merge"]')).toContainText(first.code);
});
