// meet:watch's races, driven on the meeting realtime itself with a Janus client whose attach can be held back: a real
// Janus will not let a subscriber join a feed whose browser never connected (no browser here), and the windows below
// (a screen's next step landing while Janus attaches) need that hold to be deterministic. The tests count the handles
// the client holds: every one attached for a watch that was stopped, replaced or cut off must go back.
import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import type { Meeting, SessionUser } from '../../protocol/index.ts';
import type { JanusService } from '../../media/index.ts';
import type { MeetDesk } from '../workflow/meet.ts';
import { createMeetRealtime, type MeetWall } from './meetEvents.ts';
import type { Caller, HubServer } from './hub.ts';

const HOST = 1;
const TOWN = 2;
const meeting: Meeting = {
  id: 7, kind: 'meeting', title: '会商', hostCentreId: HOST, hostCentreName: '县中心', openedBy: { id: 1, name: '指挥长' }, openedAt: 0, state: 'open',
  ringUntil: null, answeredAt: null, endedAt: null, incidentId: null, disputeId: null, recording: null, version: 1,
  invitees: [{ centreId: TOWN, centreName: '城关镇', state: 'answered' }] as Meeting['invitees'],
};
const user = (id: number, role: SessionUser['role'], centreId: number): SessionUser => ({ id, username: `u${id}`, name: `u${id}`, role, centreId, centreName: centreId === HOST ? '县中心' : '城关镇', centreLevel: centreId === HOST ? 'county' : 'township' });

function fixture() {
  // Janus: handles, rooms, a publisher's streams and a subscriber's offer, as the VideoRoom answers them.
  const handles = new Set<number>();
  let next = 100;
  let gate: Promise<void> | null = null;
  const subscribed: unknown[] = [];
  const client = {
    async attach() {
      if (gate) await gate;
      const id = next++;
      handles.add(id);
      return id;
    },
    async detach(h: number) {
      handles.delete(h);
    },
    async message(_h: number, body: Record<string, unknown>) {
      if (body.request === 'join' && body.ptype === 'publisher') return { data: { id: next++ } };
      if (body.request === 'publish') return { data: { streams: [{ type: 'audio', mid: '0' }, { type: 'video', mid: '1' }] }, jsep: { type: 'answer', sdp: 'v=0' } };
      if (body.request === 'join') {
        subscribed.push(body.streams);
        return { data: {}, jsep: { type: 'offer', sdp: 'v=0' } };
      }
      return { data: {} };
    },
  };
  const janus = {
    available: true, state: () => 'up', generation: () => 1, client: () => client, roomAdminKey: 'k', recordDir: tmpdir(), onState: () => {},
  } as unknown as JanusService;
  let shown: number | null = null;
  const wall: MeetWall = { put: () => ({ ok: true, placed: null, tourStopped: false }), take: () => {}, ended: () => {}, onWall: () => shown };
  const pushes: { to: string; event: string; payload: unknown }[] = [];
  const io = { to: (to: string) => ({ emit: (event: string, payload: unknown) => void pushes.push({ to, event, payload }) }), emit: () => {} } as unknown as HubServer;
  const rt = createMeetRealtime({
    desk: { get: (id: number) => (id === meeting.id ? meeting : null) } as unknown as MeetDesk,
    janus, recordingsDir: tmpdir(), ffmpeg: null, clock: () => 0, publish: () => {}, log: () => {}, wall,
    userCentre: (id) => ({ centreId: id === 20 ? TOWN : HOST }),
  });
  const handlers = new Map<string, (req: unknown, now: number, caller: Caller) => unknown>();
  rt.sockets({ handle: ((e: string, run: never) => handlers.set(e, run)) as never, notice: (() => {}) as never }, () => {}, io);
  const disconnects = new Map<string, (() => void)[]>();
  const caller = (u: SessionUser, socketId: string): Caller => ({
    user: u, actor: { id: u.id, role: u.role, centreId: u.centreId, centreLevel: u.centreLevel }, join: () => {}, send: () => {}, socketId,
    onDisconnect: (fn) => disconnects.set(socketId, [...(disconnects.get(socketId) ?? []), fn]),
  });
  const call = (event: string, req: unknown, c: Caller) => Promise.resolve(handlers.get(event)!(req, 0, c)) as Promise<{ ok: boolean; data: { state: string }; error?: { code: string } }>;
  const hold = () => {
    let release = () => {};
    gate = new Promise<void>((r) => (release = r));
    return () => {
      gate = null;
      release();
    };
  };
  const disconnect = (socketId: string) => {
    for (const fn of disconnects.get(socketId) ?? []) fn();
    disconnects.delete(socketId);
  };
  /** The wall changes (as the video side pushes it): it shows this person of the meeting, or nobody. */
  const setShown = (id: number | null) => {
    shown = id;
    const meet = id === null ? [] : [{ meetingId: meeting.id, userId: id, centreId: TOWN, centreName: '城关镇' }];
    rt.wallChanged({ centreId: HOST, version: 2, screens: [{ layout: '2x2', tiles: [null], tour: null, meet }], updatedAt: 0, updatedBy: null } as never);
  };
  return { rt, handles, subscribed, pushes, call, caller, hold, disconnect, disconnects, setShown };
}

