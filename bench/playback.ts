// Playback and recording benchmark (issue 14): time from asking for a recorded moment to its first frame in Chromium,
// against opening the same camera's live stream in the same page; and the CPU recording costs per camera against
// what the camera's pull alone costs.
//   npm run bench:playback -- [--cameras 8] [--seeks 12] [--cpuSec 60]
// Prints one JSON line on stdout; progress goes to stderr.
//
// Layout: the real centre server as a child process (`app/cli.ts --demo --demo-cameras`, 10-s segments), the demo
//   cameras recorded continuously (policies set through the administrator's API).
//   seek:   the 录像回放 view, browser cache off; each round opens a random recorded moment (the tile's data-ttff: from
//           asking for the playback grant to the first presented frame), then 回到直播 on the same tile (from the click
//           to the live stream's first presented frame; the pull runs, as recording keeps it): the baseline, measured
//           alternately in the same page.
//   cpu:    /proc times of the recorders (ffmpeg segment muxers) and of the pulls they keep alive, over --cpuSec, per camera.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { Camera, LoginResponse, RecordedSpan } from '../protocol/index.ts';
import { toLocalInput } from '../renderer/playback/model.ts';
import { intFlags, log, percentile, round2, sleep, watchdog } from './lib/util.ts';

const flags = intFlags({ cameras: 8, seeks: 12, cpuSec: 60 });
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DEMO_PASSWORD = 'Demo@2026';
const HZ = 100;

const dataDir = mkdtempSync(join(tmpdir(), 'zz-bench-playback-'));
let server: ChildProcess | null = null;
let browser: Browser | null = null;
watchdog((flags.cpuSec + flags.seeks * 30 + 400) * 1000, () => server?.kill('SIGKILL'));

