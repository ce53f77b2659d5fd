import { describe, expect, it } from 'vitest';
import type { Centre, Order, OrderRecipient, WartimeSnapshot, WartimeState } from '../../protocol/index.ts';
import { buildBoard, sortBoard, boardCounts } from './board.ts';
import { EMPTY_WARTIME, applyEvent, elapsedParts, applyPresence, applySnapshot, consoleInScope, mergeOrderRecipient, orderProgress, reportDueAt } from './model.ts';

const T0 = Date.parse('2026-03-01T02:00:00Z'); // 10:00 Shanghai
const person = { id: 1, name: '韩飞强' };

const state = (rev: number, mode: 'wartime' | 'peacetime', townshipIds = [11, 12, 13]): WartimeState => ({
  rev, mode, orderAckMs: 300_000, dailyReportDue: '17:00',
  period: {
    id: 1, startedAt: T0, startedBy: person, reason: '安保', scope: { kind: 'townships', townshipIds }, townshipIds, plannedEndAt: null,
    command: { commander: person, executiveDeputy: null, deputy: null }, endedAt: null, endedBy: null, endReason: null, summary: null,
  },
});

const rcp = (centreId: number, over: Partial<OrderRecipient> = {}): OrderRecipient => ({
  orderId: 1, centreId, centreName: `T${centreId}`, parentId: null, state: 'pending', deliveredAt: null, signedAt: null, signedBy: null,
  dueAt: T0 + 300_000, nextAt: T0 + 300_000, rung: 0, remindedAt: null, overdue: false, wantsAnswer: true, answeredAt: null, answeredBy: null,
  answer: null, ...over,
});

const order = (id: number, recipients: OrderRecipient[], issuedAt = T0): Order => ({
  id, code: `战令〔20260301〕${id}号`, periodId: 1, title: `指令${id}`, body: '', priority: 'urgent', completeBy: null, issuedAt,
  issuedBy: person, ackDeadlineMs: 300_000, recipients: recipients.map((r) => ({ ...r, orderId: id })),
});

const snapshot = (over: Partial<WartimeSnapshot> = {}): WartimeSnapshot => ({
  state: state(1, 'wartime'), orders: [], today: '2026-03-01', reports: [], analysis: null, risks: [], ...over,
});

const centres: Centre[] = [
  { id: 1, parentId: null, level: 'county', code: '530000', name: '县' },
  { id: 11, parentId: 1, level: 'township', code: '530001', name: '城关镇' },
  { id: 12, parentId: 1, level: 'township', code: '530002', name: '青石镇' },
  { id: 13, parentId: 1, level: 'township', code: '530003', name: '河口乡' },
  { id: 14, parentId: 1, level: 'township', code: '530004', name: '松林乡' },
];

