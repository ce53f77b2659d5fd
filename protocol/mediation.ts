import { z } from 'zod';
import { DeliveryState, PersonRef } from './delivery.ts';
import { DisputeEvent, DisputeState, DisputeType } from './disputes.ts';
import { RoutingChannel, RoutingStage } from './routing.ts';

// A dispute after registration: 先行调解 (mediator or room, sessions, agreement → 人民调解协议书, 司法确认), then, when
// mediation fails, 分类流转 point to point to a unit with 签收, 退回 with a reason, 跟踪督办, and 案结事了 with 回访.

export const MediationRoom = z.object({ id: z.number().int(), name: z.string(), active: z.boolean() });
export type MediationRoom = z.infer<typeof MediationRoom>;
/** POST /api/admin/mediation-rooms (a new room), PUT /api/admin/mediation-rooms/:id (rename, take out of or back into use). */
export const SaveMediationRoom = z.object({ name: z.string().trim().min(1).max(40), active: z.boolean().default(true) });
export type SaveMediationRoom = z.input<typeof SaveMediationRoom>;

export const MediationSession = z.object({
  id: z.number().int(),
  at: z.number().int(),
  place: z.string(),
  attendees: z.array(z.string()),
  notes: z.string(),
  recordedBy: PersonRef,
});
export type MediationSession = z.infer<typeof MediationSession>;

export const JUDICIAL_STATES = ['applied', 'confirmed', 'rejected'] as const;
export const JudicialState = z.enum(JUDICIAL_STATES);
export type JudicialState = z.infer<typeof JudicialState>;
export const JUDICIAL_STATE_LABELS: Record<JudicialState, [string, string]> = {
  applied: ['已申请司法确认', 'Judicial confirmation applied for'],
  confirmed: ['已司法确认', 'Judicially confirmed'],
  rejected: ['司法确认未通过', 'Judicial confirmation refused'],
};

export const Agreement = z.object({
  /** The agreement's number, printed on the 协议书 (编号). */
  number: z.string(),
  facts: z.string(),
  terms: z.string(),
  /** How, where and by when the terms are carried out. */
  performance: z.string(),
  /** When the parties signed (recorded by the mediator). */
  signedAt: z.number().int(),
  recordedBy: PersonRef,
});
export type Agreement = z.infer<typeof Agreement>;

export const Mediation = z.object({
  mediator: PersonRef.nullable(),
  room: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  assignedAt: z.number().int(),
  sessions: z.array(MediationSession),
  outcome: z.enum(['agreement', 'none']).nullable(),
  agreement: Agreement.nullable(),
  judicial: z.object({ state: JudicialState, court: z.string(), note: z.string(), at: z.number().int() }).nullable(),
});
export type Mediation = z.infer<typeof Mediation>;

/** The current point-to-point routing: a delivery (签收, the same words as alerts and orders) and a handling window. */
export const Routing = z.object({
  id: z.number().int(),
  centreId: z.number().int(),
  centreName: z.string(),
  channel: RoutingChannel,
  stage: RoutingStage,
  /** The unit the routing table suggested (null: the table had none); a different choice carries `reason`. */
  suggestedCentreId: z.number().int().nullable(),
  reason: z.string(),
  /** The county insisted after a return: the note says why the unit must take it. */
  insisted: z.boolean(),
  routedAt: z.number().int(),
  routedBy: PersonRef,
  state: DeliveryState,
  dueAt: z.number().int(),
  rung: z.number().int(),
  overdue: z.boolean(),
  signedAt: z.number().int().nullable(),
  signedBy: PersonRef.nullable(),
  days: z.number().int(),
});
export type Routing = z.infer<typeof Routing>;

export const Attempts321 = z.object({ village: z.number().int(), township: z.number().int(), county: z.number().int() });

export const DisputeFlow = z.object({
  disputeId: z.number().int(),
  code: z.string(),
  /** The dispute type code and what the unit needs to know of the matter (no ID numbers or phones). */
  type: DisputeType,
  summary: z.string(),
  townshipId: z.number().int().nullable(),
  state: DisputeState,
  /** Who must act now (null while the flow has not started). */
  holderCentreId: z.number().int().nullable(),
  holderCentreName: z.string().nullable(),
  mediation: Mediation.nullable(),
  routing: Routing.nullable(),
  /** The last return, kept after the county decided (应受理未受理 is corrected, not lost). */
  lastReturn: z.object({ centreId: z.number().int(), centreName: z.string(), reason: z.string(), at: z.number().int(), by: PersonRef }).nullable(),
  resolveBy: z.number().int().nullable(),
  urgedAt: z.number().int().nullable(),
  supervisedAt: z.number().int().nullable(),
  overdue: z.boolean(),
  attempts: Attempts321,
  result: z.string().nullable(),
  resolvedBy: z.enum(['mediation', 'unit']).nullable(),
  satisfaction: z.number().int().nullable(),
  closedAt: z.number().int().nullable(),
  updatedAt: z.number().int(),
  version: z.number().int(),
});
export type DisputeFlow = z.infer<typeof DisputeFlow>;

