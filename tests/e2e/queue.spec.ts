// 待办 and alarms in Chromium against the real server: for each kind (alert, order, incident) an item arriving raises
// the header count on the right console and handling it lowers it; a red alert's takeover shows within 1 s of the
// server's reply; two consoles of one township: one acknowledges, the other's takeover goes.
import { io, type Socket } from 'socket.io-client';
import type { Browser, Page } from '@playwright/test';
import type { ClientToServerEvents, Incident, LoginResponse, ServerToClientEvents } from '../../protocol/index.ts';
import { generateDemoCounty } from '../../app/domain/demoCounty.ts';
import { DEMO_PASSWORD, expect, login, skipWithoutChromium, test } from './fixtures.ts';

skipWithoutChromium();

const SHOTS = process.env.ZZ_SCREENSHOT_DIR; // e.g. /tmp — screenshots outside the repo

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

async function apiLogin(url: string, username: string): Promise<LoginResponse> {
  const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  return (await res.json()) as LoginResponse;
}

/** A socket of another user, to make things happen the way another console would. */
async function actor(url: string, username: string): Promise<{ socket: Client; token: string; centreId: number }> {
  const { token, user } = await apiLogin(url, username);
  const socket: Client = io(url, { auth: { token }, transports: ['websocket'], forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, token, centreId: user.centreId };
}

function emit<T>(socket: Client, event: string, payload: unknown): Promise<{ ok: true; data: T } | { ok: false; error: { code: string } }> {
  return new Promise((resolve) => (socket.emit as (e: string, p: unknown, cb: (r: never) => void) => void)(event, payload, resolve));
}

async function post<T>(url: string, token: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function console_(browser: Browser, url: string, username: string): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: url });
  const page = await ctx.newPage();
  await login(page, username);
  return page;
}

/** Records, in the page, the wall-clock time the takeover first shows (a MutationObserver, not a polling test). */
async function watchTakeover(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __takeoverAt: number | null };
    w.__takeoverAt = null;
    const seen = () => {
      if (w.__takeoverAt === null && document.querySelector('[data-testid="takeover"]')) w.__takeoverAt = Date.now();
    };
    new MutationObserver(seen).observe(document.body, { childList: true, subtree: true });
    seen();
  });
}
const takeoverAt = (page: Page) => page.evaluate(() => (window as unknown as { __takeoverAt: number | null }).__takeoverAt);

const ring = generateDemoCounty().townships[0]!.villages[0]!.grids[0]!.ring.slice(0, -1);
const IN_T01 = { lon: ring.reduce((s, p) => s + p[0], 0) / ring.length, lat: ring.reduce((s, p) => s + p[1], 0) / ring.length, crs: 'wgs84' };

test('an alert: the township count goes up, the takeover shows within 1 s of the commit, signing it clears both', async ({ browser, server }) => {
  const county = await actor(server.url, 'duty1');
  const t01Id = (await apiLogin(server.url, 't01')).user.centreId;
  const town = await console_(browser, server.url, 't01');
  const other = await console_(browser, server.url, 't02');
  await expect(town.getByTestId('queue-count')).toHaveText('0');
  // The night mute silences the tone only: the takeover still comes.
  await town.getByTestId('mute-toggle').click();
  await expect(town.getByTestId('mute-toggle')).toHaveAttribute('aria-pressed', 'true');
  await watchTakeover(town);

  const reply = await emit<{ alert: { id: number } }>(county.socket, 'alert:raise', { level: 'red', title: '红色预警：山洪', body: '立即转移沿河群众', targets: { kind: 'centres', centreIds: [t01Id] } });
  const committedAt = Date.now();
  expect(reply.ok).toBe(true);
  const alertId = reply.ok ? reply.data.alert.id : 0;

  const takeover = town.getByTestId('takeover');
  await expect(takeover).toBeVisible();
  await expect(takeover).toContainText('红色预警');
  await expect(takeover).toContainText('山洪');
  const shownAt = await takeoverAt(town);
  expect(shownAt).not.toBeNull();
  const delay = (shownAt as number) - committedAt;
  console.log(`[queue.e2e] takeover shown ${delay} ms after the raise reply`);
  expect(delay).toBeLessThan(1000);
  await expect(town.getByTestId('queue-count')).toHaveText('1');
  await expect(town).toHaveTitle(/1 项待办/);
  if (SHOTS) await town.screenshot({ path: `${SHOTS}/zz-takeover.png` });
  // another township is not concerned
  await expect(other.getByTestId('queue-count')).toHaveText('0');
  await expect(other.getByTestId('takeover')).toHaveCount(0);

  // 签收 from the takeover: it goes, the count drops, the alert shows signed in its tab.
  await town.getByTestId('takeover-sign').click();
  await expect(takeover).toHaveCount(0);
  await expect(town.getByTestId('queue-count')).toHaveText('0');
  await expect(town.locator(`[data-testid="alert-item"][data-alert-id="${alertId}"] [data-testid="recipient-status"]`)).toHaveAttribute('data-state', 'signed');
  county.socket.disconnect();
});

