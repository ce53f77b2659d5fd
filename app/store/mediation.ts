// The dispute flow's rows (migration 0015): the routing table, mediation rooms, the mediation record and sessions, the
// routings with their 签收 columns, and the flow fields on `disputes` (state, holder, handling window, 三二一).
import type { Agreement, DisputeFlow, DisputeState, DisputeType, MediationRoom, MediationSession, Routing, RoutingChannel, RoutingRule, RoutingStage } from '../../protocol/index.ts';
import { isOverdue as deliveryOverdue, type Delivery } from '../domain/delivery.ts';
import { isFlowOverdue, nextDueAt, type FlowRouting, type FlowState } from '../domain/disputeFlow.ts';
import { disputeScopeSql, type DisputeScope } from './disputes.ts';
import type { Db } from './db.ts';

interface FlowRow {
  id: number; code: string; type: DisputeType; summary: string; township_id: number | null; state: DisputeState; holder_centre_id: number;
  holder_name: string; resolve_by: number | null; urge_due_at: number | null; supervise_due_at: number | null; urged_at: number | null;
  supervised_at: number | null; result: string | null; satisfaction: number | null; closed_at: number | null; attempts: string;
  resolved_by: 'mediation' | 'unit' | null; routing_id: number | null; updated_at: number; version: number;
}

interface MediationRow {
  dispute_id: number; mediator_id: number | null; mediator_name: string | null; room_id: number | null; room_name: string | null; assigned_at: number;
  assigned_by: number; outcome: 'agreement' | 'none' | null; agreement_number: string | null; facts: string | null; terms: string | null;
  performance: string | null; signed_at: number | null; recorded_by: number | null; recorder_name: string | null;
  judicial_state: 'applied' | 'confirmed' | 'rejected' | null; judicial_court: string | null; judicial_note: string | null; judicial_at: number | null;
}

export interface RoutingRow {
  id: number; dispute_id: number; centre_id: number; centre_name: string; channel: RoutingChannel; stage: RoutingStage; days: number;
  suggested_centre_id: number | null; reason: string; insisted: number; routed_at: number; routed_by: number; router_name: string;
  state: Delivery['state']; delivered_at: number | null; signed_at: number | null; signed_by: number | null; signer_name: string | null;
  due_at: number; next_at: number | null; rung: number; reminded_at: number | null; returned_at: number | null; returned_by: number | null;
  returner_name: string | null; return_reason: string | null;
}

const FLOW = `SELECT d.id, d.code, d.type, d.summary, d.township_id, d.state, d.holder_centre_id, h.name AS holder_name, d.resolve_by, d.urge_due_at,
    d.supervise_due_at, d.urged_at, d.supervised_at, d.result, d.satisfaction, d.closed_at, d.attempts, d.resolved_by, d.routing_id, d.updated_at, d.version
  FROM disputes d JOIN centres h ON h.id = d.holder_centre_id`;
const MEDIATION = `SELECT m.*, u.name AS mediator_name, r.name AS room_name, w.name AS recorder_name FROM dispute_mediations m
  LEFT JOIN users u ON u.id = m.mediator_id LEFT JOIN mediation_rooms r ON r.id = m.room_id LEFT JOIN users w ON w.id = m.recorded_by`;
const ROUTING = `SELECT r.*, c.name AS centre_name, u.name AS router_name, s.name AS signer_name, x.name AS returner_name FROM dispute_routings r
  JOIN centres c ON c.id = r.centre_id JOIN users u ON u.id = r.routed_by LEFT JOIN users s ON s.id = r.signed_by LEFT JOIN users x ON x.id = r.returned_by`;

export const toDeliveryOf = (r: RoutingRow): Delivery => ({
  state: r.state, deliveredAt: r.delivered_at, signedAt: r.signed_at, signedBy: r.signed_by, dueAt: r.due_at, nextAt: r.next_at, rung: r.rung,
  remindedAt: r.reminded_at, wantsAnswer: false, answeredAt: null, answeredBy: null, answer: null,
});

