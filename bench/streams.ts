// Main vs sub streams and the H.265 transcode.
//   npm run -s bench:streams -- [--seconds 30] [--latencySec 20] [--tiles 16]
// Prints one JSON line on stdout; progress goes to stderr.
//
// 16 tiles: the same wall window in Chromium plays 16 cameras of a 1080p H.264 source (4 Mb/s), first as cameras
//   that have only that main stream (the baseline: every tile decodes 1080p), then as cameras that also have a
//   640×360 sub stream (what a 16-tile layout plays now). For each: Chromium's CPU (all its processes) and the frames
//   it dropped (getVideoPlaybackQuality) over --seconds, after a warm-up.
// H.265: one 1280×720 clock source is encoded twice from the same frames (media/sim/clockCode.ts paints Date.now()
//   into each): H.264 pushed over RTMP (the direct path: a -c copy pull), and H.265 served as HTTP-TS (a GB/T 28181
//   platform's proxy URL), which the server detects and transcodes to H.264. ffmpeg reads the clock back from both
//   outputs of node-media-server at once: the transcode's added latency is the difference of the p50s. Its CPU is the
//   transcoding ffmpeg's, per camera, beside the copy pull's.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import type { Camera, ClientToServerEvents, PlayGrant, Reply, ServerToClientEvents, WallOp } from '../protocol/index.ts';
import { paintClockCode, readClockCode, startTsServer } from '../media/index.ts';
import { launchChromium, loginConsole } from './lib/chromium.ts';
import { login } from './lib/http.ts';
import { allProcs, descendants, HZ, ticksOf } from './lib/procStats.ts';
import { consoleCopy, startCentreProcess, type CentreProcess } from './lib/serverProcess.ts';
import { intFlags, log, percentile, round2, runBenchmark, sleep, watchdog } from './lib/util.ts';

const flags = intFlags({ seconds: 30, latencySec: 20, tiles: 16 });
const dataDir = mkdtempSync(join(tmpdir(), 'zz-bench-streams-'));
const clipDir = join(tmpdir(), 'zz-bench-streams-clips');
const children: ChildProcess[] = [];
let server: CentreProcess | null = null;
let browser: Browser | null = null;
watchdog((flags.seconds * 2 + flags.latencySec + 600) * 1000, () => {
  for (const c of children) c.kill('SIGKILL');
  server?.signal('SIGKILL');
});

const stats = (xs: number[]) => ({ p50: round2(percentile(xs, 50)), p95: round2(percentile(xs, 95)), n: xs.length });

// ---- sources ----
function ffmpeg(args: string[], opts: { stdin?: boolean; onStdout?: (c: Buffer) => void } = {}): ChildProcess {
  const p = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...args], { stdio: [opts.stdin ? 'pipe' : 'ignore', opts.onStdout ? 'pipe' : 'ignore', 'inherit'] });
  if (opts.onStdout) p.stdout!.on('data', opts.onStdout);
  p.stdin?.on('error', () => {});
  children.push(p);
  return p;
}
async function encodeOnce(name: string, args: string[]): Promise<string> {
  mkdirSync(clipDir, { recursive: true });
  const out = join(clipDir, name);
  if (existsSync(out) && statSync(out).size > 0) return out;
  const p = ffmpeg(['-y', ...args, `${out}.tmp.mp4`]);
  await new Promise((r) => p.once('exit', r));
  if (p.exitCode !== 0) throw new Error(`encoding ${name} failed`);
  cpSync(`${out}.tmp.mp4`, out);
  rmSync(`${out}.tmp.mp4`);
  return out;
}

