// Duty desk benchmark (issue 13, points 4–5): the header's search, a page of alert history with filters, the handover
// note and the directory, over the HTTP/socket edge of an in-process server holding many incidents, alerts×recipients
// and orders. Baselines in the same run: the bare SQL of the search's incident query (what a LIKE scan costs without the
// server), and GET /api/health (the fixed cost of one authenticated-less round trip).
//   npm run -s bench:duty -- [--incidents 200000] [--alerts 20000] [--orders 5000] [--repeats 30]
// Prints one JSON line on stdout; progress goes to stderr.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, Reply, ServerToClientEvents } from '../protocol/index.ts';
import { startCentreServer, type CentreServer } from '../app/server.ts';
import { login } from './lib/http.ts';
import { intFlags, log, percentile, round2, runBenchmark, wallNow } from './lib/util.ts';

const flags = intFlags({ incidents: 200_000, alerts: 20_000, orders: 5_000, repeats: 30 });
const dataDir = mkdtempSync(join(tmpdir(), 'zz-bench-duty-'));
let server: CentreServer | null = null;
let socket: Socket | null = null;
const DAY = 24 * 3600_000;

const stats = (ms: number[]) => ({ p50: round2(percentile(ms, 50)), p99: round2(percentile(ms, 99)) });

async function timed(n: number, f: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = wallNow();
    await f();
    out.push(wallNow() - t0);
  }
  return out;
}

