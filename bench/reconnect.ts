// Reconnect-storm benchmark: N township consoles are connected and synced; the centre server is killed and started
// again on the same data; alerts are raised while the consoles are cut off; then all N reconnect at once, each syncing
// from its own lastSeq, and we measure until every console has applied every alert it missed.
//   npm run bench:reconnect -- --clients 300 [--events 20] [--deadline 30000] [--graceful 0|1] [--pre 2]
// Prints one JSON line on stdout; progress goes to stderr.
//
// Processes: this driver; the centre server (`app/cli.ts`, its own process group, killed with SIGKILL by default
// — a crash — or SIGTERM with --graceful 1); the client fleet (bench/lib/clients.ts). The county raiser (duty1) runs
// in the driver. missed_events is per client; missed_envelopes_total = clients × missed_events.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DurableConsole } from './lib/console.ts';
import { Fleet } from './lib/fleet.ts';
import { COUNTY_USER, login, loginTownships } from './lib/http.ts';
import { startCentreProcess, type CentreProcess } from './lib/serverProcess.ts';
import { runBenchmark, intFlags, log, percentile, round2, sleep, wallNow, watchdog } from './lib/util.ts';

const flags = intFlags({ clients: 300, events: 20, deadline: 30_000, graceful: 0, pre: 2 });
const N = flags.clients;
if (N < 1 || flags.events < 1) throw new Error('--clients and --events must be at least 1');

const dataDir = mkdtempSync(join(tmpdir(), 'zz-bench-reconnect-'));
let centre: CentreProcess | null = null;
let fleet: Fleet | null = null;
let county: DurableConsole | null = null;

watchdog(Math.max(180_000, flags.deadline + 120_000), () => {
  fleet?.kill();
  centre?.signal('SIGKILL');
});

async function cleanup(): Promise<void> {
  county?.close();
  await fleet?.stop().catch((e: unknown) => log('fleet stop failed', String(e)));
  await centre?.stop().catch((e: unknown) => log('centre stop failed', String(e)));
  rmSync(dataDir, { recursive: true, force: true });
}

async function raise(c: DurableConsole, title: string): Promise<number> {
  const reply = await c.raise({ level: 'blue', title, body: '断线期间发布的预警，重连后必须补发。', targets: { kind: 'all' } });
  if (!reply.ok) throw new Error(`raise refused: ${reply.error.code}`);
  return reply.data.alert.id;
}

async function run() {
  let t = wallNow();
  centre = await startCentreProcess(dataDir);
  log(`centre server pid ${centre.pid} at ${centre.url} (data ${dataDir}), started in ${(wallNow() - t).toFixed(0)} ms`);

  const countyToken = (await login(centre.url, COUNTY_USER)).token;
  const tokens = await loginTownships(centre.url);
  county = new DurableConsole(countyToken);
  await county.connect(centre.url);

  fleet = new Fleet();
  const opened = await fleet.open('durable', centre.url, tokens, N);
  log(`${opened.ok} clients connected and synced in ${opened.ms.toFixed(0)} ms${opened.failed ? `, ${opened.failed} FAILED (${opened.firstError})` : ''}`);
  if (opened.ok !== N) throw new Error(`only ${opened.ok} of ${N} clients connected`);

  // A little history first, so each console reconnects with a real lastSeq.
  for (let i = 0; i < flags.pre; i++) {
    const id = await raise(county, `重连前预警 #${i + 1}`);
    if (!(await fleet.waitComplete('durable', id, 10_000))) throw new Error(`pre-alert ${id} did not reach every client`);
  }
  await sleep(300); // let the delivery receipts land

  // Cut off: the server goes down (crash by default), and the consoles stay away until told to reconnect.
  const sig = flags.graceful ? 'SIGTERM' : 'SIGKILL';
  centre.signal(sig);
  await centre.exited;
  const cut = fleet.next('cut', 'durable', 10_000);
  fleet.send({ type: 'cut', fleet: 'durable' });
  await cut;
  county.close();
  log(`server stopped with ${sig}; clients cut off`);

  t = wallNow();
  centre = await startCentreProcess(dataDir);
  const restartMs = wallNow() - t;
  log(`centre server restarted as pid ${centre.pid} at ${centre.url} in ${restartMs.toFixed(0)} ms`);

  await county.connect(centre.url); // the session survives the restart: it is a row
  const missedIds: number[] = [];
  for (let i = 0; i < flags.events; i++) missedIds.push(await raise(county, `断线期间预警 #${i + 1}`));
  log(`${missedIds.length} alerts raised while the ${N} clients are cut off; reconnecting all at once`);

  const caught = fleet.next('caughtUp', 'durable', flags.deadline + 30_000);
  fleet.send({ type: 'reconnect', fleet: 'durable', url: centre.url, expectIds: missedIds, deadlineMs: flags.deadline });
  const r = (await caught).result;
  log(
    `catch-up: ${r.perClientMs.length}/${r.clients} clients complete; per client p50 ${percentile(r.perClientMs, 50).toFixed(1)} ms, p99 ${percentile(r.perClientMs, 99).toFixed(1)} ms,`,
    `replayed ${r.replayed} envelopes, connect retries ${r.connectRetries}, redelivered ${r.redelivered}, seq gaps ${r.gaps}, duplicates ${r.duplicates}, lost ${r.lost}`,
  );

  // Delivery receipts should now mark every missed alert delivered at every township (read-only look at the file).
  await sleep(1000);
  const db = new Database(join(dataDir, 'centre.db'), { readonly: true, fileMustExist: true });
  try {
    const placeholders = missedIds.map(() => '?').join(',');
    const pending = (db.prepare(`SELECT count(*) AS n FROM deliveries WHERE kind = 'alert' AND state = 'pending' AND item_id IN (${placeholders})`).get(...missedIds) as { n: number }).n;
    log(`recipient rows of the missed alerts still 'pending' 1 s after catch-up: ${pending}`);
  } finally {
    db.close();
  }

  return {
    clients: N,
    missed_events: flags.events,
    catch_up_ms: r.allMs === null ? null : round2(r.allMs),
    lost: r.lost,
    duplicates: r.duplicates,
    missed_envelopes_total: N * flags.events,
    client_catch_up_p50_ms: round2(percentile(r.perClientMs, 50)),
    restart_ms: round2(restartMs),
    kill_signal: sig,
    run_s: 0,
  };
}

await runBenchmark(run, cleanup);
