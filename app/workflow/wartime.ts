// The command desk: the peacetime ↔ wartime switch, command roles, dispatch orders (指令) with 签收/反馈 delivery and
// the deadline ladder, the daily cycle and the risk list. Like the alert desk, every operation is one transaction that
// writes the change, its ledger entry and its outbox rows together, and returns the envelopes to publish after commit.
import type {
  AddRisk, CloseRisk, DailyAnalysis, DailyReport, ErrorCode, IssueOrder, Order, OrderRecipient, Risk, SubmitDailyReport,
  SwitchToPeacetime, SwitchToWartime, UpdateRisk, WartimeSnapshot, WartimeState, WriteAnalysis, AssignCommand, StreamEvent,
  PersonRef,
} from '../../protocol/index.ts';
import { ALERT_SIGNERS, WARTIME_CONFIRM_OFF, WARTIME_CONFIRM_ON } from '../../protocol/index.ts';
import type { Actor } from '../domain/access.ts';
import {
  centreInScope, checkConfirm, checkStaff, climbLadder, dailyDueAt, dayStart, mayEditRisk, mayIssueOrders,
  maySubmitDaily, maySwitch, mayWriteAnalysis, newOrderDelivery, nextChaseAt, orderCode, resolveOrderTargets,
  resolveScope, shanghaiDay, summarizePeriod, type CentreRef, type LadderStep,
} from '../domain/wartime.ts';
import type { Db } from '../store/db.ts';
import type { Directory } from '../store/directory.ts';
import type { Ledger } from '../store/ledger.ts';
import type { Addressed, Outbox } from '../store/outbox.ts';
import { createWartimeStore } from '../store/wartime.ts';
import { toDelivery } from '../store/deliveries.ts';
import { answer as answerDelivery, markDelivered, sign as signDelivery } from '../domain/delivery.ts';

import type { Result } from './result.ts';
export type { Result } from './result.ts';

export interface WartimeConfig {
  orderAckMs: number;
  peacetimeOrderAckMs: number;
  dailyReportDue: string;
  dailyChaseEveryMs: number;
}

const RECENT_ORDERS = 100;
const DAY = 24 * 3600_000;
/** Closed risks stay in a console's list this long. */
const CLOSED_RISKS_KEPT_MS = 7 * DAY;

/** What the special report (专报) of a day is made of. */
export interface SpecialReportData {
  day: string;
  generatedAt: number;
  state: WartimeState;
  orders: Order[];
  reports: DailyReport[];
  missing: { centreId: number; centreName: string }[];
  analysis: DailyAnalysis | null;
  risks: Risk[];
  incidents: { reported: number; resolved: number; byTownship: { township: string | null; state: string; n: number }[] };
}

