// The figures of 统计研判 and 考核, read from the counters and facts kept on write (migration 0016), and — for the
// benchmark and the tests — the same figures by a plain GROUP BY over the base tables.
import type { AssessedItem, Count, KindStats, StatKind } from '../../protocol/index.ts';
import { DISPUTE_TYPE_LABELS, STAT_KINDS, type DisputeType } from '../../protocol/index.ts';
import { add, dayKey, percentiles, percentilesOfCounts, rates, responseOf, type Counters } from '../domain/stats.ts';
import type { Db } from './db.ts';

export interface Area { fromDay: number; toDay: number; townshipId: number | null }
export type Labels = (dimension: 'category' | 'channel' | 'unit', kind: StatKind, key: string) => string;

const SUMS = `sum(n) AS n, sum(merged) AS merged, sum(closable) AS closable, sum(closed) AS closed, sum(sign_n) AS signN, sum(sign_ok) AS signOk,
  sum(done_n) AS doneN, sum(done_ok) AS doneOk, sum(followed) AS followed, sum(satisfied) AS satisfied`;

const counters = (r: Partial<Counters> | undefined): Counters => ({
  n: r?.n ?? 0, merged: r?.merged ?? 0, closable: r?.closable ?? 0, closed: r?.closed ?? 0, signN: r?.signN ?? 0, signOk: r?.signOk ?? 0,
  doneN: r?.doneN ?? 0, doneOk: r?.doneOk ?? 0, followed: r?.followed ?? 0, satisfied: r?.satisfied ?? 0,
});

function trendOf(a: Area, rows: { day: number; n: number }[]): KindStats['trend'] {
  const by = new Map(rows.map((r) => [r.day, r.n]));
  const out: KindStats['trend'] = [];
  for (let d = a.fromDay; d < a.toDay; d++) out.push({ day: dayKey(d), n: by.get(d) ?? 0 });
  return out;
}

const countsOf = (rows: { key: string | number; n: number }[], label: (k: string) => string): Count[] =>
  rows.filter((r) => r.n > 0).map((r) => ({ key: String(r.key), label: label(String(r.key)), n: r.n })).sort((x, y) => y.n - x.n || x.key.localeCompare(y.key));

