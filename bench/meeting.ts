// Meetings benchmark (issue 15): call set-up time, glass-to-glass latency through Janus against a direct peer-to-peer
// connection between the same two pages, and the CPU of Janus and of each Chromium with 1 county + 4 townships.
//   npm run bench:meeting -- [--calls 5] [--latencySec 8] [--cpuSec 10]
// Runs inside a network namespace of its own (tests/meet/netns.sh, as the npm script does): every packet stays there.
// Prints one JSON line on stdout; progress goes to stderr.
//
//   set-up: the county clicks 一键通 on 城关镇's tile; t01 answers as soon as it rings; until the county's first decoded
//           frame of t01 (requestVideoFrameCallback). p50 over --calls calls, each a fresh call.
//   latency: each page's camera is replaced (before the console loads) by a canvas that paints Date.now() as 32 black or
//           white blocks at 30 fps; the receiving page reads the blocks back from every presented frame and subtracts
//           from the frame's expected display time. Through Janus: county → t01 in a call (two-way, as the product
//           does it). Baseline: a plain default RTCPeerConnection between the same two pages, each sending the very
//           camera stream it publishes to Janus (both ways, like the call), the remote shown on screen at the tile's
//           size with sound on, like a tile. Both paths are read in the same window, in the same rendering steps, so
//           the load of this shared machine falls on both alike (measured one after the other, a load swing between
//           the two windows moved the ratio by itself). getStats of both paths gives where each one's time goes
//           (encode, jitter buffer, decode: `pipelineMs`; --cpuSec 0 prints all of it and skips the CPU part).
//   CPU: a 视频会商 of the county and four townships, each in a Chromium of its own; CPU % of Janus and of each
//        Chromium's process tree over --cpuSec once everyone receives everyone.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { CHROMIUM, loginConsole } from './lib/chromium.ts';
import { descendants, ticksOf } from './lib/procStats.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserServer, type Page } from 'playwright-core';
import { startCentreServer } from '../app/server.ts';
import { intFlags, log, percentile, round2, sleep, watchdog } from './lib/util.ts';

const flags = intFlags({ calls: 5, latencySec: 8, cpuSec: 10 });
const IFACE = process.env.ZZ_MEET_IFACE;
const HZ = 100;
if (!process.env.ZZ_MEET_NETNS || !IFACE) {
  console.error('run inside the meeting namespace: npm run bench:meeting (tests/meet/netns.sh tsx bench/meeting.ts)');
  process.exit(2);
}
if (!existsSync(join(import.meta.dirname, '../dist/renderer/index.html'))) {
  console.error('dist/renderer is missing: npx vite build first');
  process.exit(2);
}

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required', '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
];

// Page-side code is a string: it runs in Chromium, and this file is type-checked for Node.
// The clock camera: replaces getUserMedia in the page (before the console's scripts) with a canvas stream.
const CLOCK_CAMERA = `(() => {
  window.__clockStream = () => {
    const c = document.createElement('canvas');
    c.width = 640;
    c.height = 360;
    const g = c.getContext('2d');
    const paint = () => {
      const t = Date.now() % 2 ** 32;
      for (let i = 0; i < 32; i++) {
        g.fillStyle = (t >>> i) & 1 ? '#fff' : '#000';
        g.fillRect((i % 8) * 80, Math.floor(i / 8) * 90, 80, 90);
      }
    };
    paint();
    setInterval(paint, 1000 / 30);
    const stream = c.captureStream(30);
    const ac = new AudioContext();
    const dest = ac.createMediaStreamDestination();
    const osc = ac.createOscillator();
    osc.connect(dest);
    osc.start();
    for (const track of dest.stream.getAudioTracks()) stream.addTrack(track);
    return stream;
  };
  // The console's camera is kept: the direct baseline sends this very stream (same frames, same audio).
  navigator.mediaDevices.getUserMedia = async () => (window.__camera = window.__clockStream());
  // Every peer connection of the page, so the bench can read its getStats (the console keeps its own private).
  const Native = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      window.__pcs.push(this);
    }
  };
})()`;