function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}
function children(ppid: number): { pid: number; cmd: string }[] {
  const out: { pid: number; cmd: string }[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== ppid) continue;
      out.push({ pid: Number(e), cmd: readFileSync(`/proc/${e}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      /* gone */
    }
  }
  return out;
}
const stats = (xs: number[]) => ({ p50: Math.round(percentile(xs, 50)), p95: Math.round(percentile(xs, 95)), n: xs.length });

async function api<T>(url: string, path: string, token: string, body?: unknown, method?: string): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  return ((await res.json()) as LoginResponse).token;
}

async function main() {
  if (!existsSync('dist/renderer/index.html')) throw new Error('dist/renderer is missing: run `npx vite build` first');
  const staticDir = join(dataDir, 'console');
  cpSync('dist/renderer', staticDir, { recursive: true });
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ video: { probeEveryMs: 0 } }));
  server = spawn(process.execPath, ['--import', 'tsx', 'app/cli.ts', '--port', '0', '--data', dataDir, '--demo', '--demo-cameras', '--static', staticDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  server.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  server.stderr!.on('data', (c: Buffer) => process.stderr.write(c));
  for (const deadline = Date.now() + 60_000; !/LISTENING (\S+)/.test(out); await sleep(100)) if (Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
  const url = /LISTENING (\S+)/.exec(out)![1]!;
  const admin = await login(url, 'admin');
  const cams = (await api<Camera[]>(url, '/api/cameras', admin)).slice(0, flags.cameras);
  // Wait for the demo clips (encoded on first start), then record them all.
  for (let i = 0; i < 900; i++) {
    const n = existsSync(join(dataDir, 'media', 'clips')) ? readdirSync(join(dataDir, 'media', 'clips')).filter((f) => f.endsWith('-v1.mp4')).length : 0;
    if (n >= 12) break;
    await sleep(200);
  }
  for (const c of cams) await api(url, `/api/recording/policies/${c.id}`, admin, { mode: 'continuous', beforeMin: 1, afterMin: 1, retentionDays: 1 }, 'PUT');
  log('recording', cams.length, 'cameras');
  await sleep(15_000); // settle: every recorder running, first segments written

  // ---- CPU: recorders against the pulls they keep alive ----
  const pid = server.pid!;
  // `node --import tsx` runs the server in this very process: the ffmpeg children (setpriv execs them) are its own.
  const procs = () => children(pid);
  const isRecorder = (cmd: string) => /-f segment/.test(cmd);
  const isPull = (cmd: string) => /\/live\/c\d+\s*$/.test(cmd.trim()) && / -f flv /.test(cmd);
  const sample = () => {
    let rec = 0;
    let pull = 0;
    let recN = 0;
    let pullN = 0;
    for (const p of procs()) {
      if (isRecorder(p.cmd)) {
        rec += cpuTicks(p.pid);
        recN++;
      } else if (isPull(p.cmd)) {
        pull += cpuTicks(p.pid);
        pullN++;
      }
    }
    return { rec, pull, recN, pullN, at: Date.now() };
  };
  const a = sample();
  await sleep(flags.cpuSec * 1000);
  const b = sample();
  const secs = (b.at - a.at) / 1000;
  const perCam = (ticks: number, n: number) => round2(((ticks / HZ / secs) * 100) / Math.max(1, n));
  const cpu = {
    cameras: cams.length,
    seconds: round2(secs),
    recorders: b.recN,
    pulls: b.pullN,
    recorderPctOfCorePerCamera: perCam(b.rec - a.rec, b.recN),
    pullPctOfCorePerCamera: perCam(b.pull - a.pull, b.pullN),
  };
  log('cpu', cpu);

  // ---- seek to first frame vs live, alternately ----
  const cam = cams[0]!;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'] });
  const page = await (await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' })).newPage();
  // Every seek from the server, as a first look at a moment is: the browser cache would keep segments of earlier rounds.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.goto(url);
  await page.getByTestId('login-username').fill('duty1');
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.locator('[data-testid="conn-state"][data-state="connected"]').waitFor();
  await page.goto(`${url}/#playback`);
  await page.getByTestId(`playback-camera-${cam.id}`).check();
  const duty = await login(url, 'duty1');
  const seek: number[] = [];
  const live: number[] = [];
  const tile = page.getByTestId('playback-tile');
  for (let i = 0; i < flags.seeks; i++) {
    const spans = await api<RecordedSpan[]>(url, `/api/recordings/${cam.id}/spans?from=0&to=${Date.now()}`, duty);
    const s = spans.at(-1)!;
    const at = Math.floor((s.start + Math.random() * (s.end - s.start - 3000)) / 1000) * 1000;
    await page.getByTestId('playback-at').fill(toLocalInput(at));
    await page.getByTestId('playback-open').click();
    // Polled from here: the console's CSP forbids evaluating strings in the page (waitForFunction).
    // The click clears the last round's figure first (a new playback starts), then the new one arrives.
    const until = Date.now() + 30_000;
    while ((await tile.getAttribute('data-ttff')) !== '' && Date.now() < until) await sleep(5);
    for (;;) {
      const ttff = await tile.getAttribute('data-ttff');
      if (ttff) {
        seek.push(Number(ttff));
        break;
      }
      if (Date.now() > until) throw new Error(`no first frame of the playback (state ${await tile.getAttribute('data-state')})`);
      await sleep(20);
    }
    const ms = (await page.evaluate(`(async () => {
      const v = document.querySelector('[data-testid="playback-video"]');
      const t0 = performance.now();
      document.querySelector('[data-testid="playback-live"]').click();
      await new Promise((r) => setTimeout(r, 30));
      await new Promise((r) => v.requestVideoFrameCallback(() => r()));
      return performance.now() - t0;
    })()`)) as number;
    live.push(ms);
    await page.getByTestId('playback-live').click(); // back to playback for the next round
    log('round', i + 1, 'seek', seek.at(-1), 'ms; live', Math.round(ms), 'ms');
    await sleep(500);
  }
  const result = {
    bench: 'playback',
    seekFirstFrameMs: stats(seek),
    liveFirstFrameMs: stats(live),
    seekOverLiveP50: round2(percentile(seek, 50) / percentile(live, 50)),
    recordCpu: cpu,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function cleanup(): Promise<void> {
  await browser?.close().catch(() => {});
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, sleep(8000)]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  rmSync(dataDir, { recursive: true, force: true });
}

main()
  .then(cleanup, async (err: unknown) => {
    log('failed', String(err instanceof Error ? err.stack : err));
    await cleanup();
    process.exit(1);
  })
  .then(() => process.exit(0));
