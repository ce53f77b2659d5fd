import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecipientStatus } from '../../protocol/index.ts';
import { expectError, expectOk, openConsole, startTestServer, type TestConsole } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

const statusOf = (c: TestConsole, alertId: number, centreId: number): RecipientStatus | undefined =>
  c.applied
    .flatMap((e) => (e.event.kind === 'alert.status' || e.event.kind === 'alert.reminder' ? [e.event.recipient] : []))
    .filter((r) => r.alertId === alertId && r.centreId === centreId)
    .at(-1);

describe('durable signed alerts', () => {
  let server: Server;
  const consoles: TestConsole[] = [];
  const centreOf = async (c: TestConsole) =>
    ((await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${c.token}` } })).json()) as { centreId: number }).centreId;
  const open = async (username: string) => {
    const c = await openConsole(server.url, username);
    consoles.push(c);
    return c;
  };

  beforeEach(async () => {
    server = await startTestServer({ timerTickMs: 50 });
  });
  afterEach(async () => {
    for (const c of consoles.splice(0)) c.close();
    await server.stop();
  });

  it('delivers an alert to every target township, marks it delivered, then signed by a named person', async () => {
    const county = await open('duty1');
    const t01 = await open('t01');
    const t02 = await open('t02');
    const raised = expectOk(await county.request('alert:raise', { level: 'orange', title: '防汛预警', body: '河口水位上涨', targets: { kind: 'all' } }));
    expect(raised.alert.recipients).toHaveLength(13);
    expect(raised.alert.recipients.every((r) => r.state === 'pending')).toBe(true);

    await t01.waitFor((a) => a.some((e) => e.event.kind === 'alert.new'));
    await t02.waitFor((a) => a.some((e) => e.event.kind === 'alert.new'));
    const seen = t01.newAlerts()[0];
    expect(seen?.title).toBe('防汛预警');
    // A township sees only its own row, not how the others are doing.
    const t01Centre = await centreOf(t01);
    expect(seen?.recipients.map((r) => r.centreId)).toEqual([t01Centre]);

    await county.waitFor(() => statusOf(county, raised.alert.id, t01Centre)?.state === 'delivered');
    const delivered = statusOf(county, raised.alert.id, t01Centre)!;
    expect(delivered.deliveredAt).toBeGreaterThan(0);
    expect(delivered.signedAt).toBeNull();

    const signed = expectOk(await t01.request('alert:sign', { alertId: raised.alert.id }));
    expect(signed.recipient.state).toBe('signed');
    await county.waitFor(() => statusOf(county, raised.alert.id, t01Centre)?.state === 'signed');
    const final = statusOf(county, raised.alert.id, t01Centre)!;
    expect(final.signedBy?.name).toBeTruthy();
    expect(final.signedAt).toBeGreaterThanOrEqual(final.deliveredAt!);

    // Signing twice is refused and changes nothing.
    expect(expectError(await t01.request('alert:sign', { alertId: raised.alert.id })).code).toBe('ALREADY_SIGNED');
    expect(server.ledger.verify()).toEqual({ entries: 2, firstBroken: null });
  });

  it('replays what a console missed while offline, once, in order', async () => {
    const county = await open('duty1');
    const t03 = await open('t03');
    expectOk(await county.request('alert:raise', { level: 'blue', title: '第一条', targets: { kind: 'all' } }));
    await t03.waitFor((a) => a.length === 1);
    t03.close();

    for (const title of ['第二条', '第三条', '第四条']) expectOk(await county.request('alert:raise', { level: 'yellow', title, targets: { kind: 'all' } }));

    const reply = await t03.connect();
    expect(reply.snapshot).toBeNull();
    expect(reply.replayed).toBe(3);
    await t03.waitFor((a) => a.length === 4);
    expect(t03.newAlerts().map((a) => a.title)).toEqual(['第一条', '第二条', '第三条', '第四条']);
    expect(t03.applied.map((e) => e.seq)).toEqual([1, 2, 3, 4]);

    // Reconnecting again with everything applied replays nothing.
    t03.close();
    expect((await t03.connect()).replayed).toBe(0);
    expect(t03.redelivered).toBe(0);
  });

  it('gives a fresh console a snapshot instead of the whole history', async () => {
    const county = await open('duty1');
    expectOk(await county.request('alert:raise', { level: 'red', title: '快照', targets: { kind: 'all' } }));
    const late = await open('t05');
    expect(late.snapshot?.alerts.map((a) => a.title)).toEqual(['快照']);
    expect(late.snapshot?.alerts[0]?.recipients).toHaveLength(1);
    expect(late.lastSeq).toBe(1);
    expect(late.applied).toHaveLength(0);
  });

  it('answers a lastSeq from another database (another epoch) with a snapshot, not a wrong replay', async () => {
    const county = await open('duty1');
    const t06 = await open('t06');
    for (const title of ['一', '二', '三']) expectOk(await county.request('alert:raise', { level: 'blue', title, targets: { kind: 'all' } }));
    await t06.waitFor((a) => a.length === 3);
    t06.close();
    t06.epoch = 'from-another-database';
    t06.lastSeq = 1;
    const reply = await t06.connect();
    expect(reply.snapshot?.alerts.map((a) => a.title)).toEqual(['三', '二', '一']);
    expect(reply.replayed).toBe(0);
    expect(t06.epoch).toBe(reply.epoch);
    expect(t06.epoch).not.toBe('from-another-database');
  });

  it('targets only the chosen townships', async () => {
    const county = await open('duty1');
    const t01 = await open('t01');
    const t02 = await open('t02');
    const t01Centre = await centreOf(t01);
    const raised = expectOk(await county.request('alert:raise', { level: 'yellow', title: '定向', targets: { kind: 'centres', centreIds: [t01Centre] } }));
    expect(raised.alert.recipients.map((r) => r.centreId)).toEqual([t01Centre]);
    await t01.waitFor((a) => a.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(t02.applied).toHaveLength(0);
  });

  it('escalates an alert nobody signed: re-sent as a reminder, overdue at the county, in the ledger', async () => {
    await server.stop();
    server = await startTestServer({ timerTickMs: 50, ackDeadlinesMs: { red: 300, orange: 60_000, yellow: 60_000, blue: 60_000 } });
    const county = await open('duty1');
    const t04 = await open('t04');
    const raised = expectOk(await county.request('alert:raise', { level: 'red', title: '紧急', targets: { kind: 'all' } }));
    await t04.waitFor((a) => a.some((e) => e.event.kind === 'alert.reminder'), 3000);
    const reminder = t04.applied.find((e) => e.event.kind === 'alert.reminder')!;
    expect(reminder.event.kind === 'alert.reminder' && reminder.event.alertId).toBe(raised.alert.id);
    // Shown once as new, then as a reminder: never a second "new alert".
    expect(t04.newAlerts()).toHaveLength(1);
    const centre = t04.newAlerts()[0]!.recipients[0]!.centreId;
    await county.waitFor(() => statusOf(county, raised.alert.id, centre)?.overdue === true);
    expect(statusOf(county, raised.alert.id, centre)?.rung).toBeGreaterThanOrEqual(1);
    const reminders = server.db.prepare("SELECT COUNT(*) AS n FROM ledger WHERE action = 'alert.remind'").get() as { n: number };
    expect(reminders.n).toBeGreaterThanOrEqual(13);

    // Signing stops the ladder for that township.
    expectOk(await t04.request('alert:sign', { alertId: raised.alert.id }));
    const before = t04.applied.length;
    await new Promise((r) => setTimeout(r, 700));
    expect(t04.applied.filter((e) => e.event.kind === 'alert.reminder').length).toBe(t04.applied.slice(0, before).filter((e) => e.event.kind === 'alert.reminder').length);
  });

  it('refuses a township signing for another township, or raising alerts', async () => {
    const county = await open('duty1');
    const t01 = await open('t01');
    const t02 = await open('t02');
    const t01Centre = await centreOf(t01);
    const raised = expectOk(await county.request('alert:raise', { level: 'yellow', title: '仅城关', targets: { kind: 'centres', centreIds: [t01Centre] } }));
    expect(expectError(await t02.request('alert:sign', { alertId: raised.alert.id })).code).toBe('FORBIDDEN_SCOPE');
    expect(expectError(await t02.request('alert:sign', { alertId: 99999 })).code).toBe('NOT_FOUND');
    expect(expectError(await t02.request('alert:raise', { level: 'red', title: 'x', targets: { kind: 'all' } })).code).toBe('FORBIDDEN_ROLE');
    expect(expectError(await county.request('alert:sign', { alertId: raised.alert.id })).code).toBe('FORBIDDEN_SCOPE');
    const row = server.db.prepare("SELECT state FROM deliveries WHERE kind = 'alert' AND item_id = ?").get(raised.alert.id) as { state: string };
    expect(row.state).not.toBe('signed');
  });

  it('rejects malformed payloads with a code, keeps running, and loses nothing already stored', async () => {
    const county = await open('duty1');
    const t01 = await open('t01');
    const raised = expectOk(await county.request('alert:raise', { level: 'blue', title: '已存', targets: { kind: 'all' } }));
    const bad: [string, unknown][] = [
      ['alert:raise', null],
      ['alert:raise', { level: 'purple', title: 'x', targets: { kind: 'all' } }],
      ['alert:raise', { level: 'red', title: '', targets: { kind: 'all' } }],
      ['alert:raise', { level: 'red', title: 'x'.repeat(101), targets: { kind: 'all' } }],
      ['alert:raise', { level: 'red', title: 'x', targets: { kind: 'centres', centreIds: [] } }],
      ['alert:sign', { alertId: 'DROP TABLE alerts' }],
      ['alert:sign', 42],
      ['alert:answer', { alertId: 1, text: '' }],
      ['alert:answer', { alertId: 1, text: 'x'.repeat(2001) }],
      ['sync', { lastSeq: -1 }],
    ];
    for (const [event, payload] of bad) {
      const err = expectError(await county.raw(event, payload));
      expect(err.code, `${event} ${JSON.stringify(payload)}`).toBe('VALIDATION_FAILED');
      expect(err.message).toBeTruthy();
      expect(err.messageEn).toBeTruthy();
    }
    expect(expectError(await county.request('alert:raise', { level: 'red', title: 'x', targets: { kind: 'centres', centreIds: [1] } })).code).toBe('TARGET_UNKNOWN');
    // An emit without a reply callback must not crash the server either.
    county.socket.emit('alert:raise', { nonsense: true } as never, undefined as never);
    const stored = server.db.prepare('SELECT COUNT(*) AS n FROM alerts').get() as { n: number };
    expect(stored.n).toBe(1);
    expect(expectOk(await t01.request('alert:sign', { alertId: raised.alert.id })).recipient.state).toBe('signed');
  });

  it('sends to villages directly and to townships with their villages; a village console receives and signs', async () => {
    const county = await open('duty1');
    const v = await open('v001001');
    const t02 = await open('t02');
    const vCentre = await centreOf(v);
    const t02Centre = await centreOf(t02);
    const direct = expectOk(await county.request('alert:raise', { level: 'orange', title: '村级预警', targets: { kind: 'centres', centreIds: [vCentre] } }));
    expect(direct.alert.recipients.map((r) => r.centreId)).toEqual([vCentre]);
    await v.waitFor((a) => a.some((e) => e.event.kind === 'alert.new'));
    expect(v.newAlerts()[0]?.recipients[0]).toMatchObject({ centreId: vCentre, parentId: expect.any(Number) });
    expect(expectOk(await v.request('alert:sign', { alertId: direct.alert.id })).recipient.state).toBe('signed');
    await county.waitFor(() => statusOf(county, direct.alert.id, vCentre)?.state === 'signed');

    const withVillages = expectOk(await county.request('alert:raise', {
      level: 'yellow', title: '连村', targets: { kind: 'centres', centreIds: [t02Centre], includeVillages: true },
    }));
    const ids = withVillages.alert.recipients.map((r) => r.centreId);
    expect(ids[0]).toBe(t02Centre);
    expect(ids.length).toBeGreaterThan(1);
    expect(withVillages.alert.recipients.slice(1).every((r) => r.parentId === t02Centre)).toBe(true);
    // a village of another township got nothing from it
    await new Promise((r) => setTimeout(r, 150));
    expect(v.newAlerts().map((a) => a.title)).toEqual(['村级预警']);
    // the county itself is no target
    expect(expectError(await county.request('alert:raise', { level: 'red', title: 'x', targets: { kind: 'centres', centreIds: [await centreOf(county)] } })).code).toBe('TARGET_UNKNOWN');
  });

  it('asks for 反馈: answered after signing, once, seen per unit at the county; refusals leave nothing', async () => {
    const county = await open('duty1');
    const t01 = await open('t01');
    const t02 = await open('t02');
    const t01Centre = await centreOf(t01);
    const t02Centre = await centreOf(t02);
    const raised = expectOk(await county.request('alert:raise', {
      level: 'orange', title: '请反馈排查情况', targets: { kind: 'centres', centreIds: [t01Centre, t02Centre] }, wantsAnswer: true,
    }));
    expect(raised.alert.wantsAnswer).toBe(true);
    expect(raised.alert.recipients.every((r) => r.wantsAnswer)).toBe(true);
    expect(expectError(await t01.request('alert:answer', { alertId: raised.alert.id, text: '已排查' })).code).toBe('NOT_SIGNED');
    expectOk(await t01.request('alert:sign', { alertId: raised.alert.id }));
    const answered = expectOk(await t01.request('alert:answer', { alertId: raised.alert.id, text: '已排查，无异常' }));
    expect(answered.recipient).toMatchObject({ state: 'answered', answer: '已排查，无异常' });
    expect(expectError(await t01.request('alert:answer', { alertId: raised.alert.id, text: '再报' })).code).toBe('ALREADY_ANSWERED');
    await county.waitFor(() => statusOf(county, raised.alert.id, t01Centre)?.state === 'answered');
    expect(statusOf(county, raised.alert.id, t01Centre)?.answeredBy?.name).toBeTruthy();
    expect(statusOf(county, raised.alert.id, t02Centre)?.state).not.toBe('answered');

    // another unit, a unit not addressed, the county, an alert that asked for nothing
    const t03 = await open('t03');
    expect(expectError(await t03.request('alert:answer', { alertId: raised.alert.id, text: '冒名' })).code).toBe('FORBIDDEN_SCOPE');
    expect(expectError(await county.request('alert:answer', { alertId: raised.alert.id, text: '代答' })).code).toBe('FORBIDDEN_SCOPE');
    const plain = expectOk(await county.request('alert:raise', { level: 'blue', title: '无需反馈', targets: { kind: 'centres', centreIds: [t02Centre] } }));
    expectOk(await t02.request('alert:sign', { alertId: plain.alert.id }));
    expect(expectError(await t02.request('alert:answer', { alertId: plain.alert.id, text: '多余' })).code).toBe('ANSWER_NOT_ASKED');
    const rows = server.db.prepare("SELECT centre_id, answer FROM deliveries WHERE kind = 'alert' AND answer IS NOT NULL").all();
    expect(rows).toEqual([{ centre_id: t01Centre, answer: '已排查，无异常' }]);
  });
});

describe('the reminder ladder keeps the original deadline (injected clock)', () => {
  it('a red alert due 11:32 is reminded at 11:32 and 11:37 and still shows due 11:32 at 11:45', async () => {
    const raisedAt = Date.parse('2026-11-30T03:27:00Z'); // 11:27 in Shanghai
    let now = raisedAt;
    const server = await startTestServer({ clock: () => now, timerTickMs: 20 });
    const county = await openConsole(server.url, 'duty1');
    const t01 = await openConsole(server.url, 't01');
    try {
      const raised = expectOk(await county.request('alert:raise', { level: 'red', title: '红色预警', targets: { kind: 'all' } }));
      const dueAt = raisedAt + 5 * 60_000;
      expect(raised.alert.recipients[0]).toMatchObject({ dueAt, nextAt: dueAt, rung: 0 });
      const reminders = () => t01.applied.flatMap((e) => (e.event.kind === 'alert.reminder' ? [e.event.recipient] : []));
      now = raisedAt + 18 * 60_000; // 11:45: the server was busy or down; rungs at 11:32, 11:37, 11:42 have passed
      await t01.waitFor(() => reminders().length >= 1, 3000);
      const r = reminders().at(-1)!;
      expect(r).toMatchObject({ dueAt, rung: 3, nextAt: dueAt + 15 * 60_000, overdue: true });
      // one reminder for the three rungs, not three
      await new Promise((res) => setTimeout(res, 150));
      expect(reminders()).toHaveLength(1);
      now = dueAt + 15 * 60_000;
      await t01.waitFor(() => reminders().length === 2, 3000);
      expect(reminders()[1]).toMatchObject({ dueAt, rung: 4 });
      const ledger = server.db.prepare("SELECT detail FROM ledger WHERE action = 'alert.remind' ORDER BY id").all() as { detail: string }[];
      expect(ledger.every((l) => JSON.parse(l.detail).dueAt === dueAt)).toBe(true);
    } finally {
      county.close();
      t01.close();
      await server.stop();
    }
  });
});
