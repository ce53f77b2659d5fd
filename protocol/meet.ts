import { z } from 'zod';
import { PersonRef } from './delivery.ts';

// 一键通 (a call from the county to a unit's duty seat), 视频会商 (a meeting of chosen units) and 视频调解/接访 (a meeting
// attached to a case, recorded with everyone's consent). The meeting itself is durable (rows, ledger, the `meet.updated`
// stream event: a console that reconnects while a call rings still sees it ring); who is in the room right now and who
// is speaking is latest-wins (`meet:roster` pushes). Media flows between the browsers and Janus; every signalling step
// goes through the centre's socket, which authorises it.

export const MEET_KINDS = ['call', 'meeting', 'mediation'] as const;
export const MeetKind = z.enum(MEET_KINDS);
export type MeetKind = z.infer<typeof MeetKind>;

/** ringing (a call nobody answered yet) → open → ended; a call nobody answers in time (or declined, or cancelled) → missed. */
export const MeetState = z.enum(['ringing', 'open', 'ended', 'missed']);
export type MeetState = z.infer<typeof MeetState>;

/** An invited unit: a call rings there until one console answers; a meeting invites it to join. */
export const InviteeState = z.enum(['ringing', 'answered', 'missed', 'declined', 'invited']);
export type InviteeState = z.infer<typeof InviteeState>;

export const Invitee = z.object({
  centreId: z.number().int(),
  centreName: z.string(),
  state: InviteeState,
  /** Who answered or declined, and when. */
  by: PersonRef.nullable(),
  at: z.number().int().nullable(),
  /** A missed call someone of the unit has looked at (it leaves 待办). */
  seen: z.boolean(),
});
export type Invitee = z.infer<typeof Invitee>;

export const Recording = z.object({
  /** consent: asked, waiting for everyone; on: Janus records; done: the MP4 is attached. */
  state: z.enum(['consent', 'on', 'converting', 'done', 'failed']),
  /** Units whose participants consented (shown on every screen). */
  consents: z.array(z.object({ centreId: z.number().int(), by: PersonRef, at: z.number().int() })),
  sha256: z.string().nullable(),
  bytes: z.number().int().nullable(),
});
export type Recording = z.infer<typeof Recording>;

export const Meeting = z.object({
  id: z.number().int(),
  kind: MeetKind,
  title: z.string(),
  hostCentreId: z.number().int(),
  hostCentreName: z.string(),
  openedBy: PersonRef,
  openedAt: z.number().int(),
  state: MeetState,
  /** A ringing call turns missed at this time. */
  ringUntil: z.number().int().nullable(),
  answeredAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  /** The case a 视频调解 is attached to. */
  incidentId: z.number().int().nullable(),
  /** Or the dispute case it is attached to (one subject at most). */
  disputeId: z.number().int().nullable(),
  invitees: z.array(Invitee),
  recording: Recording.nullable(),
  version: z.number().int(),
});
export type Meeting = z.infer<typeof Meeting>;

export const MeetUpdatedEvent = z.object({ kind: z.literal('meet.updated'), meeting: Meeting });

const Id = z.number().int().positive();
const Title = z.string().trim().min(1).max(80);

/** 一键通: the county calls a unit's duty seat. */
export const PlaceCall = z.object({ centreId: Id });
/** 视频会商 (or 视频调解 with a case): the units invited; `allTownships` invites every township in one click. */
export const OpenMeeting = z.object({
  kind: z.enum(['meeting', 'mediation']).default('meeting'),
  title: Title,
  centreIds: z.array(Id).max(200).default([]),
  allTownships: z.boolean().default(false),
  incidentId: Id.nullable().default(null),
  disputeId: Id.nullable().default(null),
});
export const MeetingRef = z.object({ meetingId: Id });

