// npm run bench:stats — the 统计 view's queries over 1,000,000 incidents, 200,000 alert deliveries and 100,000 order
// deliveries (three years, generated straight into SQLite), for a month and for a year, county-wide and for one
// township: p50/p99 of the counters kept on write (migration 0016) beside the same figures by a plain GROUP BY over the
// base tables, measured in the same run, with every answer of the two checked equal. Then the big screen's first render
// in Chromium against the real server on those data. Prints one JSON line.
//
//   npm run bench:stats [-- --incidents 1000000 --alerts 200000 --orders 100000 --runs 10]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chromium } from '@playwright/test';
import type { LoginResponse, StatKind } from '../protocol/index.ts';
import { STAT_KINDS } from '../protocol/index.ts';
import { migrate } from '../app/store/db.ts';
import { seedDemoCounty, DEMO_PASSWORD } from '../app/store/seed.ts';
import { createStatsStore, type Area } from '../app/store/stats.ts';
import { dayOf } from '../app/domain/stats.ts';
import { startCentreProcess } from './lib/serverProcess.ts';
import { intFlags, log, percentile, round2 } from './lib/util.ts';

const flags = intFlags({ incidents: 1_000_000, alerts: 200_000, orders: 100_000, runs: 10 });
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TARGET_P99_MS = 200;
const TARGET_SCREEN_MS = 2000;
const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;

let seed = 2026;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;

const dir = mkdtempSync(join(tmpdir(), 'zz-bench-stats-'));
const file = join(dir, 'centre.db');
const now = Date.now();

async function generate(): Promise<{ genMs: number; backfillMs: number }> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  migrate(db, 15); // everything before the stats migration: the data exist first, as in a county upgrading
  await seedDemoCounty(db);
  const t0 = performance.now();
  const grids = db.prepare(`SELECT g.id, g.village_id AS v, c.parent_id AS t, g.member_id AS m FROM grids g JOIN centres c ON c.id = g.village_id
    WHERE g.member_id IS NOT NULL`).all() as { id: number; v: number; t: number; m: number }[];
  const townships = (db.prepare("SELECT id FROM centres WHERE level = 'township'").all() as { id: number }[]).map((r) => r.id);
  const county = (db.prepare("SELECT id FROM centres WHERE level = 'county'").get() as { id: number }).id;
  const duty = (db.prepare("SELECT id FROM users WHERE username = 'duty1'").get() as { id: number }).id;
  const CATS = ['dispute', 'dispute', 'publicOrder', 'safety', 'help', 'other'];
  const span = 3 * 365 * D;
  const insInc = db.prepare(`INSERT INTO incidents (code, reporter_id, idempotency_key, category, priority, state, description, lon, lat, grid_id,
    village_id, township_id, holder_centre_id, pending_sign, reported_at, respond_by, accepted_at, resolve_by, extended_days, attempts, satisfaction,
    merged_into, updated_at) VALUES (?, ?, ?, ?, ?, ?, '', 101.9, 24.8, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, '{"village":0,"township":0,"county":0}', ?, ?, ?)`);
  const insEvt = db.prepare("INSERT INTO incident_events (incident_id, at, kind, centre_id) VALUES (?, ?, 'resolve', ?)");
  db.transaction(() => {
    for (let i = 1; i <= flags.incidents; i++) {
      const g = pick(grids);
      const reported = now - Math.floor(rnd() * span);
      const age = now - reported;
      const r = rnd();
      const accepted = r < 0.01 && age < 2 * D ? null : reported + Math.floor(rnd() * 40 * MIN);
      const extended = rnd() < 0.05 ? 3 : 0;
      const resolveBy = accepted === null ? null : accepted + (3 + extended) * D;
      const doneAt = accepted === null ? null : accepted + Math.floor(rnd() * 5 * D);
      const open = accepted === null || (doneAt as number) > now || rnd() < 0.02;
      const merged = !open && rnd() < 0.02;
      const state = accepted === null ? 'reported' : merged ? 'merged' : open ? pick(['accepted', 'handling', 'returned']) : pick(['resolved', 'followedUp', 'archived', 'archived']);
      const satisfaction = state === 'followedUp' || state === 'archived' ? 5 : state === 'handling' && rnd() < 0.3 ? 2 : null;
      const holder = state === 'reported' ? county : rnd() < 0.5 ? g.t : g.v;
      const id = Number(insInc.run(`B${i}`, g.m, `bench-${i}`, pick(CATS), pick(['simple', 'general', 'general', 'complex']), state, g.id, g.v, g.t, holder,
        reported, reported + 20 * MIN, accepted, resolveBy, extended, satisfaction, null, open || merged ? reported : (doneAt as number)).lastInsertRowid);
      if (!open && !merged) insEvt.run(id, doneAt, holder);
    }
  })();
  const insAlert = db.prepare("INSERT INTO alerts (level, title, body, raised_at, raised_by) VALUES (?, ?, '', ?, ?)");
  const insOrder = db.prepare(`INSERT INTO orders (code, period_id, title, body, priority, complete_by, issued_at, issued_by, ack_ms)
    VALUES (?, NULL, ?, '', ?, ?, ?, ?, 1800000)`);
  const insDel = db.prepare(`INSERT INTO deliveries (kind, item_id, centre_id, new_seq, state, delivered_at, signed_at, due_at, answered_at, wants_answer)
    VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?)`);
  const deliver = (kind: 'alert' | 'order', item: number, at: number, dueMs: number, completeBy: number | null) => {
    for (const t of townships) {
      const signed = rnd() < 0.97 || now - at > 60 * D ? at + Math.floor(rnd() * dueMs * 1.3) : null;
      const answered = kind === 'order' && signed !== null && rnd() < 0.9 ? signed + Math.floor(rnd() * ((completeBy ?? at + D) - at) * 1.2) : null;
      const state = answered !== null ? 'answered' : signed !== null ? 'signed' : 'delivered';
      insDel.run(kind, item, t, state, at + 1000, signed, at + dueMs, answered, kind === 'order' ? 1 : 0);
    }
  };
  db.transaction(() => {
    for (let i = 0; i < Math.ceil(flags.alerts / townships.length); i++) {
      const at = now - Math.floor(rnd() * span);
      const level = pick(['red', 'orange', 'yellow', 'blue', 'blue']);
      const id = Number(insAlert.run(level, `预警${i}`, at, duty).lastInsertRowid);
      deliver('alert', id, at, { red: 5, orange: 10, yellow: 20, blue: 30 }[level as 'red'] * MIN, null);
    }
    for (let i = 0; i < Math.ceil(flags.orders / townships.length); i++) {
      const at = now - Math.floor(rnd() * span);
      const completeBy = rnd() < 0.6 ? at + D : null;
      const id = Number(insOrder.run(`ZL${i}`, `指令${i}`, pick(['urgent', 'high', 'normal']), completeBy, at, duty).lastInsertRowid);
      deliver('order', id, at, 30 * MIN, completeBy);
    }
  })();
  const genMs = performance.now() - t0;
  const t1 = performance.now();
  migrate(db); // 0016: the facts and counters are built from what exists
  const backfillMs = performance.now() - t1;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  db.close();
  return { genMs, backfillMs };
}

