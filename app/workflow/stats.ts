// 统计研判 and 考核: who may see which area, the report of a period, the scored ranking of units, and publishing a
// period — which freezes its results with a SHA-256 recorded in the ledger, so a later recalculation cannot change it.
import { createHash } from 'node:crypto';
import {
  ALERT_LEVEL_LABELS, CHANNEL_LABELS, DISPUTE_CHANNEL_LABELS, DISPUTE_TYPE_LABELS, type DisputeChannel, type DisputeType, ORDER_PRIORITY_LABELS, type AlertLevel, type Assessment, type AssessedItem, type AssessedUnit,
  type AssessmentScheme, type Category, type ErrorCode, type OrderPriority, type SessionUser, type StatKind, type StatsQuery, type StatsReport,
} from '../../protocol/index.ts';
import { dayKey, dayOf, parseDay, periodDays, rank, rates, scoreOf } from '../domain/stats.ts';
import type { Db } from '../store/db.ts';
import type { Directory } from '../store/directory.ts';
import type { Ledger } from '../store/ledger.ts';
import { createStatsStore, type Area, type Labels } from '../store/stats.ts';

type Outcome<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; details?: Record<string, string> };

/** The longest period the view answers for (a year and a leap day). */
const MAX_DAYS = 366;
const COUNTY_ROLES = ['commander', 'dutyOfficer'];

