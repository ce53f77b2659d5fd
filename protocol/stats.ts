// 统计研判 and 考核 on the wire: the figures of a period and area, and the scored ranking of units.
import { z } from 'zod';

/** Kinds of item the figures cover; disputes (issue 12) have their facts from migration 0021. */
export const STAT_KINDS = ['incident', 'alert', 'order', 'dispute'] as const;
export const StatKind = z.enum(STAT_KINDS);
export type StatKind = z.infer<typeof StatKind>;
export const STAT_KIND_LABELS: Record<StatKind, [string, string]> = {
  incident: ['事件', 'Incidents'],
  alert: ['预警', 'Alerts'],
  order: ['指令', 'Orders'],
  dispute: ['矛盾纠纷', 'Disputes'],
};

export const RATE_NAMES = ['signTimely', 'doneOnTime', 'resolved', 'satisfied'] as const;
export const RateName = z.enum(RATE_NAMES);
export type RateName = z.infer<typeof RateName>;
export const RATE_LABELS: Record<RateName, [string, string]> = {
  signTimely: ['签收及时率', 'Signed on time'],
  doneOnTime: ['按期办结率', 'Done on time'],
  resolved: ['化解率', 'Resolution rate'],
  satisfied: ['满意率', 'Satisfaction'],
};

export const CHANNEL_LABELS: Record<string, [string, string]> = {
  grid: ['网格上报', 'Grid report'],
  centre: ['中心受理', 'Centre intake'],
  county: ['县中心发布', 'Raised by the county'],
  peacetime: ['平时指令', 'Peacetime order'],
  wartime: ['战时指令', 'Wartime order'],
};

export const Ratio = z.object({ num: z.number().int(), den: z.number().int(), value: z.number().nullable() });
export type Ratio = z.infer<typeof Ratio>;
export const Rates = z.object({ signTimely: Ratio, doneOnTime: Ratio, resolved: Ratio, satisfied: Ratio });
export type Rates = z.infer<typeof Rates>;

const DayKey = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** GET /api/stats: inclusive Shanghai days; townshipId narrows the area (a township's console may ask only its own). */
export const StatsQuery = z.object({
  from: DayKey,
  to: DayKey,
  townshipId: z.coerce.number().int().positive().optional(),
});
export type StatsQuery = z.infer<typeof StatsQuery>;

export const Count = z.object({ key: z.string(), label: z.string(), n: z.number().int() });
export type Count = z.infer<typeof Count>;

export const KindStats = z.object({
  total: z.number().int(),
  highRisk: z.number().int(),
  /** One entry per day of the period, zeros included. */
  trend: z.array(z.object({ day: DayKey, n: z.number().int() })),
  byCategory: z.array(Count),
  /** By area: townships for the county, villages for a township. */
  byUnit: z.array(Count),
  byChannel: z.array(Count),
  rates: Rates,
  response: z.object({ n: z.number().int(), medianMs: z.number().nullable(), p90Ms: z.number().nullable() }),
});
export type KindStats = z.infer<typeof KindStats>;

export const StatsReport = z.object({
  from: DayKey,
  to: DayKey,
  townshipId: z.number().int().nullable(),
  areaName: z.string(),
  computedAt: z.number().int(),
  kinds: z.record(StatKind, KindStats),
});
export type StatsReport = z.infer<typeof StatsReport>;

// ---- 考核 ----

export const AssessmentIndicator = z.object({
  rate: RateName,
  weight: z.number().positive(),
  /** At or above: full points. */
  target: z.number().min(0).max(1),
  /** At or below: no points. */
  floor: z.number().min(0).max(1),
}).refine((i) => i.floor < i.target, { message: 'floor must be below target', path: ['floor'] });
export type AssessmentIndicator = z.infer<typeof AssessmentIndicator>;

export const AssessmentScheme = z.object({
  period: z.enum(['month', 'quarter']).default('month'),
  indicators: z.array(AssessmentIndicator).min(1),
});
export type AssessmentScheme = z.infer<typeof AssessmentScheme>;

export const DEFAULT_ASSESSMENT: AssessmentScheme = {
  period: 'month',
  indicators: [
    { rate: 'signTimely', weight: 30, target: 0.98, floor: 0.8 },
    { rate: 'doneOnTime', weight: 30, target: 0.95, floor: 0.7 },
    { rate: 'resolved', weight: 25, target: 0.9, floor: 0.6 },
    { rate: 'satisfied', weight: 15, target: 0.95, floor: 0.7 },
  ],
};

export const AssessedUnit = z.object({
  unitId: z.number().int(),
  name: z.string(),
  level: z.enum(['township', 'village', 'department']),
  items: z.number().int(),
  rates: Rates,
  points: z.partialRecord(RateName, z.number()),
  score: z.number().nullable(),
  rank: z.number().int().nullable(),
});
export type AssessedUnit = z.infer<typeof AssessedUnit>;

export const Assessment = z.object({
  period: z.string(),
  scheme: AssessmentScheme,
  units: z.array(AssessedUnit),
  /** Published: frozen, with the SHA-256 recorded in the ledger. */
  published: z.object({ at: z.number().int(), by: z.string(), sha256: z.string() }).nullable(),
  computedAt: z.number().int(),
});
export type Assessment = z.infer<typeof Assessment>;

export const PeriodKey = z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, 'YYYY-MM or YYYY-Qn');

/** One item behind a score, with how it counted. */
export const AssessedItem = z.object({
  kind: StatKind,
  itemId: z.number().int(),
  code: z.string(),
  title: z.string(),
  createdAt: z.number().int(),
  flags: z.object({
    signOk: z.boolean().nullable(),
    doneOk: z.boolean().nullable(),
    closed: z.boolean().nullable(),
    satisfied: z.boolean().nullable(),
    merged: z.boolean(),
  }),
});
export type AssessedItem = z.infer<typeof AssessedItem>;
