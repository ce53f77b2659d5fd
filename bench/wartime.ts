// Wartime order fan-out: one order to all 13 townships and their 150 villages (163 connected consoles), each console
// signing it automatically on arrival; measured at the consoles and back at the county.
//   npm run bench:wartime -- [--orders 10] [--warmup 2] [--gap 200] [--timeout 10000]
// Prints one JSON line on stdout; progress goes to stderr. The centre server runs in this process on a fresh data dir
// (real SQLite file, synchronous=FULL); the 163 consoles run in one child process (bench/lib/wartimeClients.ts).
// Per order: delivered = receive time at a console − wall time just before the commander emitted `order:issue`;
// allDelivered = the last console; countyDelivered = when the county's console had seen all 163 "delivered" statuses
// (the receipts went back and were committed); allSigned = when the county had seen all 163 signatures.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import type { Centre, ClientToServerEvents, Envelope, LoginResponse, ServerToClientEvents } from '../protocol/index.ts';
import { WARTIME_CONFIRM_ON } from '../protocol/index.ts';
import { startCentreServer, type CentreServer } from '../app/server.ts';
import { DEMO_PASSWORD } from '../app/store/seed.ts';
import type { FromClients } from './lib/wartimeClients.ts';
import { intFlags, log, percentile, round2, sleep, wallNow, watchdog, maxOf } from './lib/util.ts';

