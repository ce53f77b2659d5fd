// 一键通 and 视频会商 against a real server, SQLite and socket.io clients: the durable invitation (rings on every console
// of the unit, a reconnecting console still sees it ring, one answers and the others stop), missed calls by the ticker,
// hang-up with its duration in the ledger, and each refusal. With Janus installed, the rooms too: joining through the
// centre, who may not join, and a Janus restart that takes everyone out of the room and lets them back in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Meeting } from '../../protocol/index.ts';
import { findJanus } from '../../media/index.ts';
import { expectError, expectOk, openConsole, startTestServer, type TestConsole } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const lastMeeting = (c: TestConsole, id: number): Meeting | undefined => c.events('meet.updated').filter((e) => e.meeting.id === id).at(-1)?.meeting;

describe('一键通 calls (durable part)', () => {
  let server: Server;
  let now = Date.UTC(2026, 10, 30, 2, 0, 0);
  const consoles: TestConsole[] = [];
  beforeAll(async () => {
    server = await startTestServer({ clock: () => now, meet: { enabled: false }, timerTickMs: 50 });
  });
  afterAll(async () => {
    for (const c of consoles) c.close();
    await server.stop();
  });
  const open = async (u: string) => {
    const c = await openConsole(server.url, u);
    consoles.push(c);
    return c;
  };
  const ledger = (action: string) => server.db.prepare('SELECT subject, detail FROM ledger WHERE action = ? ORDER BY id').all(action) as { subject: string; detail: string }[];
  const centreOf = (code: string) => (server.db.prepare("SELECT centre_id AS id FROM users WHERE username = ?").get(code) as { id: number }).id;

  it('rings on every console of the unit, a reconnecting console still sees it, one answers and the others stop; hang-up logs the duration', async () => {
    const county = await open('duty1');
    const a = await open('t01');
    const b = await open('t01');
    const other = await open('t02');
    const t01 = centreOf('t01');
    const { meeting } = expectOk(await county.request('meet:call', { centreId: t01 }));
    expect(meeting).toMatchObject({ kind: 'call', state: 'ringing', invitees: [{ centreId: t01, state: 'ringing' }] });
    await a.waitFor(() => lastMeeting(a, meeting.id)?.state === 'ringing');
    await b.waitFor(() => lastMeeting(b, meeting.id)?.state === 'ringing');
    expect(other.events('meet.updated')).toHaveLength(0);

    // A console that starts now (a reload) is told of the ringing call in its starting state.
    const c = await open('t01');
    expect(c.snapshot?.meetings.map((m) => [m.id, m.state])).toEqual([[meeting.id, 'ringing']]);

    // Refusals: another township, the county itself answering, a grid-level role; hanging up someone else's call.
    expect(expectError(await other.request('meet:answer', { meetingId: meeting.id })).code).toBe('FORBIDDEN_SCOPE');
    expect(expectError(await county.request('meet:answer', { meetingId: meeting.id })).code).toBe('FORBIDDEN_SCOPE');
    expect(expectError(await other.request('meet:end', { meetingId: meeting.id })).code).toBe('FORBIDDEN_SCOPE');
    expect(expectError(await other.request('meet:join', { meetingId: meeting.id })).code).toBe('FORBIDDEN_SCOPE');
    // The unit may not enter the room before it answers.
    expect(expectError(await a.request('meet:join', { meetingId: meeting.id })).code).toBe('MEET_NOT_RINGING');

    now += 5000;
    const answered = expectOk(await a.request('meet:answer', { meetingId: meeting.id })).meeting;
    expect(answered.state).toBe('open');
    expect(answered.invitees[0]).toMatchObject({ state: 'answered', by: { name: expect.any(String) } });
    await b.waitFor(() => lastMeeting(b, meeting.id)?.state === 'open');
    await c.waitFor(() => lastMeeting(c, meeting.id)?.state === 'open');
    // A second answer (the other console a moment later) is refused: it stopped ringing.
    expect(expectError(await b.request('meet:answer', { meetingId: meeting.id })).code).toBe('MEET_NOT_RINGING');

    now += 65_000;
    const ended = expectOk(await a.request('meet:end', { meetingId: meeting.id })).meeting;
    expect(ended).toMatchObject({ state: 'ended', endedAt: now });
    await county.waitFor(() => lastMeeting(county, meeting.id)?.state === 'ended');
    expect(ledger('meet.call').map((e) => e.subject)).toContain(`meeting:${meeting.id}`);
    expect(ledger('meet.answer').map((e) => e.subject)).toContain(`meeting:${meeting.id}`);
    expect(JSON.parse(ledger('meet.end').at(-1)!.detail)).toEqual({ durationMs: 65_000 });
    expect(expectError(await a.request('meet:end', { meetingId: meeting.id })).code).toBe('MEET_ENDED');
  });

  it('a call nobody answers turns missed by the ticker and waits in 待办 until looked at', async () => {
    const county = await open('duty2');
    const t03 = await open('t03');
    const id = centreOf('t03');
    const { meeting } = expectOk(await county.request('meet:call', { centreId: id }));
    now += 46_000;
    await t03.waitFor(() => lastMeeting(t03, meeting.id)?.state === 'missed', 5000);
    expect(lastMeeting(t03, meeting.id)?.invitees[0]).toMatchObject({ state: 'missed', seen: false });
    expect(ledger('meet.missed').map((e) => e.subject)).toContain(`meeting:${meeting.id}`);
    const fresh = await open('t03');
    expect(fresh.snapshot?.meetings.map((m) => m.id)).toContain(meeting.id);
    expectOk(await t03.request('meet:seen', { meetingId: meeting.id }));
    const later = await open('t03');
    expect(later.snapshot?.meetings.map((m) => m.id)).not.toContain(meeting.id);
    // Only the county calls; nobody calls the county; bad input names the field.
    expect(expectError(await t03.request('meet:call', { centreId: id })).code).toBe('FORBIDDEN_ROLE');
    expect(expectError(await county.request('meet:call', { centreId: centreOf('duty1') })).code).toBe('MEET_BAD_TARGET');
    const bad = expectError(await county.request('meet:call', { centreId: -1 } as never));
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(bad.details ?? {})).toContain('centreId');
    // Janus is off here: joining says so clearly.
    const m2 = expectOk(await county.request('meet:call', { centreId: id })).meeting;
    expect(expectError(await county.request('meet:join', { meetingId: m2.id })).code).toBe('MEET_UNAVAILABLE');
    expect(expectOk(await county.request('meet:health', {}))).toMatchObject({ available: false });
  });

  it('视频会商: all townships in one click; only the county opens meetings; a mediation needs a case', async () => {
    const commander = await open('commander');
    const t05 = await open('t05');
    const { meeting } = expectOk(await commander.request('meet:open', { title: '防汛视频会商', allTownships: true }));
    expect(meeting.invitees).toHaveLength(13);
    expect(meeting.invitees.every((i) => i.state === 'invited')).toBe(true);
    await t05.waitFor(() => lastMeeting(t05, meeting.id)?.state === 'open');
    expect(expectError(await t05.request('meet:open', { title: 'x', allTownships: true })).code).toBe('FORBIDDEN_ROLE');
    expect(expectError(await commander.request('meet:open', { kind: 'mediation', title: '调解', centreIds: [centreOf('t05')] })).code).toBe('MEET_NO_CASE');
    expect(expectError(await t05.request('meet:end', { meetingId: meeting.id })).code).toBe('FORBIDDEN_SCOPE');
    expect(expectError(await t05.request('meet:mute', { meetingId: meeting.id, feedId: 1, muted: true })).code).toBe('FORBIDDEN_SCOPE');
  });
});

