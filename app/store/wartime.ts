// Wartime command's tables: periods, orders and their recipients, daily reports and analyses, risks, presence.
import type {
  CommandStaff, DailyAnalysis, DailyReport, Order, OrderPriority, OrderRecipient, PeriodSummary, PersonRef, Risk, RiskLevel,
  WartimePeriod, WartimeScope,
} from '../../protocol/index.ts';
import type { Delivery } from '../domain/delivery.ts';
import { isLate, type SummaryRecipient } from '../domain/wartime.ts';
import { createDeliveryStore, toView, type DeliveryDb } from './deliveries.ts';
import type { Db } from './db.ts';

interface PeriodDb {
  id: number; started_at: number; started_by: number; reason: string; scope: string; township_ids: string; planned_end_at: number | null;
  commander_id: number; executive_id: number | null; deputy_id: number | null; next_chase_at: number | null;
  ended_at: number | null; ended_by: number | null; end_reason: string | null; summary: string | null;
}
interface OrderDb {
  id: number; code: string; period_id: number | null; title: string; body: string; priority: OrderPriority; complete_by: number | null;
  issued_at: number; issued_by: number; ack_ms: number;
}
interface ReportDb {
  centre_id: number; centre_name: string; day: string; summary: string; risks_checked: number; disputes_resolved: number;
  needs_county: string; submitted_at: number; submitted_by: number;
}
interface RiskDb {
  id: number; township_id: number; township_name: string; description: string; level: RiskLevel; owner: string; due_date: string;
  status: 'open' | 'closed'; result: string | null; created_at: number; created_by: number; closed_at: number | null; updated_at: number;
}

