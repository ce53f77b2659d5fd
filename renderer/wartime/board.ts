// The readiness board (态势看板): one tile per township in scope. Pure: the board is a function of the wartime cache,
// the centre tree and the time, so its colour rules are unit tests.
import { isAckOverdue, type Centre, type DailyReport, type Order, type OrderRecipient } from '../../protocol/index.ts';
import type { WartimeCache } from './model.ts';
import { isSignedState } from '../delivery/merge.ts';

/** grey: nothing wrong, but no console is open (peacetime: information, not an alarm). */
export type Tone = 'green' | 'grey' | 'amber' | 'red';

/** Why a tile is not green — each is shown as text, the colour only repeats it. */
export type Reason =
  | 'offline'
  | 'neverOnline'
  | 'orderTimedOut'
  | 'orderFlagged'
  | 'orderResent'
  | 'orderOverdue'
  | 'orderUnsigned'
  | 'orderPending'
  | 'reportOverdue'
  | 'riskOverdue'
  | 'riskMajor';

/** 超时未签收 in any of its ladder steps (isAckOverdue is the one rule; the step only adds what was done about it). */
export const OVERDUE_REASONS: readonly Reason[] = ['orderOverdue', 'orderResent', 'orderFlagged', 'orderTimedOut'];
const PRESENCE_REASONS: readonly Reason[] = ['offline', 'neverOnline'];
const RED_ORDER_REASONS: readonly Reason[] = ['orderTimedOut', 'orderFlagged'];

export interface Tile {
  centreId: number;
  name: string;
  online: boolean;
  lastSeen: number | null;
  consoles: number;
  /** The latest order addressed to this township, and its row. */
  order: { id: number; code: string; title: string; issuedAt: number; recipient: OrderRecipient; overdue: boolean } | null;
  /** Of the latest order that went to villages of this township too: how many of them signed. */
  villages: { total: number; signed: number } | null;
  report: DailyReport | null;
  reportDueAt: number;
  openRisks: number;
  tone: Tone;
  reasons: Reason[];
}

export interface BoardInput {
  cache: WartimeCache;
  centres: readonly Centre[];
  now: number;
  /** When today's daily report is due (ms). */
  reportDueAt: number;
  /** "YYYY-MM-DD" Shanghai, for risk due dates. */
  today: string;
}

const TONE_RANK: Record<Tone, number> = { red: 0, amber: 1, grey: 2, green: 3 };

export function boardTownships(cache: WartimeCache, centres: readonly Centre[]): Centre[] {
  const ids = cache.state?.mode === 'wartime' && cache.state.period ? new Set(cache.state.period.townshipIds) : null;
  return centres.filter((c) => c.level === 'township' && (ids === null || ids.has(c.id)));
}

export function buildBoard({ cache, centres, now, reportDueAt, today }: BoardInput): Tile[] {
  const townships = boardTownships(cache, centres);
  const wartime = cache.state?.mode === 'wartime';
  const runningPeriod = wartime ? (cache.state?.period?.id ?? null) : null;
  // latest order per township (orders newest first)
  const orders: Order[] = Object.values(cache.orders).sort((a, b) => b.issuedAt - a.issuedAt || b.id - a.id);
  const risks = Object.values(cache.risks);
  return townships.map((t) => {
    const p = cache.presence[t.id];
    const online = p?.online ?? false;
    const lastSeen = p?.lastSeen ?? null;
    const reasons: Reason[] = [];
    if (!online) reasons.push(lastSeen === null ? 'neverOnline' : 'offline');

    let order: Tile['order'] = null;
    let villages: Tile['villages'] = null;
    let closedPeriod = false;
    for (const o of orders) {
      const r = o.recipients.find((x) => x.centreId === t.id);
      if (!r) continue;
      order = { id: o.id, code: o.code, title: o.title, issuedAt: o.issuedAt, recipient: r, overdue: isAckOverdue(r, o.issuedAt, o.ackDeadlineMs, now) };
      // an order of a period that has ended is on record in its summary: still shown, no longer an alarm
      closedPeriod = o.periodId !== null && o.periodId !== runningPeriod;
      const vs = o.recipients.filter((x) => x.parentId === t.id);
      if (vs.length) villages = { total: vs.length, signed: vs.filter((x) => isSignedState(x.state)).length };
      break;
    }
    if (order) {
      const r = order.recipient;
      if (order.overdue) reasons.push(r.rung >= 3 ? 'orderTimedOut' : r.rung === 2 ? 'orderFlagged' : r.rung === 1 ? 'orderResent' : 'orderOverdue');
      else if (r.state === 'pending') reasons.push('orderPending');
      else if (r.state === 'delivered') reasons.push('orderUnsigned');
    }

    const report = cache.reports[t.id] ?? null;
    // 一日一报表 is a wartime duty: in peacetime a missing report is nobody's alarm
    if (wartime && !report && now > reportDueAt) reasons.push('reportOverdue');

    const mine = risks.filter((r) => r.townshipId === t.id && r.status === 'open');
    if (mine.some((r) => r.dueDate < today)) reasons.push('riskOverdue');
    if (mine.some((r) => r.level === 'major')) reasons.push('riskMajor');

    // offline is an alarm only in wartime; in peacetime nobody need keep a township console open at night
    const alarms = wartime ? reasons : reasons.filter((x) => !PRESENCE_REASONS.includes(x));
    const red = alarms.some((x) => (wartime && PRESENCE_REASONS.includes(x)) || (!closedPeriod && RED_ORDER_REASONS.includes(x)));
    const tone: Tone = red ? 'red' : alarms.length ? 'amber' : online ? 'green' : 'grey';
    return {
      centreId: t.id, name: t.name, online, lastSeen, consoles: p?.consoles ?? 0, order, villages, report, reportDueAt,
      openRisks: mine.length, tone, reasons,
    };
  });
}

export type BoardSort = 'worst' | 'name';

/** Worst first: red, then amber, then green; within a tone the township code order (stable, like the paper list). */
export function sortBoard(tiles: readonly Tile[], sort: BoardSort, codeOf: (id: number) => string): Tile[] {
  const byCode = (a: Tile, b: Tile) => codeOf(a.centreId).localeCompare(codeOf(b.centreId)) || a.centreId - b.centreId;
  return [...tiles].sort(sort === 'worst' ? (a, b) => TONE_RANK[a.tone] - TONE_RANK[b.tone] || b.reasons.length - a.reasons.length || byCode(a, b) : byCode);
}

export function boardCounts(tiles: readonly Tile[]): Record<Tone, number> & { online: number; signed: number; reports: number; overdue: number } {
  const c = { red: 0, amber: 0, grey: 0, green: 0, online: 0, signed: 0, reports: 0, overdue: 0 };
  for (const t of tiles) {
    c[t.tone]++;
    if (t.order?.overdue) c.overdue++;
    if (t.online) c.online++;
    if (t.order && isSignedState(t.order.recipient.state)) c.signed++;
    if (t.report) c.reports++;
  }
  return c;
}