const janus = findJanus();
describe.skipIf(!janus)('meeting rooms on a real Janus', () => {
  let server: Server;
  const consoles: TestConsole[] = [];
  beforeAll(async () => {
    server = await startTestServer({ meet: { enabled: true, iceInterfaces: ['lo'] } });
    for (let i = 0; i < 100 && !(server.janus.available && server.janus.state() === 'up'); i++) await new Promise((r) => setTimeout(r, 100));
  }, 20_000);
  afterAll(async () => {
    for (const c of consoles) c.close();
    await server.stop();
  });
  const open = async (u: string) => {
    const c = await openConsole(server.url, u);
    consoles.push(c);
    return c;
  };

  it('joins through the centre, refuses outsiders, and brings everyone back after Janus restarts', async () => {
    if (!janus) console.log('[meet] skipped: janus is not installed (apt-get install janus)');
    const county = await open('duty1');
    const t01 = await open('t01');
    const t02 = await open('t02');
    const t01Id = (server.db.prepare("SELECT centre_id AS id FROM users WHERE username = 't01'").get() as { id: number }).id;
    const { meeting } = expectOk(await county.request('meet:open', { title: '会商', centreIds: [t01Id] }));
    const rosters: unknown[] = [];
    county.socket.on('meet:roster', (r) => rosters.push(r));
    const mine = expectOk(await county.request('meet:join', { meetingId: meeting.id }));
    expect(mine.roster.participants.map((p) => p.feedId)).toEqual([mine.feedId]);
    const theirs = expectOk(await t01.request('meet:join', { meetingId: meeting.id }));
    expect(theirs.roster.participants).toHaveLength(2);
    expect(expectError(await t02.request('meet:join', { meetingId: meeting.id })).code).toBe('FORBIDDEN_SCOPE');
    // Subscribing to a feed that is not in the room, or before joining, is refused.
    expect(expectError(await t02.request('meet:subscribe', { meetingId: meeting.id, feedId: mine.feedId })).code).toBe('MEET_NOT_JOINED');
    expect(expectError(await t01.request('meet:subscribe', { meetingId: meeting.id, feedId: 999_999 })).code).toBe('NOT_FOUND');

    const kicked = new Promise((resolve) => t01.socket.once('meet:kicked', resolve));
    const back = new Promise((resolve) => {
      const onHealth = (h: { available: boolean }) => h.available && resolve(h);
      t01.socket.on('meet:health', onHealth);
    });
    if (!server.janus.available) throw new Error('janus unavailable');
    server.janus.kick();
    expect(await kicked).toEqual({ meetingId: meeting.id, reason: 'restart' });
    await back;
    expect(server.janus.restarts()).toBeGreaterThanOrEqual(1);
    const again = expectOk(await t01.request('meet:join', { meetingId: meeting.id }));
    expect(again.roster.participants.map((p) => p.centreId)).toEqual([t01Id]);
    // The host removes a participant: it is told, and the roster no longer lists it.
    const removed = new Promise((resolve) => t01.socket.once('meet:kicked', resolve));
    expectOk(await county.request('meet:join', { meetingId: meeting.id }));
    expectOk(await county.request('meet:kick', { meetingId: meeting.id, feedId: again.feedId }));
    expect(await removed).toEqual({ meetingId: meeting.id, reason: 'removed' });
    expect(server.meet.roster(meeting.id)?.participants.map((p) => p.centreId)).not.toContain(t01Id);
    const kicks = server.db.prepare("SELECT subject, detail FROM ledger WHERE action = 'meet.kick'").all() as { subject: string; detail: string }[];
    expect(kicks).toHaveLength(1);
    expect(kicks[0]!.subject).toBe(`meeting:${meeting.id}`);
    expect(JSON.parse(kicks[0]!.detail)).toMatchObject({ centreId: t01Id });
  }, 30_000);
});
