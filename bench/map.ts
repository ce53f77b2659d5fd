// npm run bench:map — the map with 100,000 incidents in headless Chromium, against the real console and centre server.
// Prints one JSON line: time to the first rendered frame with clusters, and time to apply 100 live updates, for the
// console's way (feature index → one GeoJSONSource.updateData diff per animation frame) beside a baseline of the same
// data set in a second map on the same page, loaded and updated with plain setData (the whole collection each time).
//
//   npm run bench:map [-- --incidents 100000 --updates 100 --runs 3]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { startCentreProcess } from './lib/serverProcess.ts';
import { intFlags, log, round2, maxOf } from './lib/util.ts';

const flags = intFlags({ incidents: 100_000, updates: 100, runs: 3 });
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TARGET_FIRST_FRAME_MS = 1500;

if (!existsSync(join(import.meta.dirname, '../dist/renderer/index.html'))) {
  log('dist/renderer is missing: run `npm run build` first');
  process.exit(2);
}

// Runs in the page. Plain JavaScript (the node-side tsconfig has no DOM types); `window.__zzMap` is the live map's
// controller (renderer/map/controller.ts).
const PAGE_BENCH = String.raw`async ({ n, updates, mode }) => {
  const ctl = window.__zzMap;
  const live = ctl.map;
  const MlMap = live.constructor;
  const raf = () => new Promise((r) => requestAnimationFrame(() => r()));
  // Each live update arrives in a task of its own, as socket.io delivers messages (a MessageChannel post: a macrotask
  // without setTimeout's 4 ms clamp).
  const chan = new MessageChannel();
  const waiting = [];
  chan.port1.onmessage = () => waiting.shift()?.();
  const tick = () => new Promise((r) => { waiting.push(r); chan.port2.postMessage(0); });
  const idle = (map) => new Promise((r) => { const t = setTimeout(r, 30000); map.once('idle', () => { clearTimeout(t); r(); }); });

  // 100,000 incidents over the county (seeded, so every run and both paths get the same data), the last 30 days.
  const now = Date.now();
  let s = 2026;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const STATES = ['reported', 'accepted', 'assigned', 'handling', 'resolved', 'archived'];
  const PRI = ['simple', 'general', 'complex'];
  const list = [];
  for (let i = 1; i <= n; i++) {
    const at = now - Math.floor(rnd() * 29 * 86400000);
    list.push({ id: i, code: 'B' + i, category: 'dispute', priority: PRI[i % 3], state: STATES[i % 6], lon: 101.92 + rnd() * 0.52, lat: 24.82 + rnd() * 0.41,
      overdue: i % 17 === 0, reportedAt: at, updatedAt: at, description: '', gridName: null, holderCentreName: '' });
  }
  const changed = (k) => ({ ...list[(k * 997) % n], state: 'handling', overdue: true, updatedAt: now + k + 1 });

  // When the first frame that draws a cluster is on screen.
  const firstClusterFrame = (map, layer, t0) => new Promise((resolve) => {
    const onRender = () => {
      if (map.queryRenderedFeatures({ layers: [layer] }).length > 0) { map.off('render', onRender); resolve(performance.now() - t0); }
    };
    map.on('render', onRender);
  });

  if (mode === 'baseline') {
    // A second map on the same page, same size, same basemap data, same cluster options and layers.
    const style = live.getStyle();
    style.sources['zz-areas'].data = await live.getSource('zz-areas').getData();
    style.sources['zz-grids'].data = await live.getSource('zz-grids').getData();
    for (const k of Object.keys(style.sources)) if (!['zz-areas', 'zz-grids', 'zz-incidents'].includes(k)) delete style.sources[k];
    style.layers = style.layers.filter((l) => !l.source || ['zz-areas', 'zz-grids', 'zz-incidents'].includes(l.source));
    const box = live.getContainer();
    const el = document.createElement('div');
    el.style.cssText = 'position:absolute;inset:0;z-index:5';
    box.appendChild(el);
    const map = new MlMap({ container: el, style, center: live.getCenter(), zoom: live.getZoom(), fadeDuration: 0, attributionControl: false });
    await idle(map);
    const src = map.getSource('zz-incidents');
    const t0 = performance.now();
    const fc = { type: 'FeatureCollection', features: list.map((i) => ({ type: 'Feature', id: i.id, geometry: { type: 'Point', coordinates: [i.lon, i.lat] },
      properties: { p: PRI.indexOf(i.priority), c: i.state === 'resolved' || i.state === 'archived' ? 1 : 0, o: i.overdue ? 1 : 0, n: 0, s: i.state } })) };
    const frame = firstClusterFrame(map, 'zz-inc-cluster', t0);
    src.setData(fc);
    const firstFrameMs = await frame;
    await idle(map);
    // Live updates the plain way: patch the collection, setData the whole of it, once per message.
    const byId = new Map(fc.features.map((f) => [f.id, f]));
    let mainThreadMs = 0;
    const u0 = performance.now();
    for (let k = 0; k < updates; k++) {
      await tick();
      const c = changed(k);
      const a = performance.now();
      const f = byId.get(c.id);
      f.properties = { ...f.properties, s: c.state, o: 1 };
      src.setData(fc);
      mainThreadMs += performance.now() - a;
    }
    await idle(map);
    const updatesMs = performance.now() - u0;
    // One change on its own, as most live updates come: time until it is drawn.
    const single = [];
    for (let k = 0; k < 5; k++) {
      const c = changed(updates + k);
      const a = performance.now();
      const f = byId.get(c.id);
      f.properties = { ...f.properties, s: c.state, o: 1 };
      src.setData(fc);
      await idle(map);
      single.push(performance.now() - a);
    }
    map.remove();
    el.remove();
    return { firstFrameMs, updatesMs, mainThreadMs, calls: updates, singleMs: single };
  }

  // The console's way.
  const t0 = performance.now();
  const frame = firstClusterFrame(live, 'zz-inc-cluster', t0);
  ctl.loadIncidents(list);
  const firstFrameMs = await frame;
  await idle(live);
  const before = { ...ctl.stats };
  let mainThreadMs = 0;
  const u0 = performance.now();
  for (let k = 0; k < updates; k++) {
    await tick();
    const a = performance.now();
    ctl.queueIncidents([changed(k)]);
    mainThreadMs += performance.now() - a;
  }
  // On screen: changes are drawn in arrival order, each within a frame, so the last one drawn (in the live overlay,
  // or already in the clustered source) means all are.
  const lastId = changed(updates - 1).id;
  for (;;) {
    await raf();
    if (live.queryRenderedFeatures({ layers: ['zz-inc-hot-point'] }).some((f) => f.id === lastId) || ctl.settled) break;
    if (performance.now() - u0 > 60000) break;
  }
  const updatesMs = performance.now() - u0;
  mainThreadMs += ctl.stats.lastFlushMs;
  // The clustered source caught up (one diff, one re-cluster) and the overlay emptied.
  while (!ctl.settled && performance.now() - u0 < 60000) await new Promise((r) => setTimeout(r, 20));
  await idle(live);
  const baseCaughtUpMs = performance.now() - u0;
  const applied = ctl.index.get(changed(updates - 1).id);
  // One change on its own: time until it is drawn (in the overlay), then let the clustered source catch up.
  const single = [];
  for (let k = 0; k < 5; k++) {
    const c = changed(updates + k);
    const a = performance.now();
    ctl.queueIncidents([c]);
    for (;;) {
      await raf();
      if (live.queryRenderedFeatures({ layers: ['zz-inc-hot-point'] }).some((f) => f.id === c.id) || performance.now() - a > 30000) break;
    }
    single.push(performance.now() - a);
    while (!ctl.settled && performance.now() - a < 60000) await new Promise((r) => setTimeout(r, 20));
    await idle(live);
  }
  return { firstFrameMs, updatesMs, baseCaughtUpMs, mainThreadMs, calls: ctl.stats.diffs - before.diffs, changes: ctl.stats.changes - before.changes, fullLoads: ctl.stats.fullLoads,
    applied: applied?.state === 'handling' && applied.overdue === true, singleMs: single };
}`;