export function createStatsDesk(db: Db, ledger: Ledger, directory: Directory, cfg: () => { categories: Category[]; scheme: AssessmentScheme }) {
  const store = createStatsStore(db);
  const published = db.prepare<[string], { period: string; results: string; sha256: string; published_at: number; by: string }>(
    'SELECT a.*, u.name AS by FROM stat_assessments a JOIN users u ON u.id = a.published_by WHERE a.period = ?',
  );
  const insertPublished = db.prepare('INSERT INTO stat_assessments (period, results, sha256, published_at, published_by) VALUES (?, ?, ?, ?, ?)');
  const insertItem = db.prepare('INSERT INTO stat_assessment_items (period, unit_id, kind, item_id, flags) VALUES (?, ?, ?, ?, ?)');
  const frozenItems = db.prepare<[string, number], { kind: StatKind; item_id: number; flags: string }>(
    'SELECT kind, item_id, flags FROM stat_assessment_items WHERE period = ? AND unit_id = ? ORDER BY kind, item_id',
  );
  const units = db.prepare<[], { id: number; name: string; level: 'township' | 'village' | 'department' }>(
    "SELECT id, name, level FROM centres WHERE level IN ('township', 'village', 'department') ORDER BY id",
  );

  const labels = (): Labels => {
    const cats = new Map(cfg().categories.map((c) => [c.code, c.label[0]]));
    const names = new Map(directory.centres().map((c) => [String(c.id), c.name]));
    return (dim, kind, key) => {
      if (dim === 'unit') return key === '0' ? '县级及部门' : (names.get(key) ?? key);
      if (kind === 'dispute') return (dim === 'channel' ? DISPUTE_CHANNEL_LABELS[key as DisputeChannel] : DISPUTE_TYPE_LABELS[key as DisputeType])?.[0] ?? key;
      if (dim === 'channel') return CHANNEL_LABELS[key]?.[0] ?? key;
      if (kind === 'alert') return ALERT_LEVEL_LABELS[key as AlertLevel]?.[0] ?? key;
      if (kind === 'order') return ORDER_PRIORITY_LABELS[key as OrderPriority]?.[0] ?? key;
      return cats.get(key) ?? key;
    };
  };

  /** Who may ask for which area: county staff any, a township operator only its own township. */
  function areaFor(u: SessionUser, q: StatsQuery): Outcome<Area> {
    const county = u.centreLevel === 'county' && COUNTY_ROLES.includes(u.role);
    const township = u.centreLevel === 'township' && u.role === 'townshipOperator';
    if (!county && !township) return { ok: false, code: 'FORBIDDEN_ROLE' };
    const townshipId = township ? (q.townshipId ?? u.centreId) : (q.townshipId ?? null);
    if (township && townshipId !== u.centreId) return { ok: false, code: 'FORBIDDEN_SCOPE' };
    if (townshipId !== null && !directory.centres().some((c) => c.id === townshipId && c.level === 'township')) return { ok: false, code: 'STATS_AREA_UNKNOWN', details: { townshipId: String(townshipId) } };
    const fromDay = parseDay(q.from);
    const toDay = parseDay(q.to);
    if (fromDay === null) return { ok: false, code: 'STATS_PERIOD_INVALID', details: { from: q.from } };
    if (toDay === null || toDay < fromDay) return { ok: false, code: 'STATS_PERIOD_INVALID', details: { to: q.to } };
    if (toDay - fromDay + 1 > MAX_DAYS) return { ok: false, code: 'STATS_PERIOD_INVALID', details: { to: `≤ ${MAX_DAYS} days` } };
    return { ok: true, value: { fromDay, toDay: toDay + 1, townshipId } };
  }

  function report(u: SessionUser, q: StatsQuery, now: number): Outcome<StatsReport> {
    const a = areaFor(u, q);
    if (!a.ok) return a;
    const area = a.value;
    return {
      ok: true,
      value: {
        from: q.from, to: q.to, townshipId: area.townshipId, computedAt: now,
        areaName: area.townshipId === null ? directory.centreName(directory.countyId()) : directory.centreName(area.townshipId),
        kinds: store.report(area, now, labels()),
      },
    };
  }

  const mayAssess = (u: SessionUser) => u.centreLevel === 'county' && COUNTY_ROLES.includes(u.role);

  /** The ranking computed now from the facts (what a published period froze, recomputed). */
  function compute(period: string, now: number, scheme = cfg().scheme): Assessment {
    const p = periodDays(period) as NonNullable<ReturnType<typeof periodDays>>;
    const rows = new Map(store.perUnit(p.fromDay, p.toDay, now).map((r) => [r.unitId, r]));
    const scored = units.all().map((c) => {
      const r = rows.get(c.id);
      const rs = rates(
        { n: r?.n ?? 0, merged: r?.merged ?? 0, closable: r?.closable ?? 0, closed: r?.closed ?? 0, signN: r?.signN ?? 0, signOk: r?.signOk ?? 0,
          doneN: r?.doneN ?? 0, doneOk: r?.doneOk ?? 0, followed: r?.followed ?? 0, satisfied: r?.satisfied ?? 0 },
        { sign: r?.lateSign ?? 0, done: r?.lateDone ?? 0 },
      );
      const s = scoreOf(rs, scheme);
      return { unitId: c.id, name: c.name, level: c.level, items: r?.n ?? 0, rates: rs, points: s.points, score: s.score };
    });
    return { period, scheme, units: rank(scored) as AssessedUnit[], published: null, computedAt: now };
  }

  const categoryLabel = (code: string) => cfg().categories.find((c) => c.code === code)?.label[0] ?? code;

  /** The hash covers the results and every item behind them, in a fixed order. */
  const digest = (results: string, items: [number, string, number, string][]) => {
    const sorted = [...items].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || a[2] - b[2]);
    return createHash('sha256').update(results).update('\n').update(JSON.stringify(sorted)).digest('hex');
  };

  const publish = db.transaction((u: SessionUser, period: string, now: number): Outcome<Assessment> => {
    if (!mayAssess(u)) return { ok: false, code: 'FORBIDDEN_ROLE' };
    if (u.role !== 'commander') return { ok: false, code: 'FORBIDDEN_ROLE' };
    const p = periodDays(period);
    if (!p) return { ok: false, code: 'STATS_PERIOD_INVALID', details: { period } };
    if (p.endsAt > now) return { ok: false, code: 'STATS_PERIOD_NOT_OVER', details: { period } };
    if (published.get(period)) return { ok: false, code: 'STATS_ALREADY_PUBLISHED', details: { period } };
    const a = compute(period, now);
    const results = JSON.stringify({ period, scheme: a.scheme, units: a.units, computedAt: now });
    const items: [number, string, number, string][] = [];
    for (const unit of a.units) {
      if (unit.items === 0) continue;
      for (const it of store.unitItems(p.fromDay, p.toDay, unit.unitId, now, categoryLabel)) {
        const flags = JSON.stringify(it.flags);
        insertItem.run(period, unit.unitId, it.kind, it.itemId, flags);
        items.push([unit.unitId, it.kind, it.itemId, flags]);
      }
    }
    const sha256 = digest(results, items);
    insertPublished.run(period, results, sha256, now, u.id);
    ledger.append(now, u.id, 'stats.publish', `assessment:${period}`, { sha256, units: a.units.length, items: items.length });
    return { ok: true, value: { ...a, published: { at: now, by: u.name, sha256 } } };
  });

  function frozen(period: string): Assessment | null {
    const row = published.get(period);
    if (!row) return null;
    const r = JSON.parse(row.results) as Pick<Assessment, 'period' | 'scheme' | 'units' | 'computedAt'>;
    return { ...r, published: { at: row.published_at, by: row.by, sha256: row.sha256 } };
  }

  return {
    report,
    areaFor,
    store,
    labels,
    /** A published period as frozen; otherwise computed now (`recompute` forces the live figures beside a published one). */
    assessment(u: SessionUser, period: string, now: number, recompute = false): Outcome<Assessment> {
      if (!mayAssess(u)) return { ok: false, code: 'FORBIDDEN_ROLE' };
      if (!periodDays(period)) return { ok: false, code: 'STATS_PERIOD_INVALID', details: { period } };
      const f = recompute ? null : frozen(period);
      return { ok: true, value: f ?? compute(period, now) };
    },
    /** The items behind one unit's score: as frozen for a published period, as they count now otherwise. */
    items(u: SessionUser, period: string, unitId: number, now: number): Outcome<AssessedItem[]> {
      if (!mayAssess(u)) return { ok: false, code: 'FORBIDDEN_ROLE' };
      const p = periodDays(period);
      if (!p) return { ok: false, code: 'STATS_PERIOD_INVALID', details: { period } };
      const live = store.unitItems(p.fromDay, p.toDay, unitId, now, categoryLabel);
      if (!frozen(period)) return { ok: true, value: live };
      const byKey = new Map(live.map((i) => [`${i.kind}:${i.itemId}`, i]));
      return {
        ok: true,
        value: frozenItems.all(period, unitId).map((r) => {
          const i = byKey.get(`${r.kind}:${r.item_id}`);
          return { kind: r.kind, itemId: r.item_id, code: i?.code ?? String(r.item_id), title: i?.title ?? '', createdAt: i?.createdAt ?? 0, flags: JSON.parse(r.flags) };
        }),
      };
    },
    publish(u: SessionUser, period: string, now: number) {
      return publish(u, period, now);
    },
    /** Recomputes a published period's hash from what is stored: equal to the recorded one unless the rows were altered. */
    verify(period: string): boolean {
      const row = published.get(period);
      if (!row) return false;
      const items = db.prepare<[string], { unit_id: number; kind: string; item_id: number; flags: string }>(
        'SELECT unit_id, kind, item_id, flags FROM stat_assessment_items WHERE period = ? ORDER BY unit_id, kind, item_id',
      ).all(period).map((r) => [r.unit_id, r.kind, r.item_id, r.flags] as [number, string, number, string]);
      return digest(row.results, items) === row.sha256;
    },
    defaultPeriod: (now: number) => dayKey(dayOf(now)),
  };
}
export type StatsDesk = ReturnType<typeof createStatsDesk>;
