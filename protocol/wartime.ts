import { z } from 'zod';
import { AnswerText, DeliveryFields, PersonRef } from './delivery.ts';

// Wartime (战时) command, seed 003: in major sensitive periods the county leaders take direct command (指挥长,
// 常务副指挥长, 副指挥长), dispatch every level from the county, manage risks as a list and run the daily cycle
// 一日一报表、一日一研判、一日一专报、一日一交办.

/** What the commander types to confirm a switch: a deliberate act, not a stray click. */
export const WARTIME_CONFIRM_ON = '启动战时';
export const WARTIME_CONFIRM_OFF = '恢复平时';

export const Mode = z.enum(['peacetime', 'wartime']);
export type Mode = z.infer<typeof Mode>;
export const MODE_LABELS: Record<Mode, [string, string]> = { peacetime: ['平时状态', 'Peacetime'], wartime: ['战时状态', 'Wartime'] };

/** The whole county, or chosen townships (their villages come with them). */
export const WartimeScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('county') }),
  z.object({ kind: z.literal('townships'), townshipIds: z.array(z.number().int().positive()).min(1).max(500) }),
]);
export type WartimeScope = z.infer<typeof WartimeScope>;

export const COMMAND_ROLES = ['commander', 'executiveDeputy', 'deputy'] as const;
export const CommandRole = z.enum(COMMAND_ROLES);
export type CommandRole = z.infer<typeof CommandRole>;
export const COMMAND_ROLE_LABELS: Record<CommandRole, [string, string]> = {
  commander: ['指挥长', 'Commander-in-chief'],
  executiveDeputy: ['常务副指挥长', 'Executive deputy commander'],
  deputy: ['副指挥长', 'Deputy commander'],
};

/** User ids per command role. 指挥长 is required; the deputies are optional. */
export const CommandAssignment = z.object({
  commander: z.number().int().positive(),
  executiveDeputy: z.number().int().positive().nullable().default(null),
  deputy: z.number().int().positive().nullable().default(null),
});
export type CommandAssignment = z.input<typeof CommandAssignment>;

export const CommandStaff = z.object({
  commander: PersonRef,
  executiveDeputy: PersonRef.nullable(),
  deputy: PersonRef.nullable(),
});
export type CommandStaff = z.infer<typeof CommandStaff>;

/** Per township: how fast its orders were signed during a period. */
export const AckStats = z.object({
  centreId: z.number().int(),
  centreName: z.string(),
  orders: z.number().int(),
  signed: z.number().int(),
  timedOut: z.number().int(),
  p50Ms: z.number().nullable(),
  maxMs: z.number().nullable(),
});
export type AckStats = z.infer<typeof AckStats>;

/** Produced when a period ends (back to peacetime); kept on record with the period. */
export const PeriodSummary = z.object({
  periodId: z.number().int(),
  startedAt: z.number().int(),
  endedAt: z.number().int(),
  durationMs: z.number().int(),
  orders: z.number().int(),
  recipients: z.number().int(),
  signed: z.number().int(),
  /** 超时未签收 at the end of the period (app/domain/wartime.ts isAckOverdue — the board counts the same). */
  timedOut: z.number().int(),
  /** 超时后签收: signed within the period, after the deadline. Absent in summaries written before it existed. */
  signedLate: z.number().int().optional(),
  answered: z.number().int(),
  ackP50Ms: z.number().nullable(),
  ackMaxMs: z.number().nullable(),
  byTownship: z.array(AckStats),
  incidents: z.object({ reported: z.number().int(), resolved: z.number().int() }),
  risks: z.object({ opened: z.number().int(), closed: z.number().int(), stillOpen: z.number().int() }),
  dailyReports: z.number().int(),
});
export type PeriodSummary = z.infer<typeof PeriodSummary>;

export const WartimePeriod = z.object({
  id: z.number().int(),
  startedAt: z.number().int(),
  startedBy: PersonRef,
  reason: z.string(),
  scope: WartimeScope,
  /** The townships in scope, resolved (all of them for the whole county). */
  townshipIds: z.array(z.number().int()),
  plannedEndAt: z.number().int().nullable(),
  command: CommandStaff,
  endedAt: z.number().int().nullable(),
  endedBy: PersonRef.nullable(),
  endReason: z.string().nullable(),
  summary: PeriodSummary.nullable(),
});
export type WartimePeriod = z.infer<typeof WartimePeriod>;

/** The command mode as every console holds it. `rev` grows with each change: a console keeps the higher one. */
export const WartimeState = z.object({
  rev: z.number().int().nonnegative(),
  mode: Mode,
  /** The running period in wartime; the last one (ended, with its summary) in peacetime, or null if there never was one. */
  period: WartimePeriod.nullable(),
  /** Wartime acknowledgement deadline for orders, ms. */
  orderAckMs: z.number().int().positive(),
  /** Daily report deadline, "HH:mm" Asia/Shanghai. */
  dailyReportDue: z.string(),
});
export type WartimeState = z.infer<typeof WartimeState>;

