// Attention benchmark: how long from a grid member's report being committed to the county duty officer's console (the
// real UI in Chromium) counting it in 待办 and raising the alarm, with N township consoles connected — against a raw
// socket.io client of the same server receiving the report's envelope, in the same run.
//   npm run bench:attention -- [--clients 300] [--reports 50] [--warmup 3] [--gap 150] [--timeout 5000]
// Prints one JSON line on stdout; progress goes to stderr. Needs the built console (`npx vite build`).
//
// t0 is the wall time the HTTP reply of POST /api/incidents arrives (the commit is acknowledged); the page records, with
// a MutationObserver, the wall time the header's 待办 count reached its new value and the time the alarm for the report
// was raised (the assertive live region the alarm tone and notification come with). ui = the later of the two.
// baseline = the wall time a plain socket.io client of the county receives the report's `incident.updated` envelope.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startCentreServer, DEFAULT_STATIC_DIR, type CentreServer } from '../app/server.ts';
import { generateDemoCounty } from '../app/domain/demoCounty.ts';
import { DEMO_PASSWORD } from '../app/store/seed.ts';
import type { Incident } from '../protocol/index.ts';
import { DurableConsole } from './lib/console.ts';
import { Fleet } from './lib/fleet.ts';
import { login, loginTownships } from './lib/http.ts';
import { runBenchmark, intFlags, log, percentile, round2, sleep, wallNow, watchdog, withTimeout } from './lib/util.ts';

const flags = intFlags({ clients: 300, reports: 50, warmup: 3, gap: 150, timeout: 5000 });
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const GRID_MEMBER = 'g00100101';

const dataDir = mkdtempSync(join(tmpdir(), 'zz-bench-attention-'));
let server: CentreServer | null = null;
let fleet: Fleet | null = null;
let browser: Browser | null = null;
let raw: DurableConsole | null = null;

watchdog(Math.max(240_000, flags.clients * 400 + flags.reports * (flags.timeout + 1000)), () => {
  fleet?.kill();
});

async function cleanup(): Promise<void> {
  raw?.close();
  await browser?.close().catch(() => {});
  await fleet?.stop().catch((e: unknown) => log('fleet stop failed', String(e)));
  await server?.close().catch((e: unknown) => log('server close failed', String(e)));
  rmSync(dataDir, { recursive: true, force: true });
}

/** In the page (a string: this file is compiled without the DOM types): every change of the header's 待办 count and of
 * the alarm announcement, with its wall time. */
const RECORDER = `(() => {
  const r = (window.__zz = { counts: [], alarms: [] });
  let lastCount = '';
  let lastAlarm = '';
  const at = () => performance.timeOrigin + performance.now();
  const record = () => {
    const c = document.querySelector('[data-testid="queue-count"]')?.textContent ?? '';
    if (c !== lastCount) { lastCount = c; r.counts.push([Number(c), at()]); }
    const a = document.querySelector('[data-testid="alarm-announce"]')?.dataset.alarm ?? '';
    if (a !== lastAlarm) { lastAlarm = a; r.alarms.push([a, at()]); }
  };
  new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-alarm'] });
  record();
})()`;

/** When the page had counted `n` and announced `alarm` (wall times), or null while it has not. */
const seenScript = (n: number, alarm: string) => `(() => {
  const r = window.__zz;
  const c = r.counts.find(([v]) => v >= ${n});
  const a = r.alarms.find(([v]) => v === ${JSON.stringify(alarm)});
  return c && a ? [c[1], a[1]] : null;
})()`;

async function countyPage(url: string): Promise<Page> {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-background-timer-throttling'] });
  const page = await browser.newPage({ baseURL: url, viewport: { width: 1440, height: 900 }, locale: 'zh-CN', bypassCSP: true });
  await page.goto('/');
  await page.getByTestId('login-username').fill('duty1');
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.locator('[data-testid="conn-state"][data-state="connected"]').waitFor({ timeout: 30_000 });
  await page.locator('[data-testid="queue-count"]').waitFor();
  await page.evaluate(RECORDER);
  return page;
}

