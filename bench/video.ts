// Video wall benchmark: glass-to-glass latency of WS-FLV and HLS tiles, time to first frame, and what 16 playing tiles
// cost (CPU, memory and its slope) in Chromium and on the server.
//   npm run bench:video -- [--minutes 3] [--latencySec 40] [--tiles 16]
// Prints one JSON line on stdout; progress goes to stderr.
//
// Layout: the real centre server runs as a child process (`app/cli.ts --demo-cameras`: the demo cameras loop
// pre-encoded clips; the benchmark clock camera is encoded live and paints Date.now() into every frame as blocks,
// media/sim/clockCode.ts). The system Chromium opens the wall window (/wall/1) like a wall display would.
//   latency: one tile on the clock camera; for every presented frame (requestVideoFrameCallback) the page reads the
//            painted time from the pixels and subtracts it from the frame's expected display time.
//   baseline: in the same run, ffmpeg decodes the same stream straight from node-media-server (no browser): the ratio
//            shows what the browser path adds to the server path.
//   TTFF: from the tile asking for its play link to its first presented frame, with the camera's pull stopped (cold)
//         and running (warm).
//   16 tiles: 16 cameras on a 16-tile screen for --minutes; CPU and private memory of Chromium's processes, the server process,
//             its ffmpeg pulls (private memory, USS); memory slope by least squares after a warm-up and the floor of each
//             minute; tiles not playing; dropped frames.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { apiError, type ClientToServerEvents, type Reply, type ServerToClientEvents, type SyncReply, type WallOp, type WallSync } from '../protocol/index.ts';
import { readClockCode } from '../media/index.ts';
import { DEMO_CLOCK_CAMERA, demoSourceUrl } from '../app/store/seedCameras.ts';
import { launchChromium, loginConsole } from './lib/chromium.ts';
import { login } from './lib/http.ts';
import { allProcs, descendants, HZ, procSample, type ProcSample } from './lib/procStats.ts';
import { consoleCopy, startCentreProcess, type CentreProcess } from './lib/serverProcess.ts';
import { intFlags, log, percentile, round2, runBenchmark, sleep, watchdog, maxOf } from './lib/util.ts';

const flags = intFlags({ minutes: 3, latencySec: 40, tiles: 16 });
const IDLE_GRACE_MS = 4000; // short, so "cold" really means the pull has stopped

const dataDir = mkdtempSync(join(tmpdir(), 'zz-bench-video-'));
let server: CentreProcess | null = null;
let browser: Browser | null = null;
let baseline: ChildProcess | null = null;
watchdog((flags.minutes * 60 + flags.latencySec * 2 + 300) * 1000, () => {
  baseline?.kill('SIGKILL');
  server?.signal('SIGKILL');
});

// ---- /proc sampling ----

function group(pids: number[]): ProcSample {
  let cpuTicks = 0;
  let pssKb = 0;
  for (const pid of pids) {
    const s = procSample(pid);
    if (s) {
      cpuTicks += s.cpuTicks;
      pssKb += s.pssKb;
    }
  }
  return { cpuTicks, pssKb };
}
/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return Number.NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return num / den;
}
const stats = (xs: number[]) => ({ p50: round2(percentile(xs, 50)), p95: round2(percentile(xs, 95)), n: xs.length });

// ---- server and clients ----

async function startServer(): Promise<{ url: string; ingest: string }> {
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ video: { idleGraceMs: IDLE_GRACE_MS } }));
  server = await startCentreProcess(dataDir, 60_000, ['--demo-cameras', '--static', consoleCopy(dataDir)]);
  if (!server.ingest) throw new Error('video is unavailable on this machine (see the server output above)');
  return { url: server.url, ingest: server.ingest };
}

const token = async (url: string, username: string) => (await login(url, username)).token;

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
function ask<T>(socket: Client, event: string, payload: unknown): Promise<Reply<T>> {
  return new Promise((resolve) => (socket.emit as (e: string, p: unknown, cb: (r: Reply<T>) => void) => void)(event, payload, resolve));
}
/** The wall's state comes with every stream sync (the stream core's live state). */
async function wallSync(socket: Client): Promise<Reply<WallSync>> {
  const r = await ask<SyncReply>(socket, 'sync', { lastSeq: null, epoch: null });
  if (!r.ok) return r;
  return r.data.live.wall ? { ok: true, data: r.data.live.wall } : { ok: false, error: apiError('FORBIDDEN_ROLE') };
}
async function op(socket: Client, o: WallOp): Promise<void> {
  const r = await ask(socket, 'wall:op', o);
  if (!r.ok) throw new Error(`wall:op ${o.op}: ${r.error.code}`);
}

