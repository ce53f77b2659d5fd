// The socket contract: one map from each client → server request to its request schema and its reply schema, like
// protocol/ipc.ts does for IPC. The server registers a handler per event through app/realtime/hub.ts, which takes the
// schema from this map, so a handler whose input or reply does not match its event fails to type-check
// (tests/lint/socketContract.typecheck.ts proves it); clients type `request(socket, event, payload)` from the same map.
import { z } from 'zod';
import { Alert, AnswerAlert, PersonRef, RaiseAlert, RecipientStatus, SignAlert } from './alerts.ts';
import { AckAlarm, AlarmAck, SetAlarmMute } from './alarms.ts';
import { AcceptHandover, AddDutyLog, DutyLogEntry, HandOver, Handover, HandoverNote, RosterDay, RosterRequest, SaveRoster } from './duty.ts';
import type { ApiError, Reply } from './errors.ts';
import { Received, SyncReply, SyncRequest, type Envelope } from './stream.ts';
import {
  AddRisk, AssignCommand, CloseRisk, DailyAnalysis, DailyReport, IssueOrder, Order, OrderRecipient, Presence, AnswerOrder, ReportsRequest,
  Risk, SignOrder, SubmitDailyReport, SwitchToPeacetime, SwitchToWartime, UpdateRisk, WartimeState, WartimeStateRequest, WriteAnalysis,
} from './wartime.ts';
import {
  Camera, CameraHealthEvent, DeletePreset, PlayGrant, PlayRequest, SavePreset, WallOp, WallOpResult, WallPreset, WallState,
} from './video.ts';
import type { PtzHoldEvent } from './ptz.ts';
import {
  HostAction, HostMute, JoinReply, MeetHealth, MeetKicked, Meeting, MeetingRef, OpenMeeting, PlaceCall, Publish, Roster, Sdp, SetMedia,
  StartSubscription, Subscribe, Subscription, WallPlaced, WallPut, WatchReply, WatchRequest, type MeetWatchEvent,
} from './meet.ts';

const contract = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, reply: Res) => ({ request, reply });

export const SOCKET_REQUESTS = {
  /** Every (re)connect: replay or snapshot of the unit's durable stream, and the latest-wins live state. */
  sync: contract(SyncRequest, SyncReply),

  'alert:raise': contract(RaiseAlert, z.object({ alert: Alert })),
  'alert:sign': contract(SignAlert, z.object({ recipient: RecipientStatus })),
  /** 反馈 to an alert that asked for it (after 签收). */
  'alert:answer': contract(AnswerAlert, z.object({ recipient: RecipientStatus })),

  /** An alarm acknowledged on this console: ends its takeover on every console of the unit (ledger + stream). */
  'alarm:ack': contract(AckAlarm, z.object({ ack: AlarmAck })),
  /** This console's night-shift mute switched on or off (logged in the ledger). */
  'alarm:mute': contract(SetAlarmMute, z.null()),

  /** County users who may be given a command role. */
  'wartime:staff': contract(WartimeStateRequest, z.object({ users: z.array(PersonRef.extend({ role: z.string() })) })),
  'wartime:start': contract(SwitchToWartime, z.object({ state: WartimeState })),
  'wartime:end': contract(SwitchToPeacetime, z.object({ state: WartimeState })),
  'wartime:command': contract(AssignCommand, z.object({ state: WartimeState })),
  'order:issue': contract(IssueOrder, z.object({ order: Order })),
  'order:sign': contract(SignOrder, z.object({ recipient: OrderRecipient })),
  'order:answer': contract(AnswerOrder, z.object({ recipient: OrderRecipient })),
  'daily:submit': contract(SubmitDailyReport, z.object({ report: DailyReport })),
  'daily:analysis': contract(WriteAnalysis, z.object({ analysis: DailyAnalysis })),
  /** A past day's reports (history); today's come with the stream's snapshot. */
  'daily:reports': contract(ReportsRequest, z.object({ reports: z.array(DailyReport), analysis: DailyAnalysis.nullable() })),
  'risk:add': contract(AddRisk, z.object({ risk: Risk })),
  'risk:update': contract(UpdateRisk, z.object({ risk: Risk })),
  'risk:close': contract(CloseRisk, z.object({ risk: Risk })),

  'wall:op': contract(WallOp, WallOpResult),
  'wall:preset:save': contract(SavePreset, z.object({ preset: WallPreset })),
  'wall:preset:delete': contract(DeletePreset, z.null()),
  /** A signed, short-lived play URL; starts the camera's pull on demand. */
  'video:play': contract(PlayRequest, PlayGrant),

  /** 值班: a unit's roster of a day; replace it (the unit's duty lead or the administrator); the handover note as it
   *  would be now; hand over; accept; a duty log entry. */
  'duty:roster': contract(RosterRequest, z.object({ roster: RosterDay, dutyPhone: z.string().nullable() })),
  'duty:roster:save': contract(SaveRoster, z.object({ roster: RosterDay })),
  'duty:handover:preview': contract(z.object({}).strict().default({}), z.object({ note: HandoverNote })),
  'duty:handover': contract(HandOver, z.object({ handover: Handover })),
  'duty:handover:accept': contract(AcceptHandover, z.object({ handover: Handover })),
  'duty:log': contract(AddDutyLog, z.object({ entry: DutyLogEntry })),
  /** 一键通: the county calls a unit's duty seat (rings on every console of the unit). */
  'meet:call': contract(PlaceCall, z.object({ meeting: Meeting })),
  /** 视频会商 / 视频调解: a meeting of chosen units (all townships in one click), a mediation attached to a case. */
  'meet:open': contract(OpenMeeting, z.object({ meeting: Meeting })),
  'meet:answer': contract(MeetingRef, z.object({ meeting: Meeting })),
  /** Hang up (either side of a call; a ringing call: cancel at the caller, decline at the unit), or end a meeting (host). */
  'meet:end': contract(MeetingRef, z.object({ meeting: Meeting })),
  /** A missed call looked at: it leaves the unit's 待办. */
  'meet:seen': contract(MeetingRef, z.object({ meeting: Meeting })),
  /** Whether Janus can carry media now. */
  'meet:health': contract(z.object({}), MeetHealth),
  /** Enter the room (the centre authorises, then joins Janus for this console). */
  'meet:join': contract(MeetingRef, JoinReply),
  /** This console's camera and microphone: an SDP offer in, Janus's answer out. */
  'meet:publish': contract(Publish, z.object({ jsep: Sdp })),
  /** Receive one participant: Janus's SDP offer out … */
  'meet:subscribe': contract(Subscribe, Subscription),
  /** … and this console's answer in. */
  'meet:start': contract(StartSubscription, z.null()),
  /** Own microphone / camera switched (shown to the others). */
  'meet:media': contract(SetMedia, z.null()),
  'meet:leave': contract(MeetingRef, z.null()),
  /** Host: mute or unmute a participant, remove one, put one on a wall tile (null: take the meeting off the wall). */
  'meet:mute': contract(HostMute, z.null()),
  'meet:kick': contract(HostAction, z.null()),
  'meet:wall': contract(WallPut, WallPlaced),
  /** A wall screen watches a participant without joining (roles that drive the host unit's wall); `meet:start` answers. */
  'meet:watch': contract(WatchRequest, WatchReply),
  'meet:unwatch': contract(WatchRequest, z.null()),
  /** 视频调解: this unit consents to the recording; the host starts or stops it. */
  'meet:consent': contract(MeetingRef, z.object({ meeting: Meeting })),
  'meet:record': contract(MeetingRef.extend({ on: z.boolean() }), z.object({ meeting: Meeting })),
};

