// Alert fan-out benchmark: one durable alert to N connected township consoles, against a raw socket.io broadcast of the
// same payload to the same N clients in the same run.
//   npm run bench:alerts -- --clients 300 [--alerts 50] [--warmup 5] [--gap 100] [--timeout 5000]
// Prints one JSON line on stdout; progress goes to stderr.
// Diagnostics only (not the product's configuration): --fsync 0 runs the centre's database with synchronous=NORMAL,
// --receipts 0 stops the clients' `received` receipts. The JSON line says when either is in use.
//
// Layout: this process runs the real centre server (startCentreServer on a fresh data dir, real SQLite file), the
// raw baseline server, the county raiser (duty1) and the raw raiser. The N clients of each path run in one child
// process (bench/lib/clients.ts) and behave identically on both paths (sync, apply once, coalesced receipts).
// Alerts are raised one at a time, alternating durable and raw: raise → wait until all N clients showed it (or
// --timeout) → pause --gap ms → next. Latency = receive time at a client − wall time just before the raiser emitted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { Alert, ServerToClientEvents } from '../protocol/index.ts';
import { startCentreServer, type CentreServer } from '../app/server.ts';
import { DurableConsole } from './lib/console.ts';
import { Fleet, type FleetName, type FleetStats } from './lib/fleet.ts';
import { COUNTY_USER, login, loginTownships } from './lib/http.ts';
import { startRawServer, type RawClientEvents } from './lib/rawServer.ts';
import { runBenchmark, intFlags, log, percentile, round2, sleep, wallNow, watchdog, maxOf } from './lib/util.ts';

const flags = intFlags({ clients: 300, alerts: 50, warmup: 5, gap: 100, timeout: 5000, fsync: 1, receipts: 1 });
const N = flags.clients;
if (N < 1 || flags.alerts < 1) throw new Error('--clients and --alerts must be at least 1');

const RAW_ID_BASE = 1_000_000;
const title = (k: number) => `基准测试预警 #${String(k).padStart(4, '0')}`;
const BODY = '请各乡镇立即组织力量核查辖区内重点部位和重点人员情况，落实值班值守，发现异常第一时间上报县综治中心。';

const dataDir = mkdtempSync(join(tmpdir(), 'zz-bench-alerts-'));
let server: CentreServer | null = null;
let raw: Awaited<ReturnType<typeof startRawServer>> | null = null;
let fleet: Fleet | null = null;
let county: DurableConsole | null = null;
let rawRaiser: Socket<ServerToClientEvents, RawClientEvents> | null = null;
let serverErrors = 0;

watchdog(Math.max(180_000, N * 400), () => {
  fleet?.kill();
});

async function cleanup(): Promise<void> {
  county?.close();
  rawRaiser?.disconnect();
  await fleet?.stop().catch((e: unknown) => log('fleet stop failed', String(e)));
  await raw?.close().catch(() => {});
  await server?.close().catch((e: unknown) => log('server close failed', String(e)));
  rmSync(dataDir, { recursive: true, force: true });
}

