// The dispute flow desk: 先行调解 (mediator or room, sessions, agreement, 司法确认), 分类流转 by the routing table point to
// point to a unit with 签收, 退回 and the county's decision, 跟踪督办 (timers) and 回访. Each step is one transaction with
// the case's timeline, the ledger and the outbox rows; the caller publishes the returned envelopes after the commit.
import {
  type MediationRoom, DISPUTE_TYPES, DISPUTE_TYPE_LABELS, type DisputeFlow, type ErrorCode, type FlowDetail, type FlowStep, type RoutingRule, type RoutingTableView, type SessionUser,
} from '../../protocol/index.ts';
import { allowedFlowSteps, applyFlowStep, fireFlowTimers, routingStageOf, type FlowContext, type FlowState } from '../domain/disputeFlow.ts';
import { markDelivered } from '../domain/delivery.ts';
import { toDeliveryOf } from '../store/mediation.ts';
import type { CentreNode, StepActor } from '../domain/incidents.ts';
import { diffRoutingTables, suggestRoute, validateRoutingTable, type RoutingUnit } from '../domain/routingTable.ts';
import type { AgreementData } from '../domain/agreementTemplate.ts';
import { formatShanghai } from '../domain/time.ts';
import type { Db } from '../store/db.ts';
import type { Directory } from '../store/directory.ts';
import { createDisputeStore, type DisputeScope } from '../store/disputes.ts';
import type { Ledger } from '../store/ledger.ts';
import { createMediationStore } from '../store/mediation.ts';
import type { Addressed, Outbox } from '../store/outbox.ts';
import type { Result } from './result.ts';

export interface FlowRules {
  /** The 签收 deadline of a routing. */
  signMs: number;
  /** Handling days when the routing table has no row for the case. */
  defaultDays: number;
}

type Answer<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; details?: Record<string, string> };
type Notice = 'routed' | 'returned' | 'urge' | 'supervise' | 'signReminder' | null;

export interface MediationDeskDeps {
  db: Db;
  outbox: Outbox;
  ledger: Ledger;
  directory: Directory;
  rules: () => FlowRules;
  /** The dispute desk's own push of the changed case (`dispute.updated`) to these units. */
  announceDispute: (disputeId: number, now: number, centreIds: number[]) => Addressed[];
}

const SNAPSHOT_SIZE = 500;

