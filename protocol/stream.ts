import { z } from 'zod';
import { Alert, RecipientStatus } from './alerts.ts';
import { WARTIME_EVENTS } from './wartime.ts';
import { Incident } from './incidents.ts';

// The per-centre event stream. Every envelope carries the centre's sequence number,
// committed in the same transaction as the change it describes; clients apply each seq once.

export const AlertNewEvent = z.object({ kind: z.literal('alert.new'), alert: Alert });
/** Re-sent because the 签收 is overdue (a rung of the ladder); shows as a reminder, never as a new alert. */
export const AlertReminderEvent = z.object({ kind: z.literal('alert.reminder'), alertId: z.number().int(), recipient: RecipientStatus });
export const AlertStatusEvent = z.object({ kind: z.literal('alert.status'), recipient: RecipientStatus });

/**
 * An incident changed; every centre that sees it gets the new copy (keep the higher version).
 * `notice` says why it matters to this centre: assigned to it (签收 needed), 催办, 督办, or sent up by 三二一.
 */
export const IncidentUpdatedEvent = z.object({
  kind: z.literal('incident.updated'),
  incident: Incident,
  notice: z.enum(['assigned', 'urge', 'supervise', 'escalated']).nullable(),
});

export const StreamEvent = z.discriminatedUnion('kind', [AlertNewEvent, AlertReminderEvent, AlertStatusEvent, ...WARTIME_EVENTS, IncidentUpdatedEvent]);
export type StreamEvent = z.infer<typeof StreamEvent>;

export const Envelope = z.object({
  seq: z.number().int().positive(),
  at: z.number().int(),
  event: StreamEvent,
});
export type Envelope = z.infer<typeof Envelope>;

/** Client → server on every (re)connect. lastSeq null means "I have nothing: send a snapshot". */
export const SyncRequest = z.object({
  lastSeq: z.number().int().nonnegative().nullable(),
  /** The stream epoch the client's lastSeq belongs to; a different one (the database was replaced) gets a snapshot. */
  epoch: z.string().max(64).nullable().default(null),
});
export type SyncRequest = z.input<typeof SyncRequest>;

export const SyncReply = z.object({
  /** Present when the client had nothing (or its lastSeq is older than what is kept). */
  snapshot: z.array(Alert).nullable(),
  /** The stream head at the moment of the reply: replayed envelopes (if any) were emitted before it. */
  headSeq: z.number().int().nonnegative(),
  replayed: z.number().int().nonnegative(),
  /** Identifies this database's streams: sequence numbers from another epoch mean nothing here. */
  epoch: z.string(),
});
export type SyncReply = z.infer<typeof SyncReply>;

/** Client → server: "I have applied every envelope up to and including this seq" (delivery receipt). */
export const Received = z.object({ upTo: z.number().int().positive() });
export type Received = z.infer<typeof Received>;