/** The clock in 1280×720: painted at 640×360 (the reader's layout) and scaled up 2× by each encoder. */
function startClock(h264Target: string, hevcWrite: (c: Buffer) => void): () => void {
  const scale = ['-vf', 'scale=1280:720:flags=neighbor,format=yuv420p'];
  const input = ['-use_wallclock_as_timestamps', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', '640x360', '-r', '25', '-i', 'pipe:0'];
  const a = ffmpeg([...input, ...scale, '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25', '-bf', '0', '-b:v', '1500k', '-fps_mode', 'passthrough', '-f', 'flv', h264Target], { stdin: true });
  const b = ffmpeg(
    [...input, ...scale, '-c:v', 'libx265', '-preset', 'ultrafast', '-tune', 'zerolatency', '-x265-params', 'keyint=25:min-keyint=25:bframes=0:repeat-headers=1:log-level=error', '-b:v', '1500k', '-fps_mode', 'passthrough', '-f', 'mpegts', 'pipe:1'],
    { stdin: true, onStdout: hevcWrite },
  );
  const frame = new Uint8Array(640 * 360).fill(96);
  const timer = setInterval(() => {
    paintClockCode(frame, 640, Date.now());
    const buf = Buffer.from(frame);
    a.stdin!.write(buf);
    b.stdin!.write(buf);
  }, 40);
  return () => clearInterval(timer);
}

/** Reads the burned-in clock from a node-media-server stream with ffmpeg (no browser): latency samples in ms. */
function readClock(url: string, out: number[], ignoreUntil: number): ChildProcess {
  const W = 640;
  const H = 360;
  let buf = Buffer.alloc(0);
  return ffmpeg(['-fflags', 'nobuffer', '-flags', 'low_delay', '-analyzeduration', '100000', '-probesize', '32768', '-i', url, '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${W}x${H}`, 'pipe:1'], {
    onStdout: (c) => {
      const at = Date.now();
      buf = Buffer.concat([buf, c]);
      while (buf.length >= W * H) {
        const f = buf.subarray(0, W * H);
        buf = buf.subarray(W * H);
        const v = readClockCode((x, y) => f[y * W + x] ?? 0);
        if (v !== null && at > ignoreUntil) out.push(at - v);
      }
    },
  });
}

// ---- server ----
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const ask = <T>(s: Client, event: string, payload: unknown) =>
  new Promise<Reply<T>>((resolve) => (s.emit as (e: string, p: unknown, cb: (r: Reply<T>) => void) => void)(event, payload, resolve));
async function op(s: Client, o: WallOp): Promise<void> {
  const r = await ask(s, 'wall:op', o);
  if (!r.ok) throw new Error(`wall:op ${o.op}: ${r.error.code}`);
}

async function startServer(): Promise<{ url: string; ingest: string }> {
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ video: { idleGraceMs: 5000, probeEveryMs: 0 } }));
  server = await startCentreProcess(dataDir, 60_000, ['--static', consoleCopy(dataDir)]);
  if (!server.ingest) throw new Error('video is unavailable on this machine (see the server output above)');
  return { url: server.url, ingest: server.ingest };
}
const token = async (url: string, username: string) => (await login(url, username)).token;

