import { z } from 'zod';
import { PersonRef } from './alerts.ts';
import { CentreLevel } from './roles.ts';

// Incidents (事件): reported once, routed to whoever must handle them, chased until solved, followed up.

export const DEFAULT_CATEGORIES: { code: string; label: [string, string] }[] = [
  { code: 'dispute', label: ['矛盾纠纷', 'Dispute'] },
  { code: 'publicOrder', label: ['治安隐患', 'Public-order risk'] },
  { code: 'safety', label: ['安全隐患', 'Safety hazard'] },
  { code: 'help', label: ['群众求助', 'Request for help'] },
  { code: 'other', label: ['其他', 'Other'] },
];
export const Category = z.object({ code: z.string().regex(/^[a-zA-Z][\w-]{0,31}$/), label: z.tuple([z.string(), z.string()]) });
export type Category = z.infer<typeof Category>;

/** 简易 (same day), 一般 (3 days), 复杂 (7 days) by default; the table is configurable. */
export const PRIORITIES = ['simple', 'general', 'complex'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;
export const PRIORITY_LABELS: Record<Priority, [string, string]> = {
  simple: ['简易', 'Simple'],
  general: ['一般', 'General'],
  complex: ['复杂', 'Complex'],
};

export const INCIDENT_STATES = ['reported', 'accepted', 'assigned', 'handling', 'resolved', 'followedUp', 'archived', 'returned', 'merged'] as const;
export const IncidentState = z.enum(INCIDENT_STATES);
export type IncidentState = z.infer<typeof IncidentState>;
export const INCIDENT_STATE_LABELS: Record<IncidentState, [string, string]> = {
  reported: ['已上报', 'Reported'],
  accepted: ['已受理', 'Accepted'],
  assigned: ['已分流', 'Assigned'],
  handling: ['处置中', 'Handling'],
  resolved: ['已办结', 'Resolved'],
  followedUp: ['已回访', 'Followed up'],
  archived: ['已归档', 'Archived'],
  returned: ['已退回', 'Returned'],
  merged: ['已合并', 'Merged'],
};

/**
 * What the public page says for each timeline step: the words of INCIDENT_STATE_LABELS where a step leads into a state,
 * so 「当前状态」 and the last step never disagree. Steps not listed here are internal and not shown.
 */
export const PUBLIC_STEP_LABELS: Record<string, string> = {
  report: INCIDENT_STATE_LABELS.reported[0], accept: INCIDENT_STATE_LABELS.accepted[0], assign: '已分流至处置单位', sign: '处置单位已签收',
  progress: '处置中', resolve: INCIDENT_STATE_LABELS.resolved[0], followUp: INCIDENT_STATE_LABELS.followedUp[0],
  followUpUnsatisfied: '回访不满意，重新处置', archive: INCIDENT_STATE_LABELS.archived[0], return: '重新分流', escalateUp: '已上报上级',
  autoEscalate: '已上报上级', approveExtension: '已批准延期', merge: INCIDENT_STATE_LABELS.merged[0], urge: '已催办', supervise: '已督办',
};

/** Coordinates as phones send them: WGS-84 from GPS, GCJ-02 or BD-09 from Chinese map SDKs. Stored as WGS-84. */
export const InputLocation = z.object({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  crs: z.enum(['wgs84', 'gcj02', 'bd09']).default('wgs84'),
});
export type InputLocation = z.input<typeof InputLocation>;

export const PhotoId = z.string().regex(/^[a-f0-9]{64}$/, 'photo id');
export const MAX_PHOTOS = 6;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

export const ReportIncident = z.object({
  /** Chosen by the phone once per report; a retried send with the same key is stored once. */
  idempotencyKey: z.string().min(8).max(64).regex(/^[\w-]+$/),
  category: z.string().min(1).max(32),
  description: z.string().trim().min(1).max(2000),
  location: InputLocation,
  photos: z.array(PhotoId).max(MAX_PHOTOS).default([]),
  priority: Priority.default('general'),
  /** A grid member reporting outside their own village says so on purpose (the server refuses it otherwise). */
  confirmOtherVillage: z.boolean().default(false),
});
export type ReportIncident = z.input<typeof ReportIncident>;

/** Every workflow step is one of these; the server allows exactly those the role and state permit. */
export const IncidentAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), priority: Priority.optional() }),
  z.object({ action: z.literal('assign'), centreId: z.number().int().positive() }),
  z.object({ action: z.literal('sign') }),
  z.object({ action: z.literal('progress'), text: z.string().trim().min(1).max(2000), photos: z.array(PhotoId).max(MAX_PHOTOS).default([]) }),
  z.object({ action: z.literal('resolve'), result: z.string().trim().min(1).max(2000) }),
  z.object({ action: z.literal('return'), reason: z.string().trim().min(1).max(500) }),
  z.object({ action: z.literal('escalateUp'), reason: z.string().trim().min(1).max(500) }),
  z.object({ action: z.literal('requestExtension'), days: z.number().int().min(1).max(15), reason: z.string().trim().min(1).max(500) }),
  z.object({ action: z.literal('decideExtension'), approve: z.boolean() }),
  z.object({ action: z.literal('followUp'), satisfied: z.boolean(), satisfaction: z.number().int().min(1).max(5), note: z.string().trim().max(500).default('') }),
  z.object({ action: z.literal('archive') }),
  /** Into the case with this code (一案一码, as people see it); spaces and lower case are forgiven. */
  z.object({ action: z.literal('merge'), intoCode: z.string().trim().toUpperCase().min(1).max(40) }),
]);
export type IncidentAction = z.input<typeof IncidentAction>;
/** A step as the server sees it after validation (defaults filled in). */
export type IncidentStep = z.output<typeof IncidentAction>;
export type IncidentActionName = IncidentAction['action'];