async function run() {
  server = await startCentreServer({
    dataDir,
    seedDemo: true,
    port: 0,
    host: '127.0.0.1',
    staticDir: null,
    log: (msg, err) => {
      serverErrors++;
      log(`[centre] ${msg}`, err instanceof Error ? err.stack ?? err.message : String(err ?? ''));
    },
  });
  if (!flags.fsync) server.db.pragma('synchronous = NORMAL');
  raw = await startRawServer();
  log(`centre ${server.url} (data ${dataDir}), raw baseline ${raw.url}, ${N} clients per path`);

  const countyLogin = await login(server.url, COUNTY_USER);
  const tokens = await loginTownships(server.url);
  county = new DurableConsole(countyLogin.token);
  await county.connect(server.url);
  const raiser: Socket<ServerToClientEvents, RawClientEvents> = io(raw.url, { transports: ['websocket'], forceNew: true, reconnection: false });
  rawRaiser = raiser;
  await new Promise<void>((resolve, reject) => {
    raiser.once('connect', () => resolve());
    raiser.once('connect_error', reject);
  });

  fleet = new Fleet();
  for (const [name, url, toks] of [['durable', server.url, tokens], ['raw', raw.url, ['raw']]] as const) {
    const o = await fleet.open(name, url, [...toks], N, { receipts: flags.receipts === 1 });
    log(`${name}: ${o.ok} clients connected and synced in ${o.ms.toFixed(0)} ms${o.failed ? `, ${o.failed} FAILED (${o.firstError})` : ''}`);
  }

  const t0: Record<FleetName, Map<number, number>> = { durable: new Map(), raw: new Map() };
  const measured: Record<FleetName, Set<number>> = { durable: new Set(), raw: new Set() };
  const ackMs: number[] = [];
  const rawAckMs: number[] = [];
  /** Per alert: how long the raiser waited for the server's reply (server-side work + the fan-out writes). */
  const ackOf: Record<FleetName, Map<number, number>> = { durable: new Map(), raw: new Map() };
  const indexOf: Record<FleetName, Map<number, number>> = { durable: new Map(), raw: new Map() };
  const timeouts: Record<FleetName, number> = { durable: 0, raw: 0 };
  let raiseErrors = 0;
  let rawTemplate: Alert | null = null;

  const durableStep = async (k: number) => {
    const start = wallNow();
    const reply = await (county as DurableConsole).raise({ level: 'blue', title: title(k), body: BODY, targets: { kind: 'all' } });
    const acked = wallNow();
    if (!reply.ok) {
      raiseErrors++;
      log(`raise #${k} refused: ${reply.error.code}`);
      return;
    }
    const { alert } = reply.data;
    t0.durable.set(alert.id, start);
    ackOf.durable.set(alert.id, acked - start);
    indexOf.durable.set(alert.id, k);
    if (k >= flags.warmup) {
      measured.durable.add(alert.id);
      ackMs.push(acked - start);
    }
    // The raw payload is what a township receives: the alert with its own recipient row only.
    rawTemplate ??= { ...alert, recipients: alert.recipients.slice(0, 1) };
    if (!(await (fleet as Fleet).waitComplete('durable', alert.id, flags.timeout))) {
      timeouts.durable++;
      log(`durable #${k}: not every client had it after ${flags.timeout} ms`);
    }
  };

  const rawStep = async (k: number) => {
    if (!rawTemplate) return;
    const id = RAW_ID_BASE + k;
    const alert: Alert = { ...rawTemplate, id, title: title(k), raisedAt: Date.now() };
    const start = wallNow();
    const reply = await raiser.timeout(30_000).emitWithAck('raw:raise', alert);
    const acked = wallNow();
    if (!reply.ok) throw new Error('raw raise failed');
    t0.raw.set(id, start);
    ackOf.raw.set(id, acked - start);
    indexOf.raw.set(id, k);
    if (k >= flags.warmup) {
      measured.raw.add(id);
      rawAckMs.push(acked - start);
    }
    if (!(await (fleet as Fleet).waitComplete('raw', id, flags.timeout))) {
      timeouts.raw++;
      log(`raw #${k}: not every client had it after ${flags.timeout} ms`);
    }
  };

  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  const total = flags.warmup + flags.alerts;
  const loopStarted = wallNow();
  for (let k = 0; k < total; k++) {
    if (k === flags.warmup) {
      if (k > 0) log(`warm-up done (${flags.warmup} per path)`);
      loopDelay.enable();
    }
    // Alternate which path goes first so neither always follows the other's tail work.
    const steps = k % 2 === 0 ? [durableStep, rawStep] : [rawStep, durableStep];
    for (const step of steps) {
      await step(k);
      await sleep(flags.gap);
    }
  }
  loopDelay.disable();
  log(`${total} alerts per path raised in ${((wallNow() - loopStarted) / 1000).toFixed(1)} s; draining`);
  await sleep(500);

  const summarize = (name: FleetName, s: FleetStats) => {
    const latencies: number[] = [];
    const perAlert: { k: number; ack: number; p50: number; max: number }[] = [];
    let received = 0;
    for (const [id, start] of t0[name]) {
      const times = s.receipts[String(id)] ?? [];
      received += times.length;
      if (!measured[name].has(id)) continue;
      const own = times.map((t) => t - start);
      for (const x of own) latencies.push(x);
      perAlert.push({ k: indexOf[name].get(id) ?? -1, ack: ackOf[name].get(id) ?? NaN, p50: percentile(own, 50), max: maxOf(own) });
    }
    const worst = perAlert.sort((a, b) => b.max - a.max).slice(0, 3);
    log(`${name}: slowest alerts`, worst.map((w) => `#${w.k} max ${w.max.toFixed(1)} p50 ${w.p50.toFixed(1)} ack ${w.ack.toFixed(1)} ms`).join('; '));
    return { latencies, lost: N * t0[name].size - received, duplicates: s.duplicates, redelivered: s.redelivered, gaps: s.gaps };
  };
  const d = summarize('durable', await fleet.report('durable'));
  const r = summarize('raw', await fleet.report('raw'));

  const db = server.db;
  const pending = (db.prepare("SELECT count(*) AS n FROM deliveries WHERE kind = 'alert' AND state = 'pending'").get() as { n: number }).n;
  const ledger = server.ledger.verify();
  log(
    `durable: ${d.latencies.length} samples, max ${maxOf(d.latencies).toFixed(2)} ms, raise ack p50 ${percentile(ackMs, 50).toFixed(2)} / p99 ${percentile(ackMs, 99).toFixed(2)} ms,`,
    `redelivered ${d.redelivered}, seq gaps ${d.gaps}, wait timeouts ${timeouts.durable}, raise errors ${raiseErrors}, recipients still pending ${pending},`,
    `ledger ${ledger.entries} entries ${ledger.firstBroken === null ? 'intact' : `BROKEN at ${ledger.firstBroken}`}, server errors ${serverErrors}`,
  );
  log(
    `raw: ${r.latencies.length} samples, max ${maxOf(r.latencies).toFixed(2)} ms, raise ack p50 ${percentile(rawAckMs, 50).toFixed(2)} ms,`,
    `lost ${r.lost}, duplicates ${r.duplicates}, wait timeouts ${timeouts.raw}, receipts at raw server ${(raw as { receipts: () => number }).receipts()}`,
  );

  log(`server process event-loop delay while measuring: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(2)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(2)} ms, max ${(loopDelay.max / 1e6).toFixed(2)} ms`);
  const p50 = percentile(d.latencies, 50);
  const p99 = percentile(d.latencies, 99);
  const rawP50 = percentile(r.latencies, 50);
  const rawP99 = percentile(r.latencies, 99);
  return {
    clients: N,
    alerts: measured.durable.size,
    p50_ms: round2(p50),
    p99_ms: round2(p99),
    raw_p50_ms: round2(rawP50),
    raw_p99_ms: round2(rawP99),
    ratio_p99: round2(p99 / rawP99),
    lost: d.lost,
    duplicates: d.duplicates,
    raw_lost: r.lost,
    gap_ms: flags.gap,
    ...(flags.fsync ? {} : { diagnostic_synchronous: 'NORMAL' }),
    ...(flags.receipts ? {} : { diagnostic_no_receipts: true }),
    run_s: 0,
  };
}

await runBenchmark(run, cleanup);
