// Alarm acknowledgements against a real server: the ledger entry, the `alarm.acked` envelope on the unit's own stream
// only, the refusals (another unit, another role, an unknown item), and the policy and acknowledged list at start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ALARM_POLICY, type AlarmState, type ApiError } from '../../protocol/index.ts';
import { io } from 'socket.io-client';
import { api, expectError, expectOk, login, openConsole, startTestServer, type TestConsole } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

describe('alarm:ack and alarm:mute', () => {
  let server: Server;
  const consoles: TestConsole[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const c of consoles) c.close();
    await server.stop();
  });
  const open = async (username: string) => {
    const c = await openConsole(server.url, username);
    consoles.push(c);
    return c;
  };
  const ledger = (action: string) =>
    server.db.prepare('SELECT actor_id AS actorId, subject, detail FROM ledger WHERE action = ? ORDER BY id').all(action) as { actorId: number; subject: string; detail: string }[];

  it('one console of a unit acknowledges: ledger entry, alarm.acked to every console of that unit and to no other', async () => {
    const county = await open('duty1');
    const t01a = await open('t01');
    const t01b = await open('t01');
    const t02 = await open('t02');
    const t01Id = (await login(server.url, 't01')).user.centreId;
    const { alert } = expectOk(await county.request('alert:raise', { level: 'red', title: '红色预警 测试', body: '', targets: { kind: 'centres', centreIds: [t01Id] } }));
    await t01a.waitFor((a) => a.some((e) => e.event.kind === 'alert.new'));

    const { ack } = expectOk(await t01a.request('alarm:ack', { kind: 'alert', itemId: alert.id }));
    expect(ack).toMatchObject({ kind: 'alert', itemId: alert.id });
    await t01b.waitFor((a) => a.some((e) => e.event.kind === 'alarm.acked'));
    const acked = t01b.events('alarm.acked');
    expect(acked).toHaveLength(1);
    expect(acked[0]?.ack).toMatchObject({ kind: 'alert', itemId: alert.id, by: { name: expect.any(String) } });
    await t01a.waitFor((a) => a.some((e) => e.event.kind === 'alarm.acked'));

    const entries = ledger('alarm.ack');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ subject: `alert:${alert.id}` });
    expect(JSON.parse(entries[0]!.detail)).toEqual({ centreId: t01Id });

    // A second acknowledgement (the other console, a moment later) is answered, but nothing new is written or pushed.
    expectOk(await t01b.request('alarm:ack', { kind: 'alert', itemId: alert.id }));
    await new Promise((r) => setTimeout(r, 200));
    expect(ledger('alarm.ack')).toHaveLength(1);
    expect(t01a.events('alarm.acked')).toHaveLength(1);

    // No other unit heard of it, not even the county.
    expect(t02.events('alarm.acked')).toHaveLength(0);
    expect(county.events('alarm.acked')).toHaveLength(0);

    // What a console starting now is told: the policy and this acknowledgement.
    const state: AlarmState = (await t01a.startingState()).snapshot.alarms;
    expect(state.policy).toEqual(DEFAULT_ALARM_POLICY);
    expect(state.acked).toEqual([ack]);
    expect((await t02.startingState()).snapshot.alarms.acked).toEqual([]);
  });

  it('refuses another unit’s item, a grid member, an unknown item and a malformed request, writing nothing', async () => {
    const county = await open('duty1');
    const t02 = await open('t02');
    const t01Id = (await login(server.url, 't01')).user.centreId;
    const { alert } = expectOk(await county.request('alert:raise', { level: 'red', title: '只发城关', body: '', targets: { kind: 'centres', centreIds: [t01Id] } }));
    const before = ledger('alarm.ack').length;

    expect(expectError(await t02.request('alarm:ack', { kind: 'alert', itemId: alert.id })).code).toBe('FORBIDDEN_SCOPE');
    expect(expectError(await t02.request('alarm:ack', { kind: 'alert', itemId: 999_999 })).code).toBe('NOT_FOUND');
    expect(expectError(await t02.request('alarm:ack', { kind: 'report', itemId: 999_999 })).code).toBe('NOT_FOUND');
    expect((expectError(await t02.raw('alarm:ack', { kind: 'siren', itemId: alert.id })) as ApiError).code).toBe('VALIDATION_FAILED');

    // A grid member's phone has no unit stream, but a socket may still be opened with its token.
    const phone = io(server.url, { auth: { token: (await login(server.url, 'g00100101')).token }, transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise<void>((r) => phone.once('connect', () => r()));
    const ask = (event: string, payload: unknown) => new Promise<{ ok: boolean; error?: ApiError }>((r) => (phone.emit as (e: string, p: unknown, cb: (x: unknown) => void) => void)(event, payload, r as (x: unknown) => void));
    expect((await ask('alarm:ack', { kind: 'alert', itemId: alert.id })).error?.code).toBe('FORBIDDEN_ROLE');
    expect((await ask('alarm:mute', { muted: true })).error?.code).toBe('FORBIDDEN_ROLE');
    phone.disconnect();

    expect(ledger('alarm.ack')).toHaveLength(before);
    expect(server.db.prepare('SELECT count(*) AS n FROM alarm_acks WHERE item_id = ?').get(alert.id)).toEqual({ n: 0 });
    expect(t02.events('alarm.acked')).toHaveLength(0);
  });

  it('a new report: the county acknowledges its alarm, a township may not', async () => {
    const county = await open('duty1');
    const t01 = await open('t01');
    const grid = api(server.url, (await login(server.url, 'g00100101')).token);
    const me = (await api(server.url, county.token).get<{ centreId: number }>('/api/me')).body;
    // A report inside the demo county (the first grid of 城关镇).
    const { generateDemoCounty } = await import('../../app/domain/demoCounty.ts');
    const ring = generateDemoCounty().townships[0]!.villages[0]!.grids[0]!.ring.slice(0, -1);
    const location = { lon: ring.reduce((s, p) => s + p[0], 0) / ring.length, lat: ring.reduce((s, p) => s + p[1], 0) / ring.length, crs: 'wgs84' };
    const res = await grid.post<{ incident: { id: number; holderCentreId: number } }>('/api/incidents', {
      idempotencyKey: `alarm-test-${Date.now()}`, category: 'dispute', description: '村民纠纷', location,
    });
    expect(res.status).toBe(201);
    const id = res.body.incident.id;
    expect(res.body.incident.holderCentreId).toBe(me.centreId);

    expect(expectError(await t01.request('alarm:ack', { kind: 'report', itemId: id })).code).toBe('FORBIDDEN_SCOPE');
    expectOk(await county.request('alarm:ack', { kind: 'report', itemId: id }));
    await county.waitFor((a) => a.some((e) => e.event.kind === 'alarm.acked' && e.event.ack.itemId === id));
    expect(t01.events('alarm.acked').filter((e) => e.ack.itemId === id)).toHaveLength(0);
  });

  it('the night-shift mute is logged, on and off', async () => {
    const t03 = await open('t03');
    expectOk(await t03.request('alarm:mute', { muted: true }));
    expectOk(await t03.request('alarm:mute', { muted: false }));
    const t03Id = (await login(server.url, 't03')).user.centreId;
    expect(ledger('alarm.mute').map((e) => e.subject)).toEqual([`centre:${t03Id}`]);
    expect(ledger('alarm.unmute').map((e) => e.subject)).toEqual([`centre:${t03Id}`]);
  });
});
