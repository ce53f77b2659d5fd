// 待办: every item that waits for this unit, derived from what the store already holds (alerts, orders, incidents).
// Pure: the store's maps, the console's unit and the time are arguments. The header counter, the window title, the
// desktop badge, the 待办 view and the alarms all read this one list, so they cannot disagree.
//
// The accessors at the top are the only places that know the feature's field names (signing renames 签收 states,
// adds alert 反馈): change them there and the queue follows.
import type { Alert, AlertLevel, Dispute, DisputeFlow, Incident, Meeting, Order, OrderPriority } from '../../protocol/index.ts';

export type QueueKind = 'alert' | 'order' | 'incident' | 'dispute' | 'call';
/** What the unit must do: 签收, 反馈, 受理, 处置 (handle), 回访, 风险研判 of a high-risk dispute, its 调解/分流/退回 decisions;
 *  a call to answer (接听) or a missed one (未接). */
export type QueueStep = 'sign' | 'feedback' | 'accept' | 'handle' | 'followUp' | 'risk' | 'mediate' | 'route' | 'decide' | 'answer' | 'missed';

export interface QueueItem {
  kind: QueueKind;
  id: number;
  step: QueueStep;
  title: string;
  /** Who sent it or where it comes from (issuer, reporter's grid). */
  from: string;
  /** When it started waiting (raised, issued, reported). */
  at: number;
  /** The deadline of the step, or null when it has none. */
  dueAt: number | null;
  overdue: boolean;
  /** Alert level or order priority (for the alarm policy and the row colour). */
  level: AlertLevel | OrderPriority | null;
  /** 督办 fired on this incident: the county is chasing it. */
  supervised: boolean;
  body: string;
}

export interface QueueUnit {
  centreId: number;
  /** A county console also does 回访 (follow-up) of resolved cases. */
  county: boolean;
}

export interface QueueSources {
  alerts: Readonly<Record<number, Alert>>;
  orders: Readonly<Record<number, Order>>;
  incidents: Readonly<Record<number, Incident>>;
  /** Optional: a console without the dispute feature passes none. */
  disputes?: Readonly<Record<number, Dispute>>;
  /** The disputes' flows (mediation, routing, 签收), by dispute id. */
  flows?: Readonly<Record<number, DisputeFlow>>;
  /** 一键通 calls of this unit (optional: consoles without them pass nothing). */
  meetings?: Readonly<Record<number, Meeting>>;
}

// ---- accessors (one place per feature's vocabulary) ----------------------------------------------------------------

/** The step an alert waits for at this unit, or null. */
export function alertStep(a: Alert, centreId: number): { step: QueueStep; dueAt: number | null; overdue: boolean } | null {
  const mine = a.recipients.find((r) => r.centreId === centreId);
  if (!mine) return null;
  if (mine.state === 'pending' || mine.state === 'delivered') return { step: 'sign', dueAt: mine.dueAt, overdue: mine.overdue };
  // signed, and the sender asked for 反馈 that has not come yet
  if (mine.state === 'signed' && mine.wantsAnswer) return { step: 'feedback', dueAt: null, overdue: false };
  return null;
}

/** The step an order waits for at this unit: 签收 first, then 反馈 until answered. */
export function orderStep(o: Order, centreId: number, now: number): { step: QueueStep; dueAt: number | null; overdue: boolean } | null {
  const mine = o.recipients.find((r) => r.centreId === centreId);
  if (!mine) return null;
  if (mine.state === 'pending' || mine.state === 'delivered') {
    const due = o.issuedAt + o.ackDeadlineMs;
    return { step: 'sign', dueAt: due, overdue: mine.rung > 0 || due <= now };
  }
  if (mine.state === 'signed') return { step: 'feedback', dueAt: o.completeBy, overdue: o.completeBy !== null && o.completeBy <= now };
  return null;
}

const OPEN_STATES: readonly Incident['state'][] = ['reported', 'accepted', 'assigned', 'handling', 'returned'];

/** The step an incident waits for at this unit (see app/domain/incidents.ts allowedSteps for who does what). */
export function incidentStep(i: Incident, unit: QueueUnit, now: number): { step: QueueStep; dueAt: number | null; overdue: boolean } | null {
  if (OPEN_STATES.includes(i.state) && i.holderCentreId === unit.centreId) {
    const dueAt = i.acceptedAt === null ? i.respondBy : i.resolveBy;
    const overdue = i.overdue || (dueAt !== null && dueAt <= now);
    if (i.state === 'reported') return { step: 'accept', dueAt, overdue };
    if (i.state === 'assigned' && i.pendingSign) return { step: 'sign', dueAt, overdue };
    return { step: 'handle', dueAt, overdue };
  }
  // 回访 is the county's, whoever handled the case.
  if (i.state === 'resolved' && unit.county) return { step: 'followUp', dueAt: null, overdue: false };
  return null;
}

/**
 * A high-risk dispute waits at the county for 风险研判 while it has not moved on from registration (mediation and
 * routing take it further; their own steps come with their states).
 */
