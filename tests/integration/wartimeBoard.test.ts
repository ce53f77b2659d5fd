// The readiness board and the period summary against a real server: the night of issue 16 point 16 — a county-wide
// order nobody but one township signs, peacetime returning at 2× the deadline. The board (built from the county's
// real snapshot by the renderer's own pure code) and the summary must count the same 超时未签收; back in peacetime,
// townships without an open console are information, not alarms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Centre, Order } from '../../protocol/index.ts';
import { WARTIME_CONFIRM_OFF, WARTIME_CONFIRM_ON } from '../../protocol/index.ts';
import { boardCounts, buildBoard } from '../../renderer/wartime/board.ts';
import { EMPTY_WARTIME, applySnapshot, replacePresence, reportDueAt } from '../../renderer/wartime/model.ts';
import { expectOk, openConsole, startTestServer, type TestConsole } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const MIN = 60_000;

describe('readiness board and summary', () => {
  let server: Server;
  // 02:00 Shanghai: the night shift, no township console open but one
  let now = Date.parse('2026-03-01T18:00:00Z');
  beforeAll(async () => {
    server = await startTestServer({ clock: () => now, timerTickMs: 20 });
  });
  afterAll(async () => {
    await server.stop();
  });

  const boardOf = async (county: TestConsole, centres: Centre[]) => {
    const start = await county.startingState();
    const snap = start.snapshot.wartime;
    const cache = replacePresence(applySnapshot(EMPTY_WARTIME, snap), start.live.presence);
    return buildBoard({ cache, centres, now, reportDueAt: reportDueAt(snap.today, snap.state.dailyReportDue), today: snap.today });
  };

  it('counts 超时未签收 like the summary; back in peacetime no township is red', async () => {
    const county = await openConsole(server.url, 'commander');
    const t01 = await openConsole(server.url, 't01');
    const res = await fetch(`${server.url}/api/centres`, { headers: { authorization: `Bearer ${county.token}` } });
    const centres = (await res.json()) as Centre[];
    const townships = centres.filter((c) => c.level === 'township');
    expect(townships).toHaveLength(13);
    const { users } = expectOk(await county.request('wartime:staff', {}));
    const commander = users.find((u) => u.role === 'commander')?.id as number;
    expectOk(await county.request('wartime:start', {
      reason: '夜间演练', scope: { kind: 'county' }, plannedEndAt: null, command: { commander }, confirm: WARTIME_CONFIRM_ON,
    }));
    const { order } = expectOk(await county.request('order:issue', { title: '夜间巡查', priority: 'urgent', targets: { kind: 'all' } }));
    await t01.waitFor((ev) => ev.some((e) => e.event.kind === 'order.new' && e.event.order.id === order.id));
    expectOk(await t01.request('order:sign', { orderId: order.id }));

    // 12 minutes later (2× the 5-minute deadline, short of 3×): the twelve others are flagged to the commander
    now += 12 * MIN;
    await county.waitFor((ev) => ev.filter((e) => e.event.kind === 'order.status' && e.event.recipient.orderId === order.id && e.event.recipient.rung === 2).length >= 12, 5000);
    const war = await boardOf(county, centres);
    expect(war.filter((t) => t.reasons.includes('orderFlagged'))).toHaveLength(12);
    expect(boardCounts(war)).toMatchObject({ overdue: 12, red: 12, green: 1 });

    const { state } = expectOk(await county.request('wartime:end', { reason: '演练结束', confirm: WARTIME_CONFIRM_OFF }));
    const summary = state.period?.summary;
    expect(summary?.timedOut).toBe(boardCounts(war).overdue);
    expect(summary?.byTownship.reduce((n, r) => n + r.timedOut, 0)).toBe(12);

    // peacetime: nobody is red for having no console open at night, nor for the ended period's unsigned order
    const peace = await boardOf(county, centres);
    const c = boardCounts(peace);
    expect(c.red).toBe(0);
    expect(peace.find((t) => t.online)?.tone).toBe('green');
    expect(peace.filter((t) => !t.online).every((t) => t.tone === 'amber' && t.reasons.includes('neverOnline'))).toBe(true);
    // the same order, looked at in the order list, says the same number
    const snap = (await county.startingState()).snapshot.wartime;
    const o = snap.orders.find((x) => x.id === order.id) as Order;
    expect(o.recipients.filter((r) => r.signedAt === null)).toHaveLength(12);
    county.close();
    t01.close();
  });
});