function timeQueries() {
  const db = new Database(file, { readonly: true });
  const store = createStatsStore(db);
  const label = (_d: string, _k: string, key: string) => key;
  const today = dayOf(now);
  const township = (db.prepare("SELECT id FROM centres WHERE level = 'township' ORDER BY id LIMIT 1").get() as { id: number }).id;
  const areas: [string, Area][] = [
    ['month', { fromDay: today - 30, toDay: today + 1, townshipId: null }],
    ['year', { fromDay: today - 364, toDay: today + 1, townshipId: null }],
    ['month:township', { fromDay: today - 30, toDay: today + 1, townshipId: township }],
    ['year:township', { fromDay: today - 364, toDay: today + 1, townshipId: township }],
  ];
  const queries: Record<string, { counters: { p50: number; p99: number }; plain: { p50: number; p99: number }; equal: boolean; items: number }> = {};
  let allEqual = true;
  for (const [name, area] of areas) {
    for (const kind of STAT_KINDS as readonly StatKind[]) {
      const fast: number[] = [];
      const plain: number[] = [];
      let equal = true;
      let items = 0;
      for (let r = 0; r < flags.runs; r++) {
        // alternate, so both paths see the same cache state and machine load
        const a0 = performance.now();
        const f = store.kindStats(kind, area, now, label);
        fast.push(performance.now() - a0);
        const b0 = performance.now();
        const p = store.plainKindStats(kind, area, now, label);
        plain.push(performance.now() - b0);
        if (r === 0) {
          equal = isDeepStrictEqual(f, p);
          items = f.total;
          if (!equal) log(`MISMATCH ${name} ${kind}`, { f: f.rates, p: p.rates, ft: f.total, pt: p.total, fr: f.response, pr: p.response });
        }
      }
      allEqual &&= equal;
      queries[`${name}:${kind}`] = {
        counters: { p50: round2(percentile(fast, 50)), p99: round2(percentile(fast, 99)) },
        plain: { p50: round2(percentile(plain, 50)), p99: round2(percentile(plain, 99)) },
        equal,
        items,
      };
      log(name, kind, queries[`${name}:${kind}`]);
    }
  }
  // 考核: every unit's counters for a month.
  const assess: number[] = [];
  for (let r = 0; r < flags.runs; r++) {
    const t0 = performance.now();
    store.perUnit(today - 30, today + 1, now);
    assess.push(performance.now() - t0);
  }
  db.close();
  return { queries, allEqual, assessMonth: { p50: round2(percentile(assess, 50)), p99: round2(percentile(assess, 99)) } };
}