export const ACTION_LABELS: Record<IncidentActionName, [string, string]> = {
  accept: ['受理', 'Accept'],
  assign: ['分流', 'Assign'],
  sign: ['签收', 'Sign'],
  progress: ['进展', 'Progress'],
  resolve: ['办结', 'Resolve'],
  return: ['退回', 'Return'],
  escalateUp: ['上报上级', 'Escalate up'],
  requestExtension: ['申请延期', 'Request extension'],
  decideExtension: ['审批延期', 'Decide extension'],
  followUp: ['回访', 'Follow up'],
  archive: ['归档', 'Archive'],
  merge: ['合并', 'Merge'],
};

export const ActOnIncident = z.object({ incidentId: z.number().int().positive(), step: IncidentAction });
export type ActOnIncident = z.input<typeof ActOnIncident>;

export const TimelineEntry = z.object({
  at: z.number().int(),
  kind: z.string(),
  actor: PersonRef.nullable(),
  /** The unit the actor acted for (the county's 回访 stays the county's after the case went to a township). */
  actorCentreName: z.string().nullable(),
  /** Where the case went (分流, 退回, 上报上级, 延期申请) or who held it (催办, 督办). */
  centreName: z.string().nullable(),
  note: z.string(),
  photos: z.array(PhotoId),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const Attempts = z.object({ village: z.number().int(), township: z.number().int(), county: z.number().int() });
export type Attempts = z.infer<typeof Attempts>;

export const Incident = z.object({
  id: z.number().int(),
  code: z.string(),
  category: z.string(),
  priority: Priority,
  state: IncidentState,
  description: z.string(),
  lon: z.number(),
  lat: z.number(),
  gridId: z.number().int().nullable(),
  gridName: z.string().nullable(),
  townshipId: z.number().int().nullable(),
  villageId: z.number().int().nullable(),
  /** The centre that must act now, and its level (三二一 counts attempts per level). */
  holderCentreId: z.number().int(),
  holderCentreName: z.string(),
  holderLevel: CentreLevel,
  /** Set while an assignment waits for 签收. */
  pendingSign: z.boolean(),
  reportedAt: z.number().int(),
  reportedBy: PersonRef,
  respondBy: z.number().int(),
  acceptedAt: z.number().int().nullable(),
  resolveBy: z.number().int().nullable(),
  urgedAt: z.number().int().nullable(),
  supervisedAt: z.number().int().nullable(),
  overdue: z.boolean(),
  attempts: Attempts,
  extension: z.object({ days: z.number().int(), reason: z.string(), status: z.enum(['requested', 'approved', 'rejected']) }).nullable(),
  extendedDays: z.number().int(),
  result: z.string().nullable(),
  satisfaction: z.number().int().nullable(),
  mergedInto: z.number().int().nullable(),
  /** The case code of mergedInto: what people see. */
  mergedIntoCode: z.string().nullable(),
  /** A near-duplicate open case the reporter's case may belong to. */
  similarTo: z.number().int().nullable(),
  similarToCode: z.string().nullable(),
  photos: z.array(PhotoId),
  updatedAt: z.number().int(),
  /** Increases with every change: a console keeps the copy with the higher version. */
  version: z.number().int(),
});
export type Incident = z.infer<typeof Incident>;

export const IncidentDetail = Incident.extend({
  timeline: z.array(TimelineEntry),
  /** The workflow steps this user may take now. */
  allowed: z.array(z.string()),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

export const IncidentFilter = z.object({
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  centreId: z.coerce.number().int().optional(),
  category: z.string().max(32).optional(),
  state: IncidentState.optional(),
  /** Map viewport `minLon,minLat,maxLon,maxLat` (WGS-84), answered from the spatial index. */
  bbox: z
    .string()
    .regex(/^-?[\d.]+(,-?[\d.]+){3}$/, 'minLon,minLat,maxLon,maxLat')
    .transform((s) => s.split(',').map(Number) as [number, number, number, number])
    .optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
export type IncidentFilter = z.input<typeof IncidentFilter>;
export type IncidentQuery = z.output<typeof IncidentFilter>;

/** What the public sees at /case/<code>: the steps and their times, nothing about people or places. */
export const PublicCase = z.object({
  code: z.string(),
  category: z.string(),
  state: IncidentState,
  steps: z.array(z.object({ at: z.number().int(), step: z.string() })),
});
export type PublicCase = z.infer<typeof PublicCase>;