interface PageResult { singleMs: number[]; firstFrameMs: number; updatesMs: number; baseCaughtUpMs?: number; mainThreadMs: number; calls: number; changes?: number; fullLoads?: number; applied?: boolean }

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] as number;
};

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0] ?? 0;
  const dataDir = mkdtempSync(join(tmpdir(), 'zz-bench-map-'));
  const server = await startCentreProcess(dataDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--enable-unsafe-swiftshader'],
  });
  try {
    const ours: PageResult[] = [];
    const base: PageResult[] = [];
    for (let run = 0; run < flags.runs; run++) {
      // Alternate the order, so neither path always runs on a warmer page.
      for (const mode of run % 2 === 0 ? (['baseline', 'ours'] as const) : (['ours', 'baseline'] as const)) {
        // bypassCSP: the console's CSP forbids eval, and the measuring script is handed in as a string.
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', bypassCSP: true });
        const offHost: string[] = [];
        page.on('request', (r) => {
          const u = r.url();
          if (!u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).hostname !== '127.0.0.1') offHost.push(u);
        });
        await page.goto(server.url);
        await page.getByTestId('login-username').fill('duty1');
        await page.getByTestId('login-password').fill('Demo@2026');
        await page.getByTestId('login-submit').click();
        await page.waitForSelector('[data-testid="conn-state"][data-state="connected"]');
        await page.goto(`${server.url}/#map`);
        await page.waitForSelector('[data-testid="map-canvas"][data-ready="true"]', { timeout: 60_000 });
        await page.waitForFunction('window.__zzMap && window.__zzMap.map.loaded() && window.__zzMap.map.areTilesLoaded()', null, { timeout: 60_000 });
        await page.getByTestId('map-window-30d').click();
        const r = (await page.evaluate(`(${PAGE_BENCH})(${JSON.stringify({ n: flags.incidents, updates: flags.updates, mode })})`)) as PageResult;
        if (offHost.length) throw new Error(`requests left 127.0.0.1: ${offHost.slice(0, 3).join(', ')}`);
        log(`run ${run + 1} ${mode}`, r);
        (mode === 'ours' ? ours : base).push(r);
        await page.close();
      }
    }
    const firstOurs = median(ours.map((r) => r.firstFrameMs));
    const firstBase = median(base.map((r) => r.firstFrameMs));
    const updOurs = median(ours.map((r) => r.updatesMs));
    const updBase = median(base.map((r) => r.updatesMs));
    const result = {
      bench: 'map',
      incidents: flags.incidents,
      updates: flags.updates,
      runs: flags.runs,
      renderer: 'headless Chromium, SwiftShader (software WebGL)',
      /** The machine is shared: its 1-minute load average at the start and the end of the run (2 cores). */
      loadAvg: [round2(loadAtStart), round2(loadavg()[0] ?? 0)],
      firstFrameMs: { ours: round2(firstOurs), baselineSetData: round2(firstBase), targetMs: TARGET_FIRST_FRAME_MS, pass: firstOurs <= TARGET_FIRST_FRAME_MS },
      updatesMs: {
        /** All 100 drawn on screen (the live overlay). */
        ours: round2(updOurs),
        /** …and the clustered source caught up with them (one diff). */
        oursClustersCaughtUp: round2(median(ours.map((r) => r.baseCaughtUpMs ?? Number.NaN))),
        /** The same 100 as setData of the whole collection per message, until drawn. */
        baselineSetData: round2(updBase),
        speedup: round2(updBase / updOurs),
        oursMainThreadMs: round2(median(ours.map((r) => r.mainThreadMs))),
        baselineMainThreadMs: round2(median(base.map((r) => r.mainThreadMs))),
        oursSourceCalls: median(ours.map((r) => r.calls)),
        baselineSourceCalls: flags.updates,
        /** One change on its own until drawn (median of 5 per run). */
        singleOursMs: round2(median(ours.flatMap((r) => r.singleMs))),
        singleBaselineMs: round2(median(base.flatMap((r) => r.singleMs))),
        oursFullReloads: maxOf(ours.map((r) => r.fullLoads ?? 0)) - 1, // the first load is the only setData
        applied: ours.every((r) => r.applied),
      },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
