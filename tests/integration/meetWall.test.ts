// 视频会商上墙 against a real server, SQLite and socket.io clients: who may watch a meeting participant from a wall
// screen (meet:watch) and each refusal; with Janus installed, the host's 上墙 puts the participant on a wall tile that
// is durable like the rest of the wall (SQLite, ledger, pushed to the wall's consoles), the watcher is told when the
// participant leaves and when the meeting ends, and taking it down empties the tile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetWatchEvent, Roster, WallState } from '../../protocol/index.ts';
import { findJanus } from '../../media/index.ts';
import { expectError, expectOk, openConsole, startTestServer, type TestConsole } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

function setup(options: Parameters<typeof startTestServer>[0]) {
  const s = { server: null as unknown as Server, consoles: [] as TestConsole[] };
  beforeAll(async () => {
    s.server = await startTestServer(options);
    const j = s.server.janus;
    for (let i = 0; i < 100 && j.available && j.state() !== 'up'; i++) await new Promise((r) => setTimeout(r, 100));
  }, 20_000);
  afterAll(async () => {
    for (const c of s.consoles) c.close();
    await s.server.stop();
  });
  const open = async (u: string) => {
    const c = await openConsole(s.server.url, u);
    s.consoles.push(c);
    return c;
  };
  const idOf = (username: string) => s.server.db.prepare('SELECT id, centre_id AS centreId FROM users WHERE username = ?').get(username) as { id: number; centreId: number };
  return { s, open, idOf };
}

describe('meet:watch refusals', () => {
  const { s, open, idOf } = setup({ meet: { enabled: false } });

  it('refuses the wrong role, another unit, a meeting that does not exist, a person not in the meeting, and an ended meeting', async () => {
    const county = await open('duty1');
    const t01 = idOf('t01');
    const { meeting } = expectOk(await county.request('meet:open', { title: '防汛视频会商', centreIds: [t01.centreId] }));
    const watch = (c: TestConsole, userId: number, meetingId = meeting.id) => c.request('meet:watch', { meetingId, userId });

    // A stationed department's operator does not drive the wall.
    const dept = await open('d01');
    expect(expectError(await watch(dept, t01.id)).code).toBe('MEET_WALL_ROLE');
    // Townships, including the one in the meeting, do not show the county's meeting on their walls.
    const inMeeting = await open('t01');
    const other = await open('t02');
    expect(expectError(await watch(inMeeting, t01.id)).code).toBe('MEET_WALL_SCOPE');
    expect(expectError(await watch(other, t01.id)).code).toBe('MEET_WALL_SCOPE');
    const notFound = expectError(await watch(county, t01.id, 999_999));
    expect(notFound.code).toBe('MEET_WALL_NO_MEETING');
    expect(notFound.details).toEqual({ meetingId: '999999' });
    expect(notFound.message).toMatch(/会商不存在/);
    expect(notFound.message).not.toMatch(/meetingId/); // the details name the field, the words are for people
    // t02's operator is a person, but not of a unit in this meeting; nor is a user id that does not exist.
    const outsider = expectError(await watch(county, idOf('t02').id));
    expect(outsider.code).toBe('MEET_WALL_NOT_PARTICIPANT');
    expect(outsider.details).toEqual({ userId: String(idOf('t02').id) });
    expect(outsider.message).not.toMatch(/userId/);
    expect(expectError(await watch(county, 987_654)).code).toBe('MEET_WALL_NOT_PARTICIPANT');
    // Bad input names the field.
    const bad = expectError(await county.raw('meet:watch', { meetingId: meeting.id, userId: 'x' }));
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(bad.details ?? {})).toContain('userId');
    // A wall screen sees what the wall shows, nothing more: the participant is not on the wall, so not for the county's
    // duty seat nor for the administrator (who drives the wall but cannot join meetings).
    const notShown = expectError(await watch(county, t01.id));
    expect(notShown.code).toBe('MEET_WALL_NOT_SHOWN');
    expect(notShown.details).toEqual({ userId: String(t01.id) });
    expect(expectError(await watch(await open('admin'), t01.id)).code).toBe('MEET_WALL_NOT_SHOWN');

    expectOk(await county.request('meet:end', { meetingId: meeting.id }));
    expect(expectError(await watch(county, t01.id)).code).toBe('MEET_ENDED');
  });

  it('a participant the wall shows (as stored, e.g. after a restart) may be watched; Janus off says so', async () => {
    const county = await open('duty2');
    const t01 = idOf('t01');
    const commander = idOf('commander');
    const { meeting } = expectOk(await county.request('meet:open', { title: '会商', centreIds: [t01.centreId] }));
    // The wall as a restarted server finds it in SQLite: t01 on tile 4 of screen 1.
    const row = s.server.db.prepare('SELECT screens FROM walls WHERE centre_id = ?').get(meeting.hostCentreId) as { screens: string };
    const screens = JSON.parse(row.screens) as WallState['screens'];
    const tiles = screens[0]!.tiles.slice();
    tiles[3] = null;
    screens[0] = { ...screens[0]!, tiles, meet: [null, null, null, { meetingId: meeting.id, userId: t01.id, centreId: t01.centreId, centreName: '城关镇' }] };
    s.server.db.prepare('UPDATE walls SET screens = ? WHERE centre_id = ?').run(JSON.stringify(screens), meeting.hostCentreId);
    const watch = (c: TestConsole, userId: number) => c.request('meet:watch', { meetingId: meeting.id, userId });
    // Allowed, but Janus is off here: said so, not an internal error; the administrator too, for what the wall shows.
    expect(expectError(await watch(county, t01.id)).code).toBe('MEET_UNAVAILABLE');
    expect(expectError(await watch(await open('admin'), t01.id)).code).toBe('MEET_UNAVAILABLE');
    // The host's own commander is in the meeting but not on the wall.
    expect(expectError(await watch(county, commander.id)).code).toBe('MEET_WALL_NOT_SHOWN');
  });
});