/** Client → server messages without a reply. */
export const SOCKET_NOTICES = {
  /** Delivery receipt: "I have applied every envelope up to and including this seq" (operator consoles only). */
  received: Received,
};

export type RequestEvent = keyof typeof SOCKET_REQUESTS;
export type NoticeEvent = keyof typeof SOCKET_NOTICES;
type Contract<E extends RequestEvent> = (typeof SOCKET_REQUESTS)[E];
/** What a client sends (defaults may be left out). */
export type RequestInput<E extends RequestEvent> = z.input<Contract<E>['request']>;
/** What a handler receives, validated and with defaults applied. */
export type RequestData<E extends RequestEvent> = z.output<Contract<E>['request']>;
/** What a handler answers on success. */
export type ReplyData<E extends RequestEvent> = z.output<Contract<E>['reply']>;

export type ClientToServerEvents = {
  [E in RequestEvent]: (req: RequestInput<E>, reply: (r: Reply<ReplyData<E>>) => void) => void;
} & {
  [E in NoticeEvent]: (req: z.input<(typeof SOCKET_NOTICES)[E]>) => void;
};

/** Server → client pushes. */
export interface ServerToClientEvents {
  /** The unit's durable stream. */
  stream: (envelope: Envelope) => void;
  /** Live presence of a township or village console (county consoles only; latest wins). */
  presence: (p: Presence) => void;
  /** Sent just before the server closes the socket because its session ended (logout, disabled, reset, expired). */
  'session:ended': (reason: ApiError) => void;
  /** Video wall (latest state wins; not in the durable stream — see app/realtime/videoEvents.ts). */
  wall: (wall: WallState) => void;
  'wall:presets': (presets: WallPreset[]) => void;
  camera: (camera: Camera) => void;
  'camera:removed': (ev: { id: number }) => void;
  'camera:health': (ev: CameraHealthEvent) => void;
  /** A dome camera's control changed hands (or was let go: hold null). */
  'ptz:hold': (ev: PtzHoldEvent) => void;
  /** Who is in a meeting's room, speaking, muted (latest wins; consoles in the room only). */
  'meet:roster': (r: Roster) => void;
  /** This console was taken out of a room (removed by the host, meeting ended, Janus restarted: rejoin). */
  'meet:kicked': (k: MeetKicked) => void;
  /** A watched participant is live again, left, or the meeting ended (wall screens watching it). */
  'meet:watch': (e: MeetWatchEvent) => void;
  /** Janus went up or down. */
  'meet:health': (h: MeetHealth) => void;
}

/** Handshake: `io(url, { auth: { token } })`. A rejected handshake's error `data` is an ApiError. */
export interface HandshakeAuth {
  token: string;
}
