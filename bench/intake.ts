// npm run bench:intake [-- --reports 4000 --concurrency 64 --stored 1000000]
// One JSON line: durable incident reports committed per second through the real HTTP intake path (validation, grid
// lookup, near-duplicate check, group commit with ledger and outbox), beside a raw better-sqlite3 baseline measured in
// the same run; and the p99 of a map-viewport query over N stored incidents answered from the R*Tree index.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startCentreServer } from '../app/server.ts';
import { generateDemoCounty } from '../app/domain/demoCounty.ts';
import { seededRandom } from '../app/domain/random.ts';
import { DEMO_PASSWORD } from '../app/store/seed.ts';
import { createIncidentStore } from '../app/store/incidents.ts';
import { IncidentFilter } from '../protocol/index.ts';

const { values } = parseArgs({
  options: { reports: { type: 'string', default: '4000' }, concurrency: { type: 'string', default: '64' }, stored: { type: 'string', default: '1000000' }, queries: { type: 'string', default: '500' } },
});
const REPORTS = Number(values.reports);
const CONCURRENCY = Number(values.concurrency);
const STORED = Number(values.stored);
const QUERIES = Number(values.queries);
const log = (...a: unknown[]) => console.error('[bench:intake]', ...a);
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
};
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

const dir = mkdtempSync(join(tmpdir(), 'zz-bench-intake-'));
try {
  const county = generateDemoCounty();
  const grids = county.townships.flatMap((t) => t.villages.flatMap((v) => v.grids));
  const rand = seededRandom(7);
  const pointIn = (g: (typeof grids)[number]) => {
    const pts = g.ring.slice(0, -1);
    return { lon: pts.reduce((s, p) => s + p[0], 0) / pts.length, lat: pts.reduce((s, p) => s + p[1], 0) / pts.length };
  };

  // ---- baseline: raw better-sqlite3, one durable transaction per row, same pragmas, same disk ----
  const raw = new Database(join(dir, 'raw.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, category TEXT, description TEXT, lon REAL, lat REAL, at INTEGER)');
  const ins = raw.prepare('INSERT INTO t (category, description, lon, lat, at) VALUES (?, ?, ?, ?, ?)');
  const one = raw.transaction((i: number) => ins.run('dispute', `baseline ${i}`, 102, 25, Date.now()));
  let t0 = performance.now();
  for (let i = 0; i < REPORTS; i++) one(i);
  const rawPerSec = REPORTS / ((performance.now() - t0) / 1000);
  raw.close();
  log(`raw per-row durable inserts: ${Math.round(rawPerSec)}/s`);

  // ---- the real intake path over HTTP ----
  const server = await startCentreServer({ dataDir: join(dir, 'centre'), seedDemo: true, port: 0, host: '127.0.0.1', staticDir: null, log: () => {} });
  const login = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'g00100101', password: DEMO_PASSWORD }) });
  const { token } = (await login.json()) as { token: string };
  const bodies = Array.from({ length: REPORTS }, (_, i) => {
    const g = grids[Math.floor(rand() * grids.length)] as (typeof grids)[number];
    return JSON.stringify({ idempotencyKey: `bench-${i}-${Date.now()}`, category: 'dispute', description: `压测事件 ${i}`, location: pointIn(g), confirmOtherVillage: true });
  });
  const load = fork(fileURLToPath(new URL('./lib/intakeLoad.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 2, 2, 'ipc'] });
  const { seconds: intakeSec, failed } = await new Promise<{ seconds: number; failed: number }>((resolve, reject) => {
    load.once('message', (m) => resolve(m as { seconds: number; failed: number }));
    load.once('exit', (code) => reject(new Error(`load generator exited ${code}`)));
    load.send({ url: server.url, token, bodies, concurrency: CONCURRENCY });
  });
  const committed = (server.db.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }).n;
  await server.close();
  log(`intake: ${committed} committed in ${intakeSec.toFixed(2)} s, ${failed} failed`);

  // ---- viewport query over STORED incidents ----
  const db = new Database(join(dir, 'centre', 'centre.db'));
  const [minLon, minLat] = county.ring.reduce(([a, b], [x, y]) => [Math.min(a, x), Math.min(b, y)], [Infinity, Infinity]);
  const [maxLon, maxLat] = county.ring.reduce(([a, b], [x, y]) => [Math.max(a, x), Math.max(b, y)], [-Infinity, -Infinity]);
  const template = db.prepare('SELECT * FROM incidents LIMIT 1').get() as Record<string, unknown>;
  const cols = Object.keys(template).filter((k) => k !== 'id');
  const insert = db.prepare(`INSERT INTO incidents (${cols.join(',')}) VALUES (${cols.map((c) => `@${c}`).join(',')})`);
  const box = db.prepare('INSERT INTO incidents_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)');
  const toAdd = STORED - committed;
  t0 = performance.now();
  db.pragma('synchronous = OFF'); // bulk loading the fixture, not part of what is measured
  const bulk = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const lon = minLon + rand() * (maxLon - minLon);
      const lat = minLat + rand() * (maxLat - minLat);
      const id = Number(insert.run({ ...template, code: `B${i}`, idempotency_key: `bulk-${i}`, lon, lat, reported_at: 1_700_000_000_000 + i }).lastInsertRowid);
      box.run(id, lon, lon, lat, lat);
    }
  });
  for (let i = 0; i < toAdd; i += 50_000) bulk(i, Math.min(toAdd, i + 50_000));
  log(`stored ${STORED} incidents in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // A 1 km × 1 km viewport (a zoomed-in map) through the same query the API runs.
  const store = createIncidentStore(db);
  const SIDE = 0.01;
  const times: number[] = [];
  let rows = 0;
  for (let q = 0; q < QUERIES; q++) {
    const lon = minLon + rand() * (maxLon - minLon - SIDE);
    const lat = minLat + rand() * (maxLat - minLat - SIDE);
    const filter = IncidentFilter.parse({ bbox: `${lon},${lat},${lon + SIDE},${lat + SIDE}`, limit: 5000 });
    const s = performance.now();
    rows += store.list({ level: 'county' }, filter).length;
    times.push(performance.now() - s);
  }
  db.close();

  console.log(
    JSON.stringify({
      reports: REPORTS,
      concurrency: CONCURRENCY,
      intake_per_s: Math.round(committed / intakeSec),
      raw_per_row_per_s: Math.round(rawPerSec),
      ratio_vs_raw: round(committed / intakeSec / rawPerSec),
      failed,
      stored: STORED,
      bbox_side_deg: SIDE,
      bbox_rows_avg: Math.round(rows / QUERIES),
      bbox_p50_ms: round(percentile(times, 50)),
      bbox_p99_ms: round(percentile(times, 99)),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