test('a 特急 order on two consoles of one township: one acknowledges the takeover, the other stops; sign and 反馈 empty the queue', async ({ browser, server }) => {
  const commander = await actor(server.url, 'commander');
  const t01 = await actor(server.url, 't01');
  const a = await console_(browser, server.url, 't01');
  const b = await console_(browser, server.url, 't01');

  const reply = await emit<{ order: { id: number } }>(commander.socket, 'order:issue', { title: '特急：连夜排查堤防', body: '逐段巡查并反馈', priority: 'urgent', targets: { kind: 'centres', centreIds: [t01.centreId] } });
  expect(reply.ok).toBe(true);
  const orderId = reply.ok ? reply.data.order.id : 0;

  for (const p of [a, b]) {
    await expect(p.getByTestId('takeover')).toBeVisible();
    await expect(p.getByTestId('takeover')).toContainText('特急指令');
    await expect(p.getByTestId('queue-count')).toHaveText('1');
  }

  // 知道了 on one console ends the takeover on both; the order still waits for 签收.
  await b.getByTestId('takeover-ack').click();
  await expect(b.getByTestId('takeover')).toHaveCount(0);
  await expect(a.getByTestId('takeover')).toHaveCount(0);
  await expect(a.getByTestId('queue-count')).toHaveText('1');
  // and it stays acknowledged after a reload
  await a.reload();
  await expect(a.getByTestId('conn-state')).toHaveAttribute('data-state', 'connected');
  await expect(a.getByTestId('queue-count')).toHaveText('1');
  await expect(a.getByTestId('takeover')).toHaveCount(0);

  // The 待办 row opens the order; signing moves it to 待反馈, the report empties the queue.
  await a.getByTestId('tab-queue').click();
  const row = a.locator(`[data-testid="queue-row"][data-kind="order"][data-item-id="${orderId}"]`);
  await expect(row).toHaveAttribute('data-step', 'sign');
  expect((await emit(t01.socket, 'order:sign', { orderId })).ok).toBe(true);
  await expect(row).toHaveAttribute('data-step', 'feedback');
  await expect(a.getByTestId('queue-count')).toHaveText('1');
  await row.click();
  await expect(a).toHaveURL(/#orders$/);
  expect((await emit(t01.socket, 'order:answer', { orderId, text: '已排查完毕' })).ok).toBe(true);
  for (const p of [a, b]) await expect(p.getByTestId('queue-count')).toHaveText('0');
  commander.socket.disconnect();
  t01.socket.disconnect();
});

test('an incident: a report counts at the county and lands it on 待办; assigned, it counts at the township until resolved; 回访 at the county', async ({ browser, server }) => {
  const duty = await apiLogin(server.url, 'duty1');
  const t01 = await apiLogin(server.url, 't01');
  const grid = await apiLogin(server.url, 'g00100101');
  const county = await console_(browser, server.url, 'duty1');
  const town = await console_(browser, server.url, 't01');
  await expect(county.getByTestId('queue-count')).toHaveText('0');

  const { incident } = await post<{ incident: Incident }>(server.url, grid.token, '/api/incidents', {
    idempotencyKey: `e2e-queue-${Date.now()}`, category: 'dispute', description: '村民因通道占用发生争执', location: IN_T01,
  });
  await expect(county.getByTestId('queue-count')).toHaveText('1');
  await expect(town.getByTestId('queue-count')).toHaveText('0');

  // A county console opened now lands on 待办, the report first, and the row opens its drawer.
  const fresh = await console_(browser, server.url, 'duty2');
  await expect(fresh.getByTestId('queue-view')).toBeVisible();
  const row = fresh.locator(`[data-testid="queue-row"][data-kind="incident"][data-item-id="${incident.id}"]`);
  await expect(row).toHaveAttribute('data-step', 'accept');
  if (SHOTS) await fresh.screenshot({ path: `${SHOTS}/zz-queue.png` });
  await row.click();
  await expect(fresh).toHaveURL(/#incidents$/);
  await expect(fresh.getByTestId('incident-drawer')).toBeVisible();

  const step = (token: string, body: unknown) => post(server.url, token, `/api/incidents/${incident.id}/steps`, body);
  await step(duty.token, { action: 'accept' });
  await expect(county.getByTestId('queue-count')).toHaveText('1'); // accepted: now to handle (分流) at the county
  await step(duty.token, { action: 'assign', centreId: t01.user.centreId });
  await expect(county.getByTestId('queue-count')).toHaveText('0');
  await expect(town.getByTestId('queue-count')).toHaveText('1');
  await step(t01.token, { action: 'sign' });
  await expect(town.getByTestId('queue-count')).toHaveText('1'); // signed: now to handle
  await step(t01.token, { action: 'resolve', result: '已调解' });
  await expect(town.getByTestId('queue-count')).toHaveText('0');
  await expect(county.getByTestId('queue-count')).toHaveText('1'); // 回访
  await step(duty.token, { action: 'followUp', satisfied: true, satisfaction: 5, note: '' });
  await expect(county.getByTestId('queue-count')).toHaveText('0');
});