/** Browser → centre → Janus: the session description of this console's own camera and microphone (an offer). */
export const Sdp = z.object({ type: z.enum(['offer', 'answer']), sdp: z.string().min(10).max(200_000) });
export type Sdp = z.infer<typeof Sdp>;
export const Publish = MeetingRef.extend({ jsep: Sdp, audio: z.boolean(), video: z.boolean() });
export const Subscribe = MeetingRef.extend({ feedId: Id });
export const StartSubscription = MeetingRef.extend({ subscriptionId: Id, jsep: Sdp });
export const SetMedia = MeetingRef.extend({ audio: z.boolean(), video: z.boolean() });
export const HostAction = MeetingRef.extend({ feedId: Id });
export const HostMute = HostAction.extend({ muted: z.boolean() });

/** One participant in the room (latest wins). */
export const Participant = z.object({
  feedId: z.number().int(),
  userId: z.number().int(),
  name: z.string(),
  centreId: z.number().int(),
  centreName: z.string(),
  audio: z.boolean(),
  video: z.boolean(),
  /** Muted by the host (they cannot unmute themselves until the host lets them). */
  hostMuted: z.boolean(),
  talking: z.boolean(),
  /** Publishing media (false while connecting). */
  live: z.boolean(),
});
export type Participant = z.infer<typeof Participant>;

export const Roster = z.object({ meetingId: z.number().int(), participants: z.array(Participant), wallFeedId: z.number().int().nullable() });
export type Roster = z.infer<typeof Roster>;

export const JoinReply = z.object({ feedId: z.number().int(), roster: Roster });
export const Subscription = z.object({ subscriptionId: z.number().int(), jsep: Sdp });

/**
 * A wall screen watches one participant (视频会商上墙): receive-only, never a participant itself. The reply is Janus's
 * offer while the participant publishes, else `left` (the watch stays: a rejoin is pushed as `live`).
 */
export const WatchRequest = MeetingRef.extend({ userId: Id });
export const WatchReply = z.discriminatedUnion('state', [
  /** video: whether the person's camera is on now (off: the tile says so rather than freeze on the last frame). */
  z.object({ state: z.literal('live'), subscriptionId: z.number().int(), jsep: Sdp, video: z.boolean() }),
  z.object({ state: z.literal('left') }),
  /** Publishing without a video stream: nothing to show (a wall screen never receives audio). */
  z.object({ state: z.literal('noVideo') }),
]);
export type WatchReply = z.infer<typeof WatchReply>;
/**
 * Pushed to a watching wall: the participant is live again (watch anew), left, the meeting ended, Janus restarts; or
 * the watched feed's camera went off or on (the subscription stays); offWall: the wall no longer shows the person
 * (the watch is dropped).
 */
export const WATCH_STATES = ['live', 'left', 'ended', 'restart', 'camOff', 'camOn', 'offWall'] as const;
export const MeetWatchEvent = z.object({ meetingId: z.number().int(), userId: z.number().int(), state: z.enum(WATCH_STATES) });
export type MeetWatchEvent = z.infer<typeof MeetWatchEvent>;
/** The host's 上墙: a participant onto a wall screen (the first with an empty tile unless `screen` says), or off it. */
export const WallPut = MeetingRef.extend({ feedId: Id.nullable(), screen: z.number().int().min(0).max(7).optional() });
/** tourStopped: the screen it went onto was touring, and its tour stopped (only when every screen tours or one was asked for). */
export const WallPlaced = z.object({ placed: z.object({ screen: z.number().int(), tile: z.number().int() }).nullable(), tourStopped: z.boolean().optional() });
export type WallPlaced = z.infer<typeof WallPlaced>;

/** Why this console was taken out of a room (pushed). */
export const MeetKicked = z.object({ meetingId: z.number().int(), reason: z.enum(['removed', 'ended', 'restart']) });
export type MeetKicked = z.infer<typeof MeetKicked>;

/** Whether the meeting service can carry media now. */
export const MeetHealth = z.object({ available: z.boolean(), reason: z.string().nullable() });
export type MeetHealth = z.infer<typeof MeetHealth>;
