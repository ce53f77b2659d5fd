// The figures of 统计研判 and 考核, defined once: how one item counts, the rates made of those counts, response-time
// percentiles, and the 考核 score. Pure: the clock is an argument. The database keeps the same per-item rule as the view
// stat_contrib (migration 0016) so that counters can be kept on write; tests hold the two equal.
import type { AssessmentIndicator, AssessmentScheme, RateName, Rates, Ratio } from '../../protocol/index.ts';

const DAY = 86_400_000;
/** China Standard Time has no daylight saving: a fixed offset is exact. */
const SHANGHAI_OFFSET = 8 * 3_600_000;

/** The Asia/Shanghai calendar day of an instant, as a day number (days since 1970-01-01 in Shanghai). */
export const dayOf = (t: number): number => Math.floor((t + SHANGHAI_OFFSET) / DAY);
/** The first instant of a Shanghai day number. */
export const dayStart = (day: number): number => day * DAY - SHANGHAI_OFFSET;
export const dayKey = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
export function parseDay(key: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(key)) return null;
  const t = Date.parse(`${key}T00:00:00Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== key ? null : t / DAY;
}

/** The recorded times of one item, as stat_facts holds them. */
export interface ItemFacts {
  /** 签收 deadline (a case: first response, 受理) and when it was signed. */
  signDue: number | null;
  signedAt: number | null;
  /** 办结 deadline (extensions included) and when it was done. */
  doneDue: number | null;
  doneAt: number | null;
  /** 化解率 applies (cases, not deliveries). */
  closable: boolean;
  /** Merged into another case: it counts once, there. */
  merged: boolean;
  /** The latest 回访: true satisfied, false not, null none yet. */
  satisfied: boolean | null;
  createdAt: number;
}

/** What an item adds to the counters; none of it depends on the clock, so it can be kept on write. */
export interface Counters {
  n: number; merged: number; closable: number; closed: number; signN: number; signOk: number; doneN: number; doneOk: number;
  followed: number; satisfied: number;
}
export const ZERO: Counters = { n: 0, merged: 0, closable: 0, closed: 0, signN: 0, signOk: 0, doneN: 0, doneOk: 0, followed: 0, satisfied: 0 };

export function contribution(f: ItemFacts): Counters {
  const live = !f.merged;
  const b = (x: boolean) => (x ? 1 : 0);
  const signed = live && f.signDue !== null && f.signedAt !== null;
  const done = live && f.doneDue !== null && f.doneAt !== null;
  return {
    n: 1,
    merged: b(f.merged),
    closable: b(f.closable && live),
    closed: b(f.closable && live && f.doneAt !== null),
    signN: b(signed),
    signOk: b(signed && (f.signedAt as number) <= (f.signDue as number)),
    doneN: b(done),
    doneOk: b(done && (f.doneAt as number) <= (f.doneDue as number)),
    followed: b(live && f.satisfied !== null),
    satisfied: b(live && f.satisfied === true),
  };
}

export function add(a: Counters, b: Counters): Counters {
  const out = { ...a };
  for (const k of Object.keys(out) as (keyof Counters)[]) out[k] += b[k];
  return out;
}

/**
 * The part that moves with the clock: an item still open past its deadline is late (it counts against the rate) even
 * though nothing was written; one still open before its deadline is not counted yet.
 */
export function openLate(f: ItemFacts, now: number): { sign: boolean; done: boolean } {
  if (f.merged) return { sign: false, done: false };
  return {
    sign: f.signedAt === null && f.signDue !== null && f.signDue < now,
    done: f.doneAt === null && f.doneDue !== null && f.doneDue < now,
  };
}

const ratio = (num: number, den: number): Ratio => ({ num, den, value: den === 0 ? null : num / den });

/**
 * 签收及时率: signed by the deadline ÷ (signed + still unsigned past the deadline).
 * 按期办结率: done by the (extended) deadline ÷ (done + still open past the deadline).
 * 化解率: cases done (办结) ÷ cases taken in, merged ones left out (they count in the case they joined).
 * 满意率: satisfied ÷ followed up (the latest 回访 of each case).
 * Merged items count in none of them. A rate with nothing to count is null (shown 「—」), never 0 or 100 %.
 */
export function rates(c: Counters, late: { sign: number; done: number }): Rates {
  return {
    signTimely: ratio(c.signOk, c.signN + late.sign),
    doneOnTime: ratio(c.doneOk, c.doneN + late.done),
    resolved: ratio(c.closed, c.closable),
    satisfied: ratio(c.satisfied, c.followed),
  };
}

/** The rates of a set of items at `now`, straight from their facts (the definition the fast path must equal). */
export function ratesOf(facts: readonly ItemFacts[], now: number): Rates {
  let c = ZERO;
  const late = { sign: 0, done: 0 };
  for (const f of facts) {
    c = add(c, contribution(f));
    const l = openLate(f, now);
    late.sign += l.sign ? 1 : 0;
    late.done += l.done ? 1 : 0;
  }
  return rates(c, late);
}

/**
 * Response time of one item in whole minutes (floor): created → signed (a case: reported → 受理), for items signed and
 * not merged. Minutes are what the console shows, and they let the county's percentiles come from a small histogram.
 */
export function responseMinutes(f: Pick<ItemFacts, 'createdAt' | 'signedAt' | 'merged'>): number | null {
  return f.merged || f.signedAt === null ? null : Math.floor(Math.max(0, f.signedAt - f.createdAt) / 60_000);
}

/**
 * Median and 90th percentile by nearest rank (the value at rank ⌈p·n⌉ of the sorted values): always a value that was
 * really recorded, never an average of two. Sorts `values` in place.
 */
export function percentiles(values: Float64Array | number[]): { n: number; median: number | null; p90: number | null } {
  const n = values.length;
  if (n === 0) return { n, median: null, p90: null };
  const sorted = values instanceof Float64Array ? values.sort() : values.sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil(p * n) - 1)] as number;
  return { n, median: at(0.5), p90: at(0.9) };
}

/** The same nearest-rank percentiles from a histogram: (value, count) pairs in ascending value. */
export function percentilesOfCounts(hist: readonly { value: number; n: number }[]): { n: number; median: number | null; p90: number | null } {
  const n = hist.reduce((s, h) => s + h.n, 0);
  if (n === 0) return { n, median: null, p90: null };
  const at = (p: number) => {
    const rank = Math.max(1, Math.ceil(p * n));
    let seen = 0;
    for (const h of hist) if ((seen += h.n) >= rank) return h.value;
    return (hist[hist.length - 1] as { value: number }).value;
  };
  return { n, median: at(0.5), p90: at(0.9) };
}

/** Response-time figures for the wire: minutes' percentiles in ms. */
export const responseOf = (p: { n: number; median: number | null; p90: number | null }) => ({
  n: p.n, medianMs: p.median === null ? null : p.median * 60_000, p90Ms: p.p90 === null ? null : p.p90 * 60_000,
});

// ---- 考核 ----

/** One indicator's points (0…1): full at or above the target, none at or below the floor, linear between. */
export function indicatorPoints(value: number, ind: Pick<AssessmentIndicator, 'target' | 'floor'>): number {
  if (value >= ind.target) return 1;
  if (value <= ind.floor) return 0;
  return (value - ind.floor) / (ind.target - ind.floor);
}

/**
 * A unit's score out of 100: the weighted points of its indicators. An indicator with nothing to count (no items of
 * that kind for the unit) is left out and the others' weights scale up, so a unit is judged only on work it had; a
 * unit with no indicator at all has no score (null) and no rank.
 */
export function scoreOf(r: Rates, scheme: AssessmentScheme): { score: number | null; points: Partial<Record<RateName, number>> } {
  let sum = 0;
  let weights = 0;
  const points: Partial<Record<RateName, number>> = {};
  for (const ind of scheme.indicators) {
    const v = r[ind.rate].value;
    if (v === null) continue;
    const p = indicatorPoints(v, ind);
    points[ind.rate] = p;
    sum += p * ind.weight;
    weights += ind.weight;
  }
  return { score: weights === 0 ? null : Math.round((sum / weights) * 1000) / 10, points };
}

/** Ranks by score, highest first; equal scores share a rank (1, 2, 2, 4); units without a score are unranked. */
export function rank<T extends { score: number | null; name: string }>(units: readonly T[]): (T & { rank: number | null })[] {
  const scored = units.filter((u) => u.score !== null).sort((a, b) => (b.score as number) - (a.score as number) || a.name.localeCompare(b.name, 'zh'));
  const out: (T & { rank: number | null })[] = [];
  scored.forEach((u, i) => {
    const prev = out[i - 1];
    out.push({ ...u, rank: prev && prev.score === u.score ? (prev.rank as number) : i + 1 });
  });
  for (const u of units) if (u.score === null) out.push({ ...u, rank: null });
  return out;
}

/** A 考核 period: `2026-10` (month) or `2026-Q4` (quarter) → its Shanghai days [fromDay, toDay) and end instant. */
export function periodDays(period: string): { fromDay: number; toDay: number; endsAt: number; kind: 'month' | 'quarter' } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  let y: number, first: number, months: number;
  if (m) [y, first, months] = [Number(m[1]), Number(m[2]), 1];
  else if (q) [y, first, months] = [Number(q[1]), (Number(q[2]) - 1) * 3 + 1, 3];
  else return null;
  if (first < 1 || first > 12 || y < 2000 || y > 2999) return null;
  const fromDay = Date.UTC(y, first - 1, 1) / DAY;
  const toDay = Date.UTC(y, first - 1 + months, 1) / DAY;
  return { fromDay, toDay, endsAt: dayStart(toDay), kind: m ? 'month' : 'quarter' };
}

/** The period just ended before `now` (the one a commander publishes). */
export function lastPeriod(kind: 'month' | 'quarter', now: number): string {
  const d = new Date(dayStart(dayOf(now)) + SHANGHAI_OFFSET);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  if (kind === 'month') return mo === 0 ? `${y - 1}-12` : `${y}-${String(mo).padStart(2, '0')}`;
  const qNow = Math.floor(mo / 3);
  return qNow === 0 ? `${y - 1}-Q4` : `${y}-Q${qNow}`;
}