export function createStatsStore(db: Db) {
  const area = (a: Area) => (a.townshipId === null ? '' : ' AND township_id = ?');
  const args = (kind: StatKind, a: Area): unknown[] => (a.townshipId === null ? [kind, a.fromDay, a.toDay] : [kind, a.fromDay, a.toDay, a.townshipId]);
  type Stmt = ReturnType<Db['prepare']> & { get(...a: unknown[]): unknown; all(...a: unknown[]): unknown[] };
  const cache = new Map<string, Stmt>();
  const q = (sql: string): Stmt => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql) as Stmt));
    return s;
  };
  const RANGE = 'kind = ? AND day >= ? AND day < ?';

  /**
   * One kind's figures over the area: two scans of the counters (by day; by category × channel × area), the open
   * items' partial indexes for what is late by the clock, and the response-time histogram (the county) or the area
   * index (one township).
   */
  function kindStats(kind: StatKind, a: Area, now: number, label: Labels): KindStats {
    const w = `${RANGE}${area(a)}`;
    const p = args(kind, a);
    const trend = q(`SELECT day, sum(n) AS n FROM stat_daily WHERE ${w} GROUP BY day`).all(...p) as { day: number; n: number }[];
    const groups = q(`SELECT category, channel, township_id, ${SUMS}, sum(risk) AS risk FROM stat_daily WHERE ${w} GROUP BY category, channel, township_id`)
      .all(...p) as (Counters & { category: string; channel: string; township_id: number; risk: number })[];
    let c = counters(undefined);
    let risk = 0;
    const byCategory = new Map<string, number>();
    const byChannel = new Map<string, number>();
    const byTownship = new Map<string, number>();
    const bump = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
    for (const g of groups) {
      c = add(c, counters(g));
      risk += g.risk;
      bump(byCategory, g.category, g.n);
      bump(byChannel, g.channel, g.n);
      bump(byTownship, String(g.township_id), g.n);
    }
    const byUnit = a.townshipId === null
      ? [...byTownship].map(([key, n]) => ({ key, n }))
      : (q(`SELECT village_id AS key, count(*) AS n FROM stat_facts INDEXED BY stat_facts_area WHERE kind = ? AND township_id = ? AND day >= ? AND day < ?
          GROUP BY village_id`).all(kind, a.townshipId, a.fromDay, a.toDay) as { key: number; n: number }[]);
    const lateSign = q(`SELECT count(*) AS n FROM stat_facts INDEXED BY stat_facts_open_sign WHERE kind = ? AND signed_at IS NULL AND merged = 0 AND sign_due < ?
      AND day >= ? AND day < ?${area(a)}`).get(kind, now, ...p.slice(1)) as { n: number };
    const lateDone = q(`SELECT count(*) AS n FROM stat_facts INDEXED BY stat_facts_open_done WHERE kind = ? AND done_at IS NULL AND merged = 0
      AND done_due IS NOT NULL AND done_due < ? AND day >= ? AND day < ?${area(a)}`).get(kind, now, ...p.slice(1)) as { n: number };
    const hist = (a.townshipId === null
      ? q('SELECT minute AS value, sum(n) AS n FROM stat_resp WHERE kind = ? AND day >= ? AND day < ? GROUP BY minute ORDER BY minute').all(kind, a.fromDay, a.toDay)
      : q(`SELECT max(0, signed_at - created_at) / 60000 AS value, count(*) AS n FROM stat_facts INDEXED BY stat_facts_area
          WHERE kind = ? AND township_id = ? AND day >= ? AND day < ? AND merged = 0 AND signed_at IS NOT NULL GROUP BY value ORDER BY value`)
        .all(kind, a.townshipId, a.fromDay, a.toDay)) as { value: number; n: number }[];
    return {
      total: c.n,
      highRisk: risk,
      trend: trendOf(a, trend),
      byCategory: countsOf([...byCategory].map(([key, n]) => ({ key, n })), (k) => label('category', kind, k)),
      byUnit: countsOf(byUnit, (k) => label('unit', kind, k)),
      byChannel: countsOf([...byChannel].map(([key, n]) => ({ key, n })), (k) => label('channel', kind, k)),
      rates: rates(c, { sign: lateSign.n, done: lateDone.n }),
      response: responseOf(percentilesOfCounts(hist.filter((h) => h.n > 0))),
    };
  }

  // ---- the plain query: the same figures straight from the base tables (benchmark baseline, tests) ----
  const SH = '28800000';
  const BASE: Record<StatKind, string> = {
    incident: `SELECT (i.reported_at + ${SH}) / 86400000 AS day, COALESCE(i.township_id, 0) AS township_id, COALESCE(i.village_id, 0) AS village_id,
        i.category, CASE u.role WHEN 'gridMember' THEN 'grid' ELSE 'centre' END AS channel, i.reported_at AS created_at,
        i.respond_by AS sign_due, i.accepted_at AS signed_at, i.resolve_by AS done_due,
        CASE WHEN i.state IN ('resolved', 'followedUp', 'archived') THEN (SELECT max(e.at) FROM incident_events e WHERE e.incident_id = i.id AND e.kind = 'resolve') END AS done_at,
        1 AS closable, i.state = 'merged' AS merged,
        CASE WHEN i.state IN ('followedUp', 'archived') THEN 1 WHEN i.satisfaction IS NOT NULL THEN 0 END AS satisfied, i.priority = 'complex' AS risk
      FROM incidents i JOIN users u ON u.id = i.reporter_id WHERE i.reported_at >= @from AND i.reported_at < @to`,
    alert: `SELECT (a.raised_at + ${SH}) / 86400000 AS day, CASE c.level WHEN 'township' THEN c.id WHEN 'village' THEN COALESCE(c.parent_id, 0) ELSE 0 END AS township_id,
        CASE c.level WHEN 'village' THEN c.id ELSE 0 END AS village_id, a.level AS category, 'county' AS channel, a.raised_at AS created_at,
        d.due_at AS sign_due, d.signed_at, NULL AS done_due, d.answered_at AS done_at, 0 AS closable, 0 AS merged, NULL AS satisfied, a.level = 'red' AS risk
      FROM alerts a JOIN deliveries d ON d.kind = 'alert' AND d.item_id = a.id JOIN centres c ON c.id = d.centre_id WHERE a.raised_at >= @from AND a.raised_at < @to`,
    order: `SELECT (o.issued_at + ${SH}) / 86400000 AS day, CASE c.level WHEN 'township' THEN c.id WHEN 'village' THEN COALESCE(c.parent_id, 0) ELSE 0 END AS township_id,
        CASE c.level WHEN 'village' THEN c.id ELSE 0 END AS village_id, o.priority AS category,
        CASE WHEN o.period_id IS NULL THEN 'peacetime' ELSE 'wartime' END AS channel, o.issued_at AS created_at,
        d.due_at AS sign_due, d.signed_at, o.complete_by AS done_due, d.answered_at AS done_at, 0 AS closable, 0 AS merged, NULL AS satisfied, o.priority = 'urgent' AS risk
      FROM orders o JOIN deliveries d ON d.kind = 'order' AND d.item_id = o.id JOIN centres c ON c.id = d.centre_id WHERE o.issued_at >= @from AND o.issued_at < @to`,
    // settled: agreed (mediation), closed (the unit's 办结), reviewed (回访 satisfied) — as migration 0021
    dispute: `SELECT (d.registered_at + ${SH}) / 86400000 AS day, COALESCE(d.township_id, 0) AS township_id, 0 AS village_id, d.type AS category,
        d.channel, d.registered_at AS created_at, r.due_at AS sign_due, r.signed_at, d.resolve_by AS done_due,
        CASE WHEN d.state IN ('agreed', 'closed', 'reviewed') THEN (SELECT max(e.at) FROM dispute_events e WHERE e.dispute_id = d.id AND e.kind IN ('agreement', 'resolve')) END AS done_at,
        1 AS closable, 0 AS merged, CASE WHEN d.state = 'reviewed' THEN 1 WHEN d.satisfaction IS NOT NULL THEN 0 END AS satisfied, d.risk_grade = 'high' AS risk
      FROM disputes d LEFT JOIN dispute_routings r ON r.id = d.routing_id WHERE d.registered_at >= @from AND d.registered_at < @to`,
  };
  const PLAIN_SUMS = `count(*) AS n, sum(merged) AS merged, sum(closable AND NOT merged) AS closable, sum(closable AND NOT merged AND done_at IS NOT NULL) AS closed,
    sum(NOT merged AND sign_due IS NOT NULL AND signed_at IS NOT NULL) AS signN, sum(NOT merged AND sign_due IS NOT NULL AND signed_at <= sign_due) AS signOk,
    sum(NOT merged AND done_due IS NOT NULL AND done_at IS NOT NULL) AS doneN, sum(NOT merged AND done_due IS NOT NULL AND done_at <= done_due) AS doneOk,
    sum(NOT merged AND satisfied IS NOT NULL) AS followed, sum(NOT merged AND satisfied = 1) AS satisfied, sum(risk) AS risk,
    sum(NOT merged AND signed_at IS NULL AND sign_due < @now) AS lateSign, sum(NOT merged AND done_at IS NULL AND done_due < @now) AS lateDone`;

  function plainKindStats(kind: StatKind, a: Area, now: number, label: Labels): KindStats {
    const from = a.fromDay * 86_400_000 - 28_800_000;
    const to = a.toDay * 86_400_000 - 28_800_000;
    const src = `(${BASE[kind]}) b ${a.townshipId === null ? '' : 'WHERE b.township_id = @t'}`;
    const params = a.townshipId === null ? { from, to, now } : { from, to, now, t: a.townshipId };
    const total = q(`SELECT ${PLAIN_SUMS} FROM ${src}`).get(params) as Counters & { risk: number | null; lateSign: number | null; lateDone: number | null };
    const p2 = a.townshipId === null ? { from, to } : { from, to, t: a.townshipId };
    const trend = q(`SELECT day, count(*) AS n FROM ${src} GROUP BY day`).all(p2) as { day: number; n: number }[];
    const byCategory = q(`SELECT category AS key, count(*) AS n FROM ${src} GROUP BY category`).all(p2) as { key: string; n: number }[];
    const byChannel = q(`SELECT channel AS key, count(*) AS n FROM ${src} GROUP BY channel`).all(p2) as { key: string; n: number }[];
    const byUnit = q(`SELECT ${a.townshipId === null ? 'township_id' : 'village_id'} AS key, count(*) AS n FROM ${src} GROUP BY key`).all(p2) as { key: number; n: number }[];
    const times = q(`SELECT max(0, signed_at - created_at) / 60000 FROM ${src} ${a.townshipId === null ? 'WHERE' : 'AND'} NOT merged AND signed_at IS NOT NULL`).pluck().all(p2) as number[];
    const c = counters(total);
    return {
      total: c.n,
      highRisk: total.risk ?? 0,
      trend: trendOf(a, trend),
      byCategory: countsOf(byCategory, (k) => label('category', kind, k)),
      byUnit: countsOf(byUnit, (k) => label('unit', kind, k)),
      byChannel: countsOf(byChannel, (k) => label('channel', kind, k)),
      rates: rates(c, { sign: total.lateSign ?? 0, done: total.lateDone ?? 0 }),
      response: responseOf(percentiles(Float64Array.from(times))),
    };
  }

  // ---- 考核: per unit over a period, from the facts ----
  const perUnit = db.prepare<{ from: number; to: number; now: number }, Counters & { unitId: number; lateSign: number; lateDone: number }>(
    `SELECT unit_id AS unitId, ${SUMS},
      sum(merged = 0 AND signed_at IS NULL AND sign_due < @now) AS lateSign,
      sum(merged = 0 AND done_at IS NULL AND done_due < @now) AS lateDone
     FROM stat_contrib WHERE day >= @from AND day < @to GROUP BY unit_id`,
  );
  const unitItems = db.prepare<{ from: number; to: number; unit: number; now: number }, {
    kind: StatKind; itemId: number; createdAt: number; merged: number; signN: number; signOk: number; lateSign: number; doneN: number; doneOk: number;
    lateDone: number; closable: number; closed: number; followed: number; satisfied: number;
  }>(
    `SELECT kind, item_id AS itemId, created_at AS createdAt, merged, sign_n AS signN, sign_ok AS signOk,
      (merged = 0 AND signed_at IS NULL AND sign_due < @now) AS lateSign, done_n AS doneN, done_ok AS doneOk,
      (merged = 0 AND done_at IS NULL AND done_due < @now) AS lateDone, closable, closed, followed, satisfied
     FROM stat_contrib WHERE day >= @from AND day < @to AND unit_id = @unit ORDER BY created_at, kind, item_id`,
  );
  const titles: Record<StatKind, ReturnType<Db['prepare']>> = {
    incident: db.prepare('SELECT code, category AS title FROM incidents WHERE id = ?'),
    alert: db.prepare("SELECT 'YJ-' || id AS code, title FROM alerts WHERE id = ?"),
    order: db.prepare('SELECT code, title FROM orders WHERE id = ?'),
    dispute: db.prepare('SELECT code, type AS title FROM disputes WHERE id = ?'),
  };

  return {
    /** Every kind's figures for the area at `now`. */
    report(a: Area, now: number, label: Labels): Record<StatKind, KindStats> {
      return Object.fromEntries(STAT_KINDS.map((k) => [k, kindStats(k, a, now, label)])) as Record<StatKind, KindStats>;
    },
    kindStats,
    /** The same figures by a plain GROUP BY over the base tables (no counters, no facts). */
    plainReport(a: Area, now: number, label: Labels): Record<StatKind, KindStats> {
      return Object.fromEntries(STAT_KINDS.map((k) => [k, plainKindStats(k, a, now, label)])) as Record<StatKind, KindStats>;
    },
    plainKindStats,
    perUnit(fromDay: number, toDay: number, now: number) {
      return perUnit.all({ from: fromDay, to: toDay, now });
    },
    /** The items behind a unit's score, with how each counted. */
    unitItems(fromDay: number, toDay: number, unitId: number, now: number, categoryLabel: (c: string) => string): AssessedItem[] {
      return unitItems.all({ from: fromDay, to: toDay, unit: unitId, now }).map((r) => {
        const t = titles[r.kind]?.get(r.itemId) as { code: string; title: string } | undefined;
        return {
          kind: r.kind, itemId: r.itemId, code: t?.code ?? String(r.itemId), title: r.kind === 'incident' ? categoryLabel(t?.title ?? '') : r.kind === 'dispute' ? (DISPUTE_TYPE_LABELS[t?.title as DisputeType]?.[0] ?? t?.title ?? '') : (t?.title ?? ''),
          createdAt: r.createdAt,
          flags: {
            signOk: r.signN ? r.signOk === 1 : r.lateSign ? false : null,
            doneOk: r.doneN ? r.doneOk === 1 : r.lateDone ? false : null,
            closed: r.closable ? r.closed === 1 : null,
            satisfied: r.followed ? r.satisfied === 1 : null,
            merged: r.merged === 1,
          },
        };
      });
    },
  };
}
export type StatsStore = ReturnType<typeof createStatsStore>;