const Text = (max: number) => z.string().trim().min(1).max(max);

/** Every step of the flow; the server allows exactly those the role, the unit and the stage permit. */
export const FlowAction = z.discriminatedUnion('action', [
  /** 先行调解: a mediator (a user) and/or a room. */
  z.object({ action: z.literal('assignMediation'), mediatorId: z.number().int().positive().nullable(), roomId: z.number().int().positive().nullable() }),
  z.object({
    action: z.literal('recordSession'),
    at: z.number().int().positive(),
    place: Text(100),
    attendees: z.array(Text(50)).min(1).max(30),
    notes: Text(4000),
  }),
  /** The parties signed an agreement: the 协议书 is printed from it. */
  z.object({ action: z.literal('agreement'), facts: Text(4000), terms: Text(4000), performance: Text(1000), signedAt: z.number().int().positive() }),
  z.object({ action: z.literal('judicial'), state: JudicialState, court: Text(100), note: z.string().trim().max(500).default('') }),
  /** 调解不成 → 分类流转. */
  z.object({ action: z.literal('noAgreement'), reason: Text(500) }),
  /** Not fit for mediation: straight to routing. */
  z.object({ action: z.literal('skipMediation'), reason: Text(500) }),
  /** Point to point to a unit; a unit other than the table's suggestion needs a reason. */
  z.object({ action: z.literal('route'), centreId: z.number().int().positive(), channel: RoutingChannel, reason: z.string().trim().max(500).default('') }),
  z.object({ action: z.literal('sign') }),
  z.object({ action: z.literal('progress'), text: Text(2000) }),
  z.object({ action: z.literal('return'), reason: Text(500) }),
  /** After a return: the unit must take it after all (the note says why); it signs again. */
  z.object({ action: z.literal('insist'), note: Text(500) }),
  z.object({ action: z.literal('resolve'), result: Text(2000) }),
  /** 回访: closes the case when satisfied; otherwise 三二一 decides who handles it again. */
  z.object({ action: z.literal('followUp'), satisfied: z.boolean(), satisfaction: z.number().int().min(1).max(5), note: z.string().trim().max(500).default('') }),
]);
export type FlowAction = z.input<typeof FlowAction>;
export type FlowStep = z.output<typeof FlowAction>;
export type FlowActionName = FlowStep['action'];

export const FLOW_ACTION_LABELS: Record<FlowActionName, [string, string]> = {
  assignMediation: ['指派调解', 'Assign mediation'],
  recordSession: ['记录调解', 'Record session'],
  agreement: ['达成协议', 'Agreement'],
  judicial: ['司法确认', 'Judicial confirmation'],
  noAgreement: ['调解不成', 'No agreement'],
  skipMediation: ['不宜调解，直接分流', 'Route without mediation'],
  route: ['分流', 'Route'],
  sign: ['签收', 'Sign'],
  progress: ['进展', 'Progress'],
  return: ['退回', 'Return'],
  insist: ['坚持交办', 'Insist'],
  resolve: ['办结', 'Resolve'],
  followUp: ['回访', 'Follow up'],
};

export const FlowDetail = DisputeFlow.extend({
  /** The case's timeline (registration, risk, and every step of the flow). */
  timeline: z.array(DisputeEvent),
  allowed: z.array(z.string()),
  /** The routing table's suggestion for the stage the case is at (routing and returned stages only). */
  suggestion: z.object({ centreId: z.number().int().nullable(), channel: RoutingChannel, days: z.number().int() }).nullable(),
});
export type FlowDetail = z.infer<typeof FlowDetail>;

/** What the public page shows of a dispute: step names and times only. */
export const FLOW_PUBLIC_STEPS: Record<string, string> = {
  register: '已登记受理', assignMediation: '已安排调解', recordSession: '调解中', agreement: '已达成调解协议', judicial: '司法确认',
  noAgreement: '调解未成，待分流', skipMediation: '待分流', route: '已分流至承办单位', sign: '承办单位已签收', progress: '办理中',
  return: '承办单位退回，重新分流', insist: '已重新交办', resolve: '已办结', followUp: '已回访，案结事了', followUpUnsatisfied: '回访不满意，重新办理',
  autoEscalate: '已上报上级', urge: '已催办', supervise: '已督办',
};

/**
 * A step of a dispute's flow happened; every unit that sees the case gets the new copy (keep the higher version).
 * `notice` says why it matters here: routed to this unit (签收 needed), returned to the county, 催办, 督办, a 签收 reminder.
 */
export const DisputeFlowEvent = z.object({
  kind: z.literal('dispute.flow'),
  flow: DisputeFlow,
  notice: z.enum(['routed', 'returned', 'urge', 'supervise', 'signReminder']).nullable(),
});

/** 一案一码 for a dispute: the type, the state and the steps, with no personal data. */
export const PublicDispute = z.object({
  code: z.string(),
  type: z.string(),
  state: DisputeState,
  steps: z.array(z.object({ at: z.number().int(), step: z.string() })),
});
export type PublicDispute = z.infer<typeof PublicDispute>;