export function createMediationStore(db: Db) {
  const flowById = db.prepare<[number], FlowRow>(`${FLOW} WHERE d.id = ?`);
  const mediationOf = db.prepare<[number], MediationRow>(`${MEDIATION} WHERE m.dispute_id = ?`);
  const routingById = db.prepare<[number], RoutingRow>(`${ROUTING} WHERE r.id = ?`);
  const lastReturnOf = db.prepare<[number], RoutingRow>(`${ROUTING} WHERE r.dispute_id = ? AND r.returned_at IS NOT NULL ORDER BY r.id DESC LIMIT 1`);
  const saveFlow = db.prepare(`UPDATE disputes SET state = @state, holder_centre_id = @holder, pending_sign = @pendingSign, resolve_by = @resolveBy,
    urge_due_at = @urgeDueAt, supervise_due_at = @superviseDueAt, urged_at = @urgedAt, supervised_at = @supervisedAt, result = @result,
    satisfaction = @satisfaction, closed_at = @closedAt, attempts = @attempts, resolved_by = @resolvedBy, routing_id = @routingId,
    updated_at = @now, version = version + 1 WHERE id = @id`);
  const insertRouting = db.prepare(`INSERT INTO dispute_routings (dispute_id, centre_id, channel, stage, days, suggested_centre_id, reason, insisted,
    routed_at, routed_by, state, due_at, next_at, rung) VALUES (@disputeId, @centreId, @channel, @stage, @days, @suggested, @reason, @insisted,
    @now, @by, @state, @dueAt, @nextAt, @rung)`);
  const saveDelivery = db.prepare(`UPDATE dispute_routings SET state = ?, delivered_at = ?, signed_at = ?, signed_by = ?, next_at = ?, rung = ?,
    reminded_at = ? WHERE id = ?`);
  const touch = db.prepare('UPDATE disputes SET version = version + 1, updated_at = ? WHERE id = ?');
  const setNewSeq = db.prepare('UPDATE dispute_routings SET new_seq = ? WHERE id = ?');
  const pendingUpTo = db.prepare<[number, number], RoutingRow>(
    `${ROUTING} JOIN disputes d ON d.routing_id = r.id WHERE r.centre_id = ? AND r.state = 'pending' AND r.new_seq <= ?`,
  );
  const markReturned = db.prepare('UPDATE dispute_routings SET returned_at = ?, returned_by = ?, return_reason = ?, next_at = NULL WHERE id = ?');
  const upsertAssignment = db.prepare(`INSERT INTO dispute_mediations (dispute_id, mediator_id, room_id, assigned_at, assigned_by) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT(dispute_id) DO UPDATE SET mediator_id = excluded.mediator_id, room_id = excluded.room_id, assigned_at = excluded.assigned_at,
    assigned_by = excluded.assigned_by`);
  const setOutcome = db.prepare('UPDATE dispute_mediations SET outcome = ? WHERE dispute_id = ?');
  const setAgreement = db.prepare(`UPDATE dispute_mediations SET outcome = 'agreement', agreement_number = ?, facts = ?, terms = ?, performance = ?,
    signed_at = ?, recorded_by = ? WHERE dispute_id = ?`);
  const agreementsThisYear = db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM dispute_mediations WHERE agreement_number LIKE ?");
  const setJudicial = db.prepare('UPDATE dispute_mediations SET judicial_state = ?, judicial_court = ?, judicial_note = ?, judicial_at = ? WHERE dispute_id = ?');
  const insertSession = db.prepare(`INSERT INTO mediation_sessions (dispute_id, at, place, attendees, notes, recorded_by, recorded_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const sessionsOf = db.prepare<[number], { id: number; at: number; place: string; attendees: string; notes: string; recorded_by: number; recorder_name: string }>(
    `SELECT s.*, u.name AS recorder_name FROM mediation_sessions s JOIN users u ON u.id = s.recorded_by WHERE s.dispute_id = ? ORDER BY s.at, s.id`,
  );
  const rooms = db.prepare<[], { id: number; name: string; active: number }>('SELECT id, name, active FROM mediation_rooms ORDER BY id');
  const roomByName = db.prepare<[string], { id: number }>('SELECT id FROM mediation_rooms WHERE name = ?');
  const insertRoom = db.prepare('INSERT INTO mediation_rooms (name, active) VALUES (?, ?)');
  const updateRoom = db.prepare('UPDATE mediation_rooms SET name = ?, active = ? WHERE id = ?');
  const rules = db.prepare<[], { dispute_type: string; stage: RoutingStage; channel: RoutingChannel; unit_id: number | null; days: number }>(
    'SELECT dispute_type, stage, channel, unit_id, days FROM routing_rules ORDER BY position',
  );
  const tableMeta = db.prepare<[], { version: number; updated_at: number | null; updated_by: number | null; updater_name: string | null }>(
    'SELECT t.version, t.updated_at, t.updated_by, u.name AS updater_name FROM routing_table t LEFT JOIN users u ON u.id = t.updated_by WHERE t.id = 1',
  );
  const clearRules = db.prepare('DELETE FROM routing_rules');
  const insertRule = db.prepare('INSERT INTO routing_rules (dispute_type, stage, channel, unit_id, days, position) VALUES (?, ?, ?, ?, ?, ?)');
  const bumpTable = db.prepare('UPDATE routing_table SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = 1');
  const dueFlows = db.prepare<[number, number, number, number], { id: number }>(
    `SELECT id FROM disputes WHERE state IN ('signed', 'handling') AND urge_due_at <= ?
     UNION SELECT id FROM disputes WHERE state IN ('signed', 'handling') AND supervise_due_at <= ?
     UNION SELECT d.id FROM dispute_routings r JOIN disputes d ON d.routing_id = r.id WHERE r.next_at <= ? AND d.state = 'routed' LIMIT ?`,
  );

  const mediators = db.prepare<[number], { id: number; name: string }>(
    "SELECT id, name FROM users WHERE active = 1 AND centre_id = ? AND role IN ('dutyOfficer', 'commander') ORDER BY name",
  );

  /** The flow as the state machine sees it, from the rows already read. */
  function toFlowState(d: FlowRow, m: MediationRow | undefined, r: RoutingRow | undefined): FlowState {
    return {
      state: d.state, holderCentreId: d.holder_centre_id,
      mediation: m ? { mediatorId: m.mediator_id, roomId: m.room_id, outcome: m.outcome, judicial: m.judicial_state } : null,
      routing: r ? { centreId: r.centre_id, channel: r.channel, stage: r.stage, days: r.days, insisted: r.insisted === 1, delivery: toDeliveryOf(r) } : null,
      resolveBy: d.resolve_by, urgeDueAt: d.urge_due_at, superviseDueAt: d.supervise_due_at, urgedAt: d.urged_at, supervisedAt: d.supervised_at,
      attempts: JSON.parse(d.attempts), result: d.result, resolvedBy: d.resolved_by, satisfaction: d.satisfaction, closedAt: d.closed_at,
    };
  }

  function rowsOf(id: number): { d: FlowRow; m: MediationRow | undefined; r: RoutingRow | undefined } | null {
    const d = flowById.get(id);
    if (!d) return null;
    return { d, m: mediationOf.get(id), r: d.routing_id === null ? undefined : routingById.get(d.routing_id) };
  }

  function flowState(id: number): FlowState | null {
    const rows = rowsOf(id);
    return rows ? toFlowState(rows.d, rows.m, rows.r) : null;
  }

  const routingView = (r: RoutingRow): Routing => ({
    id: r.id, centreId: r.centre_id, centreName: r.centre_name, channel: r.channel, stage: r.stage, suggestedCentreId: r.suggested_centre_id, reason: r.reason,
    insisted: r.insisted === 1, routedAt: r.routed_at, routedBy: { id: r.routed_by, name: r.router_name }, state: r.state, dueAt: r.due_at, rung: r.rung,
    overdue: deliveryOverdue(r), signedAt: r.signed_at, signedBy: r.signed_by === null ? null : { id: r.signed_by, name: r.signer_name ?? '' }, days: r.days,
  });

  function agreementOf(m: MediationRow): Agreement | null {
    if (m.outcome !== 'agreement' || m.agreement_number === null) return null;
    return {
      number: m.agreement_number, facts: m.facts ?? '', terms: m.terms ?? '', performance: m.performance ?? '', signedAt: m.signed_at ?? 0,
      recordedBy: { id: m.recorded_by ?? 0, name: m.recorder_name ?? '' },
    };
  }

  function sessions(id: number): MediationSession[] {
    return sessionsOf.all(id).map((s) => ({ id: s.id, at: s.at, place: s.place, attendees: JSON.parse(s.attendees), notes: s.notes, recordedBy: { id: s.recorded_by, name: s.recorder_name } }));
  }

  function view(id: number): DisputeFlow | null {
    const rows = rowsOf(id);
    if (!rows) return null;
    const { d, m, r } = rows;
    const f = toFlowState(d, m, r);
    // A case never routed was never returned.
    const back = r ? lastReturnOf.get(id) : undefined;
    return {
      disputeId: d.id, code: d.code, type: d.type, summary: d.summary, townshipId: d.township_id, state: d.state, holderCentreId: d.holder_centre_id,
      holderCentreName: d.holder_name,
      mediation: m
        ? {
            mediator: m.mediator_id === null ? null : { id: m.mediator_id, name: m.mediator_name ?? '' }, room: m.room_id === null ? null : { id: m.room_id, name: m.room_name ?? '' },
            assignedAt: m.assigned_at, sessions: sessions(id), outcome: m.outcome, agreement: agreementOf(m),
            judicial: m.judicial_state ? { state: m.judicial_state, court: m.judicial_court ?? '', note: m.judicial_note ?? '', at: m.judicial_at ?? 0 } : null,
          }
        : null,
      routing: r ? routingView(r) : null,
      lastReturn: back
        ? { centreId: back.centre_id, centreName: back.centre_name, reason: back.return_reason ?? '', at: back.returned_at ?? 0, by: { id: back.returned_by ?? 0, name: back.returner_name ?? '' } }
        : null,
      resolveBy: d.resolve_by, urgedAt: d.urged_at, supervisedAt: d.supervised_at, overdue: isFlowOverdue(f), attempts: f.attempts, result: d.result,
      resolvedBy: d.resolved_by, satisfaction: d.satisfaction, closedAt: d.closed_at, updatedAt: d.updated_at, version: d.version,
    };
  }

  return {
    flowState,
    view,
    routingIdOf: (id: number): number | null => flowById.get(id)?.routing_id ?? null,
    sessions,
    mediation: (id: number) => mediationOf.get(id),
    routing: (id: number) => routingById.get(id),
    /** Writes the flow fields of the case (the routing's 签收 columns are written by saveDelivery). */
    saveFlow(id: number, f: FlowState, routingId: number | null, now: number): void {
      saveFlow.run({
        id, now, state: f.state, holder: f.holderCentreId, pendingSign: f.state === 'routed' ? 1 : 0, resolveBy: f.resolveBy, urgeDueAt: f.urgeDueAt,
        superviseDueAt: f.superviseDueAt, urgedAt: f.urgedAt, supervisedAt: f.supervisedAt, result: f.result, satisfaction: f.satisfaction, closedAt: f.closedAt,
        attempts: JSON.stringify(f.attempts), resolvedBy: f.resolvedBy, routingId,
      });
    },
    insertRouting(disputeId: number, r: FlowRouting, suggested: number | null, reason: string, by: number, now: number): number {
      const d = r.delivery;
      return Number(
        insertRouting.run({
          disputeId, centreId: r.centreId, channel: r.channel, stage: r.stage, days: r.days, suggested, reason, insisted: r.insisted ? 1 : 0, now, by,
          state: d.state, dueAt: d.dueAt, nextAt: d.nextAt, rung: d.rung,
        }).lastInsertRowid,
      );
    },
    saveDelivery(routingId: number, d: Delivery): void {
      saveDelivery.run(d.state, d.deliveredAt, d.signedAt, d.signedBy, d.nextAt, d.rung, d.remindedAt, routingId);
    },
    /** A change outside the case's own fields (a routing delivered): consoles keep the copy with the higher version. */
    touch(disputeId: number, now: number): void {
      touch.run(now, disputeId);
    },
    /** The seq of the envelope that told the unit (its receipt marks the routing delivered). */
    setNewSeq(routingId: number, seq: number): void {
      setNewSeq.run(seq, routingId);
    },
    /** Current routings of a unit not yet delivered whose envelope is at or below `seq` (a console's receipt). */
    pendingUpTo: (centreId: number, seq: number): RoutingRow[] => pendingUpTo.all(centreId, seq),
    markReturned(routingId: number, by: number, reason: string, now: number): void {
      markReturned.run(now, by, reason, routingId);
    },
    assign(disputeId: number, mediatorId: number | null, roomId: number | null, by: number, now: number): void {
      upsertAssignment.run(disputeId, mediatorId, roomId, now, by);
    },
    setOutcome(disputeId: number, outcome: 'agreement' | 'none'): void {
      setOutcome.run(outcome, disputeId);
    },
    /** The agreement with its number: 〔year〕n, counted per year in the county. */
    setAgreement(disputeId: number, a: { facts: string; terms: string; performance: string; signedAt: number }, year: string, by: number): string {
      const n = (agreementsThisYear.get(`调〔${year}〕%`)?.n ?? 0) + 1;
      const number = `调〔${year}〕${n}号`;
      setAgreement.run(number, a.facts, a.terms, a.performance, a.signedAt, by, disputeId);
      return number;
    },
    setJudicial(disputeId: number, state: string, court: string, note: string, now: number): void {
      setJudicial.run(state, court, note, now, disputeId);
    },
    addSession(disputeId: number, s: { at: number; place: string; attendees: string[]; notes: string }, by: number, now: number): void {
      insertSession.run(disputeId, s.at, s.place, JSON.stringify(s.attendees), s.notes, by, now);
    },
    /** Who may be named mediator: the county's active staff who act for it. */
    mediators: (countyId: number) => mediators.all(countyId),
    roomIdByName: (name: string): number | undefined => roomByName.get(name)?.id,
    addRoom: (name: string, active: boolean): number => Number(insertRoom.run(name, active ? 1 : 0).lastInsertRowid),
    updateRoom: (id: number, name: string, active: boolean): boolean => updateRoom.run(name, active ? 1 : 0, id).changes === 1,
    rooms(): MediationRoom[] {
      return rooms.all().map((r) => ({ id: r.id, name: r.name, active: r.active === 1 }));
    },
    rules(): RoutingRule[] {
      return rules.all().map((r) => ({ disputeType: r.dispute_type, stage: r.stage, channel: r.channel, unitId: r.unit_id, days: r.days }));
    },
    tableMeta: () => tableMeta.get() as { version: number; updated_at: number | null; updated_by: number | null; updater_name: string | null },
    replaceRules(list: readonly RoutingRule[], by: number, now: number): void {
      clearRules.run();
      list.forEach((r, i) => insertRule.run(r.disputeType, r.stage, r.channel, r.unitId, r.days, i));
      bumpTable.run(now, by);
    },
    /** Cases with a 催办/督办 or a 签收 rung due. */
    due(now: number, limit: number): number[] {
      return dueFlows.all(now, now, now, limit).map((r) => r.id);
    },
    /** The flows a unit sees (the disputes' own scope), newest first. */
    list(scope: DisputeScope, limit: number): DisputeFlow[] {
      const s = disputeScopeSql(scope);
      const ids = db.prepare<(number | string)[], { id: number }>(`SELECT d.id FROM disputes d WHERE ${s.sql} ORDER BY d.id DESC LIMIT ?`).all(...s.args, limit);
      return ids.map((r) => view(r.id) as DisputeFlow);
    },
    nextDueAt,
  };
}
export type MediationStore = ReturnType<typeof createMediationStore>;

/** The demo county's 法治化路线图 (an administrator edits it in 管理 · 路线图): rows by the departments' names. */
export function seedDemoRoutingTable(db: Db, departments: ReadonlyMap<string, number>): void {
  const rows: [string, RoutingStage, RoutingChannel, string | null, number][] = [
    ['labour', 'intake', 'labourArbitration', '县人社局', 45],
    ['labour', 'mediationFailed', 'labourArbitration', '县人社局', 45],
    ['marriage', 'mediationFailed', 'courtMediation', '县人民法院', 30],
    ['medical', 'mediationFailed', 'administrative', '县司法局', 30],
    ['traffic', 'mediationFailed', 'administrative', '县公安局', 15],
    ['demolition', 'mediationFailed', 'petition', '县信访局', 60],
    ['neighbour', 'mediationFailed', 'township', null, 10],
    ['land', 'mediationFailed', 'township', null, 30],
    ['*', 'mediationFailed', 'legalAid', '县司法局', 15],
  ];
  const insert = db.prepare('INSERT INTO routing_rules (dispute_type, stage, channel, unit_id, days, position) VALUES (?, ?, ?, ?, ?, ?)');
  rows.forEach(([type, stage, channel, unit, days], i) => {
    const unitId = unit === null ? null : departments.get(unit);
    if (unitId !== undefined) insert.run(type, stage, channel, unitId, days, i);
  });
  db.prepare('UPDATE routing_table SET version = 1 WHERE id = 1').run();
}