/** Cumulative getStats counters of the live connections of a page: inbound video (receiver) and outbound video (sender). */
const RTP_STATS = (path: 'janus' | 'direct') => `(async () => {
  const out = { inbound: null, outbound: null, rttMs: null };
  for (const pc of window.__pcs.filter((p) => (p === window.__pc) === ${JSON.stringify(path === 'direct')})) {
    if (pc.connectionState !== 'connected') continue;
    const stats = await pc.getStats();
    stats.forEach((s) => {
      const codec = s.codecId && stats.get(s.codecId);
      if (s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded > 0) {
        out.inbound = { codec: codec && codec.mimeType, framesDecoded: s.framesDecoded, framesDropped: s.framesDropped, jitterBufferDelay: s.jitterBufferDelay, jitterBufferTargetDelay: s.jitterBufferTargetDelay, jitterBufferMinimumDelay: s.jitterBufferMinimumDelay, jitterBufferEmittedCount: s.jitterBufferEmittedCount, totalDecodeTime: s.totalDecodeTime, totalProcessingDelay: s.totalProcessingDelay, totalAssemblyTime: s.totalAssemblyTime, framesAssembledFromMultiplePackets: s.framesAssembledFromMultiplePackets, nackCount: s.nackCount, packetsLost: s.packetsLost, jitter: s.jitter, frameWidth: s.frameWidth, frameHeight: s.frameHeight, framesPerSecond: s.framesPerSecond, bytesReceived: s.bytesReceived, decoderImplementation: s.decoderImplementation, freezeCount: s.freezeCount, pauseCount: s.pauseCount, keyFramesDecoded: s.keyFramesDecoded };
      }
      if (s.type === 'inbound-rtp' && s.kind === 'audio' && s.packetsReceived > 0) {
        out.audio = { jitterBufferDelay: s.jitterBufferDelay, jitterBufferEmittedCount: s.jitterBufferEmittedCount, jitterBufferTargetDelay: s.jitterBufferTargetDelay };
      }
      if (s.type === 'outbound-rtp' && s.kind === 'video' && s.framesEncoded > 0) {
        out.outbound = { codec: codec && codec.mimeType, framesEncoded: s.framesEncoded, totalEncodeTime: s.totalEncodeTime, totalPacketSendDelay: s.totalPacketSendDelay, packetsSent: s.packetsSent, bytesSent: s.bytesSent, targetBitrate: s.targetBitrate, frameWidth: s.frameWidth, frameHeight: s.frameHeight, framesPerSecond: s.framesPerSecond, qualityLimitationReason: s.qualityLimitationReason, encoderImplementation: s.encoderImplementation, nackCount: s.nackCount, retransmittedPacketsSent: s.retransmittedPacketsSent, keyFramesEncoded: s.keyFramesEncoded };
      }
      if (s.type === 'candidate-pair' && s.nominated && s.currentRoundTripTime !== undefined) out.rttMs = s.currentRoundTripTime * 1000;
    });
  }
  return out;
})()`;

/** Reads the clock from every presented frame of each video element (all at once); the latencies (ms) seen during `ms`, per video. */
const readClocks = (selectors: string[], ms: number) => `Promise.all(${JSON.stringify(selectors)}.map((selector) => new Promise((resolve) => {
  const v = document.querySelector(selector);
  const c = document.createElement('canvas');
  c.width = 640;
  c.height = 360;
  const g = c.getContext('2d', { willReadFrequently: true });
  const out = [];
  const end = Date.now() + ${ms};
  // The frame's expected display time, not the time this callback runs: the callbacks of both videos run one after
  // the other in the same rendering step, and the second would otherwise also count the first's read-back.
  const onFrame = (_, meta) => {
    const now = Math.round(performance.timeOrigin + meta.expectedDisplayTime);
    g.drawImage(v, 0, 0, 640, 360);
    const px = g.getImageData(0, 0, 640, 360).data;
    let t = 0;
    for (let i = 0; i < 32; i++) {
      const x = (i % 8) * 80 + 40;
      const y = Math.floor(i / 8) * 90 + 45;
      if (px[(y * 640 + x) * 4] > 127) t = (t | (1 << i)) >>> 0;
    }
    const d = (now % 2 ** 32) - t;
    if (d >= 0 && d < 5000) out.push(d);
    if (now < end) v.requestVideoFrameCallback(onFrame);
    else resolve(out);
  };
  v.requestVideoFrameCallback(onFrame);
})))`;

/** When the first frame of the (first) remote tile is presented. */
const FIRST_FRAME = `new Promise((resolve) => {
  const poll = () => {
    const v = document.querySelector('[data-testid="meet-remote"] video');
    if (v && v.srcObject) v.requestVideoFrameCallback(() => resolve(Date.now()));
    else setTimeout(poll, 5);
  };
  poll();
})`;

