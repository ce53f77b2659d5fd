import { z } from 'zod';
import { Alert, RecipientStatus } from './alerts.ts';
import { WARTIME_EVENTS, WartimeSnapshot, Presence } from './wartime.ts';
import { Incident } from './incidents.ts';
import { WallSync } from './video.ts';
import { AlarmAck, AlarmState } from './alarms.ts';
import { DUTY_EVENTS, DutyState } from './duty.ts';
import { DisputeFlow, DisputeFlowEvent } from './mediation.ts';
import { Dispute } from './disputes.ts';
import { Meeting, MeetUpdatedEvent } from './meet.ts';

// The per-unit durable stream. Every envelope carries the unit's sequence number, committed in the same transaction as
// the change it describes; a console applies each seq once, in order. Features put their events here and give the stream
// core one way of building their starting state (a snapshot provider); the core owns numbering, replay and snapshots.

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

/**
 * A dispute case changed (registered, moved on, re-graded); every unit that sees it gets the new copy, personal data
 * masked (keep the higher version). `highRisk`: registered or re-graded as high risk — the county's alarm.
 */
export const DisputeUpdatedEvent = z.object({
  kind: z.literal('dispute.updated'),
  dispute: Dispute,
  notice: z.enum(['highRisk']).nullable(),
});

/** Someone of this unit acknowledged an alarm: its takeover ends on every console of the unit. */
export const AlarmAckedEvent = z.object({ kind: z.literal('alarm.acked'), ack: AlarmAck });

export const StreamEvent = z.discriminatedUnion('kind', [
  AlertNewEvent,
  AlertReminderEvent,
  AlertStatusEvent,
  ...WARTIME_EVENTS,
  IncidentUpdatedEvent,
  AlarmAckedEvent,
  ...DUTY_EVENTS,
  DisputeUpdatedEvent,
  DisputeFlowEvent,
  MeetUpdatedEvent,
]);
export type StreamEvent = z.infer<typeof StreamEvent>;
export type StreamEventKind = StreamEvent['kind'];

export const Envelope = z.object({
  seq: z.number().int().positive(),
  at: z.number().int(),
  event: StreamEvent,
});
export type Envelope = z.infer<typeof Envelope>;

/** Client → server on every (re)connect. */
export const SyncRequest = z.object({
  /** The last seq this console applied; null = nothing (a fresh console). */
  lastSeq: z.number().int().nonnegative().nullable(),
  /** The stream epoch the client's lastSeq belongs to; a different one (the database was replaced) gets a snapshot. */
  epoch: z.string().max(64).nullable().default(null),
  /**
   * True when the console holds no state in memory (a page load): it wants every feature's starting state. The envelopes
   * after lastSeq are still replayed (when kept), so the console can tell what arrived while it was away.
   */
  snapshot: z.boolean().default(false),
});
export type SyncRequest = z.input<typeof SyncRequest>;

/**
 * Every durable feature's starting state for one unit, as that unit may see it: the stream core asks each feature's
 * snapshot provider when a console has nothing, or its cursor is older than what the outbox keeps.
 */
export const StreamSnapshot = z.object({
  alerts: z.array(Alert),
  wartime: WartimeSnapshot,
  incidents: z.array(Incident),
  /** The alarm policy (config) and the alarms this unit already acknowledged. */
  alarms: AlarmState,
  /** The unit's duty desk: shifts, rosters around today, handovers and log of the last two days. */
  duty: DutyState,
  /** The flow (mediation, routing, 签收, 督办) of the dispute cases this unit sees. */
  disputeFlows: z.array(DisputeFlow),
  /** The unit's newest dispute cases (500), personal data masked; older ones are searched over HTTP. */
  disputes: z.array(Dispute),
  /** Calls and meetings of this unit still going, and its missed calls not yet looked at (issue 15). */
  meetings: z.array(Meeting),
});
export type StreamSnapshot = z.infer<typeof StreamSnapshot>;

/** Latest-state-wins parts (not in the outbox: replaying them would only show states that are gone), sent on every sync. */
export const LiveState = z.object({
  /** The video wall, its presets and cameras; null for a console without a wall (grid members). */
  wall: WallSync.nullable(),
  /** For the county: presence of every township and village console. Empty elsewhere. */
  presence: z.array(Presence),
});
export type LiveState = z.infer<typeof LiveState>;

export const SyncReply = z.object({
  /** Present when the console asked for it, had nothing, or its lastSeq is older than what is kept. */
  snapshot: StreamSnapshot.nullable(),
  live: LiveState,
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
