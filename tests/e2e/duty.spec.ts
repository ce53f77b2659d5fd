// The duty desk in Chromium against the real server: a shift handover carries the open items across (the outgoing
// officer's note is prefilled by the server with them, the incoming officer accepts it, both consoles show the record),
// and a signed alert reopens from 历史 — and from the header's search — with its delivery record.
import { io, type Socket } from 'socket.io-client';
import type { Browser, Page } from '@playwright/test';
import type { ClientToServerEvents, LoginResponse, ServerToClientEvents } from '../../protocol/index.ts';
import { DEMO_PASSWORD, expect, login, skipWithoutChromium, test } from './fixtures.ts';

skipWithoutChromium();

const SHOTS = process.env.ZZ_SCREENSHOT_DIR; // e.g. /tmp — screenshots outside the repo

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

async function apiLogin(url: string, username: string): Promise<LoginResponse> {
  const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  return (await res.json()) as LoginResponse;
}

/** A socket of another user, to make things happen the way another console would. */
async function actor(url: string, username: string): Promise<{ socket: Client; name: string; centreId: number }> {
  const { token, user } = await apiLogin(url, username);
  const socket: Client = io(url, { auth: { token }, transports: ['websocket'], forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, name: user.name, centreId: user.centreId };
}

async function emit<T>(socket: Client, event: string, payload: unknown): Promise<T> {
  const r = await new Promise<{ ok: true; data: T } | { ok: false; error: { code: string } }>((resolve) =>
    (socket.emit as (e: string, p: unknown, cb: (r: never) => void) => void)(event, payload, resolve),
  );
  if (!r.ok) throw new Error(`${event}: ${r.error.code}`);
  return r.data;
}

async function consolePage(browser: Browser, url: string, username: string): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: url });
  const page = await ctx.newPage();
  await login(page, username);
  return page;
}

test('a handover carries the open items across: prefilled note, accepted by the incoming officer, recorded on both consoles', async ({ browser, server }) => {
  const county = await actor(server.url, 'duty1');
  const t01 = await actor(server.url, 't01');
  // open at the county: an alert 城关镇 has not signed, and a major risk of 城关镇
  await emit(county.socket, 'alert:raise', { level: 'orange', title: '交接班测试预警', body: '', targets: { kind: 'centres', centreIds: [t01.centreId] } });
  await emit(t01.socket, 'risk:add', { townshipId: t01.centreId, description: '交接班测试重大风险', level: 'major', owner: '王明', dueDate: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10) });

  const incoming = await consolePage(browser, server.url, 'duty2');
  const outgoing = await consolePage(browser, server.url, 'duty1');
  // who is on duty now, from the demo roster
  await expect(outgoing.getByTestId('header-on-duty')).toBeVisible();
  await expect(outgoing.getByTestId('header-on-duty-officers')).not.toHaveText('');

  await outgoing.getByTestId('tab-duty').click();
  await outgoing.getByTestId('handover-start').click();
  const preview = outgoing.getByTestId('handover-preview');
  await expect(preview.getByTestId('handover-item').filter({ hasText: '交接班测试预警' })).toHaveAttribute('data-reason', 'unsigned');
  await expect(preview.getByTestId('handover-item').filter({ hasText: '交接班测试重大风险' })).toHaveAttribute('data-reason', 'highRisk');
  await outgoing.getByTestId('handover-remarks-input').fill('城关镇预警仍未签收，请继续催办');
  await outgoing.getByTestId('handover-confirm').click();
  const sent = outgoing.locator('[data-testid="handover-record"][data-waiting="true"]');
  await expect(sent).toBeVisible();

  // the incoming officer's console got it through the stream, with the same items and remarks; its header says so
  await expect(incoming.getByTestId('header-handover-waiting')).toBeVisible();
  await expect(outgoing.getByTestId('header-handover-waiting')).toHaveCount(0);
  await incoming.getByTestId('tab-duty').click();
  const waiting = incoming.locator('[data-testid="handover-record"][data-waiting="true"]');
  await expect(waiting.getByTestId('handover-item').filter({ hasText: '交接班测试预警' })).toBeVisible();
  await expect(waiting.getByTestId('handover-item').filter({ hasText: '交接班测试重大风险' })).toBeVisible();
  await expect(waiting.getByTestId('handover-remarks')).toHaveText('城关镇预警仍未签收，请继续催办');
  await expect(outgoing.getByTestId('handover-accept')).toHaveCount(0); // the outgoing officer cannot accept their own
  await incoming.getByTestId('handover-accept-remarks').fill('已接班');
  await incoming.getByTestId('handover-accept').click();

  // both consoles show the record as accepted, by the incoming officer
  const duty2Name = (await apiLogin(server.url, 'duty2')).user.name;
  for (const page of [incoming, outgoing]) {
    const done = page.locator('[data-testid="handover-record"][data-waiting="false"]');
    await expect(done.getByTestId('handover-to')).toHaveText(duty2Name);
    await expect(done.getByTestId('handover-item').filter({ hasText: '交接班测试预警' })).toBeVisible();
  }
  await expect(outgoing.getByTestId('handover-start')).toBeVisible();
  await expect(incoming.getByTestId('header-handover-waiting')).toHaveCount(0);
  if (SHOTS) await incoming.screenshot({ path: `${SHOTS}/duty-handover.png` });

  county.socket.disconnect();
  t01.socket.disconnect();
});

