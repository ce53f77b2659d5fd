// The socket side of 一键通 and 视频会商, and the Janus rooms behind them. Every signalling step of a console goes
// through its socket: the centre checks the step against the meeting (app/domain/meet.ts), then speaks to Janus's
// VideoRoom on loopback for it (one publisher handle per console in a room, one subscriber handle per feed it
// receives). Rooms are created on first join with a random pin and secret only the centre knows, so nobody reaches a
// room without the centre; media flows between the browsers and Janus directly.
//
// Who is in a room, speaking or muted is latest-wins state (`meet:roster` to the room's sockets), never in the outbox.
// When Janus restarts its rooms are gone: every console in a room is told (`meet:kicked` restart) and rejoins by itself.
//
// A wall screen showing a participant (视频会商上墙) is a watcher, not a participant: it holds one receive-only subscriber
// handle on the participant's current feed, never publishes and is not in the roster. Watches are kept per meeting
// outside the rooms, so a Janus restart or a participant's rejoin (a new feed) tells the watcher to watch anew.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Meeting, MeetWatchEvent, Participant, Roster, WallMeetTile, WallState } from '../../protocol/index.ts';
import { convertRecording, lowLatencyPlayout, type HandleEvent, type JanusService, type JanusUnavailable } from '../../media/index.ts';
import { mayHost, mayJoin, mayWatchMeeting } from '../domain/meet.ts';
import { maySteerWall } from '../domain/wall.ts';
import type { Actor } from '../domain/access.ts';
import type { MeetDesk } from '../workflow/meet.ts';
import type { Addressed } from '../store/outbox.ts';
import type { ErrorCode } from '../../protocol/index.ts';
import { fail, type Caller, type FeatureSockets, type HubServer } from './hub.ts';
import { randomBytes } from 'node:crypto';

const VIDEOROOM = 'janus.plugin.videoroom';
export const meetRoom = (meetingId: number) => `meet:${meetingId}`;

interface Part extends Participant {
  socketId: string;
  handle: number;
  audioMid: string | null;
  /** The published video stream's mid: a wall screen subscribes to it alone (never the audio). */
  videoMid: string | null;
  /** Subscriber handles this console holds, by handle id → feed. */
  subs: Map<number, number>;
}

interface Room {
  meetingId: number;
  hostCentreId: number;
  janusRoom: number;
  generation: number;
  pin: string;
  secret: string;
  control: number;
  parts: Map<number, Part>;
  wallFeedId: number | null;
  recording: boolean;
  ready: Promise<void>;
}

/** A wall screen's socket watching one person of a meeting; `handle` is its subscriber while the person publishes. */
interface Watch {
  socketId: string;
  meetingId: number;
  hostCentreId: number;
  userId: number;
  /** The latest meet:watch of this watch: a reply from an older one (still in Janus calls) must not install its handle. */
  seq: number;
  handle: number | null;
  feedId: number | null;
  generation: number;
}

/** The wall the host puts participants on (the video desk), seen from the meetings. */
export interface MeetWall {
  put(actor: Actor, meet: WallMeetTile, screen: number | undefined, now: number): { ok: true; placed: { screen: number; tile: number } | null; tourStopped: boolean } | { ok: false; code: ErrorCode; details?: Record<string, string> };
  take(actor: Actor, meetingId: number, now: number): void;
  /** The meeting ended: its tile comes down (a system change, in the ledger with reason ended). */
  ended(centreId: number, meetingId: number, now: number): void;
  /** Whose video of the meeting the centre's wall shows, or null. */
  onWall(centreId: number, meetingId: number): number | null;
}

export interface MeetRealtimeDeps {
  desk: MeetDesk;
  janus: JanusService | JanusUnavailable;
  /** Where finished recordings (MP4) are kept. */
  recordingsDir: string;
  ffmpeg: string | null;
  clock: () => number;
  publish: (out: Addressed[]) => void;
  log: (msg: string, err?: unknown) => void;
  /** The wall side of the host's 上墙 (absent: only the roster's mark). */
  wall?: MeetWall;
  /** A person's unit (who may be watched). */
  userCentre?: (userId: number) => { centreId: number } | null;
}

