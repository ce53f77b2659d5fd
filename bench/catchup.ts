// Catch-up benchmark (issue 10): a console that has been away for 30 days, after the outbox was pruned, syncs and gets
// every feature's starting state in one snapshot. Measured from sending `sync` to the reply parsed (what the console
// then shows), for a township and for the county, against two baselines in the same run: a caught-up console's sync
// (the fixed cost) and a console one day behind (a replay of what it missed, not pruned).
//   npm run -s bench:catchup -- [--days 30] [--alerts 10] [--reports 60] [--orders 3] [--repeats 20]
// Prints one JSON line on stdout; progress goes to stderr. In-process server with an injected clock (the 30 days).
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { SyncReply, type ClientToServerEvents, type Reply, type ServerToClientEvents } from '../protocol/index.ts';
import { startCentreServer, type CentreServer } from '../app/server.ts';
import { login } from './lib/http.ts';
import { intFlags, log, percentile, round2, runBenchmark, wallNow } from './lib/util.ts';

const flags = intFlags({ days: 30, alerts: 10, reports: 60, orders: 3, repeats: 20 });
const DAY = 24 * 3600_000;
const dataDir = mkdtempSync(join(tmpdir(), 'zz-bench-catchup-'));
let server: CentreServer | null = null;
const sockets: Socket[] = [];

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