test('a signed alert reopens from 历史 and from the search box with its delivery record', async ({ browser, server }) => {
  const county = await actor(server.url, 'duty1');
  const t01 = await actor(server.url, 't01');
  const { alert } = await emit<{ alert: { id: number } }>(county.socket, 'alert:raise', { level: 'blue', title: '历史回看测试预警', body: '请各地注意', targets: { kind: 'centres', centreIds: [t01.centreId] } });
  await emit(t01.socket, 'alert:sign', { alertId: alert.id });

  const town = await consolePage(browser, server.url, 't01');
  await town.getByTestId('tab-history').click();
  await town.getByTestId('hist-q').fill('历史回看');
  await town.getByTestId('hist-apply').click();
  await town.locator(`[data-testid="hist-row"][data-id="${alert.id}"]`).click();
  const detail = town.getByTestId('history-detail');
  await expect(detail.getByTestId('history-recipient')).toHaveAttribute('data-state', 'signed');
  await expect(detail.getByTestId('history-signer')).toHaveText(t01.name);
  await detail.getByTestId('history-close').click();
  await expect(detail).toHaveCount(0);

  // the header's search finds it too and opens the same record; another township's search does not
  await town.getByTestId('tab-queue').click();
  await town.getByTestId('header-search').fill('历史回看测试');
  await town.locator(`[data-testid="search-hit"][data-kind="alert"][data-id="${alert.id}"]`).click();
  await expect(town.getByTestId('history-detail').getByTestId('history-signer')).toHaveText(t01.name);
  if (SHOTS) await town.screenshot({ path: `${SHOTS}/duty-history.png` });

  const other = await consolePage(browser, server.url, 't02');
  await other.getByTestId('header-search').fill('历史回看测试');
  await expect(other.getByTestId('search-results')).toContainText('未找到');
  if (SHOTS) {
    await other.getByTestId('tab-directory').click();
    await expect(other.getByTestId('dir-row').first()).toBeVisible();
    await other.screenshot({ path: `${SHOTS}/duty-directory.png` });
  }

  county.socket.disconnect();
  t01.socket.disconnect();
});

test('the duty lead edits the roster and every console of the unit shows who is on duty now; the log and the printed record', async ({ browser, server }) => {
  const officer = await consolePage(browser, server.url, 'duty1');
  const lead = await consolePage(browser, server.url, 'commander');
  // a duty officer sees the roster but cannot edit it
  await officer.getByTestId('tab-duty').click();
  await expect(officer.getByTestId('roster-row').first()).toBeVisible();
  await expect(officer.getByTestId('roster-edit')).toHaveCount(0);

  await lead.getByTestId('tab-duty').click();
  await lead.getByTestId('roster-edit').click();
  await lead.getByTestId('roster-add').click(); // a new officer row on the shift running now
  await lead.getByTestId('roster-name').last().fill('新增值班员');
  await lead.getByTestId('roster-phone').fill('0871-7654321');
  await lead.getByTestId('roster-save').click();
  await expect(lead.getByTestId('roster-saved')).toBeVisible();
  await expect(officer.getByTestId('header-on-duty-officers')).toContainText('新增值班员');
  await expect(officer.getByTestId('duty-phone')).toHaveText('0871-7654321');

  await officer.getByTestId('log-text').fill('群众来电反映路灯损坏');
  await officer.getByTestId('log-add').click();
  await expect(lead.getByTestId('log-row').filter({ hasText: '群众来电反映路灯损坏' })).toBeVisible();

  const download = officer.waitForEvent('download');
  await officer.getByTestId('duty-print').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^值班记录-\d{4}-\d{2}-\d{2}\.pdf$/);

  // the county looks at a township's roster (its own operator keeps it; the commander may not edit it)
  await lead.getByTestId('roster-unit').selectOption({ label: '城关镇' });
  await expect(lead.getByTestId('roster-row').first()).toBeVisible();
  await expect(lead.getByTestId('duty-phone')).not.toHaveText('—');
  await expect(lead.getByTestId('roster-edit')).toHaveCount(0);
});