export function createMediationDesk({ db, outbox, ledger, directory, rules, announceDispute }: MediationDeskDeps) {
  const store = createMediationStore(db);
  const disputes = createDisputeStore(db);
  const countyId = directory.countyId();
  let centres = new Map<number, CentreNode>();
  const loadCentres = () => {
    centres = new Map(directory.centres().map((c) => [c.id, { id: c.id, parentId: c.parentId, level: c.level, name: c.name }]));
  };
  loadCentres();

  const scopeOf = (u: SessionUser): DisputeScope => (u.centreLevel === 'county' ? { level: 'county' } : { level: 'unit', centreId: u.centreId });
  const actorOf = (u: SessionUser): StepActor => ({ id: u.id, role: u.role, centreId: u.centreId });
  const ctxOf = (now: number, suggestion: FlowContext['suggestion'] = null): FlowContext => ({ now, centres, ...rules(), suggestion });

  /** The county, the holder, the township where it arose, the unit that registered it, and whoever held it before. */
  function audience(id: number, before: number | null): number[] {
    const row = disputes.row(id);
    if (!row) return [countyId];
    const ids = new Set([countyId, row.holder_centre_id, row.registered_centre_id]);
    if (row.township_id !== null) ids.add(row.township_id);
    if (before !== null) ids.add(before);
    return [...ids];
  }

  function announce(id: number, now: number, before: number | null, notice: Notice): Addressed[] {
    const to = audience(id, before);
    const flow = store.view(id) as DisputeFlow;
    return [...announceDispute(id, now, to), ...outbox.pushAll(to, now, { kind: 'dispute.flow', flow, notice })];
  }

  /** The routing table's suggestion for a case waiting to be routed (null: no row, or the case is not waiting). */
  function suggestionFor(id: number, f: FlowState): { centreId: number | null; channel: RoutingRule['channel']; days: number } | null {
    if (f.state !== 'routing' && f.state !== 'returned') return null;
    const row = disputes.row(id);
    if (!row) return null;
    const s = suggestRoute(store.rules(), { type: row.type, townshipId: row.township_id }, routingStageOf(f));
    return s ? { centreId: s.unitId, channel: s.rule.channel, days: s.rule.days } : null;
  }

  function canSee(u: SessionUser, id: number): Answer<FlowState> {
    const f = store.flowState(id);
    if (!f) return { ok: false, code: 'NOT_FOUND' };
    if (!disputes.visible(scopeOf(u), id)) return { ok: false, code: 'FORBIDDEN_SCOPE' };
    return { ok: true, value: f };
  }

  function detail(u: SessionUser, id: number, f: FlowState): FlowDetail {
    return {
      ...(store.view(id) as DisputeFlow),
      timeline: disputes.timeline(id),
      allowed: allowedFlowSteps(f, actorOf(u), ctxOf(0)),
      suggestion: suggestionFor(id, f),
    };
  }

  /** Checks what the state machine cannot see: people and rooms exist, a session is not in the future. */
  function checkInput(step: FlowStep, now: number): { code: ErrorCode; details: Record<string, string> } | null {
    if (step.action === 'assignMediation') {
      if (step.mediatorId !== null) {
        const m = directory.user(step.mediatorId);
        if (!m || m.centreId !== countyId || (m.role !== 'dutyOfficer' && m.role !== 'commander')) return { code: 'MEDIATION_MEDIATOR_UNKNOWN', details: { mediatorId: String(step.mediatorId) } };
      }
      if (step.roomId !== null && !store.rooms().some((r) => r.id === step.roomId && r.active)) return { code: 'MEDIATION_ROOM_UNKNOWN', details: { roomId: String(step.roomId) } };
    }
    if (step.action === 'recordSession' && step.at > now) return { code: 'MEDIATION_SESSION_IN_FUTURE', details: { at: String(step.at) } };
    if (step.action === 'agreement' && step.signedAt > now) return { code: 'MEDIATION_SESSION_IN_FUTURE', details: { signedAt: String(step.signedAt) } };
    return null;
  }

  const act = db.transaction((u: SessionUser, id: number, step: FlowStep, now: number): Result<FlowDetail> => {
    const seen = canSee(u, id);
    if (!seen.ok) return seen;
    const f = seen.value;
    const bad = checkInput(step, now);
    if (bad) return { ok: false, ...bad };
    const suggestion = step.action === 'route' ? suggestionFor(id, f) : null;
    const r = applyFlowStep(f, step, actorOf(u), ctxOf(now, suggestion));
    if (!r.ok) return r.code === 'ROUTING_REASON_REQUIRED' ? { ok: false, code: r.code, details: { reason: 'required' } } : r;
    const next = r.next;
    const before = store.routingIdOf(id);
    let routingId = before;
    switch (step.action) {
      case 'assignMediation':
        store.assign(id, step.mediatorId, step.roomId, u.id, now);
        break;
      case 'recordSession':
        store.addSession(id, step, u.id, now);
        break;
      case 'agreement':
        store.setAgreement(id, step, formatShanghai(now).slice(0, 4), u.id);
        break;
      case 'judicial':
        store.setJudicial(id, step.state, step.court, step.note, now);
        break;
      case 'noAgreement':
        store.setOutcome(id, 'none');
        break;
      case 'route':
      case 'insist':
        routingId = store.insertRouting(id, next.routing as NonNullable<FlowState['routing']>, step.action === 'route' ? (suggestion?.centreId ?? null) : null, step.action === 'route' ? step.reason : step.note, u.id, now);
        break;
      case 'sign':
        store.saveDelivery(routingId as number, (next.routing as NonNullable<FlowState['routing']>).delivery);
        break;
      case 'return':
        store.markReturned(routingId as number, u.id, step.reason, now);
        break;
      default:
        break;
    }
    const holderBefore = f.holderCentreId;
    store.saveFlow(id, next, routingId, now);
    for (const e of r.events) disputes.addEvent(id, now, e.kind, u, e.centreId, e.note);
    ledger.append(now, u.id, `dispute.${step.action}`, `dispute:${id}`, {
      events: r.events.map((e) => e.kind), state: next.state, holder: next.holderCentreId,
      ...(step.action === 'route' ? { centreId: step.centreId, channel: step.channel, suggested: suggestion?.centreId ?? null, reason: step.reason } : {}),
      ...(step.action === 'return' ? { reason: step.reason } : {}),
      ...(step.action === 'assignMediation' ? { mediatorId: step.mediatorId, roomId: step.roomId } : {}),
    });
    const notice: Notice = step.action === 'route' || step.action === 'insist' ? 'routed' : step.action === 'return' ? 'returned' : null;
    const out = announce(id, now, holderBefore, notice);
    if (notice === 'routed' && routingId !== null) {
      const told = out.find((a) => a.centreId === next.holderCentreId && a.envelope.event.kind === 'dispute.flow');
      if (told) store.setNewSeq(routingId, told.envelope.seq);
    }
    return { ok: true, value: detail(u, id, next), out };
  });

  const fireDue = db.transaction((now: number, limit: number): Addressed[] => {
    const out: Addressed[] = [];
    const { signMs } = rules();
    for (const id of store.due(now, limit)) {
      const f = store.flowState(id);
      if (!f) continue;
      const fired = fireFlowTimers(f, now, signMs);
      if (!fired) continue;
      const routingId = store.routingIdOf(id);
      if (fired.next.routing && routingId !== null) store.saveDelivery(routingId, fired.next.routing.delivery);
      store.saveFlow(id, fired.next, routingId, now);
      for (const kind of fired.fired) {
        disputes.addEvent(id, now, kind, null, f.holderCentreId);
        ledger.append(now, null, `dispute.${kind}`, `dispute:${id}`, { holder: f.holderCentreId });
      }
      if (fired.fired.length === 0) continue;
      const notice: Notice = fired.fired.includes('supervise') ? 'supervise' : fired.fired.includes('urge') ? 'urge' : 'signReminder';
      out.push(...announce(id, now, null, notice));
    }
    return out;
  });

  /** Receipts of the units' consoles: a routing whose envelope arrived is delivered (送达), as alerts and orders are. */
  const receive = db.transaction((receipts: ReadonlyMap<number, number>, now: number): Addressed[] => {
    const out: Addressed[] = [];
    for (const [centreId, upTo] of receipts) {
      for (const row of store.pendingUpTo(centreId, upTo)) {
        const next = markDelivered(toDeliveryOf(row), now);
        if (!next) continue;
        store.saveDelivery(row.id, next);
        store.touch(row.dispute_id, now);
        out.push(...outbox.pushAll([countyId, centreId], now, { kind: 'dispute.flow', flow: store.view(row.dispute_id) as DisputeFlow, notice: null }));
      }
    }
    return out;
  });

  // ---- the routing table (administrator) ----

  function routingUnits(): Map<number, RoutingUnit> {
    return new Map([...centres.values()].filter((c) => c.level === 'department' || c.level === 'township').map((c) => [c.id, { id: c.id, level: c.level, name: c.name }]));
  }

  function tableView(): RoutingTableView {
    const meta = store.tableMeta();
    return {
      version: meta.version, updatedAt: meta.updated_at, updatedBy: meta.updated_by === null ? null : { id: meta.updated_by, name: meta.updater_name ?? '' },
      rules: store.rules(),
      units: [...routingUnits().values()].map((c) => ({ id: c.id, name: c.name, level: c.level as 'department' | 'township' })),
      types: DISPUTE_TYPES.map((code) => ({ code, label: DISPUTE_TYPE_LABELS[code] })),
    };
  }

  const saveTable = db.transaction((u: SessionUser, baseVersion: number, list: RoutingRule[], now: number): Answer<RoutingTableView> => {
    if (u.role !== 'admin') return { ok: false, code: 'FORBIDDEN_ROLE' };
    if (store.tableMeta().version !== baseVersion) return { ok: false, code: 'ROUTING_TABLE_STALE', details: { baseVersion: String(baseVersion) } };
    const problems = validateRoutingTable(list, routingUnits(), DISPUTE_TYPES);
    if (problems.length) return { ok: false, code: 'ROUTING_TABLE_INVALID', details: Object.fromEntries(problems.map((p) => [`rules.${p.row}.${p.field}`, p.problem])) };
    const before = store.rules();
    store.replaceRules(list, u.id, now);
    ledger.append(now, u.id, 'routingTable.save', 'routingTable', { version: baseVersion + 1, ...diffRoutingTables(before, list) });
    return { ok: true, value: tableView() };
  });

  /** Rooms are data the administrator keeps: added, renamed, taken out of use (a room in use by old cases stays a row). */
  const saveRoom = db.transaction((u: SessionUser, id: number | null, name: string, active: boolean, now: number): Answer<MediationRoom[]> => {
    if (u.role !== 'admin') return { ok: false, code: 'FORBIDDEN_ROLE' };
    const same = store.roomIdByName(name);
    if (same !== undefined && same !== id) return { ok: false, code: 'MEDIATION_ROOM_EXISTS', details: { name } };
    if (id === null) id = store.addRoom(name, active);
    else if (!store.updateRoom(id, name, active)) return { ok: false, code: 'NOT_FOUND' };
    ledger.append(now, u.id, 'mediationRoom.save', `mediationRoom:${id}`, { name, active });
    return { ok: true, value: store.rooms() };
  });

  return {
    countyId,
    reloadCentres: loadCentres,
    saveRoom(u: SessionUser, id: number | null, name: string, active: boolean, now: number) {
      return saveRoom(u, id, name, active, now);
    },
    act(u: SessionUser, id: number, step: FlowStep, now: number) {
      return act(u, id, step, now);
    },
    fireDue(now: number, limit = 500): Addressed[] {
      return fireDue(now, limit);
    },
    /** Fresh receipts (unit → highest seq applied there), inside the stream core's receipt transaction. */
    receive(receipts: ReadonlyMap<number, number>, now: number): Addressed[] {
      return receive(receipts, now);
    },
    get(u: SessionUser, id: number): Answer<FlowDetail> {
      const seen = canSee(u, id);
      return seen.ok ? { ok: true, value: detail(u, id, seen.value) } : seen;
    },
    /** The stream core's snapshot provider: the flows of the cases this unit sees. */
    snapshot(u: SessionUser): DisputeFlow[] {
      return u.role === 'gridMember' ? [] : store.list(scopeOf(u), SNAPSHOT_SIZE);
    },
    rooms: () => store.rooms(),
    mediators: () => store.mediators(countyId),
    routingTable: (u: SessionUser): Answer<RoutingTableView> => (u.role === 'admin' || u.centreLevel === 'county' ? { ok: true, value: tableView() } : { ok: false, code: 'FORBIDDEN_ROLE' }),
    saveTable(u: SessionUser, baseVersion: number, list: RoutingRule[], now: number) {
      return saveTable(u, baseVersion, list, now);
    },
    /** The 协议书's fields, for whoever may see the case; refused when it has no agreement. */
    agreement(u: SessionUser, id: number, countyName: string): Answer<AgreementData> {
      const seen = canSee(u, id);
      if (!seen.ok) return seen;
      const m = store.mediation(id);
      const row = disputes.row(id);
      if (!m || m.outcome !== 'agreement' || !m.agreement_number || !row) return { ok: false, code: 'MEDIATION_NO_AGREEMENT' };
      return {
        ok: true,
        value: {
          committee: `${countyName}人民调解委员会`, number: m.agreement_number, caseCode: row.code,
          parties: disputes.parties(id).map((p) => ({ role: p.role, name: p.name, particulars: '' })),
          facts: m.facts ?? '', terms: m.terms ?? '', performance: m.performance ?? '', mediators: m.mediator_name ? [m.mediator_name] : [], signedAt: m.signed_at ?? 0,
        },
      };
    },
    /** 一案一码: the steps of a dispute, names and times only. */
    publicSteps(code: string) {
      const id = disputes.idByCode(code);
      if (id === undefined) return null;
      const row = disputes.row(id);
      if (!row) return null;
      return { code: row.code, type: row.type, state: row.state, timeline: disputes.timeline(id) };
    },
    store,
  };
}
export type MediationDesk = ReturnType<typeof createMediationDesk>;