type Counters = Record<string, number | string | undefined>;
interface RtpSnapshot {
  inbound: Counters | null;
  outbound: Counters | null;
  audio?: Counters;
  rttMs: number | null;
}
const num = (c: Counters | null | undefined, k: string) => Number(c?.[k] ?? Number.NaN);
/** Per-frame means over a window, from two snapshots: where the time between the sender's encoder and the receiver's renderer goes. */
function perFrame(rx0: RtpSnapshot, rx1: RtpSnapshot, tx0: RtpSnapshot, tx1: RtpSnapshot, secs: number) {
  const d = (a: RtpSnapshot, b: RtpSnapshot, side: 'inbound' | 'outbound', k: string) => num(b[side], k) - num(a[side], k);
  const ms = (x: number) => round2(x * 1000);
  const decoded = d(rx0, rx1, 'inbound', 'framesDecoded');
  const emitted = d(rx0, rx1, 'inbound', 'jitterBufferEmittedCount');
  const encoded = d(tx0, tx1, 'outbound', 'framesEncoded');
  const audioEmitted = num(rx1.audio, 'jitterBufferEmittedCount') - num(rx0.audio, 'jitterBufferEmittedCount');
  return {
    codec: { tx: tx1.outbound?.codec, rx: rx1.inbound?.codec },
    size: `${String(tx1.outbound?.frameWidth)}x${String(tx1.outbound?.frameHeight)}→${String(rx1.inbound?.frameWidth)}x${String(rx1.inbound?.frameHeight)}`,
    fps: { encoded: round2(encoded / secs), decoded: round2(decoded / secs) },
    kbps: { sent: round2((d(tx0, tx1, 'outbound', 'bytesSent') * 8) / secs / 1000), target: round2(num(tx1.outbound, 'targetBitrate') / 1000) },
    encodeMs: ms(d(tx0, tx1, 'outbound', 'totalEncodeTime') / encoded),
    packetSendDelayMs: ms(d(tx0, tx1, 'outbound', 'totalPacketSendDelay') / d(tx0, tx1, 'outbound', 'packetsSent')),
    assemblyMs: ms(d(rx0, rx1, 'inbound', 'totalAssemblyTime') / d(rx0, rx1, 'inbound', 'framesAssembledFromMultiplePackets')),
    jitterBufferMs: ms(d(rx0, rx1, 'inbound', 'jitterBufferDelay') / emitted),
    jitterBufferTargetMs: ms(d(rx0, rx1, 'inbound', 'jitterBufferTargetDelay') / emitted),
    jitterBufferMinimumMs: ms(d(rx0, rx1, 'inbound', 'jitterBufferMinimumDelay') / emitted),
    audioJitterBufferMs: ms((num(rx1.audio, 'jitterBufferDelay') - num(rx0.audio, 'jitterBufferDelay')) / audioEmitted),
    decodeMs: ms(d(rx0, rx1, 'inbound', 'totalDecodeTime') / decoded),
    processingMs: ms(d(rx0, rx1, 'inbound', 'totalProcessingDelay') / decoded),
    dropped: d(rx0, rx1, 'inbound', 'framesDropped'),
    nacks: d(rx0, rx1, 'inbound', 'nackCount'),
    lost: d(rx0, rx1, 'inbound', 'packetsLost'),
    rttMs: rx1.rttMs,
    interarrivalJitterMs: ms(num(rx1.inbound, 'jitter')),
    encoder: tx1.outbound?.encoderImplementation,
    limited: tx1.outbound?.qualityLimitationReason,
  };
}

const JANUS_VIDEO = '[data-testid="meet-remote"] video';
const DIRECT_VIDEO = '#direct';

/**
 * Both paths read on `rx` in the same window (the call through Janus and the direct connection are up together), with
 * the RTP counters of both pages around it: the machine's load, shared here, falls on both paths alike.
 */
async function measureBoth(tx: Page, rx: Page) {
  const snap = () => Promise.all((['janus', 'direct'] as const).flatMap((p) => [tx.evaluate(RTP_STATS(p)), rx.evaluate(RTP_STATS(p))])) as Promise<RtpSnapshot[]>;
  const before = await snap();
  const at = performance.now();
  const [janus, direct] = (await rx.evaluate(readClocks([JANUS_VIDEO, DIRECT_VIDEO], flags.latencySec * 1000))) as number[][];
  const after = await snap();
  const secs = (performance.now() - at) / 1000;
  const stats = {
    janus: perFrame(before[1]!, after[1]!, before[0]!, after[0]!, secs),
    direct: perFrame(before[3]!, after[3]!, before[2]!, after[2]!, secs),
  };
  log(`through Janus: ${janus!.length} frames, p50 ${percentile(janus!, 50)} ms`, stats.janus);
  log(`direct: ${direct!.length} frames, p50 ${percentile(direct!, 50)} ms`, stats.direct);
  return { janus: janus!, direct: direct!, stats };
}

