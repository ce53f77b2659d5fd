// The readiness board (态势看板): one tile per township in scope. Pure: the board is a function of the wartime cache,
// the centre tree and the time, so its colour rules are unit tests.
import type { Centre, DailyReport, Order, OrderRecipient } from '../../protocol/index.ts';
import type { WartimeCache } from './model.ts';
import { isSignedState } from '../delivery/merge.ts';

export type Tone = 'green' | 'amber' | 'red';

/** Why a tile is not green — each is shown as text, the colour only repeats it. */
export type Reason =
  | 'offline'
  | 'neverOnline'
  | 'orderTimedOut'
  | 'orderFlagged'
  | 'orderResent'
  | 'orderUnsigned'
  | 'orderPending'
  | 'reportOverdue'
  | 'riskOverdue'
  | 'riskMajor';

const RED_REASONS: readonly Reason[] = ['offline', 'neverOnline', 'orderTimedOut', 'orderFlagged'];

export interface Tile {
  centreId: number;
  name: string;
  online: boolean;
  lastSeen: number | null;
  consoles: number;
  /** The latest order addressed to this township, and its row. */
  order: { id: number; code: string; title: string; issuedAt: number; recipient: OrderRecipient } | null;
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

const TONE_RANK: Record<Tone, number> = { red: 0, amber: 1, green: 2 };

export function boardTownships(cache: WartimeCache, centres: readonly Centre[]): Centre[] {
  const ids = cache.state?.mode === 'wartime' && cache.state.period ? new Set(cache.state.period.townshipIds) : null;
  return centres.filter((c) => c.level === 'township' && (ids === null || ids.has(c.id)));
}

export function buildBoard({ cache, centres, now, reportDueAt, today }: BoardInput): Tile[] {
  const townships = boardTownships(cache, centres);
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
    for (const o of orders) {
      const r = o.recipients.find((x) => x.centreId === t.id);
      if (!r) continue;
      order = { id: o.id, code: o.code, title: o.title, issuedAt: o.issuedAt, recipient: r };
      const vs = o.recipients.filter((x) => x.parentId === t.id);
      if (vs.length) villages = { total: vs.length, signed: vs.filter((x) => isSignedState(x.state)).length };
      break;
    }
    if (order) {
      const r = order.recipient;
      const unsigned = r.state === 'pending' || r.state === 'delivered';
      if (unsigned) {
        if (r.rung >= 3) reasons.push('orderTimedOut');
        else if (r.rung === 2) reasons.push('orderFlagged');
        else if (r.rung === 1) reasons.push('orderResent');
        else reasons.push(r.state === 'pending' ? 'orderPending' : 'orderUnsigned');
      }
    }

    const report = cache.reports[t.id] ?? null;
    if (!report && now > reportDueAt) reasons.push('reportOverdue');

    const mine = risks.filter((r) => r.townshipId === t.id && r.status === 'open');
    if (mine.some((r) => r.dueDate < today)) reasons.push('riskOverdue');
    if (mine.some((r) => r.level === 'major')) reasons.push('riskMajor');

    const tone: Tone = reasons.some((x) => RED_REASONS.includes(x)) ? 'red' : reasons.length ? 'amber' : 'green';
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

export function boardCounts(tiles: readonly Tile[]): Record<Tone, number> & { online: number; signed: number; reports: number } {
  const c = { red: 0, amber: 0, green: 0, online: 0, signed: 0, reports: 0 };
  for (const t of tiles) {
    c[t.tone]++;
    if (t.online) c.online++;
    if (t.order && isSignedState(t.order.recipient.state)) c.signed++;
    if (t.report) c.reports++;
  }
  return c;
}