// ---- 16 tiles ----
async function measureTiles(page: Page, socket: Client, ids: number[], label: string) {
  await op(socket, { op: 'clear', screen: 0 });
  await op(socket, { op: 'layout', screen: 0, layout: '16' });
  await op(socket, { op: 'push', screen: 0, cameraIds: ids, startTile: 0 });
  const started = Date.now();
  const playing = async () => (await page.evaluate(`document.querySelectorAll('[data-testid="wall-tile"][data-state="playing"]').length`)) as number;
  while ((await playing()) < ids.length) {
    if (Date.now() - started > 120_000) throw new Error(`${label}: only ${await playing()} of ${ids.length} tiles play after 120 s`);
    await sleep(200);
  }
  log(label, 'all playing after', Date.now() - started, 'ms');
  await sleep(10_000);
  const quality = async () =>
    (await page.evaluate(
      `[...document.querySelectorAll('[data-testid="tile-video"]')].map((v) => v.getVideoPlaybackQuality()).reduce((a, q) => ({ total: a.total + q.totalVideoFrames, dropped: a.dropped + q.droppedVideoFrames }), { total: 0, dropped: 0 })`,
    )) as { total: number; dropped: number };
  // Every Chromium process this run started (the launcher may be a wrapper script that exec()s or forks).
  const chromiumPids = () => {
    const all = allProcs();
    const mine = new Set(descendants(process.pid, all));
    return all.filter((p) => mine.has(p.pid) && /chrom/i.test(p.cmd)).map((p) => p.pid);
  };
  const pullPids = () => allProcs().filter((p) => /ffmpeg/.test(p.cmd) && /\/live\/[cs]\d+/.test(p.cmd)).map((p) => p.pid);
  const q0 = await quality();
  const c0 = ticksOf(chromiumPids());
  const p0 = ticksOf(pullPids());
  const t0 = Date.now();
  await sleep(flags.seconds * 1000);
  const q1 = await quality();
  const secs = (Date.now() - t0) / 1000;
  const frames = q1.total - q0.total;
  const dropped = q1.dropped - q0.dropped;
  const widths = (await page.evaluate(`[...document.querySelectorAll('[data-testid="tile-video"]')].map((v) => v.videoWidth)`)) as number[];
  const r = {
    playing: await playing(),
    videoWidths: [...new Set(widths)],
    chromiumCpuPct: round2(((ticksOf(chromiumPids()) - c0) / HZ / secs) * 100),
    framesShown: frames,
    framesDropped: dropped,
    droppedPct: round2((dropped / Math.max(1, frames)) * 100),
    pullsCpuPct: round2(((ticksOf(pullPids()) - p0) / HZ / secs) * 100),
  };
  log(label, r);
  return r;
}