const dataDir = mkdtempSync(join(tmpdir(), 'zz-bench-meet-'));
const servers: BrowserServer[] = [];
watchdog(300_000, () => {
  for (const s of servers) void s.kill();
});

async function openBrowser(): Promise<{ browser: Browser; pid: number }> {
  const server = await chromium.launchServer({ executablePath: CHROMIUM, args: ARGS });
  servers.push(server);
  const browser = await chromium.connect(server.wsEndpoint());
  return { browser, pid: server.process().pid! };
}

async function consolePage(browser: Browser, url: string, user: string, clock: boolean): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 800 }, locale: 'zh-CN', permissions: ['camera', 'microphone'] });
  if (clock) await ctx.addInitScript({ content: CLOCK_CAMERA });
  const page = await ctx.newPage();
  await loginConsole(page, '/', user);
  return page;
}

/** utime + stime of a process and all its descendants, in ticks. */
const treeTicks = (root: number): number => ticksOf(descendants(root));

async function main() {
  const server = await startCentreServer({ dataDir, seedDemo: true, port: 0, host: '127.0.0.1', log: () => {}, meet: { enabled: true, iceInterfaces: [IFACE!] }, video: { enabled: false } });
  for (let i = 0; i < 100 && !(server.janus.available && server.janus.state() === 'up'); i++) await sleep(100);
  if (!server.janus.available || server.janus.state() !== 'up') throw new Error('janus did not come up');
  log('server', server.url);

  // ---- set-up time and latency: county and t01, each in a Chromium of its own ----
  const a = await openBrowser();
  const b = await openBrowser();
  const county = await consolePage(a.browser, server.url, 'duty1', true);
  const t01 = await consolePage(b.browser, server.url, 't01', true);
  await county.getByTestId('tab-command').click();
  const setups: number[] = [];
  for (let i = 0; i < flags.calls; i++) {
    const firstFrame = county.evaluate(FIRST_FRAME) as Promise<number>;
    const dialAt = (await county.evaluate('Date.now()')) as number;
    await county.getByTestId('board-tile').filter({ hasText: '城关镇' }).getByTestId('tile-call').click();
    await t01.getByTestId('meet-answer').click();
    setups.push((await firstFrame) - dialAt);
    log(`call ${i + 1}: ${setups.at(-1)} ms`);
    if (i < flags.calls - 1) {
      await county.getByTestId('meet-hangup').click();
      await t01.getByTestId('meet-panel').waitFor({ state: 'detached' });
      await sleep(300);
    }
  }
  // Direct baseline between the same two pages, while the call is up: a plain RTCPeerConnection each side sending the
  // console's own camera stream (the one it publishes to Janus), both ways like the call, each page showing the other.
  const gather = `new Promise((r) => (pc.iceGatheringState === 'complete' ? r() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r())))`;
  const directPeer = (remote: { type: 'offer' | 'answer'; sdp: string } | null) => `(async () => {
    const remote = ${JSON.stringify(remote)};
    const pc = window.__pc || new RTCPeerConnection({ iceServers: [] });
    if (!window.__pc) {
      window.__pc = pc;
      const v = document.createElement('video');
      v.id = 'direct';
      // Shown like the console shows a participant (the tile's size, on screen, sound on): a video that is off screen
      // or muted is presented on another schedule, and the comparison would measure that instead of the path.
      const r = document.querySelector(${JSON.stringify(JANUS_VIDEO)}).getBoundingClientRect();
      // Beside the tile, never over it (a covered video is not composited either).
      const left = r.left + r.width / 2 < innerWidth / 2 ? innerWidth - r.width : 0;
      Object.assign(v.style, { position: 'fixed', left: left + 'px', top: r.top + 'px', width: r.width + 'px', height: r.height + 'px', zIndex: 99999, objectFit: 'contain', background: '#000' });
      v.autoplay = true;
      v.playsInline = true;
      document.body.appendChild(v);
      pc.addEventListener('track', (e) => { v.srcObject = e.streams[0] || new MediaStream([e.track]); });
      const s = window.__camera;
      for (const t of s.getTracks()) pc.addTrack(t, s);
    }
    if (remote) await pc.setRemoteDescription(remote);
    if (remote && remote.type === 'answer') return null;
    await pc.setLocalDescription(remote ? await pc.createAnswer() : await pc.createOffer());
    await ${gather};
    return pc.localDescription.sdp;
  })()`;
  const offer = (await county.evaluate(directPeer(null))) as string;
  const answer = (await t01.evaluate(directPeer({ type: 'offer', sdp: offer }))) as string;
  await county.evaluate(directPeer({ type: 'answer', sdp: answer }));
  for (const p of [county, t01]) await p.evaluate(`new Promise((r) => document.getElementById('direct').requestVideoFrameCallback(() => r()))`);
  await sleep(1500);
  const lat = await measureBoth(county, t01);
  const path = await county.getByTestId('meet-path').textContent();
  for (const p of [county, t01]) await p.evaluate(`window.__pc.close(); document.getElementById('direct').remove()`);
  await county.getByTestId('meet-hangup').click();
  await t01.getByTestId('meet-panel').waitFor({ state: 'detached' });
  const janusP50 = percentile(lat.janus, 50);
  const directP50 = percentile(lat.direct, 50);
  const latency = {
    latencyMsP50: { janus: janusP50, direct: directP50 },
    latencyMsP95: { janus: percentile(lat.janus, 95), direct: percentile(lat.direct, 95) },
    latencyRatio: round2(janusP50 / directP50),
    latencyFrames: { janus: lat.janus.length, direct: lat.direct.length },
    target: { ratioMax: 1.5, p50MaxMs: 400, met: janusP50 <= 400 && janusP50 / directP50 <= 1.5 },
    // Where each path's time goes (per-frame means from getStats over the window): a gap in latency shows up here.
    pipelineMs: Object.fromEntries(
      Object.entries(lat.stats).map(([k, v]) => [k, { encode: v.encodeMs, jitterBuffer: v.jitterBufferMs, jitterBufferTarget: v.jitterBufferTargetMs, decode: v.decodeMs, processing: v.processingMs, fps: v.fps.decoded, kbps: v.kbps.sent, codec: v.codec.rx, size: v.size }]),
    ),
    mediaPath: path,
  };
  if (flags.cpuSec === 0) {
    process.stdout.write(`${JSON.stringify({ bench: 'meeting', setupMsP50: percentile(setups, 50), setupMs: setups, ...latency, stats: lat.stats })}\n`);
    return;
  }
  // ---- CPU: 1 county + 4 townships in one meeting, each Chromium its own ----
  const others = [b];
  for (let i = 0; i < 3; i++) others.push(await openBrowser());
  const towns: Page[] = [t01];
  for (let i = 1; i < 4; i++) towns.push(await consolePage(others[i]!.browser, server.url, `t0${i + 1}`, false));
  const townIds = await Promise.all(['t01', 't02', 't03', 't04'].map(async (u) => (server.db.prepare('SELECT centre_id AS id FROM users WHERE username = ?').get(u) as { id: number }).id));
  await county.getByTestId('meet-open').click();
  await county.getByTestId('meet-open-all').uncheck();
  for (const id of townIds) await county.locator(`[data-testid="meet-open-unit"][data-centre-id="${id}"]`).check();
  await county.getByTestId('meet-open-start').click();
  for (const t of towns) await t.getByTestId('meet-join').click();
  const everyoneReceives = async (p: Page) => {
    for (let i = 0; i < 300; i++) {
      const frames = (await p.evaluate(`[...document.querySelectorAll('[data-testid="meet-remote"] video')].map((v) => v.getVideoPlaybackQuality().totalVideoFrames)`)) as number[];
      if (frames.length === 4 && frames.every((f) => f > 5)) return;
      await sleep(200);
    }
    throw new Error('not everyone receives everyone');
  };
  for (const p of [county, ...towns]) await everyoneReceives(p);
  await sleep(2000);
  const janusPid = server.janus.pid()!;
  const all = [a, ...others];
  const t0 = { janus: treeTicks(janusPid), browsers: all.map((x) => treeTicks(x.pid)), at: performance.now() };
  await sleep(flags.cpuSec * 1000);
  const secs = (performance.now() - t0.at) / 1000;
  const pct = (ticks: number) => round2((ticks / HZ / secs) * 100);
  const janusCpu = pct(treeTicks(janusPid) - t0.janus);
  const chromiumCpu = all.map((x, i) => pct(treeTicks(x.pid) - t0.browsers[i]!));

  const result = {
    bench: 'meeting',
    setupMsP50: percentile(setups, 50),
    setupMs: setups,
    ...latency,
    cpuPercent: { janus: janusCpu, chromium: { county: chromiumCpu[0], townships: chromiumCpu.slice(1) } },
    participants: 5,
    cores: (await import('node:os')).cpus().length,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  for (const s of servers) await s.close().catch(() => {});
  await server.close();
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const s of servers) await s.kill().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
    process.exit();
  });
