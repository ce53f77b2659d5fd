import { z } from 'zod';

/**
 * One delivery of an item (an alert, an order) to one centre: delivered (a console got it) → signed (签收, by a person)
 * → answered (反馈, text) when the item asks for feedback. The same names in the database, on the wire and in the code.
 */
export const DELIVERY_STATES = ['pending', 'delivered', 'signed', 'answered'] as const;
export const DeliveryState = z.enum(DELIVERY_STATES);
export type DeliveryState = z.infer<typeof DeliveryState>;

export const DELIVERY_STATE_LABELS: Record<DeliveryState, [string, string]> = {
  pending: ['待送达', 'Pending'],
  delivered: ['已送达', 'Delivered'],
  signed: ['已签收', 'Signed'],
  answered: ['已反馈', 'Answered'],
};

export const PersonRef = z.object({ id: z.number().int(), name: z.string() });
export type PersonRef = z.infer<typeof PersonRef>;

export const DeliveryFields = {
  centreId: z.number().int(),
  centreName: z.string(),
  /** The township a village belongs to (null for a township). */
  parentId: z.number().int().nullable(),
  state: DeliveryState,
  deliveredAt: z.number().int().nullable(),
  signedAt: z.number().int().nullable(),
  signedBy: PersonRef.nullable(),
  /** The original 签收 deadline. It never moves: reminders are counted in `rung`, the next one is `nextAt`. */
  dueAt: z.number().int(),
  /** When the next reminder fires; null once signed or at the top of the ladder. */
  nextAt: z.number().int().nullable(),
  /** Reminders sent so far (the ladder's rung). */
  rung: z.number().int().min(0),
  /** When the last reminder went out (null before the first, and for rows older than this field). */
  remindedAt: z.number().int().nullable(),
  /** Not signed and at least one reminder sent. */
  overdue: z.boolean(),
  /** The sender asked for 反馈. */
  wantsAnswer: z.boolean(),
  answeredAt: z.number().int().nullable(),
  answeredBy: PersonRef.nullable(),
  answer: z.string().nullable(),
};

export const AnswerText = z.string().trim().min(1).max(2000);
