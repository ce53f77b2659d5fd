import { z } from 'zod';

/** The four national warning levels: 红 (I) is the most severe. */
export const ALERT_LEVELS = ['red', 'orange', 'yellow', 'blue'] as const;
export const AlertLevel = z.enum(ALERT_LEVELS);
export type AlertLevel = z.infer<typeof AlertLevel>;

export const ALERT_LEVEL_LABELS: Record<AlertLevel, [string, string]> = {
  red: ['红色(一级)', 'Red (I)'],
  orange: ['橙色(二级)', 'Orange (II)'],
  yellow: ['黄色(三级)', 'Yellow (III)'],
  blue: ['蓝色(四级)', 'Blue (IV)'],
};

export const AlertTargets = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('centres'), centreIds: z.array(z.number().int().positive()).min(1).max(500) }),
]);
export type AlertTargets = z.infer<typeof AlertTargets>;

export const RaiseAlert = z.object({
  level: AlertLevel,
  title: z.string().trim().min(1).max(100),
  body: z.string().trim().max(2000).default(''),
  targets: AlertTargets,
});
export type RaiseAlert = z.input<typeof RaiseAlert>;

export const AckAlert = z.object({ alertId: z.number().int().positive() });
export type AckAlert = z.infer<typeof AckAlert>;

/** pending: committed, no console of the centre has confirmed receipt yet. delivered: a console got it. acknowledged: a person signed (签收). */
export const RecipientState = z.enum(['pending', 'delivered', 'acknowledged']);
export type RecipientState = z.infer<typeof RecipientState>;

export const RECIPIENT_STATE_LABELS: Record<RecipientState, [string, string]> = {
  pending: ['待送达', 'Pending'],
  delivered: ['已送达', 'Delivered'],
  acknowledged: ['已签收', 'Acknowledged'],
};

export const PersonRef = z.object({ id: z.number().int(), name: z.string() });
export type PersonRef = z.infer<typeof PersonRef>;

export const RecipientStatus = z.object({
  alertId: z.number().int(),
  centreId: z.number().int(),
  centreName: z.string(),
  state: RecipientState,
  deliveredAt: z.number().int().nullable(),
  acknowledgedAt: z.number().int().nullable(),
  acknowledgedBy: PersonRef.nullable(),
  /** When the acknowledgement is due; moves forward at each escalation. Null once acknowledged. */
  dueAt: z.number().int().nullable(),
  overdue: z.boolean(),
  escalations: z.number().int(),
});
export type RecipientStatus = z.infer<typeof RecipientStatus>;

export const Alert = z.object({
  id: z.number().int(),
  level: AlertLevel,
  title: z.string(),
  body: z.string(),
  raisedAt: z.number().int(),
  raisedBy: PersonRef,
  recipients: z.array(RecipientStatus),
});
export type Alert = z.infer<typeof Alert>;