async function main() {
  const src1080 = await encodeOnce('b1080-v1.mp4', ['-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=25', '-t', '8', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '25', '-bf', '0', '-b:v', '4M', '-maxrate', '4M', '-bufsize', '4M']);
  const src360 = await encodeOnce('b360-v1.mp4', ['-i', src1080, '-vf', 'scale=640:360', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '25', '-bf', '0', '-b:v', '500k', '-maxrate', '500k', '-bufsize', '500k']);
  const { url, ingest } = await startServer();
  log('server', url, ingest);
  for (const [clip, key] of [[src1080, 'b1080'], [src360, 'b360']] as const) ffmpeg(['-re', '-stream_loop', '-1', '-i', clip, '-c', 'copy', '-f', 'flv', `${ingest}/${key}`]);
  const ts = await startTsServer(['clock265']);
  const stopClock = startClock(`${ingest}/bclock264`, ts.writer('clock265'));

  const admin = await token(url, 'admin');
  const duty = await token(url, 'duty1');
  const socket: Client = io(url, { auth: { token: duty }, transports: ['websocket'] });
  await new Promise<void>((r) => socket.once('connect', () => r()));
  const cams = (await (await fetch(`${url}/api/cameras`, { headers: { authorization: `Bearer ${duty}` } })).json()) as Camera[];
  const near = cams[0]!;
  const add = async (name: string, sourceUrl: string, subSourceUrl: string | null = null): Promise<number> => {
    const res = await fetch(`${url}/api/cameras`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, townshipId: near.townshipId, lat: near.lat, lng: near.lng, sourceUrl, subSourceUrl }),
    });
    if (!res.ok) throw new Error(`registering ${name}: ${await res.text()}`);
    return ((await res.json()) as { id: number }).id;
  };
  const mainOnly: number[] = [];
  const withSub: number[] = [];
  for (let i = 0; i < flags.tiles; i++) mainOnly.push(await add(`基准主码流${i + 1}`, 'rtmp://ingest.local/src/b1080'));
  for (let i = 0; i < flags.tiles; i++) withSub.push(await add(`基准主子码流${i + 1}`, 'rtmp://ingest.local/src/b1080', 'rtmp://ingest.local/src/b360'));
  const clock264 = await add('基准时钟H264', 'rtmp://ingest.local/src/bclock264');
  const clock265 = await add('基准时钟H265', `http://127.0.0.1:${ts.at.port}/ts/clock265.ts`);

  browser = await launchChromium(['--disable-background-timer-throttling']);
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await loginConsole(page, url, 'duty1');
  await page.goto(`${url}/wall/1?transport=flv`);
  await page.getByTestId('wall-window').waitFor();

  const main = await measureTiles(page, socket, mainOnly, 'main');
  const sub = await measureTiles(page, socket, withSub, 'sub');
  await op(socket, { op: 'clear', screen: 0 });
  await page.goto('about:blank');
  await browser.close();
  browser = null;

  // ---- H.265 ----
  const codecOf = async (id: number) => ((await (await fetch(`${url}/api/cameras`, { headers: { authorization: `Bearer ${duty}` } })).json()) as Camera[]).find((c) => c.id === id)?.codec;
  for (let i = 0; i < 100 && (await codecOf(clock265)) !== 'hevc'; i++) await sleep(300);
  const play = async (id: number) => {
    const r = await ask<PlayGrant>(socket, 'video:play', { cameraId: id, transport: 'flv', stream: 'main', hevc: false });
    if (!r.ok) throw new Error(`play ${id}: ${r.error.code}`);
    return r.data;
  };
  const g265 = await play(clock265);
  const g264 = await play(clock264);
  if (g264.stream !== 'main') throw new Error(`the H.264 clock plays ${g264.stream}`);
  if (g265.stream !== 'transcode') throw new Error(`the H.265 clock is not transcoded (${g265.stream}; codec ${await codecOf(clock265)})`);
  const keep = setInterval(() => void play(clock265).then(() => play(clock264)), 2000); // keep both pulls demanded
  await sleep(6000);
  const live = ingest.replace(/\/src$/, '/live');
  const lat264: number[] = [];
  const lat265: number[] = [];
  const ignoreUntil = Date.now() + 3000;
  const readers = [readClock(`${live}/c${clock264}`, lat264, ignoreUntil), readClock(`${live}/t${clock265}`, lat265, ignoreUntil)];
  const pidOf = (needle: string) => allProcs().filter((p) => /ffmpeg/.test(p.cmd) && p.cmd.includes(needle) && !p.cmd.includes('-pix_fmt gray')).map((p) => p.pid);
  await sleep(3000);
  const tPids = pidOf(`/live/t${clock265}`);
  const cPids = pidOf(`/live/c${clock264}`);
  const t0 = Date.now();
  const tt0 = ticksOf(tPids);
  const ct0 = ticksOf(cPids);
  await sleep(flags.latencySec * 1000);
  const secs = (Date.now() - t0) / 1000;
  const transcodeCpu = round2(((ticksOf(tPids) - tt0) / HZ / secs) * 100);
  const copyCpu = round2(((ticksOf(cPids) - ct0) / HZ / secs) * 100);
  for (const r of readers) r.kill('SIGTERM');
  clearInterval(keep);
  stopClock();

  const result = {
    bench: 'streams',
    run_s: 0, // filled in by runBenchmark
    tiles16: {
      seconds: flags.seconds,
      source: '1920x1080 H.264 4 Mb/s 25 fps; sub 640x360 500 kb/s',
      main,
      sub,
      /** sub ÷ main: below 1 means the sub streams cut it. */
      chromiumCpuRatio: round2(sub.chromiumCpuPct / Math.max(0.01, main.chromiumCpuPct)),
      droppedPctRatio: round2(sub.droppedPct / Math.max(0.01, main.droppedPct)),
    },
    h265: {
      source: '1280x720 25 fps, the same clock frames encoded as H.264 (RTMP) and H.265 (HTTP-TS)',
      transcodeCpuPctPerCamera: transcodeCpu,
      copyPullCpuPct: copyCpu,
      latencyMs: { h264Direct: stats(lat264), h265Transcoded: stats(lat265) },
      addedLatencyP50Ms: round2(percentile(lat265, 50) - percentile(lat264, 50)),
    },
  };
  socket.disconnect();
  await ts.close();
  return result;
}

async function cleanup(): Promise<void> {
  await browser?.close().catch(() => {});
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await server?.stop(8000);
  rmSync(dataDir, { recursive: true, force: true });
}

void runBenchmark(main, cleanup);
