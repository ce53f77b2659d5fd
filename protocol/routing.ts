import { z } from 'zod';
import { PersonRef } from './delivery.ts';

// 法治化路线图: the routing table the administrator keeps. A row says where a dispute of one type goes at one stage:
// the channel (行政调解, 劳动仲裁, 诉调对接, 信访, 法律援助, 乡镇) and the unit that receives it point to point.

/** When the table is asked: at registration (a matter the law sends straight on) or after 先行调解 failed. */
export const ROUTING_STAGES = ['intake', 'mediationFailed'] as const;
export const RoutingStage = z.enum(ROUTING_STAGES);
export type RoutingStage = z.infer<typeof RoutingStage>;
export const ROUTING_STAGE_LABELS: Record<RoutingStage, [string, string]> = {
  intake: ['受理即流转', 'At registration'],
  mediationFailed: ['调解不成', 'Mediation failed'],
};

export const ROUTING_CHANNELS = ['administrative', 'labourArbitration', 'courtMediation', 'petition', 'legalAid', 'township'] as const;
export const RoutingChannel = z.enum(ROUTING_CHANNELS);
export type RoutingChannel = z.infer<typeof RoutingChannel>;
export const ROUTING_CHANNEL_LABELS: Record<RoutingChannel, [string, string]> = {
  administrative: ['行政调解', 'Administrative mediation'],
  labourArbitration: ['劳动仲裁', 'Labour arbitration'],
  courtMediation: ['诉调对接', 'Court-linked mediation'],
  petition: ['信访', 'Petitions'],
  legalAid: ['法律援助', 'Legal aid'],
  township: ['乡镇（属地）', 'Township (local)'],
};

/** A row's dispute type: a type code, or '*' for every type without a row of its own. */
export const ANY_DISPUTE_TYPE = '*';

export const RoutingRule = z.object({
  disputeType: z.string().trim().min(1).max(32),
  stage: RoutingStage,
  channel: RoutingChannel,
  /** The receiving unit; null only for the township channel, meaning the township where the dispute arose (属地). */
  unitId: z.number().int().positive().nullable(),
  /** Days the unit has to handle it after 签收 (the 催办 falls at 75 %, the 督办 at 100 %). */
  days: z.number().int().min(1).max(90),
});
export type RoutingRule = z.infer<typeof RoutingRule>;

/** PUT /api/admin/routing-table: the whole table, replacing the one of `baseVersion` (a stale edit is refused). */
export const SaveRoutingTable = z.object({
  baseVersion: z.number().int().min(0),
  rules: z.array(RoutingRule).max(500),
});
export type SaveRoutingTable = z.input<typeof SaveRoutingTable>;

export const RoutingTableView = z.object({
  version: z.number().int(),
  updatedAt: z.number().int().nullable(),
  updatedBy: PersonRef.nullable(),
  rules: z.array(RoutingRule),
  /** The units a row may name, for the admin screen (departments and townships). */
  units: z.array(z.object({ id: z.number().int(), name: z.string(), level: z.enum(['department', 'township']) })),
  /** The dispute types a row may name (code and label). */
  types: z.array(z.object({ code: z.string(), label: z.tuple([z.string(), z.string()]) })),
});
export type RoutingTableView = z.infer<typeof RoutingTableView>;
