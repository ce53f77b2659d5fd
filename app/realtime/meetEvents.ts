// The socket side of 一键通 and 视频会商, and the Janus rooms behind them. Every signalling step of a console goes
// through its socket: the centre checks the step against the meeting (app/domain/meet.ts), then speaks to Janus's
// VideoRoom on loopback for it (one publisher handle per console in a room, one subscriber handle per feed it
// receives). Rooms are created on first join with a random pin and secret only the centre knows, so nobody reaches a
// room without the centre; media flows between the browsers and Janus directly.
//
// Who is in a room, speaking or muted is latest-wins state (`meet:roster` to the room's sockets), never in the outbox.
// When Janus restarts its rooms are gone: every console in a room is told (`meet:kicked` restart) and rejoins by itself.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Meeting, Participant, Roster } from '../../protocol/index.ts';
import { convertRecording, lowLatencyPlayout, type HandleEvent, type JanusService, type JanusUnavailable } from '../../media/index.ts';
import { mayHost, mayJoin } from '../domain/meet.ts';
import type { MeetDesk } from '../workflow/meet.ts';
import type { Addressed } from '../store/outbox.ts';
import { fail, type Caller, type FeatureSockets, type HubServer } from './hub.ts';
import { randomBytes } from 'node:crypto';

const VIDEOROOM = 'janus.plugin.videoroom';
export const meetRoom = (meetingId: number) => `meet:${meetingId}`;

interface Part extends Participant {
  socketId: string;
  handle: number;
  audioMid: string | null;
  /** Subscriber handles this console holds, by handle id → feed. */
  subs: Map<number, number>;
}

interface Room {
  meetingId: number;
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

export interface MeetRealtimeDeps {
  desk: MeetDesk;
  janus: JanusService | JanusUnavailable;
  /** Where finished recordings (MP4) are kept. */
  recordingsDir: string;
  ffmpeg: string | null;
  clock: () => number;
  publish: (out: Addressed[]) => void;
  log: (msg: string, err?: unknown) => void;
}

export function createMeetRealtime(deps: MeetRealtimeDeps) {
  const { desk, janus } = deps;
  let io: HubServer | null = null;
  const rooms = new Map<number, Room>();
  const health = () => (janus.available && janus.state() === 'up' ? { available: true, reason: null } : { available: false, reason: janus.available ? `janus ${janus.state()}` : janus.reason });

  const roster = (room: Room): Roster => ({
    meetingId: room.meetingId,
    wallFeedId: room.wallFeedId,
    participants: [...room.parts.values()].map(({ feedId, userId, name, centreId, centreName, audio, video, hostMuted, talking, live }) => ({
      feedId, userId, name, centreId, centreName, audio, video, hostMuted, talking, live,
    })),
  });
  const pushRoster = (room: Room) => io?.to(meetRoom(room.meetingId)).emit('meet:roster', roster(room));

  const dropRoom = (meetingId: number, reason: 'ended' | 'restart') => {
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
      meetingId: meeting.id, janusRoom: meeting.id, generation: janus.generation(), pin: randomBytes(12).toString('base64url'), secret: randomBytes(12).toString('base64url'),
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
    }
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
          socketId: caller.socketId, handle: pubHandle, audioMid: null, subs: new Map(),
        });
        caller.join(meetRoom(m.id));
        caller.onDisconnect(() => void leave(m.id, caller.socketId));
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
        const playout = lowLatencyPlayout(streams);
        if (playout) await c.message(j.p.handle, playout);
        j.p.audio = req.audio && !j.p.hostMuted;
        j.p.video = req.video;
        j.p.live = true;
        pushRoster(j.room);
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
      if (!j) return fail('MEET_NOT_JOINED');
      if (!j.p.subs.has(req.subscriptionId)) return fail('NOT_FOUND', { subscriptionId: String(req.subscriptionId) });
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
      j.p.video = req.video;
      pushRoster(j.room);
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
      s.room.wallFeedId = req.feedId;
      desk.hostAction(caller.actor, req.meetingId, 'wall', p ? { userId: p.userId, centreId: p.centreId } : null, now);
      pushRoster(s.room);
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
    fireDue(now: number): Addressed[] {
      const out = desk.fireDue(now);
      for (const a of out) if (a.envelope.event.kind === 'meet.updated') afterEnd(a.envelope.event.meeting);
      return out;
    },
    /** Live participants of a meeting (tests, bench). */
    roster: (meetingId: number) => {
      const r = rooms.get(meetingId);
      return r ? roster(r) : null;
    },
  };
}
export type MeetRealtime = ReturnType<typeof createMeetRealtime>;
