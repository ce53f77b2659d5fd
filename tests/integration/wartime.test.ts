// Wartime command against a real server (real SQLite file, real socket.io clients on loopback).
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Centre, Presence, WartimeState } from '../../protocol/index.ts';
import { WARTIME_CONFIRM_OFF, WARTIME_CONFIRM_ON } from '../../protocol/index.ts';
import { shanghaiDay } from '../../app/domain/wartime.ts';
import { expectError, expectOk, login, openConsole, startTestServer, TestConsole } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const MIN = 60_000;

async function townships(url: string, token: string): Promise<Centre[]> {
  const res = await fetch(`${url}/api/centres`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as Centre[]).filter((c) => c.level === 'township');
}

function ledgerActions(server: Server, subject?: string): string[] {
  const rows = server.db.prepare('SELECT action, subject FROM ledger ORDER BY id').all() as { action: string; subject: string }[];
  return rows.filter((r) => subject === undefined || r.subject === subject).map((r) => r.action);
}

async function staffIds(c: TestConsole): Promise<{ commander: number; duty: number[] }> {
  const { users } = expectOk(await c.request('wartime:staff', {}));
  return { commander: users.find((u) => u.role === 'commander')?.id as number, duty: users.filter((u) => u.role === 'dutyOfficer').map((u) => u.id) };
}