export const SwitchToWartime = z.object({
  reason: z.string().trim().min(2).max(500),
  scope: WartimeScope,
  plannedEndAt: z.number().int().positive().nullable().default(null),
  command: CommandAssignment,
  confirm: z.string(),
});
export type SwitchToWartime = z.input<typeof SwitchToWartime>;

export const SwitchToPeacetime = z.object({
  reason: z.string().trim().min(2).max(500),
  confirm: z.string(),
});
export type SwitchToPeacetime = z.input<typeof SwitchToPeacetime>;

export const AssignCommand = z.object({ command: CommandAssignment });
export type AssignCommand = z.input<typeof AssignCommand>;

// ---- dispatch orders (指令) ----

export const ORDER_PRIORITIES = ['urgent', 'high', 'normal'] as const;
export const OrderPriority = z.enum(ORDER_PRIORITIES);
export type OrderPriority = z.infer<typeof OrderPriority>;
export const ORDER_PRIORITY_LABELS: Record<OrderPriority, [string, string]> = {
  urgent: ['特急', 'Flash'],
  high: ['加急', 'Immediate'],
  normal: ['平急', 'Routine'],
};

export const OrderTargets = z.discriminatedUnion('kind', [
  /** Every township in scope (every township in peacetime). */
  z.object({ kind: z.literal('all'), includeVillages: z.boolean().default(false) }),
  z.object({ kind: z.literal('centres'), centreIds: z.array(z.number().int().positive()).min(1).max(500), includeVillages: z.boolean().default(false) }),
]);
export type OrderTargets = z.input<typeof OrderTargets>;

export const IssueOrder = z.object({
  title: z.string().trim().min(1).max(100),
  body: z.string().trim().max(2000).default(''),
  priority: OrderPriority.default('high'),
  /** When the task must be done (反馈 due). */
  completeBy: z.number().int().positive().nullable().default(null),
  targets: OrderTargets,
});
export type IssueOrder = z.input<typeof IssueOrder>;

export const SignOrder = z.object({ orderId: z.number().int().positive() });
export type SignOrder = z.infer<typeof SignOrder>;

export const AnswerOrder = z.object({ orderId: z.number().int().positive(), text: AnswerText });
export type AnswerOrder = z.infer<typeof AnswerOrder>;

/** The ladder of an unsigned order: 0 none, 1 re-sent (1×), 2 flagged to the commander (2×), 3 超时未签收 (3×). */
export const ORDER_RUNG_LABELS: Record<0 | 1 | 2 | 3, [string, string]> = {
  0: ['', ''],
  1: ['已重发', 'Re-sent'],
  2: ['已报指挥长', 'Flagged to commander'],
  3: ['逾3倍时限', 'Past 3× the deadline'],
};

/**
 * 超时未签收 (not signed in time) — the one rule, shared by the board, the order list and the period summary: as of
 * `at`, the order's 签收时限 (issue time + its deadline) has passed and the recipient has not signed. The ladder's steps
 * are what was done about it, not another definition.
 */
export function isAckOverdue(r: { signedAt: number | null }, issuedAt: number, ackMs: number, at: number): boolean {
  return at > issuedAt + ackMs && (r.signedAt === null || r.signedAt > at);
}

/** 超时后签收: signed, but after the 签收时限 (until then it was 超时未签收). */
export function isSignedLate(r: { signedAt: number | null }, issuedAt: number, ackMs: number): boolean {
  return r.signedAt !== null && r.signedAt > issuedAt + ackMs;
}

/** One recipient centre of an order (see protocol/delivery.ts); orders always take 反馈. */
export const OrderRecipient = z.object({ orderId: z.number().int(), ...DeliveryFields });
export type OrderRecipient = z.infer<typeof OrderRecipient>;

export const Order = z.object({
  id: z.number().int(),
  /** 交办 number shown on paper: 战令〔YYYYMMDD〕N. */
  code: z.string(),
  periodId: z.number().int().nullable(),
  title: z.string(),
  body: z.string(),
  priority: OrderPriority,
  completeBy: z.number().int().nullable(),
  issuedAt: z.number().int(),
  issuedBy: PersonRef,
  ackDeadlineMs: z.number().int(),
  recipients: z.array(OrderRecipient),
});
export type Order = z.infer<typeof Order>;

// ---- daily cycle ----

/** A Shanghai calendar day, YYYY-MM-DD. */
export const DayString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const SubmitDailyReport = z.object({
  date: DayString,
  /** 今日总体情况 */
  summary: z.string().trim().min(1).max(2000),
  /** 排查风险隐患 (items checked) */
  risksChecked: z.number().int().min(0).max(100_000),
  /** 化解矛盾纠纷 */
  disputesResolved: z.number().int().min(0).max(100_000),
  /** 需县级协调事项 */
  needsCounty: z.string().trim().max(1000).default(''),
});
export type SubmitDailyReport = z.input<typeof SubmitDailyReport>;

export const DailyReport = z.object({
  centreId: z.number().int(),
  centreName: z.string(),
  date: DayString,
  summary: z.string(),
  risksChecked: z.number().int(),
  disputesResolved: z.number().int(),
  needsCounty: z.string(),
  submittedAt: z.number().int(),
  submittedBy: PersonRef,
  /** Submitted after the deadline of its day. */
  late: z.boolean(),
});
export type DailyReport = z.infer<typeof DailyReport>;