export function createMeetRealtime(deps: MeetRealtimeDeps) {
  const { desk, janus } = deps;
  let io: HubServer | null = null;
  const rooms = new Map<number, Room>();
  const health = () => (janus.available && janus.state() === 'up' ? { available: true, reason: null } : { available: false, reason: janus.available ? `janus ${janus.state()}` : janus.reason });

  /**
   * Whose video of each meeting the host unit's wall shows: read from SQLite once per meeting, then kept from the
   * walls the video side pushes (wallChanged), so a roster push never reads the wall.
   */
  const shownCache = new Map<number, { centreId: number; userId: number | null }>();
  const shownOf = (centreId: number, meetingId: number): number | null => {
    if (!deps.wall) return null;
    let c = shownCache.get(meetingId);
    if (!c) shownCache.set(meetingId, (c = { centreId, userId: deps.wall.onWall(centreId, meetingId) }));
    return c.userId;
  };
  /** The feed the wall shows: the wall's own record (durable) when there is one, else the host's mark. */
  const wallFeed = (room: Room): number | null => {
    if (!deps.wall) return room.wallFeedId;
    const userId = shownOf(room.hostCentreId, room.meetingId);
    if (userId === null) return null;
    return [...room.parts.values()].filter((p) => p.userId === userId).at(-1)?.feedId ?? null;
  };
  const roster = (room: Room): Roster => ({
    meetingId: room.meetingId,
    wallFeedId: wallFeed(room),
    participants: [...room.parts.values()].map(({ feedId, userId, name, centreId, centreName, audio, video, hostMuted, talking, live }) => ({
      feedId, userId, name, centreId, centreName, audio, video, hostMuted, talking, live,
    })),
  });
  const pushRoster = (room: Room) => io?.to(meetRoom(room.meetingId)).emit('meet:roster', roster(room));

  // ---- wall screens watching a participant ----
  const watches = new Map<number, Set<Watch>>();
  let watchSeq = 0;
  const tell = (w: Watch, state: MeetWatchEvent['state']) => io?.to(w.socketId).emit('meet:watch', { meetingId: w.meetingId, userId: w.userId, state });
  const unsubscribe = (w: Watch) => {
    if (w.handle !== null && janus.available && janus.generation() === w.generation) void janus.client().detach(w.handle);
    w.handle = null;
    w.feedId = null;
  };
  const dropWatch = (w: Watch) => {
    unsubscribe(w);
    watches.get(w.meetingId)?.delete(w);
    if (watches.get(w.meetingId)?.size === 0) watches.delete(w.meetingId);
  };
  const watching = (w: Watch) => watches.get(w.meetingId)?.has(w) ?? false;
  const watchesOf = (meetingId: number, userId?: number) => [...(watches.get(meetingId) ?? [])].filter((w) => userId === undefined || w.userId === userId);
  /** The person's newest place in the room that publishes, if any. */
  const liveFeedOf = (room: Room | undefined, userId: number) => (room ? [...room.parts.values()].filter((p) => p.userId === userId && p.live).at(-1) ?? null : null);
  /** After a participant left or published: watchers of that person on another feed (or none) watch anew, or are told they left. */
  const refreshWatchers = (room: Room, userId: number) => {
    const live = liveFeedOf(room, userId);
    for (const w of watchesOf(room.meetingId, userId)) {
      if (live && w.feedId === live.feedId) continue;
      unsubscribe(w);
      tell(w, live ? 'live' : 'left');
    }
  };

  const dropRoom = (meetingId: number, reason: 'ended' | 'restart') => {
    for (const w of watchesOf(meetingId)) {
      if (reason === 'ended') dropWatch(w);
      else unsubscribe(w);
      tell(w, reason);
    }
    if (reason === 'ended') shownCache.delete(meetingId);
    const room = rooms.get(meetingId);
    if (!room) return;
    rooms.delete(meetingId);
    io?.to(meetRoom(meetingId)).emit('meet:kicked', { meetingId, reason });
    if (!janus.available || janus.generation() !== room.generation) return;
    const c = janus.client();
    for (const p of room.parts.values()) {
      for (const h of p.subs.keys()) void c.detach(h);
      void c.detach(p.handle);
    }
    void c.message(room.control, { request: 'destroy', room: room.janusRoom, secret: room.secret }).catch(() => {}).finally(() => void c.detach(room.control));
  };

  if (janus.available) {
    janus.onState((s) => {
      io?.emit('meet:health', health());
      if (s !== 'up') for (const id of [...rooms.keys()]) dropRoom(id, 'restart');
    });
  }

  const onPublisherEvent = (room: Room, e: HandleEvent) => {
    const d = e.data;
    if (!d) {
      if (e.janus === 'hangup') {
        // The console's peer connection died: it shows as connecting until it rejoins.
        const p = [...room.parts.values()].find((x) => x.handle === Number(e.raw.sender));
        if (p && p.live) {
          p.live = false;
          pushRoster(room);
        }
      }
      return;
    }
    if (d.videoroom === 'talking' || d.videoroom === 'stopped-talking') {
      const p = room.parts.get(Number(d.id));
      const talking = d.videoroom === 'talking';
      if (p && p.talking !== talking) {
        p.talking = talking;
        pushRoster(room);
      }
    }
  };

  const ensureRoom = async (meeting: Meeting): Promise<Room> => {
    if (!janus.available || janus.state() !== 'up') throw new MeetDown();
    const existing = rooms.get(meeting.id);
    if (existing && existing.generation === janus.generation()) {
      await existing.ready;
      return existing;
    }
    const c = janus.client();
    const room: Room = {
      meetingId: meeting.id, hostCentreId: meeting.hostCentreId, janusRoom: meeting.id, generation: janus.generation(), pin: randomBytes(12).toString('base64url'), secret: randomBytes(12).toString('base64url'),
      control: 0, parts: new Map(), wallFeedId: null, recording: false, ready: Promise.resolve(),
    };
    rooms.set(meeting.id, room);
    room.ready = (async () => {
      room.control = await c.attach(VIDEOROOM, () => {});
      mkdirSync(janus.recordDir, { recursive: true });
      await c.message(room.control, {
        request: 'create', room: room.janusRoom, admin_key: janus.roomAdminKey, permanent: false, description: `meeting ${meeting.id}`,
        secret: room.secret, pin: room.pin, is_private: true, publishers: 32, audiocodec: 'opus', videocodec: 'vp8',
        audiolevel_event: true, audio_active_packets: 10, audio_level_average: 70, notify_joining: false,
        record: false, rec_dir: janus.recordDir,
      });
    })();
    try {
      await room.ready;
    } catch (err) {
      rooms.delete(meeting.id);
      throw err;
    }
    return room;
  };

  /** This socket's participant in a room (a console is in a room once). */
  const partOf = (room: Room | undefined, socketId: string): Part | null => {
    if (!room) return null;
    for (const p of room.parts.values()) if (p.socketId === socketId) return p;
    return null;
  };

  const leave = async (meetingId: number, socketId: string) => {
    const room = rooms.get(meetingId);
    const p = partOf(room, socketId);
    if (!room || !p) return;
    room.parts.delete(p.feedId);
    if (room.wallFeedId === p.feedId) room.wallFeedId = null;
    // Subscriptions of the others to this feed end with it; their handles stay theirs to close.
    if (janus.available && janus.generation() === room.generation) {
      const c = janus.client();
      for (const h of p.subs.keys()) void c.detach(h);
      await c.message(p.handle, { request: 'leave' }).catch(() => {});
      void c.detach(p.handle);
    }
    pushRoster(room);
    refreshWatchers(room, p.userId);
  };

  class MeetDown extends Error {}
  /** Runs a step that talks to Janus: Janus down is a clear refusal, never an internal error. */
  const guarded = async <T>(run: () => Promise<T>): Promise<{ ok: true; data: T } | ReturnType<typeof fail>> => {
    try {
      return { ok: true, data: await run() };
    } catch (err) {
      if (err instanceof MeetDown || !janus.available || janus.state() !== 'up') return fail('MEET_UNAVAILABLE');
      deps.log('meeting step failed', err);
      return fail('MEET_UNAVAILABLE', { janus: err instanceof Error ? err.message.slice(0, 200) : 'error' });
    }
  };

  const joined = (meetingId: number, caller: Caller) => {
    const room = rooms.get(meetingId);
    const p = partOf(room, caller.socketId);
    return room && p ? { room, p } : null;
  };

  const afterEnd = (m: Meeting) => {
    if (m.state === 'ended' || m.state === 'missed') {
      const room = rooms.get(m.id);
      if (room?.recording) void finishRecording(m, room);
      dropRoom(m.id, 'ended');
      // An ended meeting has nothing left to show: its tile comes down (the tile says 会议已结束 until the wall push).
      try {
        deps.wall?.ended(m.hostCentreId, m.id, deps.clock());
      } catch (err) {
        deps.log(`taking meeting ${m.id} off the wall failed`, err);
      }
    }
  };

  /**
   * A wall changed (every wall push of the video side): the shown person of each of the unit's meetings is updated,
   * the roster's 大屏显示中 mark follows at once, and a screen watching someone the wall no longer shows stops (已下墙).
   */
  const wallChanged = (wall: WallState) => {
    const shown = new Map<number, number>();
    for (const s of wall.screens) for (const m of s.meet ?? []) if (m) shown.set(m.meetingId, m.userId);
    const meetingIds = new Set<number>([
      ...[...shownCache].filter(([, c]) => c.centreId === wall.centreId).map(([id]) => id),
      ...[...rooms.values()].filter((r) => r.hostCentreId === wall.centreId).map((r) => r.meetingId),
      ...[...watches.keys()].filter((id) => watchesOf(id).some((w) => w.hostCentreId === wall.centreId)),
    ]);
    for (const meetingId of meetingIds) {
      const userId = shown.get(meetingId) ?? null;
      const before = shownCache.get(meetingId);
      shownCache.set(meetingId, { centreId: wall.centreId, userId });
      const room = rooms.get(meetingId);
      if (room && before?.userId !== userId) pushRoster(room);
      for (const w of watchesOf(meetingId)) {
        if (w.userId === userId) continue;
        dropWatch(w);
        tell(w, 'offWall');
      }
    }
  };

  /** Sockets with the disconnect hook: one per socket drops every watch and room place it holds. */
  const hooked = new Set<string>();
  const hookDisconnect = (caller: Caller) => {
    if (hooked.has(caller.socketId)) return;
    hooked.add(caller.socketId);
    const socketId = caller.socketId;
    caller.onDisconnect(() => {
      hooked.delete(socketId);
      for (const set of [...watches.values()]) for (const w of [...set]) if (w.socketId === socketId) dropWatch(w);
      for (const room of [...rooms.values()]) if (partOf(room, socketId)) void leave(room.meetingId, socketId);
    });
  };

  const finishRecording = async (m: Meeting, room: Room) => {
    if (!room.recording) return;
    // Janus closes the .mjr files when recording stops or the publishers leave.
    if (room.recording) await setRecording(room, false).catch(() => {});
    const now = deps.clock();
    deps.publish(okOut(desk.recording(null, m.id, 'converting', now)));
    try {
      if (!deps.ffmpeg) throw new Error('ffmpeg not found');
      // Janus closes the files when the publishers leave; give it a moment.
      await new Promise((r) => setTimeout(r, 500));
      mkdirSync(deps.recordingsDir, { recursive: true });
      const file = await convertRecording({ dir: janus.available ? janus.recordDir : '', prefix: `mtg${m.id}-`, out: join(deps.recordingsDir, `meeting-${m.id}.mp4`), ffmpeg: deps.ffmpeg });
      deps.publish(okOut(desk.recording(null, m.id, 'done', deps.clock(), file)));
    } catch (err) {
      deps.log(`recording of meeting ${m.id} failed`, err);
      deps.publish(okOut(desk.recording(null, m.id, 'failed', deps.clock())));
    }
  };
  const okOut = (r: ReturnType<MeetDesk['recording']>) => (r.ok ? r.out : []);

  const setRecording = async (room: Room, on: boolean) => {
    const c = janus.available ? janus.client() : null;
    if (!c) throw new MeetDown();
    room.recording = on;
    for (const p of room.parts.values()) {
      if (!p.live) continue;
      // Janus puts the file in the room's rec_dir and adds the medium and extension (…-video-1.mjr).
      await c.message(p.handle, { request: 'configure', record: on, filename: `mtg${room.meetingId}-f${p.feedId}-${deps.clock()}` });
    }
  };

  const sockets: FeatureSockets = ({ handle }, publish, server) => {
    io = server;
    const result = (r: ReturnType<MeetDesk['call']>) => {
      if (!r.ok) return fail(r.code, r.details);
      publish(r.out);
      return { ok: true as const, data: r.value };
    };
    handle('meet:health', () => ({ ok: true, data: health() }));
    handle('meet:call', (req, now, { actor }) => result(desk.call(actor, req.centreId, now)));
    handle('meet:open', (req, now, { actor }) => result(desk.open(actor, req, now)));
    handle('meet:answer', (req, now, { actor }) => result(desk.answer(actor, req.meetingId, now)));
    handle('meet:seen', (req, now, { actor }) => result(desk.seen(actor, req.meetingId, now)));
    handle('meet:consent', (req, now, { actor }) => result(desk.consent(actor, req.meetingId, now)));
    handle('meet:end', (req, now, { actor }) => {
      const r = result(desk.end(actor, req.meetingId, now));
      if (r.ok) afterEnd(r.data.meeting);
      return r;
    });

    handle('meet:join', async (req, _now, caller) => {
      const m = desk.get(req.meetingId);
      if (!m) return fail('NOT_FOUND');
      const denied = mayJoin(caller.actor, m);
      if (denied) return fail(denied);
      // A console that joins again (a reconnect, a reload) replaces its old place in the room.
      await leave(m.id, caller.socketId);
      return guarded(async () => {
        const room = await ensureRoom(m);
        const c = janus.available ? janus.client() : null;
        if (!c) throw new MeetDown();
        const pubHandle = await c.attach(VIDEOROOM, (e) => onPublisherEvent(room, e));
        const r = await c.message(pubHandle, { request: 'join', ptype: 'publisher', room: room.janusRoom, pin: room.pin, display: `u${caller.user.id}` });
        const feedId = Number(r.data.id);
        const u = caller.user;
        room.parts.set(feedId, {
          feedId, userId: u.id, name: u.name, centreId: u.centreId, centreName: u.centreName, audio: false, video: false, hostMuted: false, talking: false, live: false,
          socketId: caller.socketId, handle: pubHandle, audioMid: null, videoMid: null, subs: new Map(),
        });
        caller.join(meetRoom(m.id));
        hookDisconnect(caller);
        pushRoster(room);
        return { feedId, roster: roster(room) };
      });
    });

    handle('meet:publish', async (req, _now, caller) => {
      const j = joined(req.meetingId, caller);
      if (!j) return fail('MEET_NOT_JOINED');
      return guarded(async () => {
        const c = janus.available ? janus.client() : null;
        if (!c) throw new MeetDown();
        const body: Record<string, unknown> = { request: 'publish', audio: req.audio, video: req.video };
        if (j.room.recording) Object.assign(body, { record: true, filename: `mtg${j.room.meetingId}-f${j.p.feedId}-${deps.clock()}` });
        const r = await c.message(j.p.handle, body, req.jsep);
        if (!r.jsep) throw new Error('Janus gave no answer SDP');
        const streams = (r.data.streams as { type: string; mid: string }[] | undefined) ?? [];
        j.p.audioMid = streams.find((s) => s.type === 'audio')?.mid ?? null;
        j.p.videoMid = streams.find((s) => s.type === 'video')?.mid ?? null;
        const playout = lowLatencyPlayout(streams);
        if (playout) await c.message(j.p.handle, playout);
        j.p.audio = req.audio && !j.p.hostMuted;
        j.p.video = req.video;
        j.p.live = true;
        pushRoster(j.room);
        refreshWatchers(j.room, j.p.userId);
        return { jsep: { type: 'answer' as const, sdp: r.jsep.sdp } };
      });
    });

    handle('meet:subscribe', async (req, _now, caller) => {
      const j = joined(req.meetingId, caller);
      if (!j) return fail('MEET_NOT_JOINED');
      if (!j.room.parts.has(req.feedId) || req.feedId === j.p.feedId) return fail('NOT_FOUND', { feedId: String(req.feedId) });
      return guarded(async () => {
        const c = janus.available ? janus.client() : null;
        if (!c) throw new MeetDown();
        const h = await c.attach(VIDEOROOM, () => {});
        try {
          const r = await c.message(h, { request: 'join', ptype: 'subscriber', room: j.room.janusRoom, pin: j.room.pin, streams: [{ feed: req.feedId }], private_id: j.p.feedId });
          if (!r.jsep) throw new Error('Janus gave no offer SDP');
          j.p.subs.set(h, req.feedId);
          return { subscriptionId: h, jsep: { type: 'offer' as const, sdp: r.jsep.sdp } };
        } catch (err) {
          void c.detach(h);
          throw err;
        }
      });
    });

    handle('meet:start', async (req, _now, caller) => {
      const j = joined(req.meetingId, caller);
      const watching = watchesOf(req.meetingId).some((w) => w.socketId === caller.socketId && w.handle === req.subscriptionId);
      if (!j && !watching) return fail('MEET_NOT_JOINED');
      if (!watching && !j?.p.subs.has(req.subscriptionId)) return fail('NOT_FOUND', { subscriptionId: String(req.subscriptionId) });
      return guarded(async () => {
        const c = janus.available ? janus.client() : null;
        if (!c) throw new MeetDown();
        await c.message(req.subscriptionId, { request: 'start' }, req.jsep);
        return null;
      });
    });

    handle('meet:media', (req, _now, caller) => {
      const j = joined(req.meetingId, caller);
      if (!j) return fail('MEET_NOT_JOINED');
      j.p.audio = req.audio && !j.p.hostMuted;
      const camChanged = j.p.video !== req.video;
      j.p.video = req.video;
      pushRoster(j.room);
      // A wall screen showing this feed is not in the room (no rosters): tell it the camera went off or on.
      if (camChanged) for (const w of watchesOf(j.room.meetingId, j.p.userId)) if (w.feedId === j.p.feedId) tell(w, req.video ? 'camOn' : 'camOff');
      return { ok: true, data: null };
    });

    handle('meet:leave', async (req, _now, caller) => {
      await leave(req.meetingId, caller.socketId);
      return { ok: true, data: null };
    });

    const hostStep = (meetingId: number, caller: Caller): { error: ReturnType<typeof fail> } | { error: null; room: Room; m: Meeting } => {
      const m = desk.get(meetingId);
      if (!m) return { error: fail('NOT_FOUND') };
      const denied = mayHost(caller.actor, m);
      if (denied) return { error: fail(denied) };
      const room = rooms.get(meetingId);
      if (!room) return { error: fail('MEET_NOT_JOINED') };
      return { error: null, room, m };
    };

    handle('meet:mute', async (req, now, caller) => {
      const s = hostStep(req.meetingId, caller);
      if (s.error) return s.error;
      const p = s.room.parts.get(req.feedId);
      if (!p) return fail('NOT_FOUND', { feedId: String(req.feedId) });
      return guarded(async () => {
        if (p.audioMid !== null && janus.available) {
          await janus.client().message(s.room.control, { request: 'moderate', room: s.room.janusRoom, secret: s.room.secret, id: p.feedId, mid: p.audioMid, mute: req.muted });
        }
        p.hostMuted = req.muted;
        if (req.muted) p.audio = false;
        pushRoster(s.room);
        desk.hostAction(caller.actor, req.meetingId, req.muted ? 'mute' : 'unmute', { userId: p.userId, centreId: p.centreId }, now);
        return null;
      });
    });

    handle('meet:kick', async (req, now, caller) => {
      const s = hostStep(req.meetingId, caller);
      if (s.error) return s.error;
      const p = s.room.parts.get(req.feedId);
      if (!p) return fail('NOT_FOUND', { feedId: String(req.feedId) });
      desk.hostAction(caller.actor, req.meetingId, 'kick', { userId: p.userId, centreId: p.centreId }, now);
      io?.to(p.socketId).emit('meet:kicked', { meetingId: req.meetingId, reason: 'removed' });
      await leave(req.meetingId, p.socketId);
      return { ok: true, data: null };
    });

    handle('meet:wall', (req, now, caller) => {
      const s = hostStep(req.meetingId, caller);
      if (s.error) return s.error;
      const p = req.feedId === null ? null : s.room.parts.get(req.feedId);
      if (req.feedId !== null && !p) return fail('NOT_FOUND', { feedId: String(req.feedId) });
      let placed: { screen: number; tile: number } | null = null;
      let tourStopped = false;
      if (deps.wall) {
        // The wall tile follows the person (feeds change on every rejoin), labelled with their unit.
        if (p) {
          const r = deps.wall.put(caller.actor, { meetingId: s.m.id, userId: p.userId, centreId: p.centreId, centreName: p.centreName }, req.screen, now);
          if (!r.ok) return fail(r.code, r.details);
          placed = r.placed;
          tourStopped = r.tourStopped;
        } else deps.wall.take(caller.actor, s.m.id, now);
      }
      s.room.wallFeedId = req.feedId;
      desk.hostAction(caller.actor, req.meetingId, 'wall', p ? { userId: p.userId, centreId: p.centreId } : null, now);
      pushRoster(s.room);
      return { ok: true, data: { placed, ...(tourStopped ? { tourStopped } : {}) } };
    });

    handle('meet:watch', async (req, _now, caller) => {
      const m = desk.get(req.meetingId);
      if (maySteerWall(caller.actor)) return fail('MEET_WALL_ROLE');
      if (!m) return fail('MEET_WALL_NO_MEETING', { meetingId: String(req.meetingId) });
      const denied = mayWatchMeeting(caller.actor, m, req.userId, deps.userCentre?.(req.userId) ?? null, shownOf(m.hostCentreId, m.id));
      if (denied) return fail(denied, denied === 'MEET_WALL_NOT_PARTICIPANT' || denied === 'MEET_WALL_NOT_SHOWN' ? { userId: String(req.userId) } : undefined);
      // One watch per screen socket and person: watching again (a rejoin pushed as live) replaces the subscription.
      let w = watchesOf(m.id, req.userId).find((x) => x.socketId === caller.socketId);
      if (w) unsubscribe(w);
      else {
        w = { socketId: caller.socketId, meetingId: m.id, hostCentreId: m.hostCentreId, userId: req.userId, seq: 0, handle: null, feedId: null, generation: 0 };
        if (!watches.has(m.id)) watches.set(m.id, new Set());
        watches.get(m.id)!.add(w);
        hookDisconnect(caller);
      }
      const watch = w;
      const seq = ++watchSeq;
      watch.seq = seq;
      const room = rooms.get(m.id);
      const p = room && room.generation === (janus.available ? janus.generation() : -1) ? liveFeedOf(room, req.userId) : null;
      if (!room || !p) return janus.available && janus.state() === 'up' ? { ok: true, data: { state: 'left' as const } } : fail('MEET_UNAVAILABLE');
      // A wall screen never receives the person's audio: only their video stream is subscribed.
      if (p.videoMid === null) return { ok: true, data: { state: 'noVideo' as const } };
      const videoMid = p.videoMid;
      const r = await guarded(async () => {
        const c = janus.available ? janus.client() : null;
        if (!c) throw new MeetDown();
        const h = await c.attach(VIDEOROOM, () => {});
        try {
          const r = await c.message(h, { request: 'join', ptype: 'subscriber', room: room.janusRoom, pin: room.pin, streams: [{ feed: p.feedId, mid: videoMid }] });
          if (!r.jsep) throw new Error('Janus gave no offer SDP');
          // Unwatched, disconnected, taken off the wall, the meeting ended, or a newer meet:watch of this screen while
          // Janus answered: this handle is nobody's, so it goes back now.
          if (!watching(watch) || watch.seq !== seq) {
            void c.detach(h);
            return null;
          }
          unsubscribe(watch);
          Object.assign(watch, { handle: h, feedId: p.feedId, generation: room.generation });
          return { state: 'live' as const, subscriptionId: h, jsep: { type: 'offer' as const, sdp: r.jsep.sdp }, video: p.video };
        } catch (err) {
          void c.detach(h);
          throw err;
        }
      });
      if (!r.ok || r.data) return r.ok ? { ok: true, data: r.data! } : r;
      // Say why this watch did not go live: the meeting or the wall changed meanwhile, or the screen stopped it.
      const now = desk.get(m.id);
      if (!now || now.state === 'ended' || now.state === 'missed') return fail('MEET_ENDED');
      if (shownOf(m.hostCentreId, m.id) !== req.userId) return fail('MEET_WALL_NOT_SHOWN', { userId: String(req.userId) });
      return fail('MEET_WALL_WATCH_STOPPED');
    });

    handle('meet:unwatch', (req, _now, caller) => {
      for (const w of watchesOf(req.meetingId, req.userId)) if (w.socketId === caller.socketId) dropWatch(w);
      return { ok: true, data: null };
    });

    handle('meet:record', async (req, now, caller) => {
      const s = hostStep(req.meetingId, caller);
      if (s.error) return s.error;
      if (!req.on) {
        if (s.room.recording) void finishRecording(s.m, s.room);
        const r = desk.get(req.meetingId)!;
        return { ok: true, data: { meeting: r } };
      }
      const r = desk.recording(caller.actor, req.meetingId, 'on', now);
      if (!r.ok) return fail(r.code, r.details);
      const started = await guarded(() => setRecording(s.room, true));
      if (!started.ok) return started;
      publish(r.out);
      return { ok: true, data: r.value };
    });
  };

  return {
    sockets,
    health,
    /** The durable desk (tests: a finished recording without a browser). */
    desk,
    /** Ring timeouts: the ticker's job. */
    wallChanged,
    fireDue(now: number): Addressed[] {
      const out = desk.fireDue(now);
      for (const a of out) if (a.envelope.event.kind === 'meet.updated') afterEnd(a.envelope.event.meeting);
      return out;
    },
    /** Wall screens watching a meeting, with the feed each receives (tests). */
    watchers: (meetingId: number) => watchesOf(meetingId).map((w) => ({ userId: w.userId, feedId: w.feedId })),
    /** Live participants of a meeting (tests, bench). */
    roster: (meetingId: number) => {
      const r = rooms.get(meetingId);
      return r ? roster(r) : null;
    },
  };
}
export type MeetRealtime = ReturnType<typeof createMeetRealtime>;