export function createCommandDesk(db: Db, outbox: Outbox, ledger: Ledger, directory: Directory, config: () => WartimeConfig) {
  const store = createWartimeStore(db);
  const countyId = directory.countyId();
  const getRev = db.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'wartime_rev'");
  const bumpRev = db.prepare("INSERT INTO settings (key, value) VALUES ('wartime_rev', '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1");

  let centres = new Map<number, CentreRef & { name: string }>();
  let townships: number[] = [];
  const loadCentres = () => {
    centres = new Map(directory.centres().map((c) => [c.id, { id: c.id, level: c.level, parentId: c.parentId, name: c.name }]));
    townships = [...centres.values()].filter((c) => c.level === 'township').map((c) => c.id);
  };
  loadCentres();

  const state = (): WartimeState => {
    const running = store.running();
    const rev = Number(getRev.get()?.value ?? 0);
    const cfg = config();
    return { rev, mode: running ? 'wartime' : 'peacetime', period: running ?? store.last(), orderAckMs: cfg.orderAckMs, dailyReportDue: cfg.dailyReportDue };
  };
  const commandIds = (): number[] => {
    const p = store.runningRow();
    return p ? [p.commander_id, p.executive_id, p.deputy_id].filter((x): x is number => x !== null) : [];
  };
  const scopeTownships = (): number[] => {
    const p = store.runningRow();
    return p ? (JSON.parse(p.township_ids) as number[]) : townships;
  };
  const staffIds = () => store.countyStaff().map((u) => u.id);

  /** The new state goes to every console: those leaving the scope must learn it as much as those entering it. */
  const broadcastState = (now: number): { state: WartimeState; out: Addressed[] } => {
    bumpRev.run();
    const s = state();
    const event: StreamEvent = { kind: 'wartime.state', state: s };
    const out = [...centres.keys()].map((centreId) => ({ centreId, envelope: outbox.push(centreId, now, event) }));
    return { state: s, out };
  };

  const to = (centreIds: number[], now: number, event: StreamEvent): Addressed[] =>
    centreIds.map((centreId) => ({ centreId, envelope: outbox.push(centreId, now, event) }));

  // ---- the switch and the command roles ----

  const start = db.transaction((actor: Actor, input: SwitchToWartime, now: number): Result<{ state: WartimeState }> => {
    const denied = maySwitch(actor) ?? checkConfirm(input.confirm, WARTIME_CONFIRM_ON);
    if (denied) return { ok: false, code: denied };
    if (store.runningRow()) return { ok: false, code: 'WARTIME_ALREADY_ACTIVE' };
    const command = { commander: input.command.commander, executiveDeputy: input.command.executiveDeputy ?? null, deputy: input.command.deputy ?? null };
    const staff = checkStaff(command, staffIds());
    if (!staff.ok) return staff;
    const scope = resolveScope(input.scope, townships);
    if (!scope.ok) return scope;
    const cfg = config();
    const periodId = store.startPeriod({
      at: now, by: actor.id, reason: input.reason ?? '', scope: input.scope, townshipIds: scope.value, plannedEndAt: input.plannedEndAt ?? null,
      commander: command.commander, executive: command.executiveDeputy, deputy: command.deputy,
      nextChaseAt: nextChaseAt(now, cfg.dailyReportDue, cfg.dailyChaseEveryMs, false),
    });
    ledger.append(now, actor.id, 'wartime.start', `wartime:${periodId}`, {
      reason: input.reason, scope: input.scope, townshipIds: scope.value, plannedEndAt: input.plannedEndAt ?? null, command,
    });
    const { state: s, out } = broadcastState(now);
    return { ok: true, value: { state: s }, out };
  });

  const end = db.transaction((actor: Actor, input: SwitchToPeacetime, now: number): Result<{ state: WartimeState }> => {
    const denied = maySwitch(actor) ?? checkConfirm(input.confirm, WARTIME_CONFIRM_OFF);
    if (denied) return { ok: false, code: denied };
    const p = store.runningRow();
    if (!p) return { ok: false, code: 'WARTIME_NOT_ACTIVE' };
    const inputs = store.summaryInputs(p.id);
    const summary = summarizePeriod({
      periodId: p.id, startedAt: p.started_at, endedAt: now, orders: inputs.orders, recipients: inputs.recipients,
      incidents: store.incidentCounts(p.started_at, now + 1), risks: store.riskCounts(p.started_at, now + 1),
      dailyReports: store.reportsBetween(shanghaiDay(p.started_at), shanghaiDay(now)),
    });
    store.endPeriod(p.id, now, actor.id, input.reason ?? '', summary);
    ledger.append(now, actor.id, 'wartime.end', `wartime:${p.id}`, { reason: input.reason, summary });
    const { state: s, out } = broadcastState(now);
    return { ok: true, value: { state: s }, out };
  });

  const assign = db.transaction((actor: Actor, input: AssignCommand, now: number): Result<{ state: WartimeState }> => {
    const denied = maySwitch(actor);
    if (denied) return { ok: false, code: denied };
    const p = store.runningRow();
    if (!p) return { ok: false, code: 'WARTIME_NOT_ACTIVE' };
    const command = { commander: input.command.commander, executiveDeputy: input.command.executiveDeputy ?? null, deputy: input.command.deputy ?? null };
    const staff = checkStaff(command, staffIds());
    if (!staff.ok) return staff;
    store.setCommand(p.id, command.commander, command.executiveDeputy, command.deputy);
    ledger.append(now, actor.id, 'wartime.command', `wartime:${p.id}`, { command });
    const { state: s, out } = broadcastState(now);
    return { ok: true, value: { state: s }, out };
  });

  // ---- orders ----

  const issue = db.transaction((actor: Actor, input: IssueOrder, now: number): Result<{ order: Order }> => {
    const denied = mayIssueOrders(actor, commandIds());
    if (denied) return { ok: false, code: denied };
    const targets = resolveOrderTargets(
      input.targets.kind === 'all'
        ? { kind: 'all', includeVillages: input.targets.includeVillages ?? false }
        : { kind: 'centres', centreIds: input.targets.centreIds, includeVillages: input.targets.includeVillages ?? false },
      scopeTownships(),
      centres,
    );
    if (!targets.ok) return targets;
    const period = store.runningRow();
    const cfg = config();
    const ackMs = period ? cfg.orderAckMs : cfg.peacetimeOrderAckMs;
    const code = orderCode(now, store.ordersSince(dayStart(shanghaiDay(now))) + 1);
    const orderId = store.insertOrder({
      code, periodId: period?.id ?? null, title: input.title, body: input.body ?? '', priority: input.priority ?? 'high',
      completeBy: input.completeBy ?? null, at: now, by: actor.id, ackMs,
    });
    for (const centreId of targets.value) {
      // The centre's seq for this order is known before the row exists: its order.new is the next envelope.
      store.insertRecipient(orderId, centreId, outbox.head(centreId) + 1, newOrderDelivery(now, ackMs));
    }
    const out: Addressed[] = [];
    const views = store.orderViews(orderId);
    if (!views) return { ok: false, code: 'INTERNAL' };
    for (const centreId of targets.value) {
      out.push({ centreId, envelope: outbox.push(centreId, now, { kind: 'order.new', order: views.forCentre(centreId) }) });
    }
    const order = views.full;
    out.push({ centreId: countyId, envelope: outbox.push(countyId, now, { kind: 'order.new', order }) });
    ledger.append(now, actor.id, 'order.issue', `order:${orderId}`, {
      code, title: input.title, priority: input.priority, completeBy: input.completeBy ?? null, targets: targets.value, ackMs, periodId: period?.id ?? null,
    });
    return { ok: true, value: { order }, out };
  });

  const statusOut = (recipient: OrderRecipient, now: number): Addressed[] => to([recipient.centreId, countyId], now, { kind: 'order.status', recipient });

  /** Delivery receipts of many centres in one transaction (one fsync for a burst from every console). */
  const receive = db.transaction((batch: [number, number][], now: number): Addressed[] => {
    const out: Addressed[] = [];
    for (const [centreId, upTo] of batch) {
      for (const row of store.pendingUpTo(centreId, upTo)) {
        const next = markDelivered(toDelivery(row), now);
        if (!next) continue;
        const recipient = store.saveRecipient(row.item_id, centreId, next);
        out.push({ centreId: countyId, envelope: outbox.push(countyId, now, { kind: 'order.status', recipient }) });
      }
    }
    return out;
  });

  const sign = db.transaction((actor: Actor, orderId: number, now: number): Result<{ recipient: OrderRecipient }> => {
    const row = store.recipient(orderId, actor.centreId);
    if (!row) return { ok: false, code: store.orderExists(orderId) ? 'FORBIDDEN_SCOPE' : 'NOT_FOUND' };
    if (!ALERT_SIGNERS.includes(actor.role)) return { ok: false, code: 'FORBIDDEN_ROLE' };
    const next = signDelivery(toDelivery(row), actor.id, now);
    if (!next.ok) return next;
    const recipient = store.saveRecipient(orderId, actor.centreId, next.value);
    ledger.append(now, actor.id, 'order.sign', `order:${orderId}`, { centreId: actor.centreId, rung: row.rung });
    return { ok: true, value: { recipient }, out: statusOut(recipient, now) };
  });

  const answer = db.transaction((actor: Actor, orderId: number, text: string, now: number): Result<{ recipient: OrderRecipient }> => {
    const row = store.recipient(orderId, actor.centreId);
    if (!row) return { ok: false, code: store.orderExists(orderId) ? 'FORBIDDEN_SCOPE' : 'NOT_FOUND' };
    if (!ALERT_SIGNERS.includes(actor.role)) return { ok: false, code: 'FORBIDDEN_ROLE' };
    const next = answerDelivery(toDelivery(row), actor.id, text, now);
    if (!next.ok) return next;
    const recipient = store.saveRecipient(orderId, actor.centreId, next.value);
    ledger.append(now, actor.id, 'order.answer', `order:${orderId}`, { centreId: actor.centreId, text });
    return { ok: true, value: { recipient }, out: statusOut(recipient, now) };
  });

  const LADDER_ACTIONS: Record<LadderStep, string> = { 1: 'order.resend', 2: 'order.flag', 3: 'order.timeout' };

  const climbDue = (now: number, limit: number): Addressed[] => {
    const out: Addressed[] = [];
    for (const row of store.due(now, limit)) {
      const climbed = climbLadder(toDelivery(row), row.ack_ms, now);
      if (!climbed) continue;
      const recipient = store.saveRecipient(row.item_id, row.centre_id, climbed.row);
      if (climbed.steps.length === 0) continue;
      for (const step of climbed.steps) {
        ledger.append(now, null, LADDER_ACTIONS[step], `order:${row.item_id}`, { centreId: row.centre_id, rung: step, dueAt: row.due_at });
      }
      if (climbed.steps.includes(1)) {
        // re-sent: the whole order again, so a console that somehow lost it shows it (as a reminder, not a second order)
        const order = store.orderView(row.item_id, row.centre_id) as Order;
        out.push({ centreId: row.centre_id, envelope: outbox.push(row.centre_id, now, { kind: 'order.resent', order }) });
        out.push({ centreId: countyId, envelope: outbox.push(countyId, now, { kind: 'order.status', recipient }) });
      } else {
        out.push(...statusOut(recipient, now));
      }
    }
    return out;
  };

  // ---- the daily cycle ----

  const chaseDue = (now: number): Addressed[] => {
    const p = store.runningRow();
    if (!p || p.next_chase_at === null || p.next_chase_at > now) return [];
    const cfg = config();
    const day = shanghaiDay(now);
    const dueAt = dailyDueAt(day, cfg.dailyReportDue);
    const out: Addressed[] = [];
    if (now >= dueAt) {
      const scope = JSON.parse(p.township_ids) as number[];
      const have = new Set(store.reportsOfDay(day, cfg.dailyReportDue).map((r) => r.centreId));
      const missing = scope.filter((id) => !have.has(id));
      if (missing.length) {
        for (const centreId of missing) out.push(...to([centreId], now, { kind: 'daily.chase', date: day, dueAt, centreIds: [centreId] }));
        out.push(...to([countyId], now, { kind: 'daily.chase', date: day, dueAt, centreIds: missing }));
        ledger.append(now, null, 'daily.chase', `daily:${day}`, { centreIds: missing });
      }
    }
    store.setChase(p.id, nextChaseAt(now, cfg.dailyReportDue, cfg.dailyChaseEveryMs, now >= dueAt));
    return out;
  };

  const fireDue = db.transaction((now: number, limit: number): Addressed[] => [...climbDue(now, limit), ...chaseDue(now)]);

  const submitDaily = db.transaction((actor: Actor, input: SubmitDailyReport, now: number): Result<{ report: DailyReport }> => {
    const denied = maySubmitDaily(actor);
    if (denied) return { ok: false, code: denied };
    if (input.date !== shanghaiDay(now)) return { ok: false, code: 'DAILY_REPORT_BAD_DATE' };
    const cfg = config();
    const saved = store.saveReport(actor.centreId, input.date, {
      summary: input.summary, risksChecked: input.risksChecked, disputesResolved: input.disputesResolved, needsCounty: input.needsCounty ?? '',
    }, now, actor.id, cfg.dailyReportDue);
    ledger.append(now, actor.id, 'daily.submit', `daily:${input.date}`, { centreId: actor.centreId, late: saved.late });
    return { ok: true, value: { report: saved }, out: to([actor.centreId, countyId], now, { kind: 'daily.report', report: saved }) };
  });

  const writeAnalysis = db.transaction((actor: Actor, input: WriteAnalysis, now: number): Result<{ analysis: DailyAnalysis }> => {
    const denied = mayWriteAnalysis(actor, commandIds());
    if (denied) return { ok: false, code: denied };
    const analysis = store.saveAnalysis(input.date, input.text, now, actor.id);
    ledger.append(now, actor.id, 'daily.analysis', `daily:${input.date}`, { length: input.text.length });
    return { ok: true, value: { analysis }, out: to([countyId], now, { kind: 'daily.analysis', analysis }) };
  });

  // ---- risks ----

  const riskOut = (risk: Risk, now: number): Addressed[] => to([risk.townshipId, countyId], now, { kind: 'risk.upsert', risk });

  const addRisk = db.transaction((actor: Actor, input: AddRisk, now: number): Result<{ risk: Risk }> => {
    if (!townships.includes(input.townshipId)) return { ok: false, code: 'TARGET_UNKNOWN' };
    const denied = mayEditRisk(actor, input.townshipId);
    if (denied) return { ok: false, code: denied };
    const risk = store.addRisk(input, now, actor.id);
    ledger.append(now, actor.id, 'risk.add', `risk:${risk.id}`, input);
    return { ok: true, value: { risk }, out: riskOut(risk, now) };
  });

  const updateRisk = db.transaction((actor: Actor, input: UpdateRisk, now: number): Result<{ risk: Risk }> => {
    const row = store.riskRow(input.riskId);
    if (!row) return { ok: false, code: 'NOT_FOUND' };
    const denied = mayEditRisk(actor, row.township_id);
    if (denied) return { ok: false, code: denied };
    if (row.status === 'closed') return { ok: false, code: 'RISK_CLOSED' };
    const risk = store.updateRisk(input.riskId, input.note, now, actor.id);
    ledger.append(now, actor.id, 'risk.update', `risk:${risk.id}`, { note: input.note });
    return { ok: true, value: { risk }, out: riskOut(risk, now) };
  });

  const closeRisk = db.transaction((actor: Actor, input: CloseRisk, now: number): Result<{ risk: Risk }> => {
    const row = store.riskRow(input.riskId);
    if (!row) return { ok: false, code: 'NOT_FOUND' };
    const denied = mayEditRisk(actor, row.township_id);
    if (denied) return { ok: false, code: denied };
    if (row.status === 'closed') return { ok: false, code: 'RISK_CLOSED' };
    const risk = store.closeRisk(input.riskId, input.result, now, actor.id);
    ledger.append(now, actor.id, 'risk.close', `risk:${risk.id}`, { result: input.result });
    return { ok: true, value: { risk }, out: riskOut(risk, now) };
  });

  /** A day's reports: every township's for the county (with the analysis), its own for a township. */
  const reports = (centreId: number, day: string): { reports: DailyReport[]; analysis: DailyAnalysis | null } => {
    const due = config().dailyReportDue;
    if (centreId === countyId) return { reports: store.reportsOfDay(day, due), analysis: store.analysis(day) };
    const own = store.report(centreId, day, due);
    return { reports: own ? [own] : [], analysis: null };
  };

  return {
    countyId,
    store,
    state,
    reloadCentres: loadCentres,
    /** Is a centre's console in the scope of the running period (or is it peacetime)? */
    inScope(centreId: number): boolean {
      const c = centres.get(centreId);
      return c ? centreInScope(c, scopeTownships()) : false;
    },
    staff(): (PersonRef & { role: string })[] {
      return store.countyStaff();
    },
    start: (actor: Actor, input: SwitchToWartime, now: number) => start(actor, input, now),
    end: (actor: Actor, input: SwitchToPeacetime, now: number) => end(actor, input, now),
    assign: (actor: Actor, input: AssignCommand, now: number) => assign(actor, input, now),
    issue: (actor: Actor, input: IssueOrder, now: number) => issue(actor, input, now),
    /** Fresh delivery receipts (unit → highest seq applied), inside the stream core's receipt transaction. */
    receive(batch: ReadonlyMap<number, number>, now: number): Addressed[] {
      return receive([...batch], now);
    },
    /** Whether a centre may see an order (the county sees all, a recipient its own): null if yes, else why not. */
    orderAccess(centreId: number, orderId: number): ErrorCode | null {
      if (!store.orderExists(orderId)) return 'NOT_FOUND';
      return centreId === countyId || store.recipient(orderId, centreId) ? null : 'FORBIDDEN_SCOPE';
    },
    sign: (actor: Actor, orderId: number, now: number) => sign(actor, orderId, now),
    answer: (actor: Actor, orderId: number, text: string, now: number) => answer(actor, orderId, text, now),
    /** The tick: climbs the ladder of overdue orders and chases missing daily reports. */
    fireDue: (now: number, limit = 500): Addressed[] => fireDue(now, limit),
    submitDaily: (actor: Actor, input: SubmitDailyReport, now: number) => submitDaily(actor, input, now),
    writeAnalysis: (actor: Actor, input: WriteAnalysis, now: number) => writeAnalysis(actor, input, now),
    addRisk: (actor: Actor, input: AddRisk, now: number) => addRisk(actor, input, now),
    updateRisk: (actor: Actor, input: UpdateRisk, now: number) => updateRisk(actor, input, now),
    closeRisk: (actor: Actor, input: CloseRisk, now: number) => closeRisk(actor, input, now),

    reports,

    /** The stream core's snapshot provider: the mode, recent orders, today's reports and analysis, risks. */
    snapshot(centreId: number, now: number): WartimeSnapshot {
      const today = shanghaiDay(now);
      const county = centreId === countyId;
      const c = centres.get(centreId);
      const township = c?.level === 'village' ? c.parentId : centreId;
      return {
        state: state(),
        orders: store.recentOrders(RECENT_ORDERS, county ? undefined : centreId),
        today,
        ...reports(centreId, today),
        risks: county ? store.risks(now - CLOSED_RISKS_KEPT_MS) : township === null ? [] : store.risks(now - CLOSED_RISKS_KEPT_MS, township),
      };
    },

    specialReport(day: string, now: number): SpecialReportData {
      const from = dayStart(day);
      const to = from + DAY;
      const cfg = config();
      const s = state();
      const reports = store.reportsOfDay(day, cfg.dailyReportDue);
      const have = new Set(reports.map((r) => r.centreId));
      const scope = s.mode === 'wartime' && s.period ? s.period.townshipIds : townships;
      return {
        day,
        generatedAt: now,
        state: s,
        orders: store.ordersBetween(from, to),
        reports,
        missing: scope.filter((id) => !have.has(id)).map((id) => ({ centreId: id, centreName: centres.get(id)?.name ?? String(id) })),
        analysis: store.analysis(day),
        risks: store.risks(from).filter((r) => r.createdAt < to),
        incidents: { ...store.incidentCounts(from, to), byTownship: store.incidentsByTownship(from, to) },
      };
    },
  };
}
export type CommandDesk = ReturnType<typeof createCommandDesk>;