async function connect(url: string, token: string): Promise<Client> {
  const s: Client = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

async function syncOnce(s: Client, lastSeq: number | null, epoch: string | null): Promise<{ ms: number; reply: SyncReply; replayed: number }> {
  let replayed = 0;
  const count = () => void replayed++;
  s.on('stream', count);
  const t0 = wallNow();
  const raw = await new Promise<Reply<SyncReply>>((resolve) => s.emit('sync', { lastSeq, epoch }, resolve as never));
  if (!raw.ok) throw new Error(`sync: ${raw.error.code}`);
  const reply = SyncReply.parse(raw.data); // the console validates what it applies
  const ms = wallNow() - t0;
  s.off('stream', count);
  return { ms, reply, replayed };
}

async function run() {
  let now = Date.UTC(2026, 9, 1, 1, 0, 0);
  server = await startCentreServer({ dataDir, port: 0, host: '127.0.0.1', staticDir: null, clock: () => now, log: () => {}, sessionTtlMs: 400 * DAY, streamRetentionDays: 30, loginRateLimit: { max: 10_000, windowMs: 60_000 }, video: { enabled: false } } as never);
  const url = server.url;
  const { db } = server;
  const commander = (await login(url, 'commander')).token;
  const t01 = (await login(url, 't01')).token;
  const county = (await login(url, 'duty1')).token;
  // Grid members and a point inside each of their grids (the lattice cells' vertex mean lies inside).
  const members = (db.prepare(`SELECT u.username, g.boundary FROM grids g JOIN users u ON u.id = g.member_id ORDER BY g.id LIMIT 40`).all() as { username: string; boundary: string }[]).map((m) => {
    const ring = (JSON.parse(m.boundary) as { coordinates: [number, number][][] }).coordinates[0]!.slice(0, -1);
    return { username: m.username, lon: ring.reduce((a, p) => a + p[0], 0) / ring.length, lat: ring.reduce((a, p) => a + p[1], 0) / ring.length };
  });
  const memberTokens = await Promise.all(members.map(async (m) => ({ ...m, token: (await login(url, m.username)).token })));

  const cs = await connect(url, commander);
  const t01s = await connect(url, t01);
  const first = await syncOnce(t01s, null, null);
  const epoch = first.reply.epoch;
  const startCursor = first.reply.headSeq;
  const ask = <T>(s: Client, event: string, payload: unknown) => new Promise<Reply<T>>((resolve) => (s.emit as (e: string, p: unknown, cb: (r: Reply<T>) => void) => void)(event, payload, resolve));

  log(`simulating ${flags.days} days: ${flags.alerts} alerts, ${flags.reports} reports, ${flags.orders} orders a day`);
  let dayBeforeCursor = startCursor;
  for (let d = 0; d < flags.days; d++) {
    if (d === flags.days - 1) dayBeforeCursor = (db.prepare('SELECT head_seq FROM streams WHERE centre_id = (SELECT centre_id FROM users WHERE username = ?)').get('t01') as { head_seq: number }).head_seq;
    for (let i = 0; i < flags.alerts; i++) {
      now += 60_000;
      const r = await ask(cs, 'alert:raise', { level: i % 4 === 0 ? 'orange' : 'blue', title: `第${d + 1}天预警${i + 1}`, targets: { kind: 'all' } });
      if (!r.ok) throw new Error(`raise: ${r.error.code}`);
    }
    for (let i = 0; i < flags.orders; i++) {
      now += 60_000;
      const r = await ask(cs, 'order:issue', { title: `第${d + 1}天指令${i + 1}`, priority: 'high', targets: { kind: 'all' } });
      if (!r.ok) throw new Error(`order: ${r.error.code}`);
    }
    await Promise.all(Array.from({ length: flags.reports }, (_, i) => {
      const m = memberTokens[(d * flags.reports + i) % memberTokens.length]!;
      return fetch(`${url}/api/incidents`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${m.token}` },
        body: JSON.stringify({ idempotencyKey: `catchup-d${d}-${i}`, category: 'dispute', description: `第${d + 1}天事件${i + 1}`, location: { lon: m.lon, lat: m.lat, crs: 'wgs84' }, priority: 'simple' }),
      }).then(async (res) => {
        if (!res.ok) throw new Error(`report: ${res.status} ${await res.text()}`);
      });
    }));
    now += DAY - (flags.alerts + flags.orders) * 60_000;
  }
  now += DAY; // the first day's envelopes are now past the retention
  const outboxBefore = (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
  const pruned = server.pruneStream();
  log(`outbox ${outboxBefore} envelopes, pruned ${pruned}`);
  const t01Pos = db.prepare("SELECT head_seq, pruned_seq FROM streams WHERE centre_id = (SELECT centre_id FROM users WHERE username = 't01')").get() as { head_seq: number; pruned_seq: number };
  if (t01Pos.pruned_seq <= startCursor) throw new Error('nothing older than the console was pruned: raise --days');

  const cnty = await connect(url, county);
  await syncOnce(cnty, null, null);
  const measure = async (s: Client, cursor: number | null, expectSnapshot: boolean) => {
    const times: number[] = [];
    let sample: Awaited<ReturnType<typeof syncOnce>> | null = null;
    for (let i = 0; i < flags.repeats; i++) {
      const r = await syncOnce(s, cursor, epoch);
      if ((r.reply.snapshot !== null) !== expectSnapshot) throw new Error(`expected ${expectSnapshot ? 'a snapshot' : 'a replay'}`);
      times.push(r.ms);
      sample = r;
    }
    return { p50: round2(percentile(times, 50)), p99: round2(percentile(times, 99)), sample: sample! };
  };
  const behind = await measure(t01s, startCursor, true);
  const countyBehind = await measure(cnty, 1, true);
  const oneDay = await measure(t01s, dayBeforeCursor, false);
  const caughtUp = await measure(t01s, t01Pos.head_seq, false);
  const snap = behind.sample.reply.snapshot!;
  const countySnap = countyBehind.sample.reply.snapshot!;
  return {
    bench: 'catchup',
    days: flags.days,
    outbox_envelopes: outboxBefore,
    pruned,
    township_behind_30d_ms: { p50: behind.p50, p99: behind.p99, alerts: snap.alerts.length, incidents: snap.incidents.length, orders: snap.wartime.orders.length },
    county_behind_30d_ms: { p50: countyBehind.p50, p99: countyBehind.p99, alerts: countySnap.alerts.length, incidents: countySnap.incidents.length, orders: countySnap.wartime.orders.length },
    baseline_one_day_replay_ms: { p50: oneDay.p50, p99: oneDay.p99, envelopes: oneDay.sample.replayed },
    baseline_caught_up_ms: { p50: caughtUp.p50, p99: caughtUp.p99 },
    target_ms: 2000,
    within_target: behind.p99 <= 2000 && countyBehind.p99 <= 2000,
    run_s: 0,
  };
}

await runBenchmark(run, async () => {
  for (const s of sockets) s.disconnect();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});
