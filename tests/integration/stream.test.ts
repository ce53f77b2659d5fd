// The durable stream core (app/stream/): pruning with convergence, receipts only from operator consoles and never beyond
// the head, no unit stream for a phone, the starting state of every feature in one snapshot, and due timers fired by
// one server only (the lease row) when two share the database.
import { afterEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { expectError, expectOk, login, openConsole, startTestServer, tempDir, type TestConsole } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const DAY = 24 * 3600_000;
const noVideo = { video: { enabled: false } } as NonNullable<Parameters<typeof startTestServer>[0]>;

describe('durable stream core', () => {
  const servers: Server[] = [];
  const consoles: TestConsole[] = [];
  const start = async (opts: Parameters<typeof startTestServer>[0] = {}) => {
    const s = await startTestServer({ ...noVideo, ...opts });
    servers.push(s);
    return s;
  };
  const open = async (s: Server, username: string) => {
    const c = await openConsole(s.url, username);
    consoles.push(c);
    return c;
  };
  afterEach(async () => {
    for (const c of consoles.splice(0)) c.close();
    for (const s of servers.splice(0).reverse()) await s.stop();
  });

  it('prunes envelopes past the retention, and a console whose cursor predates them still converges', async () => {
    let now = Date.UTC(2026, 10, 1, 2, 0, 0);
    const server = await start({ clock: () => now, streamRetentionDays: 30, sessionTtlMs: 90 * DAY });
    const county = await open(server, 'duty1');
    const t01 = await open(server, 't01');
    const centreId = (await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${t01.token}` } })).json() as { centreId: number }).centreId;
    const old = expectOk(await county.request('alert:raise', { level: 'blue', title: '三十天前', targets: { kind: 'centres', centreIds: [centreId] } }));
    await t01.waitFor((a) => a.some((e) => e.event.kind === 'alert.new'));
    const cursor = { lastSeq: t01.lastSeq, epoch: t01.epoch };
    t01.close();
    // While it is away, one more alert that same day: it will be pruned with the first.
    const missed = expectOk(await county.request('alert:raise', { level: 'blue', title: '离线期间', targets: { kind: 'centres', centreIds: [centreId] } }));

    // A month later: more alerts for the township while its console is away, then the hourly prune.
    now += 31 * DAY;
    const fresh = expectOk(await county.request('alert:raise', { level: 'yellow', title: '今天', targets: { kind: 'centres', centreIds: [centreId] } }));
    const recent = expectOk(await county.request('alert:raise', { level: 'yellow', title: '今天二', targets: { kind: 'centres', centreIds: [centreId] } }));
    const before = (server.db.prepare('SELECT count(*) AS n FROM outbox WHERE centre_id = ?').get(centreId) as { n: number }).n;
    expect(server.pruneStream()).toBeGreaterThan(0);
    const kept = server.db.prepare('SELECT min(seq) AS lo, count(*) AS n FROM outbox WHERE centre_id = ?').get(centreId) as { lo: number; n: number };
    expect(kept.n).toBeLessThan(before);
    expect(kept.lo).toBeGreaterThan(cursor.lastSeq as number);
    const pos = server.db.prepare('SELECT pruned_seq FROM streams WHERE centre_id = ?').get(centreId) as { pruned_seq: number };
    expect(pos.pruned_seq).toBeGreaterThan(cursor.lastSeq as number);

    // The old console comes back with its old cursor: a snapshot (nothing can be replayed), holding old and new alerts.
    const back = await open(server, 't01');
    back.close();
    const again = new (back.constructor as typeof TestConsole)(server.url, back.token);
    consoles.push(again);
    again.lastSeq = cursor.lastSeq;
    again.epoch = cursor.epoch;
    const reply = await again.connect();
    expect(reply.replayed).toBe(0);
    expect(reply.snapshot?.alerts.map((a) => a.id).sort()).toEqual([old.alert.id, missed.alert.id, fresh.alert.id, recent.alert.id].sort());
    expect(again.lastSeq).toBe(reply.headSeq);
    // …and from there it follows live: a new alert arrives once, in order.
    const next = expectOk(await county.request('alert:raise', { level: 'blue', title: '之后', targets: { kind: 'centres', centreIds: [centreId] } }));
    await again.waitFor((a) => a.some((e) => e.event.kind === 'alert.new' && e.event.alert.id === next.alert.id));
    expect(again.redelivered).toBe(0);
    // Within the retention a cursor is still replayed, not snapshotted.
    const t02 = await open(server, 't02');
    const t02Seq = t02.lastSeq;
    t02.close();
    expectOk(await county.request('alert:raise', { level: 'blue', title: '全县', targets: { kind: 'all' } }));
    const t02b = new (t02.constructor as typeof TestConsole)(server.url, t02.token);
    consoles.push(t02b);
    t02b.lastSeq = t02Seq;
    t02b.epoch = t02.epoch;
    const r2 = await t02b.connect();
    expect(r2.snapshot).toBeNull();
    expect(r2.replayed).toBe(1);
  });

  it('takes delivery receipts only from operator consoles, and never beyond the stream head', async () => {
    const server = await start();
    const county = await open(server, 'commander');
    const me = async (token: string) => (await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { centreId: number };
    // A grid member's phone has no unit stream…
    const phone = await login(server.url, 'g00100101');
    const village = (await me(phone.token)).centreId;
    const socket = io(server.url, { auth: { token: phone.token }, transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise<void>((r) => socket.once('connect', () => r()));
    try {
      const refused = await new Promise<{ ok: boolean; error?: { code: string } }>((r) => socket.emit('sync', { lastSeq: null, epoch: null }, r as never));
      expect(refused.ok).toBe(false);
      expect(refused.error?.code).toBe('FORBIDDEN_ROLE');
      // …and its receipt marks nothing delivered: an order to its village stays pending.
      const order = expectOk(await county.request('order:issue', { title: '村级指令', priority: 'urgent', targets: { kind: 'centres', centreIds: [village] } }));
      expect(order.order.recipients.map((r) => r.centreId)).toContain(village);
      socket.emit('received', { upTo: 1_000_000 });
      await new Promise((r) => setTimeout(r, 300));
      const row = server.db.prepare("SELECT state FROM deliveries WHERE kind = 'order' AND item_id = ? AND centre_id = ?").get(order.order.id, village) as { state: string };
      expect(row.state).toBe('pending');
      const pos = server.db.prepare('SELECT received_seq FROM streams WHERE centre_id = ?').get(village) as { received_seq: number };
      expect(pos.received_seq).toBe(0);
    } finally {
      socket.disconnect();
    }
    // An operator's receipt beyond the head is capped at the head: the next alert is still pending until really received.
    const t01 = await open(server, 't01');
    const centre = (await me(t01.token)).centreId;
    const first = expectOk(await county.request('alert:raise', { level: 'blue', title: '收到', targets: { kind: 'centres', centreIds: [centre] } }));
    await t01.waitFor((a) => a.some((e) => e.event.kind === 'alert.new' && e.event.alert.id === first.alert.id));
    t01.socket.emit('received', { upTo: 1_000_000 });
    await new Promise((r) => setTimeout(r, 300));
    const head = server.db.prepare('SELECT head_seq, received_seq FROM streams WHERE centre_id = ?').get(centre) as { head_seq: number; received_seq: number };
    expect(head.received_seq).toBe(head.head_seq);
    t01.close();
    const raised = expectOk(await county.request('alert:raise', { level: 'blue', title: '未收到', targets: { kind: 'centres', centreIds: [centre] } }));
    await new Promise((r) => setTimeout(r, 300));
    const st = server.db.prepare("SELECT state FROM deliveries WHERE kind = 'alert' AND item_id = ? AND centre_id = ?").get(raised.alert.id, centre) as { state: string };
    expect(st.state).toBe('pending');
  });

  it('gives a console every feature’s starting state in one snapshot, scoped to its unit', async () => {
    const server = await start();
    const county = await open(server, 'duty1');
    const t01 = await open(server, 't01');
    expect(county.snapshot).not.toBeNull();
    expect(Object.keys(county.snapshot ?? {}).sort()).toEqual([
      'alarms',
      'alerts',
      'disputeFlows',
      'disputes',
      'duty',
      'incidents',
      'meetings',
      'wartime',
    ]);
    expect(county.snapshot?.wartime.state.mode).toBe('peacetime');
    const reporter = await login(server.url, 'g00100101');
    const res = await fetch(`${server.url}/api/incidents`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${reporter.token}` },
      body: JSON.stringify({ idempotencyKey: 'snap-1', category: 'dispute', description: '邻里纠纷', location: { lon: 0, lat: 0, crs: 'wgs84' }, priority: 'simple' }),
    });
    // wherever the demo county lies, a report outside it is refused; inside it, the case is in both snapshots
    if (res.status === 201 || res.status === 200) {
      const countyStart = await county.startingState();
      expect(countyStart.snapshot.incidents.length).toBeGreaterThan(0);
    }
    const t05 = await open(server, 't05');
    const { snapshot, live } = await t01.startingState();
    expect(live.presence).toEqual([]); // only the county sees presence
    expect(live.wall).not.toBeNull();
    const countyLive = (await county.startingState()).live;
    expect(countyLive.presence.some((p) => p.online)).toBe(true);
    expect(snapshot.alerts).toEqual([]);
    t05.close();
  });

  it('fires a due timer on one server only when two share the database (the lease row)', async () => {
    const tmp = tempDir('zz-lease-');
    try {
      const deadlines = { ackDeadlinesMs: { red: 400, orange: 60_000, yellow: 60_000, blue: 60_000 }, timerTickMs: 50 };
      const a = await startTestServer({ ...noVideo, ...deadlines, dataDir: tmp.dir });
      const b = await startTestServer({ ...noVideo, ...deadlines, dataDir: tmp.dir, seedDemo: false });
      try {
        const county = await openConsole(a.url, 'duty1');
        consoles.push(county);
        const one = await (async () => {
          const t = await openConsole(a.url, 't01');
          consoles.push(t);
          return (await (await fetch(`${a.url}/api/me`, { headers: { authorization: `Bearer ${t.token}` } })).json() as { centreId: number }).centreId;
        })();
        const raised = expectOk(await county.request('alert:raise', { level: 'red', title: '双机', targets: { kind: 'centres', centreIds: [one] } }));
        await new Promise((r) => setTimeout(r, 1000)); // two deadlines pass; both servers tick every 50 ms
        const holders = a.db.prepare("SELECT holder FROM leases WHERE name = 'timers'").all() as { holder: string }[];
        expect(holders).toHaveLength(1);
        expect([a.ticker.holder, b.ticker.holder]).toContain(holders[0]?.holder);
        const esc = a.db.prepare("SELECT count(*) AS n FROM ledger WHERE action = 'alert.remind' AND subject = ?").get(`alert:${raised.alert.id}`) as { n: number };
        const row = a.db.prepare("SELECT rung FROM deliveries WHERE kind = 'alert' AND item_id = ?").get(raised.alert.id) as { rung: number };
        // each deadline escalated exactly once: the ledger and the row agree (two servers racing would double them)
        expect(esc.n).toBe(row.rung);
        expect(row.rung).toBeGreaterThanOrEqual(1);
        expect(row.rung).toBeLessThanOrEqual(3);
      } finally {
        await b.close();
        await a.close();
      }
    } finally {
      tmp.remove();
    }
  });

  it('refuses a sync with a malformed cursor with a clear code', async () => {
    const server = await start();
    const t01 = await open(server, 't01');
    expect(expectError(await t01.raw('sync', { lastSeq: -1, epoch: null }) as never).code).toBe('VALIDATION_FAILED');
    expect(expectError(await t01.raw('sync', { lastSeq: 1, epoch: null, snapshot: 'yes' }) as never).code).toBe('VALIDATION_FAILED');
  });
});
