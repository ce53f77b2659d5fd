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
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { Camera, RecordedSpan } from '../protocol/index.ts';
import { toLocalInput } from '../renderer/playback/model.ts';
import { launchChromium, loginConsole } from './lib/chromium.ts';
import { login } from './lib/http.ts';
import { allProcs, cpuTicks, HZ } from './lib/procStats.ts';
import { consoleCopy, startCentreProcess, type CentreProcess } from './lib/serverProcess.ts';
import { intFlags, log, percentile, round2, runBenchmark, sleep, watchdog } from './lib/util.ts';

const flags = intFlags({ cameras: 8, seeks: 12, cpuSec: 60 });

const dataDir = mkdtempSync(join(tmpdir(), 'zz-bench-playback-'));
let server: CentreProcess | null = null;
let browser: Browser | null = null;
watchdog((flags.cpuSec + flags.seeks * 30 + 400) * 1000, () => server?.signal('SIGKILL'));

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
const token = async (url: string, username: string) => (await login(url, username)).token;

async function main() {
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ video: { probeEveryMs: 0 } }));
  server = await startCentreProcess(dataDir, 60_000, ['--demo-cameras', '--static', consoleCopy(dataDir)]);
  const url = server.url;
  const admin = await token(url, 'admin');
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
  const pid = server.pid;
  // `node --import tsx` runs the server in this very process: the ffmpeg children (setpriv execs them) are its own.
  const procs = () => allProcs().filter((p) => p.ppid === pid);
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
  browser = await launchChromium();
  const page = await (await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN' })).newPage();
  // Every seek from the server, as a first look at a moment is: the browser cache would keep segments of earlier rounds.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await loginConsole(page, url, 'duty1');
  await page.goto(`${url}/#playback`);
  await page.getByTestId(`playback-camera-${cam.id}`).check();
  const duty = await token(url, 'duty1');
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
    run_s: 0, // filled in by runBenchmark
    seekFirstFrameMs: stats(seek),
    liveFirstFrameMs: stats(live),
    seekOverLiveP50: round2(percentile(seek, 50) / percentile(live, 50)),
    recordCpu: cpu,
  };
  return result;
}

async function cleanup(): Promise<void> {
  await browser?.close().catch(() => {});
  await server?.stop(8000);
  rmSync(dataDir, { recursive: true, force: true });
}

void runBenchmark(main, cleanup);
