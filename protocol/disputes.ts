import { z } from 'zod';
import { PersonRef } from './alerts.ts';

// Disputes (矛盾纠纷): one case model for every channel, parties as people records, a risk grade with its reasons.
// Personal data (phones, ID numbers) crosses the wire masked; the full value only through `dispute:reveal`.

export const DISPUTE_CHANNELS = ['walk_in', 'phone', 'grid_report', 'assigned', 'transferred'] as const;
export const DisputeChannel = z.enum(DISPUTE_CHANNELS);
export type DisputeChannel = z.infer<typeof DisputeChannel>;
export const DISPUTE_CHANNEL_LABELS: Record<DisputeChannel, [string, string]> = {
  walk_in: ['来访', 'Walk-in'],
  phone: ['来电', 'Phone'],
  grid_report: ['网格上报', 'Grid report'],
  assigned: ['上级交办', 'Assigned from above'],
  transferred: ['部门移交', 'Transferred by a department'],
};

export const DISPUTE_TYPES = ['marriage', 'neighbour', 'land', 'labour', 'property', 'traffic', 'medical', 'demolition', 'other'] as const;
export const DisputeType = z.enum(DISPUTE_TYPES);
export type DisputeType = z.infer<typeof DisputeType>;
export const DISPUTE_TYPE_LABELS: Record<DisputeType, [string, string]> = {
  marriage: ['婚姻家庭', 'Marriage and family'],
  neighbour: ['邻里', 'Neighbours'],
  land: ['土地山林', 'Land and forest'],
  labour: ['劳资', 'Wages and labour'],
  property: ['物业', 'Property management'],
  traffic: ['交通事故', 'Traffic accident'],
  medical: ['医患', 'Doctor and patient'],
  demolition: ['征地拆迁', 'Land taking and demolition'],
  other: ['其他', 'Other'],
};

/**
 * The case's life. Intake writes `registered`; mediation (先行调解) and routing (分类流转) move it on — see
 * app/domain/disputes.ts for the transitions and who owns them.
 */
export const DISPUTE_STATES = ['registered', 'mediating', 'agreed', 'routing', 'routed', 'signed', 'handling', 'returned', 'closed', 'reviewed'] as const;
export const DisputeState = z.enum(DISPUTE_STATES);
export type DisputeState = z.infer<typeof DisputeState>;
export const DISPUTE_STATE_LABELS: Record<DisputeState, [string, string]> = {
  registered: ['已登记', 'Registered'],
  mediating: ['调解中', 'In mediation'],
  agreed: ['已达成协议', 'Agreement reached'],
  routing: ['待分流', 'To be routed'],
  routed: ['已流转', 'Routed'],
  signed: ['已签收', 'Signed'],
  handling: ['办理中', 'Handling'],
  returned: ['已退回', 'Returned'],
  closed: ['已办结', 'Closed'],
  reviewed: ['已回访', 'Followed up'],
};

export const RISK_GRADES = ['low', 'medium', 'high'] as const;
export const RiskGrade = z.enum(RISK_GRADES);
export type RiskGrade = z.infer<typeof RiskGrade>;
export const RISK_GRADE_LABELS: Record<RiskGrade, [string, string]> = {
  low: ['低风险', 'Low risk'],
  medium: ['中风险', 'Medium risk'],
  high: ['高风险', 'High risk'],
};

/** Why a case has its grade: a rule code and the figure that tripped it (people, visits). */
export const RISK_REASON_CODES = ['extremeThreat', 'peopleHigh', 'peopleMedium', 'groupCase', 'repeatHigh', 'repeatMedium', 'amountHigh'] as const;
export const RiskReason = z.object({ code: z.enum(RISK_REASON_CODES), value: z.number() });
export type RiskReason = z.infer<typeof RiskReason>;