export const WriteAnalysis = z.object({ date: DayString, text: z.string().trim().min(1).max(5000) });
export type WriteAnalysis = z.infer<typeof WriteAnalysis>;

export const DailyAnalysis = z.object({
  date: DayString,
  text: z.string(),
  writtenAt: z.number().int(),
  writtenBy: PersonRef,
});
export type DailyAnalysis = z.infer<typeof DailyAnalysis>;

// ---- risk list (风险隐患清单) ----

export const RISK_LEVELS = ['major', 'large', 'general'] as const;
export const RiskLevel = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof RiskLevel>;
export const RISK_LEVEL_LABELS: Record<RiskLevel, [string, string]> = {
  major: ['重大', 'Major'],
  large: ['较大', 'Significant'],
  general: ['一般', 'General'],
};
export const RiskStatus = z.enum(['open', 'closed']);
export type RiskStatus = z.infer<typeof RiskStatus>;
export const RISK_STATUS_LABELS: Record<RiskStatus, [string, string]> = { open: ['管控中', 'Open'], closed: ['已销号', 'Closed'] };

export const AddRisk = z.object({
  townshipId: z.number().int().positive(),
  description: z.string().trim().min(1).max(1000),
  level: RiskLevel,
  owner: z.string().trim().min(1).max(50),
  dueDate: DayString,
});
export type AddRisk = z.infer<typeof AddRisk>;

export const UpdateRisk = z.object({ riskId: z.number().int().positive(), note: z.string().trim().min(1).max(1000) });
export type UpdateRisk = z.infer<typeof UpdateRisk>;

export const CloseRisk = z.object({ riskId: z.number().int().positive(), result: z.string().trim().min(1).max(1000) });
export type CloseRisk = z.infer<typeof CloseRisk>;

export const RiskUpdate = z.object({ at: z.number().int(), by: PersonRef, note: z.string() });
export type RiskUpdate = z.infer<typeof RiskUpdate>;

export const Risk = z.object({
  id: z.number().int(),
  townshipId: z.number().int(),
  townshipName: z.string(),
  description: z.string(),
  level: RiskLevel,
  owner: z.string(),
  dueDate: DayString,
  status: RiskStatus,
  result: z.string().nullable(),
  createdAt: z.number().int(),
  createdBy: PersonRef,
  closedAt: z.number().int().nullable(),
  updatedAt: z.number().int(),
  updates: z.array(RiskUpdate),
});
export type Risk = z.infer<typeof Risk>;

// ---- presence ----

/** Live presence of a centre's consoles (not part of the durable stream: latest wins). */
export const Presence = z.object({
  centreId: z.number().int(),
  online: z.boolean(),
  consoles: z.number().int().nonnegative(),
  /** When a console of the centre was last connected (now, while online); null if never. */
  lastSeen: z.number().int().nullable(),
});
export type Presence = z.infer<typeof Presence>;

/** Everything a console needs about wartime after it synced: called on every (re)connect. */
export const WartimeSnapshot = z.object({
  state: WartimeState,
  /** Recent orders as this centre may see them (the county: every recipient; a township: itself). */
  orders: z.array(Order),
  /** The day in Asia/Shanghai the server considers "today". */
  today: DayString,
  /** Today's reports: every centre's for the county, its own for a township. */
  reports: z.array(DailyReport),
  analysis: DailyAnalysis.nullable(),
  risks: z.array(Risk),
});
export type WartimeSnapshot = z.infer<typeof WartimeSnapshot>;

export const WartimeStateRequest = z.object({}).strict().default({});

export const ReportsRequest = z.object({ date: DayString });

// ---- stream events (durable, per-centre seq; see stream.ts) ----

export const WartimeStateEvent = z.object({ kind: z.literal('wartime.state'), state: WartimeState });
export const OrderNewEvent = z.object({ kind: z.literal('order.new'), order: Order });
/** Re-sent because the signature is overdue (ladder step 1): shows as a reminder, never as a second order. */
export const OrderResentEvent = z.object({ kind: z.literal('order.resent'), order: Order });
export const OrderStatusEvent = z.object({ kind: z.literal('order.status'), recipient: OrderRecipient });
export const DailyReportEvent = z.object({ kind: z.literal('daily.report'), report: DailyReport });
/** The daily report is missing after the deadline: the township is chased. */
export const DailyChaseEvent = z.object({ kind: z.literal('daily.chase'), date: DayString, dueAt: z.number().int(), centreIds: z.array(z.number().int()) });
export const DailyAnalysisEvent = z.object({ kind: z.literal('daily.analysis'), analysis: DailyAnalysis });
export const RiskEvent = z.object({ kind: z.literal('risk.upsert'), risk: Risk });

/** Added to the StreamEvent union in stream.ts. */
export const WARTIME_EVENTS = [
  WartimeStateEvent, OrderNewEvent, OrderResentEvent, OrderStatusEvent, DailyReportEvent, DailyChaseEvent, DailyAnalysisEvent, RiskEvent,
] as const;
