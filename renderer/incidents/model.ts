// Pure rules over the incident cache: keep the newest copy, filter, count, and say how much time is left.
import type { Incident, IncidentState, TimelineEntry } from '../../protocol/index.ts';

export type IncidentMap = Readonly<Record<number, Incident>>;

/** Stream updates and list fetches can arrive in any order: the higher version wins, an equal one changes nothing. */
export function upsert<T extends { id: number; version: number }>(map: Readonly<Record<number, T>>, incoming: readonly T[]): Readonly<Record<number, T>> {
  return upsertBy(map, incoming, (i) => i.id);
}

/** The same for items keyed otherwise (a dispute's flow by its dispute's id). */
export function upsertBy<T extends { version: number }>(map: Readonly<Record<number, T>>, incoming: readonly T[], keyOf: (t: T) => number): Readonly<Record<number, T>> {
  let out: Record<number, T> | null = null;
  for (const i of incoming) {
    const key = keyOf(i);
    const cur = (out ?? map)[key];
    if (cur && cur.version >= i.version) continue;
    out ??= { ...map };
    out[key] = i;
  }
  return out ?? map;
}

export type TimeRange = 'all' | '24h' | '7d' | '30d';
const RANGE_MS: Record<Exclude<TimeRange, 'all'>, number> = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };

export interface IncidentFilters {
  state: IncidentState | 'open' | 'all';
  category: string | 'all';
  range: TimeRange;
  /** Only cases my centre must act on now. */
  mine: boolean;
}
export const DEFAULT_FILTERS: IncidentFilters = { state: 'open', category: 'all', range: 'all', mine: false };

const OPEN: readonly IncidentState[] = ['reported', 'accepted', 'assigned', 'handling', 'returned'];
export const isOpen = (i: Incident) => OPEN.includes(i.state);

export function filterIncidents(map: IncidentMap, f: IncidentFilters, now: number, myCentreId: number): Incident[] {
  const since = f.range === 'all' ? -Infinity : now - RANGE_MS[f.range];
  return Object.values(map)
    .filter(
      (i) =>
        (f.state === 'all' || (f.state === 'open' ? isOpen(i) : i.state === f.state)) &&
        (f.category === 'all' || i.category === f.category) &&
        i.reportedAt >= since &&
        (!f.mine || (i.holderCentreId === myCentreId && isOpen(i))),
    )
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || b.reportedAt - a.reportedAt || b.id - a.id);
}

export interface Counts { open: number; overdue: number; awaitingSign: number; byState: Partial<Record<IncidentState, number>> }

export function countIncidents(map: IncidentMap, myCentreId: number): Counts {
  const c: Counts = { open: 0, overdue: 0, awaitingSign: 0, byState: {} };
  for (const i of Object.values(map)) {
    c.byState[i.state] = (c.byState[i.state] ?? 0) + 1;
    if (!isOpen(i)) continue;
    c.open++;
    if (i.overdue) c.overdue++;
    if (i.pendingSign && i.holderCentreId === myCentreId) c.awaitingSign++;
  }
  return c;
}

/** The deadline that runs now: first response until accepted, then resolution; none once resolved. */
export function currentDeadline(i: Incident): number | null {
  if (!isOpen(i)) return null;
  return i.acceptedAt === null ? i.respondBy : i.resolveBy;
}

/** Remaining time as the console shows it: "2天3小时", "45分", or overdue by that much. */
export function remaining(i: Incident, now: number): { ms: number; overdue: boolean } | null {
  const due = currentDeadline(i);
  if (due === null) return null;
  return { ms: Math.abs(due - now), overdue: due <= now || i.overdue };
}

export function formatDuration(ms: number, lang: 'zh' | 'en'): string {
  const m = Math.floor(ms / 60_000);
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  if (lang === 'en') return d ? `${d}d ${h}h` : h ? `${h}h ${min}m` : `${min}m`;
  return d ? `${d}天${h}小时` : h ? `${h}小时${min}分` : `${min}分`;
}

/** Steps that send the case somewhere (or, for the timers, chase whoever holds it): the timeline names that unit too. */
const TARGETED: ReadonlySet<string> = new Set(['assign', 'return', 'escalateUp', 'autoEscalate', 'requestExtension', 'urge', 'supervise']);

/**
 * Who took a step, as "person · their own unit", and where it sent the case. The event's centre is where the case went
 * or who held it, so it is never shown as the actor's unit (the county's 回访 after 分流 is not the township's).
 */
export function timelineWho(e: TimelineEntry): { who: string; to: string | null } {
  const who = e.actor ? [e.actor.name, e.actorCentreName].filter(Boolean).join(' · ') : '';
  return { who, to: TARGETED.has(e.kind) && e.centreName ? e.centreName : null };
}