export const ID_TYPES = ['resident', 'passport', 'hkMacau', 'taiwan', 'foreignPermanent', 'other'] as const;
export const IdType = z.enum(ID_TYPES);
export type IdType = z.infer<typeof IdType>;
export const ID_TYPE_LABELS: Record<IdType, [string, string]> = {
  resident: ['居民身份证', 'Resident ID card'],
  passport: ['护照', 'Passport'],
  hkMacau: ['港澳居民来往内地通行证', 'Mainland travel permit (HK/Macau)'],
  taiwan: ['台湾居民来往大陆通行证', 'Mainland travel permit (Taiwan)'],
  foreignPermanent: ['外国人永久居留身份证', 'Foreign permanent resident ID'],
  other: ['其他证件', 'Other document'],
};

export const PARTY_ROLES = ['applicant', 'respondent'] as const;
export const PartyRole = z.enum(PARTY_ROLES);
export type PartyRole = z.infer<typeof PartyRole>;
export const PARTY_ROLE_LABELS: Record<PartyRole, [string, string]> = { applicant: ['申请人', 'Applicant'], respondent: ['被申请人', 'Respondent'] };

/** Digits, spaces and dashes as people say them; stored without spaces and dashes. */
const Phone = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\+?\d{5,20}$/, 'phone'));

export const PartyInput = z.object({
  role: PartyRole,
  name: z.string().trim().min(1).max(60),
  phone: z.union([Phone, z.literal('').transform(() => null)]).nullable().default(null),
  idType: IdType.nullable().default(null),
  idNumber: z.string().trim().toUpperCase().max(40).nullable().default(null).transform((s) => (s ? s : null)),
  /** The person the clerk chose from the 重复访 matches; without it the server links by ID number or creates one. */
  personId: z.number().int().positive().nullable().default(null),
});
export type PartyInput = z.input<typeof PartyInput>;

export const RegisterDispute = z.object({
  /** Chosen by the form once per case: a resent submit is stored once. */
  idempotencyKey: z.string().min(8).max(64).regex(/^[\w-]+$/),
  channel: DisputeChannel,
  /** 来电 from 12345: the hotline work-order number; 交办/移交: the document number. */
  hotlineRef: z.string().trim().max(40).nullable().default(null).transform((s) => (s ? s : null)),
  /** 上级交办 / 部门移交: who sent it. */
  sourceUnit: z.string().trim().max(60).nullable().default(null).transform((s) => (s ? s : null)),
  /** 网格上报: the grid report this case is made from. */
  incidentId: z.number().int().positive().nullable().default(null),
  type: DisputeType,
  /** Yuan, up to two decimals; stored as fen. */
  amount: z.number().nonnegative().max(1e11).nullable().default(null),
  summary: z.string().trim().min(1).max(2000),
  peopleCount: z.number().int().min(1).max(100000).default(1),
  /** 扬言极端行为: the visitor threatened self-harm or violence. */
  extremeThreat: z.boolean().default(false),
  /** Where it arose (optional): that township sees the case. */
  townshipId: z.number().int().positive().nullable().default(null),
  parties: z.array(PartyInput).min(1).max(50),
});
export type RegisterDispute = z.input<typeof RegisterDispute>;
export type RegisterDisputeData = z.output<typeof RegisterDispute>;

/** A party as lists show it: phone and ID number masked unless revealed. */
export const Party = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  role: PartyRole,
  name: z.string(),
  phone: z.string().nullable(),
  idType: IdType.nullable(),
  idNumber: z.string().nullable(),
});
export type Party = z.infer<typeof Party>;