const janus = findJanus();
describe.skipIf(!janus)('视频会商上墙 on a real Janus', () => {
  const { s, open, idOf } = setup({ meet: { enabled: true, iceInterfaces: ['lo'] } });

  it('the host puts a participant on a wall tile (durable, pushed, in the ledger); the watcher is told when they leave and when the meeting ends', async () => {
    const host = await open('commander');
    const wallScreen = await open('duty1');
    const t01 = await open('t01');
    const t01Ids = idOf('t01');
    const { meeting } = expectOk(await host.request('meet:open', { title: '会商', centreIds: [t01Ids.centreId] }));
    expectOk(await host.request('meet:join', { meetingId: meeting.id }));
    const joined = expectOk(await t01.request('meet:join', { meetingId: meeting.id }));

    const walls: WallState[] = [];
    await wallScreen.wallSync();
    wallScreen.socket.on('wall', (w) => walls.push(w));
    const placed = expectOk(await host.request('meet:wall', { meetingId: meeting.id, feedId: joined.feedId }));
    // The demo wall is full (screen 1: four cameras the system placed): tile 4 makes room, tile 1 stays.
    expect(placed.placed).toEqual({ screen: 0, tile: 3 });
    await expect.poll(() => walls.length).toBeGreaterThan(0);
    const tile = { meetingId: meeting.id, userId: t01Ids.id, centreId: t01Ids.centreId, centreName: '城关镇' };
    expect(walls.at(-1)!.screens[0]!.meet?.[3]).toEqual(tile);
    expect(walls.at(-1)!.screens[0]!.tiles[3]).toBeNull();
    // Durable like the wall: in SQLite, and in every console's starting state.
    const stored = JSON.parse((s.server.db.prepare('SELECT screens FROM walls WHERE centre_id = ?').get(meeting.hostCentreId) as { screens: string }).screens) as WallState['screens'];
    expect(stored[0]!.meet?.[3]).toEqual(tile);
    expect((await (await open('duty2')).wallSync()).wall.screens[0]!.meet?.[3]).toEqual(tile);
    const entry = s.server.db.prepare("SELECT detail FROM ledger WHERE action = 'wall.meetPut'").get() as { detail: string };
    expect(JSON.parse(entry.detail)).toMatchObject({ meet: tile, placed: { screen: 0, tile: 3 } });
    // The roster marks who is on the wall.
    expect(s.server.meet.roster(meeting.id)?.wallFeedId).toBe(joined.feedId);

    // A wall screen watches without joining: t01 has joined but not published yet (no browser here): `left` for now.
    const pushes: MeetWatchEvent[] = [];
    wallScreen.socket.on('meet:watch', (e) => pushes.push(e));
    expect(expectOk(await wallScreen.request('meet:watch', { meetingId: meeting.id, userId: t01Ids.id }))).toEqual({ state: 'left' });
    expect(s.server.meet.watchers(meeting.id)).toEqual([{ userId: t01Ids.id, feedId: null }]);
    expect(s.server.meet.roster(meeting.id)?.participants).toHaveLength(2); // a watcher is no participant
    // Starting a subscription that is not the watcher's is refused.
    expect(expectError(await wallScreen.request('meet:start', { meetingId: meeting.id, subscriptionId: 123, jsep: { type: 'answer', sdp: 'v=0 nothing here' } })).code).toBe('MEET_NOT_JOINED');

    expectOk(await t01.request('meet:leave', { meetingId: meeting.id }));
    await expect.poll(() => pushes.map((p) => p.state)).toEqual(['left']);
    expect(pushes[0]).toEqual({ meetingId: meeting.id, userId: t01Ids.id, state: 'left' });

    // The host takes it down: the tile is empty again, and the screen watching is told (已下墙) and forgotten.
    expect(expectOk(await host.request('meet:wall', { meetingId: meeting.id, feedId: null }))).toEqual({ placed: null });
    await expect.poll(() => walls.at(-1)!.screens[0]!.meet).toBeUndefined();
    expect(walls.at(-1)!.screens[0]!.tiles[3]).toBeNull();
    await expect.poll(() => pushes.map((p) => p.state)).toEqual(['left', 'offWall']);
    expect(s.server.meet.watchers(meeting.id)).toEqual([]);

    // Watching again while on the wall, then the meeting ends: told so, and forgotten.
    expectOk(await t01.request('meet:join', { meetingId: meeting.id }));
    const rejoined = s.server.meet.roster(meeting.id)!.participants.find((p) => p.userId === t01Ids.id)!;
    expectOk(await host.request('meet:wall', { meetingId: meeting.id, feedId: rejoined.feedId }));
    expect(expectOk(await wallScreen.request('meet:watch', { meetingId: meeting.id, userId: t01Ids.id }))).toEqual({ state: 'left' });
    expectOk(await host.request('meet:end', { meetingId: meeting.id }));
    await expect.poll(() => pushes.map((p) => p.state)).toEqual(['left', 'offWall', 'ended']);
    expect(s.server.meet.watchers(meeting.id)).toEqual([]);
  }, 30_000);

  it('a screen watches only whom the wall shows: 移除 stops it (已下墙) and the roster follows at once; the meeting ending takes the tile down', async () => {
    // (The races of meet:watch while Janus attaches are in app/realtime/meetWatch.test.ts: a real Janus refuses to
    // subscribe to a feed whose browser never connected, and there is no browser here.)
    const host = await open('commander');
    const wallScreen = await open('duty1');
    const t01 = await open('t01');
    const t01Ids = idOf('t01');
    const { meeting } = expectOk(await host.request('meet:open', { title: '会商', centreIds: [t01Ids.centreId] }));
    expectOk(await host.request('meet:join', { meetingId: meeting.id }));
    const joined = expectOk(await t01.request('meet:join', { meetingId: meeting.id }));
    const watch = () => wallScreen.request('meet:watch', { meetingId: meeting.id, userId: t01Ids.id });

    // Not on the wall yet: refused.
    expect(expectError(await watch()).code).toBe('MEET_WALL_NOT_SHOWN');
    expectOk(await host.request('meet:wall', { meetingId: meeting.id, feedId: joined.feedId }));
    expect(expectOk(await watch())).toEqual({ state: 'left' });
    // One disconnect hook per socket, however many watches it made.
    const serverSocket = s.server.io.sockets.sockets.get(wallScreen.socket.id!)!;
    const hooks = serverSocket.listenerCount('disconnect');
    expectOk(await wallScreen.request('meet:unwatch', { meetingId: meeting.id, userId: t01Ids.id }));
    for (let i = 0; i < 3; i++) expectOk(await watch());
    expect(serverSocket.listenerCount('disconnect')).toBe(hooks);
    expect(s.server.meet.watchers(meeting.id)).toHaveLength(1);

    // 移除 in 视频监控: the roster's mark goes at once, and the screen watching is told 已下墙 and dropped.
    const pushes: MeetWatchEvent[] = [];
    wallScreen.socket.on('meet:watch', (e) => pushes.push(e));
    const rosters: Roster[] = [];
    host.socket.on('meet:roster', (r) => rosters.push(r));
    expectOk(await wallScreen.request('wall:op', { op: 'assign', screen: 0, tile: 3, cameraId: null }));
    await expect.poll(() => pushes.map((p) => p.state)).toEqual(['offWall']);
    expect(s.server.meet.watchers(meeting.id)).toEqual([]);
    await expect.poll(() => rosters.at(-1)?.wallFeedId).toBeNull();
    expect(rosters).toHaveLength(1);
    expect(expectError(await watch()).code).toBe('MEET_WALL_NOT_SHOWN');

    // Back on the wall, onto screen 1 asked for while it tours: its tour stops, and the reply and the ledger say so.
    const cameraIds = (s.server.db.prepare('SELECT id FROM cameras ORDER BY id LIMIT 5').all() as { id: number }[]).map((c) => c.id);
    expectOk(await wallScreen.request('wall:op', { op: 'tour', screen: 0, tour: { cameraIds, intervalSec: 10 } }));
    expect(expectOk(await host.request('meet:wall', { meetingId: meeting.id, feedId: joined.feedId, screen: 0 }))).toMatchObject({ placed: { screen: 0 }, tourStopped: true });
    const put = s.server.db.prepare("SELECT detail FROM ledger WHERE action = 'wall.meetPut' ORDER BY id DESC LIMIT 1").get() as { detail: string };
    expect(JSON.parse(put.detail)).toMatchObject({ tourStopped: 0 });
    await expect.poll(() => rosters.at(-1)?.wallFeedId).toBe(joined.feedId);

    // Then the meeting ends: the tile comes down by itself, in the ledger as the system's.
    const walls: WallState[] = [];
    await wallScreen.wallSync();
    wallScreen.socket.on('wall', (w) => walls.push(w));
    expectOk(await host.request('meet:end', { meetingId: meeting.id }));
    await expect.poll(() => walls.length).toBeGreaterThan(0);
    expect(walls.at(-1)!.screens[0]!.meet).toBeUndefined();
    expect(walls.at(-1)!.screens[0]!.tiles[3]).toBeNull();
    const stored = JSON.parse((s.server.db.prepare('SELECT screens FROM walls WHERE centre_id = ?').get(meeting.hostCentreId) as { screens: string }).screens) as WallState['screens'];
    expect(stored.some((x) => x.meet?.some(Boolean))).toBe(false);
    const taken = s.server.db.prepare("SELECT actor_id AS actorId, detail FROM ledger WHERE action = 'wall.meetTake' ORDER BY id DESC LIMIT 1").get() as { actorId: number | null; detail: string };
    expect(taken.actorId).toBeNull();
    expect(JSON.parse(taken.detail)).toEqual({ op: 'meetTake', meetingId: meeting.id, reason: 'ended' });
  }, 60_000);

  it('a Janus restart tells the watcher (重连中) and keeps its watch for when the participant is back', async () => {
    const host = await open('commander');
    const wallScreen = await open('duty2');
    const t02 = await open('t02');
    const t02Ids = idOf('t02');
    const { meeting } = expectOk(await host.request('meet:open', { title: '会商', centreIds: [t02Ids.centreId] }));
    const joined = expectOk(await t02.request('meet:join', { meetingId: meeting.id }));
    expectOk(await host.request('meet:wall', { meetingId: meeting.id, feedId: joined.feedId }));
    const pushes: MeetWatchEvent[] = [];
    wallScreen.socket.on('meet:watch', (e) => pushes.push(e));
    expect(expectOk(await wallScreen.request('meet:watch', { meetingId: meeting.id, userId: t02Ids.id }))).toEqual({ state: 'left' });
    if (!s.server.janus.available) throw new Error('janus unavailable');
    s.server.janus.kick();
    await expect.poll(() => pushes.map((p) => p.state), { timeout: 10_000 }).toContain('restart');
    expect(s.server.meet.watchers(meeting.id)).toEqual([{ userId: t02Ids.id, feedId: null }]);
    // The screen stops watching: the centre forgets it.
    expectOk(await wallScreen.request('meet:unwatch', { meetingId: meeting.id, userId: t02Ids.id }));
    expect(s.server.meet.watchers(meeting.id)).toEqual([]);
  }, 30_000);
});