describe('wartime cache merges', () => {
  it('a recipient only moves forward; the ladder never goes down', () => {
    const signed = rcp(11, { state: 'signed', signedAt: T0 + 10, nextAt: null, rung: 1 });
    expect(mergeOrderRecipient(signed, rcp(11, { state: 'delivered', deliveredAt: T0 + 5, rung: 0 }))).toMatchObject({ state: 'signed', rung: 1, nextAt: null });
    expect(mergeOrderRecipient(rcp(11), rcp(11, { state: 'delivered', deliveredAt: T0 + 5 }))).toMatchObject({ state: 'delivered', deliveredAt: T0 + 5 });
  });

  it('state events with an older rev are ignored; a mode change is cued', () => {
    let c = applySnapshot(EMPTY_WARTIME, snapshot({ state: state(3, 'wartime') }));
    expect(applyEvent(c, { kind: 'wartime.state', state: state(2, 'peacetime') }, 11, T0).cache.state?.mode).toBe('wartime');
    const r = applyEvent(c, { kind: 'wartime.state', state: state(4, 'peacetime') }, 11, T0);
    expect(r.cue).toEqual({ kind: 'mode' });
    c = r.cache;
    expect(c.state?.rev).toBe(4);
  });

  it('a new order for this centre is cued once; a replayed copy is not; a re-send is a reminder, not a second order', () => {
    const o = order(1, [rcp(11)]);
    const a = applyEvent(EMPTY_WARTIME, { kind: 'order.new', order: o }, 11, T0);
    expect(a.cue).toEqual({ kind: 'order', orderId: 1 });
    expect(applyEvent(a.cache, { kind: 'order.new', order: o }, 11, T0).cue).toBeNull();
    const resent = applyEvent(a.cache, { kind: 'order.resent', order: order(1, [rcp(11, { rung: 1 })]) }, 11, T0);
    expect(resent.cue).toEqual({ kind: 'resent', orderId: 1 });
    expect(Object.keys(resent.cache.orders)).toEqual(['1']);
    expect(resent.cache.reminders[1]).toBe(1);
  });

  it('status of an unknown order is ignored; of a known one merged', () => {
    expect(applyEvent(EMPTY_WARTIME, { kind: 'order.status', recipient: rcp(11) }, 1, T0).cache).toBe(EMPTY_WARTIME);
    const c = applySnapshot(EMPTY_WARTIME, snapshot({ orders: [order(1, [rcp(11), rcp(12)])] }));
    const next = applyEvent(c, { kind: 'order.status', recipient: rcp(12, { state: 'signed', signedAt: T0 + 60_000 }) }, 1, T0).cache;
    expect(orderProgress(next.orders[1] as Order, T0 + 60_000)).toMatchObject({ total: 2, signed: 1, timedOut: 0 });
    expect(orderProgress(next.orders[1] as Order, T0 + 300_001)).toMatchObject({ total: 2, signed: 1, timedOut: 1, flagged: 0 });
  });

  it('a snapshot keeps a newer state it already holds and drops cues of orders it no longer has', () => {
    const c = { ...EMPTY_WARTIME, state: state(9, 'peacetime'), fresh: { 5: T0 } };
    const s = applySnapshot(c, snapshot({ state: state(8, 'wartime') }));
    expect(s.state?.rev).toBe(9);
    expect(s.fresh).toEqual({});
  });

  it('scope: the county always, a township if listed, a village with its township', () => {
    const s = state(1, 'wartime', [11]);
    expect(consoleInScope(s, 1, null, true)).toBe(true);
    expect(consoleInScope(s, 11, null, false)).toBe(true);
    expect(consoleInScope(s, 12, null, false)).toBe(false);
    expect(consoleInScope(s, 101, 11, false)).toBe(true);
    expect(consoleInScope(state(1, 'peacetime'), 1, null, true)).toBe(false);
  });
});