/** The township's participant publishing, on the wall, and a county wall screen ready to watch them. */
async function live() {
  const f = fixture();
  const t01 = f.caller(user(20, 'townshipOperator', TOWN), 'sock-t01');
  const screen = f.caller(user(10, 'dutyOfficer', HOST), 'sock-screen');
  expect((await f.call('meet:join', { meetingId: meeting.id }, t01)).ok).toBe(true);
  expect((await f.call('meet:publish', { meetingId: meeting.id, jsep: { type: 'offer', sdp: 'v=0' }, audio: true, video: true }, t01)).ok).toBe(true);
  f.setShown(20);
  const watch = (c = screen) => f.call('meet:watch', { meetingId: meeting.id, userId: 20 }, c);
  const baseline = f.handles.size;
  return { ...f, t01, screen, watch, baseline };
}
const tick = () => new Promise((r) => setTimeout(r, 10));

describe('meet:watch while Janus attaches', () => {
  it('subscribes the video stream alone (a wall screen never receives audio)', async () => {
    const f = await live();
    expect((await f.watch()).data.state).toBe('live');
    expect(f.subscribed).toEqual([[{ feed: expect.any(Number), mid: '1' }]]);
  });

  it('stopped (meet:unwatch) mid-way: the handle goes back and the reply says so', async () => {
    const f = await live();
    const open = f.hold();
    const w = f.watch();
    await tick();
    expect((await f.call('meet:unwatch', { meetingId: meeting.id, userId: 20 }, f.screen)).ok).toBe(true);
    open();
    expect((await w).error?.code).toBe('MEET_WALL_WATCH_STOPPED');
    expect(f.handles.size).toBe(f.baseline);
    expect(f.rt.watchers(meeting.id)).toEqual([]);
  });

  it('two overlapping watches of one screen: the newer wins, the older handle goes back', async () => {
    const f = await live();
    const open = f.hold();
    const first = f.watch();
    const second = f.watch();
    await tick();
    open();
    expect((await first).error?.code).toBe('MEET_WALL_WATCH_STOPPED');
    expect((await second).data.state).toBe('live');
    expect(f.handles.size).toBe(f.baseline + 1);
    // Watching again (a rejoin pushed as live) gives the old subscription back before taking the new one.
    expect((await f.watch()).data.state).toBe('live');
    expect(f.handles.size).toBe(f.baseline + 1);
  });

  it('the screen disconnects, the wall stops showing the person, or the meeting ends mid-way: nothing is left', async () => {
    const f = await live();
    let open = f.hold();
    let w = f.watch();
    await tick();
    f.disconnect('sock-screen');
    open();
    expect((await w).ok).toBe(false);
    expect(f.handles.size).toBe(f.baseline);

    open = f.hold();
    w = f.watch();
    await tick();
    f.setShown(null);
    open();
    expect((await w).error?.code).toBe('MEET_WALL_NOT_SHOWN');
    expect(f.handles.size).toBe(f.baseline);
    expect(f.pushes.filter((p) => p.event === 'meet:watch').map((p) => (p.payload as { state: string }).state)).toEqual(['offWall']);
  });

  it('one disconnect hook per socket, however many watches and joins; it drops them all', async () => {
    const f = await live();
    for (let i = 0; i < 3; i++) expect((await f.watch()).data.state).toBe('live');
    expect(f.disconnects.get('sock-screen')).toHaveLength(1);
    expect((await f.call('meet:join', { meetingId: meeting.id }, f.t01)).ok).toBe(true);
    expect((await f.call('meet:join', { meetingId: meeting.id }, f.t01)).ok).toBe(true);
    expect(f.disconnects.get('sock-t01')).toHaveLength(1);
    f.disconnect('sock-screen');
    f.disconnect('sock-t01');
    await tick();
    expect(f.rt.watchers(meeting.id)).toEqual([]);
    expect(f.rt.roster(meeting.id)?.participants).toEqual([]);
  });
});
