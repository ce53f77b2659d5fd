import { z } from 'zod';
import { AnswerText, DeliveryFields, PersonRef } from './delivery.ts';

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

/**
 * Who receives an alert: every township, or chosen townships and villages; with includeVillages a chosen township's
 * villages too (the order target rules).
 */
export const AlertTargets = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all'), includeVillages: z.boolean().default(false) }),
  z.object({ kind: z.literal('centres'), centreIds: z.array(z.number().int().positive()).min(1).max(500), includeVillages: z.boolean().default(false) }),
]);
export type AlertTargets = z.input<typeof AlertTargets>;

export const RaiseAlert = z.object({
  level: AlertLevel,
  title: z.string().trim().min(1).max(100),
  body: z.string().trim().max(2000).default(''),
  targets: AlertTargets,
  /** 需反馈: each recipient answers with text after signing. */
  wantsAnswer: z.boolean().default(false),
});
export type RaiseAlert = z.input<typeof RaiseAlert>;

export const SignAlert = z.object({ alertId: z.number().int().positive() });
export type SignAlert = z.infer<typeof SignAlert>;

export const AnswerAlert = z.object({ alertId: z.number().int().positive(), text: AnswerText });
export type AnswerAlert = z.infer<typeof AnswerAlert>;

export { PersonRef };

/** One recipient centre of an alert (see protocol/delivery.ts). */
export const RecipientStatus = z.object({ alertId: z.number().int(), ...DeliveryFields });
export type RecipientStatus = z.infer<typeof RecipientStatus>;

export const Alert = z.object({
  id: z.number().int(),
  level: AlertLevel,
  title: z.string(),
  body: z.string(),
  raisedAt: z.number().int(),
  raisedBy: PersonRef,
  wantsAnswer: z.boolean(),
  recipients: z.array(RecipientStatus),
});
export type Alert = z.infer<typeof Alert>;