describe('readiness board', () => {
  const due = reportDueAt('2026-03-01', '17:00');
  const board = (cache = EMPTY_WARTIME, now = T0) => buildBoard({ cache, centres, now, reportDueAt: due, today: '2026-03-01' });

  it('a tile per township in scope; offline in wartime is red with its reason', () => {
    const tiles = board(applySnapshot(EMPTY_WARTIME, snapshot()));
    expect(tiles.map((t) => t.centreId)).toEqual([11, 12, 13]);
    expect(tiles.every((t) => t.tone === 'red' && t.reasons.includes('neverOnline'))).toBe(true);
  });

  it('in peacetime an offline township is grey information with its text, not a red alarm', () => {
    const peace = { ...state(2, 'peacetime'), period: null };
    let c = applySnapshot(EMPTY_WARTIME, snapshot({ state: peace }));
    c = applyPresence(c, { centreId: 12, online: false, consoles: 0, lastSeen: T0 - 3600_000 });
    c = applyPresence(c, { centreId: 13, online: true, consoles: 1, lastSeen: T0 });
    const tiles = board(c);
    expect(tiles.map((t) => [t.centreId, t.tone, t.reasons])).toEqual([
      [11, 'grey', ['neverOnline']], [12, 'grey', ['offline']], [13, 'green', []], [14, 'grey', ['neverOnline']],
    ]);
    expect(boardCounts(tiles)).toMatchObject({ red: 0, amber: 0, grey: 3, green: 1 });
    // the daily report is a wartime duty: after 17:00 in peacetime nobody turns amber for it
    expect(board(c, due + 1).map((t) => t.tone)).toEqual(['grey', 'grey', 'green', 'grey']);
  });

  it('after peacetime returns, the ended period\'s unsigned orders are shown but no longer red', () => {
    const ended = { ...state(3, 'peacetime') };
    ended.period = { ...(ended.period as NonNullable<WartimeState['period']>), endedAt: T0 + 12 * 60_000 };
    const c = applySnapshot(EMPTY_WARTIME, snapshot({ state: ended, orders: [order(1, [rcp(11, { state: 'delivered', deliveredAt: T0, rung: 2 })])] }));
    const t11 = board(c, T0 + 12 * 60_000)[0];
    expect(t11).toMatchObject({ centreId: 11, tone: 'amber', reasons: ['neverOnline', 'orderFlagged'] });
  });

  it('the board counts 超时未签收 by the shared rule (the summary\'s too: tests/integration/wartimeBoard.test.ts)', () => {
    // 13 townships, one order at T0 (5 min to sign); at 12 min one has signed, twelve are flagged to the commander (2×)
    const ids = [11, 12, 13, 14];
    const wide = snapshot({ state: state(1, 'wartime', ids), orders: [order(1, ids.map((id) => (id === 11 ? rcp(id, { state: 'signed', signedAt: T0 + 60_000 }) : rcp(id, { state: 'delivered', deliveredAt: T0, rung: 2 }))))] });
    let c = applySnapshot(EMPTY_WARTIME, wide);
    for (const id of ids) c = applyPresence(c, { centreId: id, online: true, consoles: 1, lastSeen: T0 });
    const at = T0 + 12 * 60_000;
    const tiles = board(c, at);
    expect(boardCounts(tiles).overdue).toBe(3);
    expect(orderProgress(c.orders[1] as Order, at).timedOut).toBe(3);
    expect(tiles.filter((t) => t.reasons.includes('orderFlagged'))).toHaveLength(3);
    // before the deadline nothing is overdue on either side
    expect(boardCounts(board(c, T0 + 60_000)).overdue).toBe(0);
  });

  it('turns green as each township is online and signs; amber while unsigned; red when flagged or timed out', () => {
    let c = applySnapshot(EMPTY_WARTIME, snapshot({ orders: [order(1, [rcp(11), rcp(12), rcp(13)])] }));
    for (const id of [11, 12, 13]) c = applyPresence(c, { centreId: id, online: true, consoles: 1, lastSeen: T0 });
    expect(board(c).map((t) => t.tone)).toEqual(['amber', 'amber', 'amber']);
    c = applyEvent(c, { kind: 'order.status', recipient: rcp(11, { state: 'signed', signedAt: T0 + 1 }) }, 1, T0).cache;
    c = applyEvent(c, { kind: 'order.status', recipient: rcp(12, { state: 'delivered', deliveredAt: T0 + 1, rung: 2 }) }, 1, T0).cache;
    c = applyEvent(c, { kind: 'order.status', recipient: rcp(13, { state: 'answered', signedAt: T0 + 1, answeredAt: T0 + 2 }) }, 1, T0).cache;
    const tiles = board(c, T0 + 11 * 60_000); // past 2× the 5-minute deadline
    expect(tiles.map((t) => [t.centreId, t.tone])).toEqual([[11, 'green'], [12, 'red'], [13, 'green']]);
    expect(tiles[1]?.reasons).toEqual(['orderFlagged']);
    expect(boardCounts(tiles)).toMatchObject({ green: 2, red: 1, online: 3, signed: 2 });
    // sortable by worst first
    const code = (id: number) => centres.find((x) => x.id === id)?.code ?? '';
    expect(sortBoard(tiles, 'worst', code).map((t) => t.centreId)).toEqual([12, 11, 13]);
    // one goes offline: its tile says so, and keeps its order state
    c = applyPresence(c, { centreId: 11, online: false, consoles: 0, lastSeen: T0 + 5 });
    const t11 = board(c).find((t) => t.centreId === 11);
    expect(t11).toMatchObject({ tone: 'red', online: false, lastSeen: T0 + 5, reasons: ['offline'] });
    expect(t11?.order?.recipient.state).toBe('signed');
  });

  it('a missing daily report is amber only after its deadline; villages of the latest order are counted', () => {
    let c = applySnapshot(EMPTY_WARTIME, snapshot({
      orders: [order(1, [rcp(11, { state: 'signed', signedAt: T0 }), rcp(101, { parentId: 11, state: 'signed', signedAt: T0 }), rcp(102, { parentId: 11 })])],
    }));
    c = applyPresence(c, { centreId: 11, online: true, consoles: 2, lastSeen: T0 });
    expect(board(c, T0)[0]).toMatchObject({ tone: 'green', villages: { total: 2, signed: 1 } });
    expect(board(c, due + 1)[0]).toMatchObject({ tone: 'amber', reasons: ['reportOverdue'] });
  });
});

describe('已持续', () => {
  it('counts whole minutes, never seconds', () => {
    expect(elapsedParts(59_999)).toBeNull();
    expect(elapsedParts(60_000)).toEqual({ h: 0, m: 1 });
    expect(elapsedParts(3 * 3600_000 + 5 * 60_000 + 59_000)).toEqual({ h: 3, m: 5 });
  });
});