const flags = intFlags({ orders: 10, warmup: 2, gap: 200, timeout: 10_000 });
const dataDir = mkdtempSync(join(tmpdir(), 'zz-bench-wartime-'));
let server: CentreServer | null = null;
const child = fork(fileURLToPath(new URL('./lib/wartimeClients.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
watchdog(300_000, () => child.kill('SIGKILL'));

async function login(url: string, username: string): Promise<LoginResponse> {
  const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return (await res.json()) as LoginResponse;
}

const received = new Map<number, number[]>();
const signReplies = new Map<number, number>();
let signErrors = 0;
let duplicates = 0;
const waiters: ((m: FromClients) => void)[] = [];
child.on('message', (raw) => {
  const m = raw as FromClients;
  if (m.type === 'order') received.set(m.orderId, [...(received.get(m.orderId) ?? []), m.receivedAt]);
  if (m.type === 'signed') {
    if (m.ok) signReplies.set(m.orderId, (signReplies.get(m.orderId) ?? 0) + 1);
    else signErrors++;
  }
  if (m.type === 'stats') duplicates = m.duplicates;
  for (const w of waiters.splice(0)) w(m);
});
const next = <T extends FromClients['type']>(type: T) =>
  new Promise<Extract<FromClients, { type: T }>>((resolve) => {
    const wait = (m: FromClients) => (m.type === type ? resolve(m as Extract<FromClients, { type: T }>) : waiters.push(wait));
    waiters.push(wait);
  });

async function run() {
  // 164 logins in a row: lift the per-address login limit for this run only
  server = await startCentreServer({ dataDir, seedDemo: true, port: 0, host: '127.0.0.1', staticDir: null, loginRateLimit: { max: 10_000, windowMs: 60_000 }, log: (msg, err) => log(`[centre] ${msg}`, String(err ?? '')) });
  const commander = await login(server.url, 'commander');
  const centres = (await (await fetch(`${server.url}/api/centres`, { headers: { authorization: `Bearer ${commander.token}` } })).json()) as Centre[];
  const townships = centres.filter((c) => c.level === 'township').sort((a, b) => a.id - b.id);
  const villages = centres.filter((c) => c.level === 'village');
  const usernames = [...townships.map((_, i) => `t${String(i + 1).padStart(2, '0')}`), ...villages.map((v) => `v${v.code.slice(-6)}`)];
  const tokens: string[] = [];
  for (const u of usernames) tokens.push((await login(server.url, u)).token);
  const N = tokens.length;
  log(`centre ${server.url}: ${townships.length} townships + ${villages.length} villages = ${N} consoles`);

  // the county console
  const county: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, { auth: { token: commander.token }, transports: ['websocket'], forceNew: true, reconnection: false });
  const delivered = new Map<number, Set<number>>();
  const signed = new Map<number, Set<number>>();
  const countyDone = new Map<number, { delivered?: number; signed?: number }>();
  county.on('stream', (env: Envelope) => {
    const ev = env.event;
    if (ev.kind !== 'order.status') return;
    const r = ev.recipient;
    const mark = (m: Map<number, Set<number>>, key: 'delivered' | 'signed') => {
      const set = m.get(r.orderId) ?? new Set();
      set.add(r.centreId);
      m.set(r.orderId, set);
      if (set.size === N) countyDone.set(r.orderId, { ...countyDone.get(r.orderId), [key]: wallNow() });
    };
    if (r.state !== 'pending') mark(delivered, 'delivered');
    if (r.state === 'signed' || r.state === 'answered') mark(signed, 'signed');
  });
  await new Promise<void>((resolve, reject) => {
    county.once('connect', () => resolve());
    county.once('connect_error', reject);
  });
  await county.emitWithAck('sync', { lastSeq: null, epoch: null });

  // wartime over the whole county, then the consoles come online
  const staff = await county.emitWithAck('wartime:staff', {});
  const me = staff.ok ? staff.data.users.find((u) => u.role === 'commander')?.id : undefined;
  const started = await county.emitWithAck('wartime:start', { reason: '基准测试', scope: { kind: 'county' }, plannedEndAt: null, command: { commander: me ?? 1 }, confirm: WARTIME_CONFIRM_ON });
  if (!started.ok) throw new Error(`wartime:start ${started.error.code}`);
  child.send({ type: 'open', url: server.url, tokens });
  const opened = await next('opened');
  log(`${opened.ok} consoles connected and synced in ${opened.ms.toFixed(0)} ms${opened.failed ? `, ${opened.failed} FAILED (${opened.firstError})` : ''}`);
  await sleep(300);

  const results: { allDelivered: number; countyDelivered: number | null; allSigned: number | null; issueAck: number; lat: number[] }[] = [];
  let timeouts = 0;
  for (let k = 0; k < flags.warmup + flags.orders; k++) {
    const t0 = wallNow();
    const r = await county.emitWithAck('order:issue', { title: `基准指令 #${k}`, body: '请立即组织排查并反馈。', priority: 'urgent', targets: { kind: 'all', includeVillages: true } });
    const issueAck = wallNow() - t0;
    if (!r.ok) throw new Error(`order:issue ${r.error.code}`);
    const id = r.data.order.id;
    if (r.data.order.recipients.length !== N) throw new Error(`order went to ${r.data.order.recipients.length} centres, expected ${N}`);
    const deadline = t0 + flags.timeout;
    while (wallNow() < deadline && !(countyDone.get(id)?.signed && countyDone.get(id)?.delivered)) await sleep(5);
    const times = received.get(id) ?? [];
    if (!countyDone.get(id)?.signed) {
      timeouts++;
      log(`order #${k}: ${times.length}/${N} received, ${signed.get(id)?.size ?? 0}/${N} signed at the county after ${flags.timeout} ms`);
    }
    if (k >= flags.warmup) {
      const done = countyDone.get(id);
      results.push({
        allDelivered: times.length === N ? maxOf(times) - t0 : Number.NaN,
        countyDelivered: done?.delivered ? done.delivered - t0 : null,
        allSigned: done?.signed ? done.signed - t0 : null,
        issueAck,
        lat: times.map((x) => x - t0),
      });
    }
    await sleep(flags.gap);
  }

  child.send({ type: 'exit' });
  await next('stats');
  county.disconnect();
  const lat = results.flatMap((r) => r.lat);
  const med = (xs: (number | null)[]) => round2(percentile(xs.filter((x): x is number => x !== null && Number.isFinite(x)), 50));
  const mx = (xs: (number | null)[]) => round2(maxOf(xs.filter((x): x is number => x !== null && Number.isFinite(x))));
  const expected = results.length * N;
  const line = {
    bench: 'wartime',
    consoles: N,
    townships: townships.length,
    villages: villages.length,
    orders: results.length,
    /** per order, median over orders: until the last console had it */
    allDeliveredMs: { p50: med(results.map((r) => r.allDelivered)), max: mx(results.map((r) => r.allDelivered)) },
    /** every console, every measured order */
    deliveryMs: { p50: round2(percentile(lat, 50)), p99: round2(percentile(lat, 99)), max: round2(maxOf(lat)) },
    /** until the county had seen all 163 receipts (delivered) and all 163 automated signatures */
    countyAllDeliveredMs: { p50: med(results.map((r) => r.countyDelivered)), max: mx(results.map((r) => r.countyDelivered)) },
    allSignedAtCountyMs: { p50: med(results.map((r) => r.allSigned)), max: mx(results.map((r) => r.allSigned)) },
    issueReplyMs: { p50: med(results.map((r) => r.issueAck)) },
    received: lat.length,
    expected,
    lost: expected - lat.length,
    duplicates,
    signErrors,
    timeouts,
    durable: 'synchronous=FULL',
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

run()
  .catch((e: unknown) => {
    log('bench failed', e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 1;
  })
  .finally(async () => {
    child.kill();
    await server?.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  });