async function firstScreen(): Promise<number[]> {
  if (!existsSync(join(import.meta.dirname, '../dist/renderer/index.html')) || !existsSync(CHROMIUM)) {
    log('skipping the big screen: no dist/renderer (npm run build) or no Chromium');
    return [];
  }
  const server = await startCentreProcess(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const times: number[] = [];
  try {
    const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'commander', password: DEMO_PASSWORD }) });
    const login = (await res.json()) as LoginResponse;
    for (let r = 0; r < 3; r++) {
      const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      const session = JSON.stringify({ token: login.token, expiresAt: login.expiresAt, user: login.user });
      await ctx.addInitScript({ content: `localStorage.setItem('zz.session', ${JSON.stringify(session)});` });
      const page = await ctx.newPage();
      const t0 = performance.now();
      await page.goto(`${server.url}/cockpit`);
      // The month's figures, the map and the trend drawn (locators: the page's CSP forbids evaluating strings).
      await page.locator('[data-testid="cockpit-month-incidents"]').filter({ hasNotText: '—' }).waitFor({ timeout: 60_000 });
      await page.locator('[data-testid="cockpit-map"] canvas').waitFor({ timeout: 60_000 });
      await page.locator('[data-testid="cockpit-trend"] canvas').waitFor({ timeout: 60_000 });
      times.push(performance.now() - t0);
      log('big screen first render', round2(times.at(-1) as number), 'ms');
      await ctx.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return times;
}

/**
 * What the counters cost on write: a case's life (report, 受理, 办结 — three transactions, synchronous=FULL as the
 * server runs) on the big database with the stats triggers, then the same with them dropped (the run's last step).
 */
function writeCost(n = 1000): { withTriggersUs: number; withoutUs: number } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const g = db.prepare(`SELECT g.id, g.village_id AS v, c.parent_id AS t, g.member_id AS m FROM grids g JOIN centres c ON c.id = g.village_id
    WHERE g.member_id IS NOT NULL LIMIT 1`).get() as { id: number; v: number; t: number; m: number };
  const ins = db.prepare(`INSERT INTO incidents (code, reporter_id, idempotency_key, category, priority, state, description, lon, lat, grid_id, village_id,
    township_id, holder_centre_id, reported_at, respond_by, attempts, updated_at) VALUES (?, ?, ?, 'dispute', 'general', 'reported', '', 101.9, 24.8, ?, ?, ?, ?, ?, ?, '{}', ?)`);
  const accept = db.prepare("UPDATE incidents SET state = 'accepted', accepted_at = ?, resolve_by = ?, updated_at = ?, version = version + 1 WHERE id = ?");
  const resolve = db.prepare("UPDATE incidents SET state = 'resolved', holder_centre_id = ?, updated_at = ?, version = version + 1 WHERE id = ?");
  const run = (tag: string) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const at = now + i;
      const id = Number(db.transaction(() => ins.run(`W${tag}${i}`, g.m, `w-${tag}-${i}`, g.id, g.v, g.t, g.t, at, at + 20 * MIN, at).lastInsertRowid)());
      db.transaction(() => accept.run(at + MIN, at + 3 * D, at + MIN, id))();
      db.transaction(() => resolve.run(g.v, at + D, id))();
    }
    return round2(((performance.now() - t0) * 1000) / (n * 3));
  };
  const withTriggersUs = run('a');
  for (const t of ['stat_incident_insert', 'stat_incident_update']) db.exec(`DROP TRIGGER ${t}`);
  const withoutUs = run('b');
  db.close();
  return { withTriggersUs, withoutUs };
}

try {
  log(`generating ${flags.incidents} incidents, ${flags.alerts} alert and ${flags.orders} order deliveries in ${dir}`);
  const gen = await generate();
  log('generated', round2(gen.genMs), 'ms; migration 0016 backfill', round2(gen.backfillMs), 'ms');
  const q = timeQueries();
  const screen = await firstScreen();
  const write = writeCost();
  log('one change (own transaction, fsync)', write);
  const worstP99 = Math.max(...Object.values(q.queries).map((x) => x.counters.p99));
  const fasterEverywhere = Object.values(q.queries).every((x) => x.counters.p99 < x.plain.p99);
  console.log(JSON.stringify({
    bench: 'stats',
    incidents: flags.incidents, alertDeliveries: flags.alerts, orderDeliveries: flags.orders, runs: flags.runs,
    generateMs: round2(gen.genMs), backfillMs: round2(gen.backfillMs),
    queries: q.queries,
    assessMonthMs: q.assessMonth,
    worstP99Ms: worstP99,
    targetP99Ms: TARGET_P99_MS,
    allEqual: q.allEqual,
    fasterThanPlainEverywhere: fasterEverywhere,
    bigScreenFirstRenderMs: screen.map(round2),
    writeUsPerChange: write,
    targetBigScreenMs: TARGET_SCREEN_MS,
    load: loadavg().map(round2),
  }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
