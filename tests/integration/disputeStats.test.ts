// Disputes in 统计研判 (issue 13 point 1): five crafted disputes walked through the real intake and mediation flow on a
// clock the test moves, then the dispute figures checked against answers worked out by hand, against the plain GROUP BY
// over the dispute tables, and the counters against a fresh GROUP BY of the facts (every trigger balanced).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import type { ApiError, Dispute, FlowAction, FlowDetail, RegisterDispute, StatsReport } from '../../protocol/index.ts';
import { dayOf } from '../../app/domain/stats.ts';
import { migrate } from '../../app/store/db.ts';
import { createStatsStore } from '../../app/store/stats.ts';
import { api, login, startTestServer } from './harness.ts';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const T0 = Date.UTC(2026, 10, 3, 1); // 2026-11-03 09:00 Asia/Shanghai

describe('disputes in 统计研判', () => {
  let now = T0;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const as = async (u: string) => api(server.url, (await login(server.url, u)).token);
  const centreOf = (u: string) => (server.db.prepare('SELECT centre_id FROM users WHERE username = ?').pluck().get(u) as number);
  let duty: Awaited<ReturnType<typeof as>>;
  let t01Id = 0;
  let t02Id = 0;
  let seq = 0;

  beforeAll(async () => {
    server = await startTestServer({ clock: () => now, sessionTtlMs: 365 * D, timerTickMs: 3_600_000 });
    duty = await as('duty1');
    const labour = await as('d04');
    const justice = await as('d02');
    t01Id = centreOf('t01');
    t02Id = centreOf('t02');
    const register = async (over: Partial<RegisterDispute>) => {
      const r = await duty.post<{ dispute: Dispute }>('/api/disputes', {
        idempotencyKey: `dstats-key-${seq++}`, channel: 'walk_in', type: 'other', summary: '纠纷', parties: [{ role: 'applicant', name: `当事人${seq}` }], ...over,
      });
      if (r.status !== 201) throw new Error(JSON.stringify(r.body));
      return r.body.dispute;
    };
    const step = async (who: typeof duty, id: number, body: FlowAction) => {
      const r = await who.post<FlowDetail & ApiError>(`/api/disputes/${id}/flow`, body);
      if (r.status !== 200) throw new Error(`${body.action}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    // P: 来访, medical, high risk — mediated to an agreement, 回访 satisfied. No routing: no 签收 and no 办结 deadline.
    const p = await register({ type: 'medical', extremeThreat: true, townshipId: t01Id });
    await step(duty, p.id, { action: 'assignMediation', mediatorId: null, roomId: 1 });
    now = T0 + H;
    await step(duty, p.id, { action: 'agreement', facts: '事实', terms: '赔偿', performance: '当场履行', signedAt: now });
    now = T0 + 2 * H;
    await step(duty, p.id, { action: 'followUp', satisfied: true, satisfaction: 5, note: '' });
    // Q: 来电, labour — routed to the 人社局 at T0+2h, signed in an hour (due in 2), closed the next day, 回访 satisfied.
    now = T0 + 2 * H;
    const q = await register({ channel: 'phone', type: 'labour', townshipId: t01Id });
    await step(duty, q.id, { action: 'skipMediation', reason: '直接流转' });
    await step(duty, q.id, { action: 'route', centreId: centreOf('d04'), channel: 'labourArbitration', reason: '劳资' });
    now = T0 + 3 * H;
    await step(labour, q.id, { action: 'sign' });
    now = T0 + D;
    await step(labour, q.id, { action: 'resolve', result: '已支付工资' });
    await step(duty, q.id, { action: 'followUp', satisfied: true, satisfaction: 4, note: '' });
    // R: 来访, neighbour — routed to the 司法局 at T0+D, signed 3 h later (late), never closed: past its deadline by the end.
    const r = await register({ type: 'neighbour', townshipId: t01Id });
    await step(duty, r.id, { action: 'skipMediation', reason: '直接流转' });
    await step(duty, r.id, { action: 'route', centreId: centreOf('d02'), channel: 'administrative', reason: '邻里' });
    now = T0 + D + 3 * H;
    await step(justice, r.id, { action: 'sign' });
    // S: 来电, land — registered only. U: 来访, other, in 二号镇 — routed and never signed (late by the end).
    await register({ channel: 'phone', type: 'land', townshipId: t01Id });
    const u = await register({ type: 'other', townshipId: t02Id });
    await step(duty, u.id, { action: 'skipMediation', reason: '直接流转' });
    await step(duty, u.id, { action: 'route', centreId: centreOf('d02'), channel: 'administrative', reason: '其他' });
    now = T0 + 100 * D;
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  const november = '/api/stats?from=2026-11-01&to=2026-11-30';

  it('gives the dispute figures worked out by hand', async () => {
    const d = (await duty.get<StatsReport>(november)).body.kinds.dispute!;
    expect(d.total).toBe(5);
    expect(d.highRisk).toBe(1);
    // 签收 of the routing: Q 1 h ✓, R 3 h ✗ (2 h allowed), U never and past due ✗; P and S were never routed → 1/3
    expect(d.rates.signTimely).toMatchObject({ num: 1, den: 3 });
    // 办结 by resolve_by (set at 签收): Q ✓, R open past it ✗ → 1/2
    expect(d.rates.doneOnTime).toMatchObject({ num: 1, den: 2 });
    // 化解: P (agreement) and Q (closed, reviewed) of all five → 2/5
    expect(d.rates.resolved).toMatchObject({ num: 2, den: 5 });
    expect(d.rates.satisfied).toMatchObject({ num: 2, den: 2 });
    // response: routing → 签收, Q 1 h and R 3 h
    expect(d.response).toEqual({ n: 2, medianMs: H, p90Ms: 3 * H });
    expect(d.byCategory.map((c) => [c.label, c.n]).sort()).toEqual([['医患', 1], ['其他', 1], ['劳资', 1], ['土地山林', 1], ['邻里', 1]].sort());
    expect(d.byChannel.map((c) => [c.label, c.n])).toEqual([['来访', 3], ['来电', 2]]);
    expect(Object.fromEntries(d.byUnit.map((c) => [c.key, c.n]))).toEqual({ [t01Id]: 4, [t02Id]: 1 });
    const t02 = (await duty.get<StatsReport>(`${november}&townshipId=${t02Id}`)).body.kinds.dispute!;
    expect([t02.total, t02.rates.signTimely.num, t02.rates.signTimely.den]).toEqual([1, 0, 1]);
  });

  it('keeps counters equal to the plain query over the dispute tables and to a fresh GROUP BY of the facts', () => {
    const store = createStatsStore(server.db);
    const label = (_d: string, _k: string, key: string) => key;
    for (const townshipId of [null, t01Id, t02Id]) {
      const area = { fromDay: dayOf(Date.UTC(2026, 9, 31, 16)), toDay: dayOf(Date.UTC(2026, 11, 1)), townshipId };
      expect(store.kindStats('dispute', area, now, label)).toEqual(store.plainKindStats('dispute', area, now, label));
    }
    const fresh = server.db.prepare(`SELECT kind, day, township_id, category, channel, sum(n) n, sum(merged) merged, sum(closable) closable,
      sum(closed) closed, sum(sign_n) sign_n, sum(sign_ok) sign_ok, sum(done_n) done_n, sum(done_ok) done_ok, sum(followed) followed,
      sum(satisfied) satisfied, sum(risk) risk FROM stat_contrib WHERE kind = 'dispute' GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`).all();
    expect(fresh.length).toBeGreaterThan(0);
    expect(server.db.prepare("SELECT * FROM stat_daily WHERE kind = 'dispute' AND n > 0 ORDER BY 1, 2, 3, 4, 5").all()).toEqual(fresh);
    const freshResp = server.db.prepare("SELECT kind, day, resp_min AS minute, count(*) AS n FROM stat_contrib WHERE kind = 'dispute' AND resp_min IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3").all();
    expect(server.db.prepare("SELECT * FROM stat_resp WHERE kind = 'dispute' AND n > 0 ORDER BY 1, 2, 3").all()).toEqual(freshResp);
  });

  it('backfills existing disputes in migration 0021 to what the triggers kept', async () => {
    // A copy of this database as it was before 0021 (no dispute facts, counters or triggers), migrated again.
    const dir = mkdtempSync(join(tmpdir(), 'zz-dstats-'));
    await server.db.backup(join(dir, 'copy.db'));
    const copy = new Database(join(dir, 'copy.db'));
    copy.exec(`DELETE FROM stat_facts WHERE kind = 'dispute'; DELETE FROM stat_daily WHERE kind = 'dispute'; DELETE FROM stat_resp WHERE kind = 'dispute';
      DROP TRIGGER stat_dispute_insert; DROP TRIGGER stat_dispute_update; PRAGMA user_version = 20;`);
    expect(migrate(copy, 21)).toBe(21);
    // counters emptied by later changes stay as zero rows in the kept copy; the backfill writes none
    for (const [table, where] of [['stat_facts', '1'], ['stat_daily', 'n > 0'], ['stat_resp', 'n > 0']]) {
      const rows = (db: Database.Database) => db.prepare(`SELECT * FROM ${table} WHERE kind = 'dispute' AND ${where}`).all().map((r) => JSON.stringify(r)).sort();
      expect(rows(copy).length).toBeGreaterThan(0);
      expect([table, rows(copy)]).toEqual([table, rows(server.db)]);
    }
    copy.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists disputes in the xlsx', async () => {
    const { token } = await login(server.url, 'duty1');
    const res = await fetch(`${server.url}/api/stats/report.xlsx?from=2026-11-01&to=2026-11-30`, { headers: { authorization: `Bearer ${token}` } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const rows: unknown[][] = [];
    wb.getWorksheet('概览')!.eachRow((r) => rows.push(r.values as unknown[]));
    expect(rows.find((r) => r[1] === '矛盾纠纷')?.[2]).toBe(5);
    const channels: unknown[][] = [];
    wb.getWorksheet('按渠道')!.eachRow((r) => channels.push(r.values as unknown[]));
    expect(channels.some((r) => r.includes('矛盾纠纷') && r.includes('来电') && r.includes(2))).toBe(true);
  });
});