describe('wartime command', () => {
  let server: Server;
  // 09:00 Shanghai today: the daily cycle below pushes the clock past the 17:00 report deadline itself, so a run late
  // in the day must not start past it (the chase would have fired, and rescheduled, before the test waits for it).
  let now = Date.parse(`${shanghaiDay(Date.now())}T01:00:00Z`);
  beforeAll(async () => {
    server = await startTestServer({ clock: () => now, timerTickMs: 20 });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('only a commander may switch; the confirmation must be typed; an offline township catches up on reconnect', async () => {
    const county = await openConsole(server.url, 'commander');
    const duty = await openConsole(server.url, 'duty1');
    const t01 = await openConsole(server.url, 't01');
    const t02 = await openConsole(server.url, 't02');
    const all = await townships(server.url, county.token);
    const [a, b, c] = all as [Centre, Centre, Centre];
    const staff = await staffIds(county);

    const input = {
      reason: '重大节日安保', scope: { kind: 'townships' as const, townshipIds: [a.id, b.id, c.id] }, plannedEndAt: null,
      command: { commander: staff.commander, executiveDeputy: staff.duty[0] ?? null, deputy: staff.duty[1] ?? null }, confirm: WARTIME_CONFIRM_ON,
    };
    // a duty officer and a township operator are refused; nothing is stored
    expect(expectError(await duty.request('wartime:start', input)).code).toBe('FORBIDDEN_ROLE');
    expect(expectError(await t01.request('wartime:start', input)).code).toBe('FORBIDDEN_ROLE');
    expect(expectError(await county.request('wartime:start', { ...input, confirm: '启动' })).code).toBe('WARTIME_CONFIRM_MISMATCH');
    expect(expectError(await county.request('wartime:start', { ...input, reason: '' })).code).toBe('VALIDATION_FAILED');
    expect(expectError(await county.request('wartime:start', { ...input, command: { commander: 999_999 } })).code).toBe('COMMAND_STAFF_INVALID');
    expect(ledgerActions(server)).not.toContain('wartime.start');

    // t02 goes offline before the switch
    t02.close();
    const lastSeqBefore = t02.lastSeq;

    const started = Date.now();
    const { state } = expectOk(await county.request('wartime:start', input));
    expect(state.mode).toBe('wartime');
    expect(state.period?.command.commander.id).toBe(staff.commander);
    expect(state.period?.townshipIds).toEqual([a.id, b.id, c.id].sort((x, y) => x - y));
    // every connected console changes within a second
    for (const con of [county, duty, t01]) await con.waitFor((ev) => ev.some((e) => e.event.kind === 'wartime.state'), 1000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(ledgerActions(server)).toContain('wartime.start');
    expect(expectError(await county.request('wartime:start', input)).code).toBe('WARTIME_ALREADY_ACTIVE');

    // an order to all in scope
    const { order } = expectOk(await county.request('order:issue', { title: '立即开展矛盾纠纷排查', body: '今日18时前反馈', priority: 'urgent', targets: { kind: 'all' } }));
    expect(order.recipients.map((r) => r.centreId).sort()).toEqual([a.id, b.id, c.id].sort());
    expect(order.code).toMatch(/^战令〔\d{8}〕1号$/);
    expect(order.ackDeadlineMs).toBe(5 * MIN);

    // t01 (township a) receives it, the county sees it delivered, then signed, then answered (反馈)
    await t01.waitFor((ev) => ev.some((e) => e.event.kind === 'order.new'));
    await county.waitFor((ev) => ev.some((e) => e.event.kind === 'order.status' && e.event.recipient.centreId === a.id && e.event.recipient.state === 'delivered'));
    expect(expectError(await t01.request('order:answer', { orderId: order.id, text: '完成' })).code).toBe('NOT_SIGNED');
    const signed = expectOk(await t01.request('order:sign', { orderId: order.id }));
    expect(signed.recipient.state).toBe('signed');
    expect(expectError(await t01.request('order:sign', { orderId: order.id })).code).toBe('ALREADY_SIGNED');
    expect(expectError(await duty.request('order:sign', { orderId: order.id })).code).toBe('FORBIDDEN_SCOPE');
    await county.waitFor((ev) => ev.some((e) => e.event.kind === 'order.status' && e.event.recipient.centreId === a.id && e.event.recipient.state === 'signed'));
    expectOk(await t01.request('order:answer', { orderId: order.id, text: '已排查23户，无异常' }));
    expect(expectError(await t01.request('order:answer', { orderId: order.id, text: '再报' })).code).toBe('ALREADY_ANSWERED');
    await county.waitFor((ev) => ev.some((e) => e.event.kind === 'order.status' && e.event.recipient.state === 'answered'));

    // t02 (township b) comes back: the replay brings the wartime state and its order, once each
    const back = new TestConsole(server.url, t02.token);
    back.lastSeq = lastSeqBefore;
    back.epoch = t02.epoch;
    const reply = await back.connect();
    expect(reply.snapshot).toBeNull();
    expect(back.events('wartime.state').at(-1)?.state.mode).toBe('wartime');
    const replayedOrders = back.events('order.new');
    expect(replayedOrders.map((e) => e.order.id)).toEqual([order.id]);
    expect(replayedOrders[0]?.order.recipients.map((r) => r.centreId)).toEqual([b.id]);
    // and the starting state gives the same, for a console that holds nothing (a page load)
    const start = await back.startingState();
    const snap = start.snapshot.wartime;
    expect(snap.state.mode).toBe('wartime');
    expect(snap.orders.map((o) => o.id)).toEqual([order.id]);
    expect(start.live.presence).toEqual([]);
    // a console that connects later starts in the right mode (fresh: snapshot, no replay)
    const fresh = await openConsole(server.url, 't03');
    expect(fresh.snapshot).not.toBeNull();
    expect(fresh.snapshot?.wartime.state.mode).toBe('wartime');
    await county.waitFor((ev) => ev.some((e) => e.event.kind === 'order.status' && e.event.recipient.centreId === b.id && e.event.recipient.state === 'delivered'));

    // a township outside the scope cannot be targeted
    const outside = all.find((t) => ![a.id, b.id, c.id].includes(t.id)) as Centre;
    expect(expectError(await county.request('order:issue', { title: 'x', targets: { kind: 'centres', centreIds: [outside.id] } })).code).toBe('TARGET_OUT_OF_SCOPE');

    for (const con of [county, duty, t01, back, fresh]) con.close();
  });

  it('the ladder: re-sent at 1×, flagged to the commander at 2×, 超时未签收 at 3×, each in the ledger', async () => {
    const county = await openConsole(server.url, 'commander');
    const t03 = await openConsole(server.url, 't03');
    const c = (await townships(server.url, county.token))[2] as Centre;
    const { order } = expectOk(await county.request('order:issue', { title: '检查重点部位', targets: { kind: 'centres', centreIds: [c.id] } }));
    await t03.waitFor((ev) => ev.some((e) => e.event.kind === 'order.new' && e.event.order.id === order.id));
    const ladderAt = (n: number) => county.waitFor((ev) => ev.some((e) => e.event.kind === 'order.status' && e.event.recipient.orderId === order.id && e.event.recipient.rung === n), 3000);

    now += 5 * MIN; // 1×
    await t03.waitFor((ev) => ev.some((e) => e.event.kind === 'order.resent' && e.event.order.id === order.id), 3000);
    await ladderAt(1);
    now += 5 * MIN; // 2×
    await ladderAt(2);
    now += 5 * MIN; // 3×
    await ladderAt(3);
    // the original deadline stays beside every rung
    const statuses = county.events('order.status').map((e) => e.recipient).filter((r) => r.orderId === order.id && r.rung > 0);
    expect(statuses.every((r) => r.dueAt === order.issuedAt + 5 * MIN)).toBe(true);
    const actions = ledgerActions(server, `order:${order.id}`);
    expect(actions.filter((x) => x === 'order.resend')).toHaveLength(1);
    expect(actions.filter((x) => x === 'order.flag')).toHaveLength(1);
    expect(actions.filter((x) => x === 'order.timeout')).toHaveLength(1);
    // nothing more after the top of the ladder; a late signature is still taken
    now += 30 * MIN;
    await new Promise((r) => setTimeout(r, 100));
    expect(ledgerActions(server, `order:${order.id}`).filter((x) => x === 'order.timeout')).toHaveLength(1);
    const late = expectOk(await t03.request('order:sign', { orderId: order.id }));
    expect(late.recipient).toMatchObject({ state: 'signed', rung: 3, dueAt: order.issuedAt + 5 * MIN });
    county.close();
    t03.close();
  });

  it('daily cycle: reports, chasing, analysis, risks, and the special report as a PDF with Chinese text', async () => {
    const county = await openConsole(server.url, 'commander');
    const t01 = await openConsole(server.url, 't01');
    const [a, b] = (await townships(server.url, county.token)) as [Centre, Centre];
    const today = shanghaiDay(now);

    expect(expectError(await t01.request('daily:submit', { date: '2000-01-01', summary: 'x', risksChecked: 1, disputesResolved: 0 })).code).toBe('DAILY_REPORT_BAD_DATE');
    expect(expectError(await county.request('daily:submit', { date: today, summary: 'x', risksChecked: 1, disputesResolved: 0 })).code).toBe('FORBIDDEN_ROLE');
    const { report } = expectOk(await t01.request('daily:submit', { date: today, summary: '辖区总体平稳', risksChecked: 12, disputesResolved: 3, needsCounty: '请协调交警' }));
    expect(report.centreId).toBe(a.id);
    await county.waitFor((ev) => ev.some((e) => e.event.kind === 'daily.report' && e.event.report.centreId === a.id));

    expectOk(await county.request('daily:analysis', { date: today, text: '总体平稳，重点关注青石镇土地纠纷。' }));
    expect(expectError(await t01.request('daily:analysis', { date: today, text: 'x' })).code).toBe('FORBIDDEN_SCOPE');

    const { risk } = expectOk(await t01.request('risk:add', { townshipId: a.id, description: '某村山林权属纠纷', level: 'large', owner: '王明', dueDate: today }));
    expect(expectError(await t01.request('risk:add', { townshipId: b.id, description: 'x', level: 'general', owner: 'y', dueDate: today })).code).toBe('FORBIDDEN_SCOPE');
    expectOk(await county.request('risk:update', { riskId: risk.id, note: '已约谈双方' }));
    const closed = expectOk(await t01.request('risk:close', { riskId: risk.id, result: '调解成功，签订协议' }));
    expect(closed.risk).toMatchObject({ status: 'closed', result: '调解成功，签订协议' });
    expect(closed.risk.updates).toHaveLength(1);
    expect(expectError(await t01.request('risk:update', { riskId: risk.id, note: 'x' })).code).toBe('RISK_CLOSED');

    // the chase: push the clock past today's 17:00 (Shanghai), the townships in scope without a report are chased
    const due = Date.parse(`${today}T09:00:00Z`);
    if (now < due) now = due + 1000;
    const missingChase = county.waitFor((ev) => ev.some((e) => e.event.kind === 'daily.chase'), 3000);
    await missingChase;
    const chase = county.events('daily.chase').at(-1);
    expect(chase?.centreIds).not.toContain(a.id);
    expect(chase?.centreIds.length).toBe(2);
    expect(ledgerActions(server)).toContain('daily.chase');

    // 专报: county only
    const pdfUrl = `${server.url}/api/wartime/special-report.pdf?date=${today}`;
    expect((await fetch(pdfUrl, { headers: { authorization: `Bearer ${t01.token}` } })).status).toBe(403);
    const res = await fetch(pdfUrl, { headers: { authorization: `Bearer ${county.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (process.env.ZZ_PDF_OUT) writeFileSync(process.env.ZZ_PDF_OUT, pdf); // to look at it: pdftoppm -png
    if (existsSync('/usr/bin/pdftotext')) {
      const file = join(server.dataDir, 'special.pdf');
      writeFileSync(file, pdf);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('专');
      expect(text).toContain('交办事项');
      expect(text).toContain('立即开展矛盾纠纷排查');
      expect(text).toContain('总体平稳，重点关注青石镇土地纠纷');
      expect(text).toContain('辖区总体平稳');
    }
    county.close();
    t01.close();
  });

  it('presence: the county sees a township come online and go offline, with the last-seen time', async () => {
    const county = await openConsole(server.url, 'duty2');
    const seen: Presence[] = [];
    county.socket.on('presence', (p) => seen.push(p));
    const t05 = await openConsole(server.url, 't05');
    const centre = (await townships(server.url, county.token))[4] as Centre;
    const until = async (pred: () => boolean) => {
      const end = Date.now() + 3000;
      while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(pred()).toBe(true);
    };
    await until(() => seen.some((p) => p.centreId === centre.id && p.online));
    const { live } = await county.startingState();
    expect(live.presence.find((p) => p.centreId === centre.id)?.online).toBe(true);
    t05.close();
    await until(() => seen.some((p) => p.centreId === centre.id && !p.online && p.lastSeen !== null));
    county.close();
  });

  it('back to peacetime: a summary with acknowledgement times per township, kept on record', async () => {
    const county = await openConsole(server.url, 'commander');
    const t01 = await openConsole(server.url, 't01');
    expect(expectError(await county.request('wartime:end', { reason: '节日结束', confirm: '结束' })).code).toBe('WARTIME_CONFIRM_MISMATCH');
    const { state } = expectOk(await county.request('wartime:end', { reason: '节日结束', confirm: WARTIME_CONFIRM_OFF }));
    expect(state.mode).toBe('peacetime');
    const summary = state.period?.summary;
    expect(summary).toBeTruthy();
    expect(summary?.orders).toBe(2);
    // order 1: a signed, b and c never did; order 2: c signed after 超时
    expect(summary?.recipients).toBe(4);
    expect(summary?.signed).toBe(2);
    // 超时未签收 as of the end (b and c on order 1); c's late signature on order 2 is 超时后签收
    expect(summary?.timedOut).toBe(2);
    expect(summary?.signedLate).toBe(1);
    const c = summary?.byTownship.find((t) => t.orders === 2);
    expect(c).toMatchObject({ signed: 1, timedOut: 1 });
    expect(c?.maxMs).toBeGreaterThanOrEqual(15 * MIN);
    expect(summary?.risks.closed).toBe(1);
    expect(summary?.dailyReports).toBe(1);
    await t01.waitFor((ev) => ev.some((e) => e.event.kind === 'wartime.state' && (e.event.state as WartimeState).mode === 'peacetime'));
    expect(ledgerActions(server)).toContain('wartime.end');
    expect(expectError(await county.request('wartime:end', { reason: '节日结束', confirm: WARTIME_CONFIRM_OFF })).code).toBe('WARTIME_NOT_ACTIVE');
    expect(server.ledger.verify().firstBroken).toBeNull();
    // peacetime orders go to every township, with the longer deadline
    const { order } = expectOk(await county.request('order:issue', { title: '平时指令', targets: { kind: 'all' } }));
    expect(order.recipients).toHaveLength(13);
    expect(order.ackDeadlineMs).toBe(30 * MIN);
    county.close();
    t01.close();
    void login;
  });
});