export const Dispute = z.object({
  id: z.number().int(),
  code: z.string(),
  channel: DisputeChannel,
  hotlineRef: z.string().nullable(),
  sourceUnit: z.string().nullable(),
  incidentId: z.number().int().nullable(),
  incidentCode: z.string().nullable(),
  type: DisputeType,
  /** Yuan. */
  amount: z.number().nullable(),
  summary: z.string(),
  peopleCount: z.number().int(),
  extremeThreat: z.boolean(),
  riskGrade: RiskGrade,
  riskReasons: z.array(RiskReason),
  /** Codes of the same parties' earlier cases, found at registration (重复访). */
  repeatOf: z.array(z.string()),
  state: DisputeState,
  holderCentreId: z.number().int(),
  holderCentreName: z.string(),
  pendingSign: z.boolean(),
  townshipId: z.number().int().nullable(),
  townshipName: z.string().nullable(),
  registeredBy: PersonRef,
  registeredAt: z.number().int(),
  queueTicket: z.number().int().nullable(),
  resolveBy: z.number().int().nullable(),
  urgedAt: z.number().int().nullable(),
  supervisedAt: z.number().int().nullable(),
  result: z.string().nullable(),
  satisfaction: z.number().int().nullable(),
  closedAt: z.number().int().nullable(),
  parties: z.array(Party),
  updatedAt: z.number().int(),
  version: z.number().int(),
});
export type Dispute = z.infer<typeof Dispute>;

export const DisputeEvent = z.object({
  at: z.number().int(),
  kind: z.string(),
  actor: PersonRef.nullable(),
  actorCentreName: z.string().nullable(),
  centreName: z.string().nullable(),
  note: z.string(),
});
export type DisputeEvent = z.infer<typeof DisputeEvent>;

export const DisputeDetail = Dispute.extend({
  timeline: z.array(DisputeEvent),
  /** Whether this user may ask for a party's full phone or ID number (roles handling the case). */
  mayReveal: z.boolean(),
});
export type DisputeDetail = z.infer<typeof DisputeDetail>;

/** Before saving: earlier cases of these people (same ID number, same phone) or of the same set of parties. */
export const MatchParties = z.object({ parties: z.array(PartyInput).min(1).max(50) });
export type MatchParties = z.input<typeof MatchParties>;

export const MATCH_REASONS = ['idNumber', 'phone', 'sameParties'] as const;
export const PartyMatch = z.object({
  /** The index of the party in the request. */
  party: z.number().int(),
  personId: z.number().int(),
  name: z.string(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  reason: z.enum(MATCH_REASONS),
});
export type PartyMatch = z.infer<typeof PartyMatch>;
export const EarlierCase = z.object({
  id: z.number().int(),
  code: z.string(),
  registeredAt: z.number().int(),
  type: DisputeType,
  state: DisputeState,
  summary: z.string(),
  /** Same set of parties (the same dispute again), not only a same person. */
  sameParties: z.boolean(),
  /** Whether the asking user's unit may open it. */
  visible: z.boolean(),
});
export type EarlierCase = z.infer<typeof EarlierCase>;
export const PartyMatches = z.object({ people: z.array(PartyMatch), cases: z.array(EarlierCase) });
export type PartyMatches = z.infer<typeof PartyMatches>;

export const RevealParty = z.object({ disputeId: z.number().int().positive(), partyId: z.number().int().positive(), field: z.enum(['phone', 'idNumber']) });
export type RevealParty = z.infer<typeof RevealParty>;

export const DisputeFilter = z.object({
  /** Code, party name, phone, ID number or words of the summary. */
  q: z.string().trim().max(100).optional(),
  type: DisputeType.optional(),
  channel: DisputeChannel.optional(),
  /** The holding unit. */
  centreId: z.coerce.number().int().positive().optional(),
  risk: RiskGrade.optional(),
  state: DisputeState.optional(),
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(200),
});
export type DisputeFilter = z.input<typeof DisputeFilter>;
export type DisputeQuery = z.output<typeof DisputeFilter>;

/** The printed receipt (回执): what the visitor takes home. */
export const DisputeReceipt = z.object({
  code: z.string(),
  queueTicket: z.number().int().nullable(),
  registeredAt: z.number().int(),
  channel: DisputeChannel,
  type: DisputeType,
  centreName: z.string(),
  /** Where the 一案一码 QR code points. */
  publicUrl: z.string(),
  /** data:image/png of the QR code. */
  qr: z.string(),
});
export type DisputeReceipt = z.infer<typeof DisputeReceipt>;
