// Meetings benchmark (issue 15): call set-up time, glass-to-glass latency through Janus against a direct peer-to-peer
// connection between the same two pages, and the CPU of Janus and of each Chromium with 1 county + 4 townships.
//   npm run bench:meeting -- [--calls 5] [--latencySec 8] [--cpuSec 10]
// Runs inside a network namespace of its own (tests/meet/netns.sh, as the npm script does): every packet stays there.
// Prints one JSON line on stdout; progress goes to stderr.
//
//   set-up: the county clicks 一键通 on 城关镇's tile; t01 answers as soon as it rings; until the county's first decoded
//           frame of t01 (requestVideoFrameCallback). p50 over --calls calls, each a fresh call.
//   latency: each page's camera is replaced (before the console loads) by a canvas that paints Date.now() as 32 black or
//           white blocks at 30 fps; the receiving page reads the blocks back from every presented frame and subtracts.
//           Through Janus: county → t01 in a call. Baseline, same run, same two pages: an RTCPeerConnection between
//           them (SDP passed by this script), the same canvas stream, the same reader.
//   CPU: a 视频会商 of the county and four townships, each in a Chromium of its own; CPU % of Janus and of each
//        Chromium's process tree over --cpuSec once everyone receives everyone.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserServer, type Page } from 'playwright-core';
import { startCentreServer } from '../app/server.ts';
import { intFlags, log, percentile, round2, sleep, watchdog } from './lib/util.ts';

const flags = intFlags({ calls: 5, latencySec: 8, cpuSec: 10 });
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
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
  navigator.mediaDevices.getUserMedia = async () => window.__clockStream();
})()`;

/** Reads the clock from every presented frame of a video element; the latencies (ms) seen during `ms`. */
const readClock = (selector: string, ms: number) => `new Promise((resolve) => {
  const v = document.querySelector(${JSON.stringify(selector)});
  const c = document.createElement('canvas');
  c.width = 640;
  c.height = 360;
  const g = c.getContext('2d', { willReadFrequently: true });
  const out = [];
  const end = Date.now() + ${ms};
  const onFrame = () => {
    const now = Date.now();
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
})`;

/** When the first frame of the (first) remote tile is presented. */
const FIRST_FRAME = `new Promise((resolve) => {
  const poll = () => {
    const v = document.querySelector('[data-testid="meet-remote"] video');
    if (v && v.srcObject) v.requestVideoFrameCallback(() => resolve(Date.now()));
    else setTimeout(poll, 5);
  };
  poll();
})`;

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
  await page.goto('/');
  await page.getByTestId('login-username').fill(user);
  await page.getByTestId('login-password').fill('Demo@2026');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('conn-state').and(page.locator('[data-state="connected"]')).waitFor();
  return page;
}

/** utime + stime of a process and all its descendants, in ticks. */
function treeTicks(root: number): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(d), Number(f[1]));
      ticks.set(Number(d), Number(f[11]) + Number(f[12]));
    } catch {
      /* gone */
    }
  }
  let sum = 0;
  for (const [pid, t] of ticks) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        sum += t;
        break;
      }
    }
  }
  return sum;
}

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
  await sleep(1500);
  const viaJanus = (await t01.evaluate(readClock('[data-testid="meet-remote"] video', flags.latencySec * 1000))) as number[];
  log(`through Janus: ${viaJanus.length} frames`);
  const path = await county.getByTestId('meet-path').textContent();
  await county.getByTestId('meet-hangup').click();
  await t01.getByTestId('meet-panel').waitFor({ state: 'detached' });

  // Direct baseline between the same two pages.
  const gather = `new Promise((r) => (pc.iceGatheringState === 'complete' ? r() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r())))`;
  const offer = (await county.evaluate(`(async () => {
    const pc = new RTCPeerConnection({ iceServers: [] });
    window.__pc = pc;
    const s = window.__clockStream();
    for (const t of s.getTracks()) pc.addTrack(t, s);
    await pc.setLocalDescription(await pc.createOffer());
    await ${gather};
    return pc.localDescription.sdp;
  })()`)) as string;
  const answer = (await t01.evaluate(`(async () => {
    const pc = new RTCPeerConnection({ iceServers: [] });
    window.__pc = pc;
    const v = document.createElement('video');
    v.id = 'direct';
    v.muted = true;
    v.autoplay = true;
    document.body.appendChild(v);
    pc.addEventListener('track', (e) => { v.srcObject = e.streams[0] || new MediaStream([e.track]); });
    await pc.setRemoteDescription({ type: 'offer', sdp: ${JSON.stringify('__OFFER__')} });
    await pc.setLocalDescription(await pc.createAnswer());
    await ${gather};
    return pc.localDescription.sdp;
  })()`.replace('"__OFFER__"', JSON.stringify(offer)))) as string;
  await county.evaluate(`window.__pc.setRemoteDescription({ type: 'answer', sdp: ${JSON.stringify(answer)} })`);
  await t01.evaluate(`new Promise((r) => document.getElementById('direct').requestVideoFrameCallback(() => r()))`);
  await sleep(1500);
  const direct = (await t01.evaluate(readClock('#direct', flags.latencySec * 1000))) as number[];
  log(`direct: ${direct.length} frames`);
  await county.evaluate('window.__pc.close()');
  await t01.evaluate('window.__pc.close()');

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

  const janusP50 = percentile(viaJanus, 50);
  const directP50 = percentile(direct, 50);
  const result = {
    bench: 'meeting',
    setupMsP50: percentile(setups, 50),
    setupMs: setups,
    latencyMsP50: { janus: janusP50, direct: directP50 },
    latencyMsP95: { janus: percentile(viaJanus, 95), direct: percentile(direct, 95) },
    latencyRatio: round2(janusP50 / directP50),
    latencyFrames: { janus: viaJanus.length, direct: direct.length },
    target: { ratioMax: 1.5, p50MaxMs: 400, met: janusP50 <= 400 && janusP50 / directP50 <= 1.5 },
    cpuPercent: { janus: janusCpu, chromium: { county: chromiumCpu[0], townships: chromiumCpu.slice(1) } },
    participants: 5,
    mediaPath: path,
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
