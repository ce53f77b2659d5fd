// Wartime state on a console, as pure functions over plain values (no DOM, no socket): unit-tested in node.
//
// The cache is built from the `wartime:state` snapshot a console asks for after every sync, plus the stream events the
// alert core forwards (wartime.state, order.*, daily.*, risk.upsert). Every merge only moves forward — a higher state
// rev, a recipient further along, a later report — so an event that arrives twice, or a stale one after the snapshot,
// never undoes anything.
import {
  isAckOverdue,
  type DailyAnalysis, type DailyReport, type Order, type OrderRecipient, type Presence, type Risk, type StreamEvent,
  type WartimeSnapshot, type WartimeState,
} from '../../protocol/index.ts';
import { isSignedState, mergeDelivery } from '../delivery/merge.ts';

export interface Chase {
  date: string;
  dueAt: number;
  centreIds: number[];
  at: number;
}

export interface WartimeCache {
  state: WartimeState | null;
  orders: Readonly<Record<number, Order>>;
  /** The server's "today" (Asia/Shanghai) when the snapshot was taken; reports are for this day. */
  today: string | null;
  /** Today's daily reports by centre. */
  reports: Readonly<Record<number, DailyReport>>;
  analysis: DailyAnalysis | null;
  risks: Readonly<Record<number, Risk>>;
  presence: Readonly<Record<number, Presence>>;
  /** The latest chase for a missing daily report. */
  chase: Chase | null;
  /** Orders re-sent to this console because nobody signed them (orderId → ladder when reminded). */
  reminders: Readonly<Record<number, number>>;
  /** Orders that arrived live on this console and are not yet signed or looked at. */
  fresh: Readonly<Record<number, number>>;
}

export const EMPTY_WARTIME: WartimeCache = {
  state: null, orders: {}, today: null, reports: {}, analysis: null, risks: {}, presence: {}, chase: null, reminders: {}, fresh: {},
};

export const mergeOrderRecipient = (existing: OrderRecipient | undefined, incoming: OrderRecipient): OrderRecipient => mergeDelivery(existing, incoming);

export function upsertOrderRecipient(order: Order, r: OrderRecipient): Order {
  const idx = order.recipients.findIndex((x) => x.centreId === r.centreId);
  if (idx < 0) return { ...order, recipients: [...order.recipients, r] };
  const recipients = order.recipients.slice();
  recipients[idx] = mergeOrderRecipient(order.recipients[idx], r);
  return { ...order, recipients };
}

export function mergeOrder(existing: Order | undefined, incoming: Order): Order {
  if (!existing) return incoming;
  let merged: Order = { ...incoming, recipients: existing.recipients };
  for (const r of incoming.recipients) merged = upsertOrderRecipient(merged, r);
  return merged;
}

/** The snapshot is the truth for what it holds; UI cues of orders it no longer has are dropped. */
export function applySnapshot(cache: WartimeCache, snap: WartimeSnapshot): WartimeCache {
  const orders: Record<number, Order> = {};
  for (const o of snap.orders) orders[o.id] = mergeOrder(cache.orders[o.id], o);
  const reports: Record<number, DailyReport> = {};
  for (const r of snap.reports) reports[r.centreId] = r;
  const risks: Record<number, Risk> = {};
  for (const r of snap.risks) risks[r.id] = r;
  const keep = (m: Readonly<Record<number, number>>) => Object.fromEntries(Object.entries(m).filter(([id]) => Number(id) in orders));
  const state = cache.state && cache.state.rev > snap.state.rev ? cache.state : snap.state;
  return {
    ...cache,
    state,
    orders,
    today: snap.today,
    reports,
    analysis: snap.analysis,
    risks,
    chase: cache.chase && cache.chase.date === snap.today ? cache.chase : null,
    reminders: keep(cache.reminders),
    fresh: keep(cache.fresh),
  };
}

export type WartimeCue = { kind: 'order'; orderId: number } | { kind: 'resent'; orderId: number } | { kind: 'chase'; date: string } | { kind: 'mode' };