export function disputeStep(d: Dispute, unit: QueueUnit): { step: QueueStep; dueAt: number | null; overdue: boolean } | null {
  if (unit.county && d.riskGrade === 'high' && d.state === 'registered') return { step: 'risk', dueAt: null, overdue: false };
  return null;
}

/**
 * The step a dispute's flow waits for at this unit: at the county 先行调解, 分流, the decision on a return and the 回访;
 * at the unit it was routed to 签收 (by the routing's deadline) and 办理 (by the handling window).
 */
export function flowStep(f: DisputeFlow, unit: QueueUnit): { step: QueueStep; dueAt: number | null; overdue: boolean } | null {
  if (unit.county) {
    if (f.state === 'registered' || f.state === 'mediating') return { step: 'mediate', dueAt: null, overdue: false };
    if (f.state === 'routing') return { step: 'route', dueAt: null, overdue: false };
    if (f.state === 'returned') return { step: 'decide', dueAt: null, overdue: false };
    if (f.state === 'agreed' || f.state === 'closed') return { step: 'followUp', dueAt: null, overdue: false };
    return null;
  }
  if (f.routing?.centreId !== unit.centreId || f.holderCentreId !== unit.centreId) return null;
  if (f.state === 'routed') return { step: 'sign', dueAt: f.routing.dueAt, overdue: f.routing.overdue };
  if (f.state === 'signed' || f.state === 'handling') return { step: 'handle', dueAt: f.resolveBy, overdue: f.overdue };
  return null;
}

/** A call ringing at this unit (接听), or missed and not yet looked at (未接). */
export function callStep(m: Meeting, centreId: number): { step: QueueStep; dueAt: number | null; overdue: boolean } | null {
  if (m.kind !== 'call') return null;
  const mine = m.invitees.find((i) => i.centreId === centreId);
  if (!mine) return null;
  if (m.state === 'ringing' && mine.state === 'ringing') return { step: 'answer', dueAt: m.ringUntil, overdue: false };
  if (mine.state === 'missed' && !mine.seen) return { step: 'missed', dueAt: null, overdue: true };
  return null;
}

// ---- the queue -----------------------------------------------------------------------------------------------------

/** Everything waiting for this unit: overdue first, then the nearest deadline, then the newest. */
export function queueItems(src: QueueSources, unit: QueueUnit, now: number): QueueItem[] {
  const out: QueueItem[] = [];
  for (const a of Object.values(src.alerts)) {
    const s = alertStep(a, unit.centreId);
    if (s) out.push({ kind: 'alert', id: a.id, ...s, title: a.title, body: a.body, from: a.raisedBy.name, at: a.raisedAt, level: a.level, supervised: false });
  }
  for (const o of Object.values(src.orders)) {
    const s = orderStep(o, unit.centreId, now);
    if (s) out.push({ kind: 'order', id: o.id, ...s, title: o.title, body: o.body, from: o.issuedBy.name, at: o.issuedAt, level: o.priority, supervised: false });
  }
  for (const i of Object.values(src.incidents)) {
    const s = incidentStep(i, unit, now);
    if (s) {
      out.push({
        kind: 'incident', id: i.id, ...s, title: i.code, body: i.description, from: i.gridName ?? i.reportedBy.name, at: i.reportedAt, level: null,
        supervised: i.supervisedAt !== null && s.step !== 'followUp',
      });
    }
  }
  const disputes = src.disputes ?? {};
  const flows = src.flows ?? {};
  for (const id of new Set([...Object.keys(disputes), ...Object.keys(flows)].map(Number))) {
    const d = disputes[id];
    const f = flows[id];
    // 风险研判 of a high-risk case first; the flow's own step otherwise.
    const s = (d ? disputeStep(d, unit) : null) ?? (f ? flowStep(f, unit) : null);
    if (s) {
      out.push({
        kind: 'dispute', id, ...s, title: d?.code ?? f?.code ?? '', body: d?.summary ?? f?.summary ?? '', from: d ? d.parties.map((p) => p.name).join('、') : '',
        at: d?.registeredAt ?? f?.updatedAt ?? 0, level: null, supervised: f?.supervisedAt != null && s.step === 'handle',
      });
    }
  }
  for (const m of Object.values(src.meetings ?? {})) {
    const s = callStep(m, unit.centreId);
    if (s) out.push({ kind: 'call', id: m.id, ...s, title: m.title, body: '', from: `${m.hostCentreName} · ${m.openedBy.name}`, at: m.openedAt, level: null, supervised: false });
  }
  return out.sort(byUrgency);
}

export function byUrgency(a: QueueItem, b: QueueItem): number {
  return (
    Number(b.overdue) - Number(a.overdue) ||
    (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity) ||
    b.at - a.at ||
    a.kind.localeCompare(b.kind) ||
    a.id - b.id
  );
}

export const itemKey = (i: Pick<QueueItem, 'kind' | 'id'>) => `${i.kind}:${i.id}`;