export function createWartimeStore(db: Db) {
  const userName = db.prepare<[number], { name: string }>('SELECT name FROM users WHERE id = ?');
  const person = (id: number): PersonRef => ({ id, name: userName.get(id)?.name ?? String(id) });
  const personOrNull = (id: number | null): PersonRef | null => (id === null ? null : person(id));

  // ---- periods ----
  const running = db.prepare<[], PeriodDb>('SELECT * FROM wartime_periods WHERE ended_at IS NULL');
  const lastPeriod = db.prepare<[], PeriodDb>('SELECT * FROM wartime_periods ORDER BY id DESC LIMIT 1');
  const periodById = db.prepare<[number], PeriodDb>('SELECT * FROM wartime_periods WHERE id = ?');
  const insertPeriod = db.prepare(
    `INSERT INTO wartime_periods (started_at, started_by, reason, scope, township_ids, planned_end_at, commander_id, executive_id, deputy_id, next_chase_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const setCommand = db.prepare('UPDATE wartime_periods SET commander_id = ?, executive_id = ?, deputy_id = ? WHERE id = ?');
  const setChase = db.prepare('UPDATE wartime_periods SET next_chase_at = ? WHERE id = ?');
  const endPeriod = db.prepare('UPDATE wartime_periods SET ended_at = ?, ended_by = ?, end_reason = ?, summary = ?, next_chase_at = NULL WHERE id = ?');

  const toPeriod = (p: PeriodDb): WartimePeriod => {
    const command: CommandStaff = { commander: person(p.commander_id), executiveDeputy: personOrNull(p.executive_id), deputy: personOrNull(p.deputy_id) };
    return {
      id: p.id, startedAt: p.started_at, startedBy: person(p.started_by), reason: p.reason, scope: JSON.parse(p.scope) as WartimeScope,
      townshipIds: JSON.parse(p.township_ids) as number[], plannedEndAt: p.planned_end_at, command,
      endedAt: p.ended_at, endedBy: personOrNull(p.ended_by), endReason: p.end_reason,
      summary: p.summary === null ? null : (JSON.parse(p.summary) as PeriodSummary),
    };
  };

  // ---- orders ----
  const insertOrder = db.prepare(
    'INSERT INTO orders (code, period_id, title, body, priority, complete_by, issued_at, issued_by, ack_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const ordersSince = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM orders WHERE issued_at >= ?');
  const orderById = db.prepare<[number], OrderDb>('SELECT * FROM orders WHERE id = ?');
  const deliveries = createDeliveryStore(db);
  const orderTiming = db.prepare<[number], { ack_ms: number }>('SELECT ack_ms FROM orders WHERE id = ?');
  const recentIds = db.prepare<[number], { id: number }>('SELECT id FROM orders ORDER BY id DESC LIMIT ?');
  const idsBetween = db.prepare<[number, number], { id: number }>('SELECT id FROM orders WHERE issued_at >= ? AND issued_at < ? ORDER BY id');
  const summaryRecipients = db.prepare<[number], SummaryRecipient & { level: 'township' | 'village' }>(
    `SELECT d.centre_id AS centreId, c.name AS centreName, c.level AS level, o.issued_at AS issuedAt, o.ack_ms AS ackMs,
       d.signed_at AS signedAt, d.answered_at AS answeredAt
     FROM deliveries d JOIN orders o ON o.id = d.item_id JOIN centres c ON c.id = d.centre_id WHERE d.kind = 'order' AND o.period_id = ?`,
  );
  const ordersOfPeriod = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM orders WHERE period_id = ?');

  const toRecipient = (r: DeliveryDb): OrderRecipient => ({ orderId: r.item_id, ...toView(r) });

  const toOrder = (o: OrderDb, recipients: OrderRecipient[]): Order => ({
    id: o.id, code: o.code, periodId: o.period_id, title: o.title, body: o.body, priority: o.priority, completeBy: o.complete_by,
    issuedAt: o.issued_at, issuedBy: person(o.issued_by), ackDeadlineMs: o.ack_ms, recipients,
  });

  const orderView = (id: number, onlyCentre?: number): Order | null => {
    const o = orderById.get(id);
    if (!o) return null;
    if (onlyCentre !== undefined) {
      const r = deliveries.row('order', id, onlyCentre);
      return toOrder(o, r ? [toRecipient(r)] : []);
    }
    return toOrder(o, deliveries.ofItem('order', id).map(toRecipient));
  };

  /** The order as the county sees it and as each recipient sees it (its own row), read once: a fan-out to 163 centres. */
  const orderViews = (id: number): { full: Order; forCentre: (centreId: number) => Order } | null => {
    const o = orderById.get(id);
    if (!o) return null;
    const all = deliveries.ofItem('order', id).map(toRecipient);
    const byCentre = new Map(all.map((r) => [r.centreId, r]));
    const full = toOrder(o, all);
    return { full, forCentre: (centreId) => ({ ...full, recipients: byCentre.has(centreId) ? [byCentre.get(centreId) as OrderRecipient] : [] }) };
  };

  // ---- daily cycle ----
  const upsertReport = db.prepare(
    `INSERT INTO daily_reports (centre_id, day, summary, risks_checked, disputes_resolved, needs_county, submitted_at, submitted_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(centre_id, day) DO UPDATE SET summary = excluded.summary, risks_checked = excluded.risks_checked,
     disputes_resolved = excluded.disputes_resolved, needs_county = excluded.needs_county, submitted_at = excluded.submitted_at,
     submitted_by = excluded.submitted_by`,
  );
  const REPORT_SELECT = 'SELECT d.*, c.name AS centre_name FROM daily_reports d JOIN centres c ON c.id = d.centre_id';
  const report = db.prepare<[number, string], ReportDb>(`${REPORT_SELECT} WHERE d.centre_id = ? AND d.day = ?`);
  const reportsOfDay = db.prepare<[string], ReportDb>(`${REPORT_SELECT} WHERE d.day = ? ORDER BY d.centre_id`);
  const reportsBetween = db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM daily_reports WHERE day >= ? AND day <= ?');
  const upsertAnalysis = db.prepare(
    `INSERT INTO daily_analyses (day, text, written_at, written_by) VALUES (?, ?, ?, ?)
     ON CONFLICT(day) DO UPDATE SET text = excluded.text, written_at = excluded.written_at, written_by = excluded.written_by`,
  );
  const analysis = db.prepare<[string], { day: string; text: string; written_at: number; written_by: number }>('SELECT * FROM daily_analyses WHERE day = ?');

  const toReport = (r: ReportDb, dueHHmm: string): DailyReport => ({
    centreId: r.centre_id, centreName: r.centre_name, date: r.day, summary: r.summary, risksChecked: r.risks_checked,
    disputesResolved: r.disputes_resolved, needsCounty: r.needs_county, submittedAt: r.submitted_at, submittedBy: person(r.submitted_by),
    late: isLate(r.submitted_at, r.day, dueHHmm),
  });

  // ---- risks ----
  const insertRisk = db.prepare(
    `INSERT INTO risks (township_id, description, level, owner, due_date, status, created_at, created_by, updated_at)
     VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
  );
  const RISK_SELECT = 'SELECT r.*, c.name AS township_name FROM risks r JOIN centres c ON c.id = r.township_id';
  const riskById = db.prepare<[number], RiskDb>(`${RISK_SELECT} WHERE r.id = ?`);
  const risksAll = db.prepare<[number], RiskDb>(`${RISK_SELECT} WHERE r.status = 'open' OR r.closed_at >= ? ORDER BY r.id DESC`);
  const risksOf = db.prepare<[number, number], RiskDb>(
    `${RISK_SELECT} WHERE r.township_id = ? AND (r.status = 'open' OR r.closed_at >= ?) ORDER BY r.id DESC`,
  );
  const updatesOf = db.prepare<[number], { at: number; by_id: number; note: string }>('SELECT at, by_id, note FROM risk_updates WHERE risk_id = ? ORDER BY id');
  const insertUpdate = db.prepare('INSERT INTO risk_updates (risk_id, at, by_id, note) VALUES (?, ?, ?, ?)');
  const touchRisk = db.prepare('UPDATE risks SET updated_at = ? WHERE id = ?');
  const closeRisk = db.prepare("UPDATE risks SET status = 'closed', result = ?, closed_at = ?, closed_by = ?, updated_at = ? WHERE id = ?");
  const risksOpenedBetween = db.prepare<[number, number], { n: number }>('SELECT count(*) AS n FROM risks WHERE created_at >= ? AND created_at < ?');
  const risksClosedBetween = db.prepare<[number, number], { n: number }>('SELECT count(*) AS n FROM risks WHERE closed_at >= ? AND closed_at < ?');
  const risksOpen = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM risks WHERE status = 'open'");

  const toRisk = (r: RiskDb): Risk => ({
    id: r.id, townshipId: r.township_id, townshipName: r.township_name, description: r.description, level: r.level, owner: r.owner,
    dueDate: r.due_date, status: r.status, result: r.result, createdAt: r.created_at, createdBy: person(r.created_by), closedAt: r.closed_at,
    updatedAt: r.updated_at, updates: updatesOf.all(r.id).map((u) => ({ at: u.at, by: person(u.by_id), note: u.note })),
  });

  // ---- incidents (read only, for the summary and the special report) ----
  const incidentsReported = db.prepare<[number, number], { n: number }>('SELECT count(*) AS n FROM incidents WHERE reported_at >= ? AND reported_at < ?');
  const incidentsResolved = db.prepare<[number, number], { n: number }>(
    "SELECT count(*) AS n FROM incident_events WHERE kind = 'resolve' AND at >= ? AND at < ?",
  );
  const incidentsByTownship = db.prepare<[number, number], { township: string | null; state: string; n: number }>(
    `SELECT c.name AS township, i.state, count(*) AS n FROM incidents i LEFT JOIN centres c ON c.id = i.township_id
     WHERE i.reported_at >= ? AND i.reported_at < ? GROUP BY i.township_id, i.state ORDER BY i.township_id`,
  );

  // ---- presence ----
  const lastSeenAll = db.prepare<[], { centre_id: number; last_seen: number }>('SELECT centre_id, last_seen FROM centre_presence');
  const saveSeen = db.prepare(
    'INSERT INTO centre_presence (centre_id, last_seen) VALUES (?, ?) ON CONFLICT(centre_id) DO UPDATE SET last_seen = excluded.last_seen',
  );

  // ---- staff ----
  const countyStaff = db.prepare<[], { id: number; name: string; role: string }>(
    "SELECT u.id, u.name, u.role FROM users u JOIN centres c ON c.id = u.centre_id WHERE c.level = 'county' AND u.active = 1 AND u.role IN ('commander', 'dutyOfficer') ORDER BY u.id",
  );

  return {
    person,
    countyStaff: () => countyStaff.all(),

    running(): WartimePeriod | null {
      const p = running.get();
      return p ? toPeriod(p) : null;
    },
    runningRow: () => running.get() ?? null,
    last(): WartimePeriod | null {
      const p = lastPeriod.get();
      return p ? toPeriod(p) : null;
    },
    period(id: number): WartimePeriod | null {
      const p = periodById.get(id);
      return p ? toPeriod(p) : null;
    },
    startPeriod(p: {
      at: number; by: number; reason: string; scope: WartimeScope; townshipIds: number[]; plannedEndAt: number | null;
      commander: number; executive: number | null; deputy: number | null; nextChaseAt: number;
    }): number {
      return Number(
        insertPeriod.run(p.at, p.by, p.reason, JSON.stringify(p.scope), JSON.stringify(p.townshipIds), p.plannedEndAt, p.commander, p.executive, p.deputy, p.nextChaseAt)
          .lastInsertRowid,
      );
    },
    setCommand(periodId: number, commander: number, executive: number | null, deputy: number | null): void {
      setCommand.run(commander, executive, deputy, periodId);
    },
    setChase(periodId: number, at: number | null): void {
      setChase.run(at, periodId);
    },
    endPeriod(periodId: number, at: number, by: number, reason: string, summary: PeriodSummary): void {
      endPeriod.run(at, by, reason, JSON.stringify(summary), periodId);
    },
    summaryInputs(periodId: number) {
      return { orders: ordersOfPeriod.get(periodId)?.n ?? 0, recipients: summaryRecipients.all(periodId) };
    },

    insertOrder(o: { code: string; periodId: number | null; title: string; body: string; priority: OrderPriority; completeBy: number | null; at: number; by: number; ackMs: number }): number {
      return Number(insertOrder.run(o.code, o.periodId, o.title, o.body, o.priority, o.completeBy, o.at, o.by, o.ackMs).lastInsertRowid);
    },
    ordersSince: (t: number) => ordersSince.get(t)?.n ?? 0,
    insertRecipient(orderId: number, centreId: number, newSeq: number, d: Delivery): void {
      deliveries.insert('order', orderId, centreId, newSeq, d);
    },
    orderView,
    orderViews,
    orderExists: (id: number) => orderById.get(id) !== undefined,
    recipient: (orderId: number, centreId: number) => deliveries.row('order', orderId, centreId),
    saveRecipient(orderId: number, centreId: number, d: Delivery): OrderRecipient {
      return toRecipient(deliveries.save('order', orderId, centreId, d));
    },
    toRecipient,
    pendingUpTo: (centreId: number, seq: number) => deliveries.pendingUpTo('order', centreId, seq),
    /** Deliveries whose next rung is due, with their order's own 签收 deadline length (the ladder's unit). */
    due: (now: number, limit: number): (DeliveryDb & { ack_ms: number })[] =>
      deliveries.due('order', now, limit).map((r) => ({ ...r, ack_ms: (orderTiming.get(r.item_id) as { ack_ms: number }).ack_ms })),
    recentOrders(limit: number, centreId?: number): Order[] {
      const ids = centreId === undefined ? recentIds.all(limit).map((r) => r.id) : deliveries.recentFor('order', centreId, limit);
      return ids.map((id) => orderView(id, centreId)).filter((o): o is Order => o !== null);
    },
    /** One order as the county (all recipients) or one recipient (its own row) sees it. */
    order: (id: number, onlyCentre?: number): Order | null => orderView(id, onlyCentre),
    ordersBetween(from: number, to: number): Order[] {
      return idsBetween.all(from, to).map((r) => orderView(r.id) as Order);
    },

    saveReport(centreId: number, day: string, r: { summary: string; risksChecked: number; disputesResolved: number; needsCounty: string }, at: number, by: number, dueHHmm: string): DailyReport {
      upsertReport.run(centreId, day, r.summary, r.risksChecked, r.disputesResolved, r.needsCounty, at, by);
      return toReport(report.get(centreId, day) as ReportDb, dueHHmm);
    },
    report: (centreId: number, day: string, dueHHmm: string) => {
      const r = report.get(centreId, day);
      return r ? toReport(r, dueHHmm) : null;
    },
    reportsOfDay: (day: string, dueHHmm: string) => reportsOfDay.all(day).map((r) => toReport(r, dueHHmm)),
    reportsBetween: (fromDay: string, toDay: string) => reportsBetween.get(fromDay, toDay)?.n ?? 0,
    saveAnalysis(day: string, text: string, at: number, by: number): DailyAnalysis {
      upsertAnalysis.run(day, text, at, by);
      return { date: day, text, writtenAt: at, writtenBy: person(by) };
    },
    analysis(day: string): DailyAnalysis | null {
      const a = analysis.get(day);
      return a ? { date: a.day, text: a.text, writtenAt: a.written_at, writtenBy: person(a.written_by) } : null;
    },

    addRisk(r: { townshipId: number; description: string; level: RiskLevel; owner: string; dueDate: string }, at: number, by: number): Risk {
      const id = Number(insertRisk.run(r.townshipId, r.description, r.level, r.owner, r.dueDate, at, by, at).lastInsertRowid);
      return toRisk(riskById.get(id) as RiskDb);
    },
    riskRow: (id: number) => riskById.get(id),
    updateRisk(id: number, note: string, at: number, by: number): Risk {
      insertUpdate.run(id, at, by, note);
      touchRisk.run(at, id);
      return toRisk(riskById.get(id) as RiskDb);
    },
    closeRisk(id: number, result: string, at: number, by: number): Risk {
      closeRisk.run(result, at, by, at, id);
      return toRisk(riskById.get(id) as RiskDb);
    },
    /** Open risks and those closed since `closedSince`; of one township or all. */
    risks(closedSince: number, townshipId?: number): Risk[] {
      return (townshipId === undefined ? risksAll.all(closedSince) : risksOf.all(townshipId, closedSince)).map(toRisk);
    },
    riskCounts(from: number, to: number) {
      return { opened: risksOpenedBetween.get(from, to)?.n ?? 0, closed: risksClosedBetween.get(from, to)?.n ?? 0, stillOpen: risksOpen.get()?.n ?? 0 };
    },

    incidentCounts(from: number, to: number) {
      return { reported: incidentsReported.get(from, to)?.n ?? 0, resolved: incidentsResolved.get(from, to)?.n ?? 0 };
    },
    incidentsByTownship: (from: number, to: number) => incidentsByTownship.all(from, to),

    lastSeen(): Map<number, number> {
      return new Map(lastSeenAll.all().map((r) => [r.centre_id, r.last_seen]));
    },
    saveSeen(centreId: number, at: number): void {
      saveSeen.run(centreId, at);
    },
  };
}
export type WartimeStore = ReturnType<typeof createWartimeStore>;