/** Reads the burned-in clock straight from node-media-server with ffmpeg: the path without a browser. */
function startBaseline(liveUrl: string, samples: number[], ignoreUntil: number): ChildProcess {
  const W = 640;
  const H = 360;
  const p = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-fflags', 'nobuffer', '-flags', 'low_delay', '-analyzeduration', '100000', '-probesize', '32768', '-i', liveUrl, '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${W}x${H}`, 'pipe:1'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let buf = Buffer.alloc(0);
  p.stdout!.on('data', (c: Buffer) => {
    const at = performance.timeOrigin + performance.now();
    buf = Buffer.concat([buf, c]);
    while (buf.length >= W * H) {
      const frame = buf.subarray(0, W * H);
      buf = buf.subarray(W * H);
      const v = readClockCode((x, y) => frame[y * W + x] ?? 0);
      if (v !== null && at > ignoreUntil) samples.push(at - v);
    }
  });
  return p;
}

// ---- the page side ----

async function openWall(page: Page, url: string, transport: string): Promise<void> {
  await page.goto(`${url}/wall/1?transport=${transport}`);
  await page.getByTestId('wall-window').waitFor();
}

async function ttffOf(page: Page, tile = 0, timeoutMs = 30_000): Promise<number> {
  const el = page.locator(`[data-testid="wall-tile"][data-tile="${tile}"]`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await el.getAttribute('data-ttff');
    if (v) return Number(v);
    if (Date.now() > deadline) throw new Error(`no first frame (tile ${tile}: ${await el.getAttribute('data-state')}, camera ${await el.getAttribute('data-camera-id')})`);
    await sleep(50);
  }
}

/**
 * Installs the clock reader on the first tile's video; returns the latencies (ms) seen during `ms`. Page-side code is a
 * string: it runs in Chromium, and this file is type-checked for Node.
 */
async function measureLatency(page: Page, ms: number): Promise<number[]> {
  const script = `(async () => {
    const read = (${readClockCode.toString()});
    const video = document.querySelector('[data-testid="tile-video"]');
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 240;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const out = [];
    const end = performance.now() + ${ms};
    await new Promise((resolve) => {
      const cb = (_now, meta) => {
        if (video.videoWidth === 640) {
          ctx.drawImage(video, 0, 0, 640, 360);
          const d = ctx.getImageData(0, 0, 640, 240).data;
          const v = read((x, y) => d[(y * 640 + x) * 4] ?? 0);
          if (v !== null) out.push(performance.timeOrigin + meta.expectedDisplayTime - v);
        }
        if (performance.now() < end) video.requestVideoFrameCallback(cb);
        else resolve();
      };
      video.requestVideoFrameCallback(cb);
    });
    return out;
  })()`;
  return (await page.evaluate(script)) as number[];
}

async function main() {
  const { url, ingest } = await startServer();
  log('server', url, ingest);
  const duty = await token(url, 'duty1');
  const admin = await token(url, 'admin');
  const socket: Client = io(url, { auth: { token: duty }, transports: ['websocket'] });
  await new Promise<void>((r) => socket.once('connect', () => r()));
  let sync = await wallSync(socket);
  if (!sync.ok) throw new Error('sync failed: no wall');
  // The simulator feeds the clock source, but users never see it as a camera: the benchmark registers it for this run.
  const demo = sync.data.cameras;
  const near = demo[0];
  if (!near) throw new Error('no demo cameras');
  const created = await fetch(`${url}/api/cameras`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: DEMO_CLOCK_CAMERA.name, townshipId: near.townshipId, lat: near.lat + 0.002, lng: near.lng + 0.002, sourceUrl: demoSourceUrl(DEMO_CLOCK_CAMERA.key) }),
  });
  if (!created.ok) throw new Error(`registering the clock camera: ${await created.text()}`);
  const clock = (await created.json()) as { id: number };

  // Enough distinct cameras for the tiles: extras on the demo sources, imported as CSV like an administrator would.
  const extra = Math.max(0, flags.tiles - demo.length);
  if (extra) {
    const csv = ['name,township,lat,lng,sourceUrl', ...Array.from({ length: extra }, (_, i) => `基准附加${i + 1},${demo[0]!.townshipName},${demo[0]!.lat + 0.001 * (i + 1)},${demo[0]!.lng},rtmp://ingest.local/src/cam${String((i % 12) + 1).padStart(2, '0')}`)].join('\n');
    const res = await fetch(`${url}/api/cameras/import`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' }, body: csv });
    if (!res.ok) throw new Error(`import: ${await res.text()}`);
    sync = await wallSync(socket);
    if (!sync.ok) throw new Error('sync failed: no wall');
  }
  // First start encodes the demo clips: wait for them.
  const clipsDir = join(dataDir, 'media', 'clips');
  for (let i = 0; i < 600; i++) {
    const done = (() => {
      try {
        return readdirSync(clipsDir).filter((f) => f.endsWith('-v1.mp4')).length;
      } catch {
        return 0;
      }
    })();
    if (done >= 12) break;
    await sleep(100);
  }
  await sleep(3000);

  browser = await launchChromium(['--disable-background-timer-throttling']);
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  // tsx (esbuild keepNames) may wrap functions in __name(); readClockCode's source is shipped into the page.
  await context.addInitScript('globalThis.__name = (f) => f;');
  const page = await context.newPage();
  await loginConsole(page, url, 'duty1');

  // ---- latency and time to first frame, per transport ----
  await op(socket, { op: 'clear', screen: 0 });
  await op(socket, { op: 'layout', screen: 0, layout: '1' });
  await op(socket, { op: 'assign', screen: 0, tile: 0, cameraId: clock.id });
  const latency: Record<string, number[]> = {};
  const ttff: Record<string, number> = {};
  const base: number[] = [];
  const liveUrl = `${ingest.replace(/\/src$/, '/live')}/c${clock.id}`;
  for (const transport of ['flv', 'hls'] as const) {
    await page.goto('about:blank');
    await sleep(IDLE_GRACE_MS + 2500); // the pull stops: the next tile starts cold
    await openWall(page, url, transport);
    ttff[`${transport}Cold`] = await ttffOf(page);
    log(transport, 'cold first frame', ttff[`${transport}Cold`], 'ms');
    await sleep(5000); // let it settle at the live edge
    if (transport === 'flv') baseline = startBaseline(liveUrl, base, performance.timeOrigin + performance.now() + 3000);
    latency[transport] = await measureLatency(page, flags.latencySec * 1000);
    baseline?.kill('SIGTERM');
    baseline = null;
    log(transport, 'latency', stats(latency[transport]));
    await page.reload();
    await page.getByTestId('wall-window').waitFor();
    ttff[`${transport}Warm`] = await ttffOf(page);
    log(transport, 'warm first frame', ttff[`${transport}Warm`], 'ms');
  }
  const flvP50 = percentile(latency.flv!, 50);
  const hlsP50 = percentile(latency.hls!, 50);
  const chosen = flvP50 <= hlsP50 ? 'flv' : 'hls';

  // ---- 16 tiles for --minutes ----
  const ids = sync.data.cameras.map((c) => c.id).slice(0, flags.tiles);
  await op(socket, { op: 'clear', screen: 0 });
  await op(socket, { op: 'layout', screen: 0, layout: flags.tiles <= 16 ? '16' : '25' });
  await op(socket, { op: 'push', screen: 0, cameraIds: ids, startTile: 0 });
  await page.goto('about:blank');
  await openWall(page, url, chosen);
  const started = Date.now();
  const playingNow = async () => (await page.evaluate(`document.querySelectorAll('[data-testid="wall-tile"][data-state="playing"]').length`)) as number;
  while ((await playingNow()) < flags.tiles) {
    if (Date.now() - started > 90_000) throw new Error(`only ${await playingNow()} of ${flags.tiles} tiles play after 90 s`);
    await sleep(100);
  }
  const allPlayingMs = Date.now() - started;
  const ttffs = (await page.evaluate(`[...document.querySelectorAll('[data-testid="wall-tile"]')].map((e) => Number(e.getAttribute('data-ttff') || 'NaN')).filter((x) => !Number.isNaN(x))`)) as number[];
  log('16 tiles playing after', allPlayingMs, 'ms');
  // Count every time a tile leaves "playing" from now on.
  await page.evaluate(`(() => {
    window.zzLeft = 0;
    new MutationObserver((records) => {
      for (const r of records) if (r.oldValue === 'playing' && r.target.getAttribute('data-state') !== 'playing') window.zzLeft++;
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-state'], attributeOldValue: true });
  })()`);

  const browserPid = (browser as unknown as { process?: () => ChildProcess | null }).process?.()?.pid;
  const serverPid = server!.pid;
  const groups = () => {
    const procs = allProcs();
    const chromiumPids = browserPid ? descendants(browserPid, procs) : procs.filter((p) => /chromium/.test(p.cmd)).map((p) => p.pid);
    const pulls = procs.filter((p) => p.ppid === serverPid && /ffmpeg/.test(p.cmd) && /\/live\/[cs]\d+/.test(p.cmd)).map((p) => p.pid);
    const byType: Record<string, number> = {};
    for (const pid of chromiumPids) {
      const type = /--type=([a-z-]+)/.exec(procs.find((p) => p.pid === pid)?.cmd ?? '')?.[1] ?? 'browser';
      byType[type] = (byType[type] ?? 0) + (procSample(pid)?.pssKb ?? 0) / 1024;
    }
    return { chromium: group(chromiumPids), server: group([serverPid]), pulls: group(pulls), byType };
  };
  const warmupMs = 20_000;
  await sleep(warmupMs);
  const samples: { t: number; g: ReturnType<typeof groups>; playing: number; heapMB: number }[] = [];
  const end = Date.now() + flags.minutes * 60_000;
  while (Date.now() < end) {
    const playing = await playingNow();
    const heapMB = ((await page.evaluate('performance.memory ? performance.memory.usedJSHeapSize : 0')) as number) / 1048576;
    samples.push({ t: Date.now(), g: groups(), playing, heapMB });
    log('sample', { playing, chromiumMB: round2(samples.at(-1)!.g.chromium.pssKb / 1024), heapMB: round2(heapMB), byType: Object.fromEntries(Object.entries(samples.at(-1)!.g.byType).map(([k, v]) => [k, round2(v)])) });
    await sleep(2000);
  }
  const quality = (await page.evaluate(
    `[...document.querySelectorAll('video')].map((v) => v.getVideoPlaybackQuality()).reduce((a, q) => ({ total: a.total + q.totalVideoFrames, dropped: a.dropped + q.droppedVideoFrames }), { total: 0, dropped: 0 })`,
  )) as { total: number; dropped: number };
  const left = (await page.evaluate('window.zzLeft')) as number;
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const seconds = (last.t - first.t) / 1000;
  // Media memory saws up and down as buffers fill and are released: besides the overall slope, the lowest value of
  // each minute (the floor) shows whether anything is retained.
  const floors = (k: 'chromium' | 'server' | 'pulls') => {
    const out: number[] = [];
    for (const x of samples) {
      const m = Math.floor((x.t - first.t) / 60_000);
      out[m] = Math.min(out[m] ?? Infinity, x.g[k].pssKb / 1024);
    }
    return out.map(round2);
  };
  const cost = (k: 'chromium' | 'server' | 'pulls') => ({
    cpuPct: round2(((last.g[k].cpuTicks - first.g[k].cpuTicks) / HZ / seconds) * 100),
    ussStartMB: round2(first.g[k].pssKb / 1024),
    ussEndMB: round2(last.g[k].pssKb / 1024),
    slopeMBperMin: round2(slope(samples.map((s) => (s.t - first.t) / 60_000), samples.map((s) => s.g[k].pssKb / 1024))),
    floorByMinuteMB: floors(k),
  });

  const result = {
    bench: 'video',
    run_s: 0, // filled in by runBenchmark
    latencyMs: {
      flv: stats(latency.flv!),
      hls: stats(latency.hls!),
      baselineFfmpeg: stats(base),
      /** What the browser adds over decoding the same stream server-side (p50 ratio). */
      flvOverBaseline: round2(flvP50 / percentile(base, 50)),
    },
    ttffMs: Object.fromEntries(Object.entries(ttff).map(([k, v]) => [k, Math.round(v)])),
    defaultTransport: chosen,
    tiles: {
      count: flags.tiles,
      transport: chosen,
      minutes: round2(seconds / 60),
      allPlayingMs,
      ttffP50: Math.round(percentile(ttffs, 50)),
      ttffMax: Math.round(maxOf(ttffs)),
      playingRatio: round2(samples.reduce((a, s) => a + s.playing, 0) / (samples.length * flags.tiles)),
      leftPlaying: left,
      framesTotal: quality.total,
      framesDroppedPct: round2((quality.dropped / Math.max(1, quality.total)) * 100),
      chromium: {
        ...cost('chromium'),
        jsHeapStartMB: round2(first.heapMB),
        jsHeapEndMB: round2(last.heapMB),
        jsHeapSlopeMBperMin: round2(slope(samples.map((x) => (x.t - first.t) / 60_000), samples.map((x) => x.heapMB))),
        ussByTypeEndMB: Object.fromEntries(Object.entries(last.g.byType).map(([k, v]) => [k, round2(v)])),
      },
      server: cost('server'),
      pulls: cost('pulls'),
    },
  };
  socket.disconnect();
  return result;
}

async function cleanup(): Promise<void> {
  baseline?.kill('SIGKILL');
  await browser?.close().catch(() => {});
  await server?.stop(8000);
  rmSync(dataDir, { recursive: true, force: true });
}

void runBenchmark(main, cleanup);