async function run() {
  const now = Date.UTC(2026, 10, 30, 2, 0, 0);
  server = await startCentreServer({ dataDir, port: 0, host: '127.0.0.1', staticDir: null, seedDemo: true, clock: () => now, log: () => {}, loginRateLimit: { max: 10_000, windowMs: 60_000 }, video: { enabled: false } } as never);
  const { db, url } = server;
  const townships = (db.prepare("SELECT id FROM centres WHERE level = 'township' ORDER BY id").all() as { id: number }[]).map((r) => r.id);
  const reporter = (db.prepare("SELECT id FROM users WHERE role = 'gridMember' LIMIT 1").get() as { id: number }).id;
  const raiser = (db.prepare("SELECT id FROM users WHERE username = 'duty1'").get() as { id: number }).id;
  log(`seeding ${flags.incidents} incidents, ${flags.alerts} alerts × ${townships.length}, ${flags.orders} orders`);
  const t0 = wallNow();
  db.transaction(() => {
    const inc = db.prepare(
      `INSERT INTO incidents (code, reporter_id, idempotency_key, category, priority, state, description, lon, lat, township_id, holder_centre_id,
        pending_sign, reported_at, respond_by, accepted_at, resolve_by, attempts, photos, updated_at)
       VALUES (?, ?, ?, 'dispute', 'general', ?, ?, 102.5, 24.5, ?, ?, 0, ?, ?, ?, ?, '[]', '[]', ?)`,
    );
    const words = ['宅基地边界纠纷', '邻里噪音扰民', '土地承包争议', '劳资欠薪', '婚姻家庭矛盾', '山林权属争议', '道路占用', '环境污染投诉'];
    for (let i = 0; i < flags.incidents; i++) {
      const t = townships[i % townships.length] as number;
      const at = now - (i % 365) * DAY - i;
      const open = i % 10 === 0;
      inc.run(`ZZ2026${String(i).padStart(8, '0')}`, reporter, `b-${i}`, open ? 'handling' : 'archived', `${words[i % words.length]}第${i}号`, t, t, at, at + DAY, at + 3600_000, at + 3 * DAY, at);
    }
    const alert = db.prepare('INSERT INTO alerts (level, title, body, raised_at, raised_by, wants_answer) VALUES (?, ?, ?, ?, ?, 0)');
    const del = db.prepare(`INSERT INTO deliveries (kind, item_id, centre_id, new_seq, state, delivered_at, signed_at, signed_by, due_at, rung, wants_answer)
      VALUES (?, ?, ?, 0, ?, ?, ?, NULL, ?, 0, 0)`);
    const levels = ['red', 'orange', 'yellow', 'blue'];
    for (let i = 0; i < flags.alerts; i++) {
      const at = now - (i % 365) * DAY - i;
      const id = Number(alert.run(levels[i % 4], `预警第${i}号 ${words[i % words.length]}`, '', at, raiser).lastInsertRowid);
      for (const c of townships) del.run('alert', id, c, i % 50 === 0 ? 'delivered' : 'signed', at + 1000, i % 50 === 0 ? null : at + 60_000, at + 600_000);
    }
    const order = db.prepare(`INSERT INTO orders (code, period_id, title, body, priority, complete_by, issued_at, issued_by, ack_ms) VALUES (?, NULL, ?, '', ?, NULL, ?, ?, 600000)`);
    for (let i = 0; i < flags.orders; i++) {
      const at = now - (i % 365) * DAY - i;
      const id = Number(order.run(`ZL${String(i).padStart(8, '0')}`, `指令第${i}号`, ['urgent', 'high', 'normal'][i % 3], at, raiser).lastInsertRowid);
      for (const c of townships) del.run('order', id, c, 'signed', at + 1000, at + 60_000, at + 600_000);
    }
  })();
  log(`seeded in ${round2((wallNow() - t0) / 1000)} s`);

  const tokens = { county: (await login(url, 'duty1')).token, township: (await login(url, 't01')).token };
  const get = async (token: string, path: string) => {
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return res.json();
  };
  const q = encodeURIComponent('宅基地');
  const r = flags.repeats;
  const health = await timed(r, () => fetch(`${url}/api/health`).then((x) => x.json()));
  const bare = db.prepare(`SELECT i.id FROM incidents i WHERE (i.code LIKE ? OR i.description LIKE ?) ORDER BY i.id DESC LIMIT 10`);
  const bareSearch = await timed(r, async () => bare.all('%宅基地%', '%宅基地%'));
  const searchCounty = await timed(r, () => get(tokens.county, `/api/search?q=${q}`));
  const searchTownship = await timed(r, () => get(tokens.township, `/api/search?q=${q}`));
  const searchRare = await timed(r, () => get(tokens.county, `/api/search?q=${encodeURIComponent('没有这个词')}`));
  const historyCounty = await timed(r, () => get(tokens.county, `/api/history/alerts?level=red&state=delivered&from=${now - 90 * DAY}`));
  const historyTownship = await timed(r, () => get(tokens.township, `/api/history/alerts?offset=300`));
  const directory = await timed(r, () => get(tokens.county, '/api/directory'));

  const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { auth: { token: tokens.county }, transports: ['websocket'], forceNew: true, reconnection: false });
  socket = s;
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  let items = 0;
  const preview = await timed(r, async () => {
    const reply = await new Promise<Reply<{ note: { items: unknown[] } }>>((resolve) => s.emit('duty:handover:preview', {}, resolve as never));
    if (!reply.ok) throw new Error(reply.error.code);
    items = reply.data.note.items.length;
  });

  return {
    bench: 'duty',
    incidents: flags.incidents, alerts: flags.alerts, alertRecipients: flags.alerts * townships.length, orders: flags.orders, repeats: r,
    baseline_health_ms: stats(health),
    baseline_bare_incident_like_ms: stats(bareSearch),
    search_county_ms: stats(searchCounty),
    search_township_ms: stats(searchTownship),
    search_no_hit_county_ms: stats(searchRare),
    history_alerts_county_filtered_ms: stats(historyCounty),
    history_alerts_township_page11_ms: stats(historyTownship),
    directory_county_ms: stats(directory),
    handover_preview_county_ms: stats(preview),
    handover_items: items,
    run_s: 0,
  };
}

void runBenchmark(run, async () => {
  socket?.disconnect();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});