/** Apply one forwarded stream event. `centreId` is this console's centre; `at` the local receive time (for UI cues). */
export function applyEvent(cache: WartimeCache, ev: StreamEvent, centreId: number, at: number): { cache: WartimeCache; cue: WartimeCue | null } {
  switch (ev.kind) {
    case 'wartime.state': {
      if (cache.state && cache.state.rev >= ev.state.rev) return { cache, cue: null };
      const changed = cache.state !== null && cache.state.mode !== ev.state.mode;
      return { cache: { ...cache, state: ev.state }, cue: changed ? { kind: 'mode' } : null };
    }
    case 'order.new': {
      const existing = cache.orders[ev.order.id];
      const order = mergeOrder(existing, ev.order);
      const mine = order.recipients.find((r) => r.centreId === centreId);
      const isNew = !existing && mine !== undefined && !isSignedState(mine.state);
      return {
        cache: { ...cache, orders: { ...cache.orders, [order.id]: order }, fresh: isNew ? { ...cache.fresh, [order.id]: at } : cache.fresh },
        cue: isNew ? { kind: 'order', orderId: order.id } : null,
      };
    }
    case 'order.resent': {
      const order = mergeOrder(cache.orders[ev.order.id], ev.order);
      const mine = order.recipients.find((r) => r.centreId === centreId);
      const open = mine !== undefined && (mine.state === 'pending' || mine.state === 'delivered');
      return {
        cache: {
          ...cache,
          orders: { ...cache.orders, [order.id]: order },
          reminders: open ? { ...cache.reminders, [order.id]: mine.rung } : cache.reminders,
        },
        cue: open ? { kind: 'resent', orderId: order.id } : null,
      };
    }
    case 'order.status': {
      const existing = cache.orders[ev.recipient.orderId];
      if (!existing) return { cache, cue: null };
      return { cache: { ...cache, orders: { ...cache.orders, [existing.id]: upsertOrderRecipient(existing, ev.recipient) } }, cue: null };
    }
    case 'daily.report': {
      if (cache.today !== null && ev.report.date !== cache.today) return { cache, cue: null };
      const prev = cache.reports[ev.report.centreId];
      if (prev && prev.submittedAt > ev.report.submittedAt) return { cache, cue: null };
      return { cache: { ...cache, reports: { ...cache.reports, [ev.report.centreId]: ev.report } }, cue: null };
    }
    case 'daily.chase': {
      const chase = { date: ev.date, dueAt: ev.dueAt, centreIds: ev.centreIds, at };
      return { cache: { ...cache, chase }, cue: ev.centreIds.includes(centreId) ? { kind: 'chase', date: ev.date } : null };
    }
    case 'daily.analysis': {
      if (cache.today !== null && ev.analysis.date !== cache.today) return { cache, cue: null };
      return { cache: { ...cache, analysis: ev.analysis }, cue: null };
    }
    case 'risk.upsert': {
      const prev = cache.risks[ev.risk.id];
      if (prev && prev.updatedAt > ev.risk.updatedAt) return { cache, cue: null };
      return { cache: { ...cache, risks: { ...cache.risks, [ev.risk.id]: ev.risk } }, cue: null };
    }
    default:
      return { cache, cue: null };
  }
}

export function applyPresence(cache: WartimeCache, p: Presence): WartimeCache {
  return { ...cache, presence: { ...cache.presence, [p.centreId]: p } };
}

/** Presence as a whole (from a sync: latest wins, every centre the server knows). */
export function replacePresence(cache: WartimeCache, list: readonly Presence[]): WartimeCache {
  const presence: Record<number, Presence> = {};
  for (const p of list) presence[p.centreId] = p;
  return { ...cache, presence };
}

// ---- views ----

/** Is this console in the scope of the running period? The county always is; a village goes with its township. */
export function consoleInScope(state: WartimeState | null, centreId: number, townshipOfCentre: number | null, isCounty: boolean): boolean {
  if (!state || state.mode !== 'wartime' || !state.period) return false;
  if (isCounty) return true;
  const ids = state.period.townshipIds;
  return ids.includes(centreId) || (townshipOfCentre !== null && ids.includes(townshipOfCentre));
}

/** Newest first. */
export function sortOrders(orders: Readonly<Record<number, Order>>): Order[] {
  return Object.values(orders).sort((a, b) => b.issuedAt - a.issuedAt || b.id - a.id);
}

export function openRisks(risks: Readonly<Record<number, Risk>>): Risk[] {
  const weight = { major: 0, large: 1, general: 2 } as const;
  return Object.values(risks)
    .filter((r) => r.status === 'open')
    .sort((a, b) => weight[a.level] - weight[b.level] || a.dueDate.localeCompare(b.dueDate) || a.id - b.id);
}

/** Progress of an order as of `now`; timedOut is 超时未签收 by the shared rule (isAckOverdue), flagged those of them reported to the commander. */
export function orderProgress(o: Order, now: number): { total: number; delivered: number; signed: number; answered: number; timedOut: number; flagged: number } {
  const p = { total: o.recipients.length, delivered: 0, signed: 0, answered: 0, timedOut: 0, flagged: 0 };
  for (const r of o.recipients) {
    if (r.state !== 'pending') p.delivered++;
    if (isSignedState(r.state)) p.signed++;
    if (r.state === 'answered') p.answered++;
    if (isAckOverdue(r, o.issuedAt, o.ackDeadlineMs, now)) {
      p.timedOut++;
      if (r.rung >= 2) p.flagged++;
    }
  }
  return p;
}

/** "10:04:31" style durations for acknowledgement times: 45秒, 3分12秒, 1时05分. */
export function durationParts(ms: number): { h: number; m: number; s: number } {
  const total = Math.max(0, Math.round(ms / 1000));
  return { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 };
}

/** How long something has lasted, to the minute (a duration that ticks every second distracts): null under a minute. */
export function elapsedParts(ms: number): { h: number; m: number } | null {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  return minutes === 0 ? null : { h: Math.floor(minutes / 60), m: minutes % 60 };
}

/** When a day's report is due: "HH:mm" on that Shanghai day. */
export function reportDueAt(day: string, hhmm: string): number {
  return Date.parse(`${day}T${hhmm}:00+08:00`);
}