async function run() {
  if (!existsSync(join(DEFAULT_STATIC_DIR, 'index.html'))) throw new Error('dist/renderer is missing: run `npx vite build` first');
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  server = await startCentreServer({ dataDir, port: 0, host: '127.0.0.1', log: (msg, err) => log(`[centre] ${msg}`, String(err ?? '')) });
  const url = server.url;
  log(`centre ${url} (data ${dataDir}), ${flags.clients} township consoles, ${flags.reports} reports`);

  fleet = new Fleet();
  const o = await fleet.open('durable', url, await loginTownships(url), flags.clients);
  log(`fleet: ${o.ok} consoles connected and synced in ${o.ms.toFixed(0)} ms${o.failed ? `, ${o.failed} FAILED (${o.firstError})` : ''}`);

  // The baseline: a plain socket.io client of the county (another duty officer), receipt time of each report's envelope.
  raw = new DurableConsole((await login(url, 'duty2')).token);
  await raw.connect(url);
  const rawAt = new Map<number, number>();
  raw.socket?.on('stream', (env) => {
    const at = wallNow();
    if (env.event.kind === 'incident.updated' && env.event.incident.state === 'reported' && !rawAt.has(env.event.incident.id)) rawAt.set(env.event.incident.id, at);
  });

  const page = await countyPage(url);
  const grid = await login(url, GRID_MEMBER);
  const grids = generateDemoCounty().townships.flatMap((t) => t.villages.flatMap((v) => v.grids));
  const centre = (g: (typeof grids)[number]) => {
    const pts = g.ring.slice(0, -1);
    return { lon: pts.reduce((s, p) => s + p[0], 0) / pts.length, lat: pts.reduce((s, p) => s + p[1], 0) / pts.length, crs: 'wgs84' };
  };

  const base = Number(await page.getByTestId('queue-count').textContent());
  const ui: number[] = [];
  const countMs: number[] = [];
  const alarmMs: number[] = [];
  const rawMs: number[] = [];
  const replyMs: number[] = [];
  /** The same two paths measured from the moment the report was sent (the envelope can overtake the HTTP reply). */
  const uiSend: number[] = [];
  const rawSend: number[] = [];
  let lost = 0;
  for (let k = 0; k < flags.warmup + flags.reports; k++) {
    const sent = wallNow();
    const res = await fetch(`${url}/api/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${grid.token}` },
      body: JSON.stringify({ idempotencyKey: `bench-attention-${k}-${Date.now()}`, category: 'dispute', description: `基准测试上报 ${k}`, location: centre(grids[(k * 7) % grids.length]!) }),
    });
    const t0 = wallNow();
    if (res.status !== 201) throw new Error(`report ${k}: HTTP ${res.status} ${await res.text()}`);
    const { incident } = (await res.json()) as { incident: Incident };
    const expected = base + k + 1;
    const key = `report:${incident.id}`;
    const seen = await withTimeout(
      page.waitForFunction(seenScript(expected, key), undefined, { polling: 20, timeout: flags.timeout }).then((h) => h.jsonValue() as Promise<[number, number]>),
      flags.timeout + 1000,
      `report ${k}`,
    ).catch(() => null);
    const rawSeen = rawAt.get(incident.id);
    if (!seen || rawSeen === undefined) {
      lost++;
      log(`report #${k} (${incident.id}): ${seen ? '' : 'page '}${rawSeen === undefined ? 'raw ' : ''}did not see it in ${flags.timeout} ms`);
    } else if (k >= flags.warmup) {
      const [c, a] = seen;
      countMs.push(c - t0);
      alarmMs.push(a - t0);
      ui.push(Math.max(c, a) - t0);
      rawMs.push(rawSeen - t0);
      replyMs.push(t0 - sent);
      uiSend.push(Math.max(c, a) - sent);
      rawSend.push(rawSeen - sent);
    }
    if ((k + 1) % 10 === 0) log(`${k + 1} reports; last ui ${ui.at(-1)?.toFixed(1)} ms, raw ${rawMs.at(-1)?.toFixed(1)} ms`);
    await sleep(flags.gap);
  }

  const stats = await fleet.report('durable');
  const p = (xs: number[], q: number) => round2(percentile(xs, q));
  return {
    bench: 'attention',
    consoles: stats.clients,
    reports: flags.reports,
    lost,
    ui_p50_ms: p(ui, 50),
    ui_p99_ms: p(ui, 99),
    ui_max_ms: p(ui, 100),
    count_p50_ms: p(countMs, 50),
    count_p99_ms: p(countMs, 99),
    alarm_p50_ms: p(alarmMs, 50),
    alarm_p99_ms: p(alarmMs, 99),
    raw_p50_ms: p(rawMs, 50),
    raw_p99_ms: p(rawMs, 99),
    http_reply_p50_ms: p(replyMs, 50),
    ui_from_send_p50_ms: p(uiSend, 50),
    ui_from_send_p99_ms: p(uiSend, 99),
    raw_from_send_p50_ms: p(rawSend, 50),
    raw_from_send_p99_ms: p(rawSend, 99),
    target_p99_ms: 1000,
    meets_target: percentile(ui, 99) <= 1000 && lost === 0,
    run_s: 0,
  };
}

await runBenchmark(run, cleanup);
