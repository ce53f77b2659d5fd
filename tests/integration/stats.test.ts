// 统计研判 and 考核 on a real server: cases and alerts walked through the real workflow on a clock the test moves, then
// the figures checked against answers worked out by hand, against the plain GROUP BY over the base tables, and against
// the domain's definition applied to the facts; who may see what; and a published month that stays frozen.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { ApiError, Assessment, AssessedItem, Incident, IncidentDetail, StatsReport } from '../../protocol/index.ts';
import { generateDemoCounty } from '../../app/domain/demoCounty.ts';
import { dayOf, ratesOf, type ItemFacts } from '../../app/domain/stats.ts';
import { createStatsStore } from '../../app/store/stats.ts';
import { api, expectOk, login, openConsole, startTestServer, type TestConsole } from './harness.ts';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const T0 = Date.UTC(2026, 9, 5, 2); // 2026-10-05 10:00 Asia/Shanghai

const county = generateDemoCounty();
const ring = county.townships[0]!.villages[0]!.grids[0]!.ring.slice(0, -1);
const point = { lon: ring.reduce((s, p) => s + p[0], 0) / ring.length, lat: ring.reduce((s, p) => s + p[1], 0) / ring.length, crs: 'wgs84' };

describe('统计研判 and 考核', () => {
  let now = T0;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const consoles: TestConsole[] = [];
  const as = async (u: string) => api(server.url, (await login(server.url, u)).token);
  let duty: ReturnType<typeof api>;
  let commander: ReturnType<typeof api>;
  let t01: ReturnType<typeof api>;
  let t01Id = 0;
  let t02Id = 0;
  const codes: Record<string, Incident> = {};

  beforeAll(async () => {
    server = await startTestServer({ clock: () => now, sessionTtlMs: 365 * D, timerTickMs: 60_000, log: (m, e) => console.error(m, e) });
    duty = await as('duty1');
    commander = await as('commander');
    t01 = await as('t01');
    t01Id = (await t01.get<{ centreId: number }>('/api/me')).body.centreId;
    t02Id = (await (await as('t02')).get<{ centreId: number }>('/api/me')).body.centreId;
    const grid = await as('g00100101');
    const step = async (who: ReturnType<typeof api>, name: string, body: unknown) => {
      const r = await who.post<IncidentDetail & ApiError>(`/api/incidents/${codes[name]!.id}/steps`, body);
      if (r.status !== 200) throw new Error(`${name} ${JSON.stringify(body)}: ${JSON.stringify(r.body)}`);
      return r.body;
    };
    for (const name of ['A', 'B', 'C', 'E', 'F']) {
      const r = await grid.post<{ incident: Incident }>('/api/incidents', { idempotencyKey: `stats-key-${name}`, category: 'dispute', description: `案件${name}`, location: point });
      if (!r.body.incident) throw new Error(`report ${name}: ${r.status} ${JSON.stringify(r.body)}`);
      codes[name] = r.body.incident;
    }
    now = T0 + 5 * MIN;
    await step(duty, 'A', { action: 'accept', priority: 'general' });
    now = T0 + 6 * MIN;
    await step(duty, 'F', { action: 'accept', priority: 'general' });
    now = T0 + 7 * MIN;
    await step(duty, 'F', { action: 'assign', centreId: t01Id });
    await step(t01, 'F', { action: 'sign' });
    now = T0 + 10 * MIN;
    await step(duty, 'C', { action: 'accept', priority: 'general' });
    await step(duty, 'C', { action: 'merge', intoCode: codes.A!.code });
    now = T0 + 30 * MIN; // B's first response is 10 minutes late (20 min allowed)
    await step(duty, 'B', { action: 'accept', priority: 'general' });
    now = T0 + 31 * MIN;
    await step(duty, 'A', { action: 'assign', centreId: t01Id });
    await step(t01, 'A', { action: 'sign' });

    // A yellow alert to every township: t01 signs in 5 minutes, t02 in 25 (deadline 20), the rest never.
    now = T0 + H;
    const countyC = await openConsole(server.url, 'duty1');
    const t01C = await openConsole(server.url, 't01');
    const t02C = await openConsole(server.url, 't02');
    consoles.push(countyC, t01C, t02C);
    const raised = expectOk(await countyC.request('alert:raise', { level: 'yellow', title: '寒潮预警', body: '', targets: { kind: 'all' } }));
    now = T0 + H + 5 * MIN;
    expectOk(await t01C.request('alert:sign', { alertId: raised.alert.id }));
    now = T0 + H + 25 * MIN;
    expectOk(await t02C.request('alert:sign', { alertId: raised.alert.id }));

    now = T0 + D;
    await step(t01, 'A', { action: 'resolve', result: '调解成功' });
    await step(duty, 'A', { action: 'followUp', satisfied: true, satisfaction: 5, note: '' });
    now = T0 + 2 * D;
    await step(t01, 'F', { action: 'resolve', result: '已处理' });
    now = T0 + 4 * D + 31 * MIN; // B is due 3 days after its acceptance at 30 min: a day late
    await step(duty, 'B', { action: 'resolve', result: '已处理' });
    now = T0 + 10 * D;
  }, 60_000);

  afterAll(async () => {
    for (const c of consoles) c.close();
    await server?.stop();
  });

  const october = '/api/stats?from=2026-10-01&to=2026-10-31';

  it('gives the figures worked out by hand (open, merged, late and still-unsigned items included)', async () => {
    const r = (await duty.get<StatsReport>(october)).body;
    const inc = r.kinds.incident;
    expect(inc.total).toBe(5);
    // 签收 (first response): A 5 min ✓, F 6 min ✓, B 30 min ✗, E never and past due ✗, C merged → 2/4
    expect(inc.rates.signTimely).toMatchObject({ num: 2, den: 4 });
    // 办结: A ✓, F ✓, B a day late ✗ → 2/3 (E has no 办结 deadline: never accepted)
    expect(inc.rates.doneOnTime).toMatchObject({ num: 2, den: 3 });
    // 化解: A, B, F done of A, B, E, F → 3/4
    expect(inc.rates.resolved).toMatchObject({ num: 3, den: 4 });
    expect(inc.rates.satisfied).toMatchObject({ num: 1, den: 1 });
    expect(inc.response).toEqual({ n: 3, medianMs: 6 * MIN, p90Ms: 30 * MIN });
    expect(inc.trend.find((t) => t.day === '2026-10-05')?.n).toBe(5);
    expect(inc.trend).toHaveLength(31);
    expect(inc.byCategory).toEqual([{ key: 'dispute', label: '矛盾纠纷', n: 5 }]);
    expect(inc.byChannel).toEqual([{ key: 'grid', label: '网格上报', n: 5 }]);
    expect(inc.byUnit).toEqual([{ key: String(t01Id), label: county.townships[0]!.name, n: 5 }]);

    const recipients = (server.db.prepare("SELECT count(*) AS n FROM deliveries WHERE kind = 'alert'").get() as { n: number }).n;
    expect(recipients).toBeGreaterThan(2);
    expect(r.kinds.alert.total).toBe(recipients);
    expect(r.kinds.alert.rates.signTimely).toMatchObject({ num: 1, den: recipients });
    expect(r.kinds.alert.response).toEqual({ n: 2, medianMs: 5 * MIN, p90Ms: 25 * MIN });
    expect(r.kinds.order.total).toBe(0);
  });

  it('counters kept on write equal the plain GROUP BY over the base tables and the domain rule over the facts', () => {
    const store = createStatsStore(server.db);
    const label = (_d: string, _k: string, key: string) => key;
    for (const townshipId of [null, t01Id, t02Id]) {
      const area = { fromDay: dayOf(Date.UTC(2026, 8, 30, 16)), toDay: dayOf(Date.UTC(2026, 10, 1)), townshipId };
      expect(store.report(area, now, label)).toEqual(store.plainReport(area, now, label));
    }
    const facts = server.db.prepare("SELECT * FROM stat_facts WHERE kind = 'incident'").all() as Record<"created_at" | "sign_due" | "signed_at" | "done_due" | "done_at" | "closable" | "merged" | "satisfied", number | null>[];
    const items: ItemFacts[] = facts.map((f) => ({
      createdAt: f.created_at as number, signDue: f.sign_due, signedAt: f.signed_at, doneDue: f.done_due, doneAt: f.done_at,
      closable: f.closable === 1, merged: f.merged === 1, satisfied: f.satisfied === null ? null : f.satisfied === 1,
    }));
    const area = { fromDay: dayOf(T0) - 4, toDay: dayOf(T0) + 27, townshipId: null };
    expect(store.kindStats('incident', area, now, label).rates).toEqual(ratesOf(items, now));
    // The counters equal a fresh GROUP BY of the facts (every trigger's take-out and put-back balanced).
    const fresh = server.db.prepare(`SELECT kind, day, township_id, category, channel, sum(n) n, sum(merged) merged, sum(closable) closable,
      sum(closed) closed, sum(sign_n) sign_n, sum(sign_ok) sign_ok, sum(done_n) done_n, sum(done_ok) done_ok, sum(followed) followed,
      sum(satisfied) satisfied, sum(risk) risk FROM stat_contrib GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`).all();
    const kept = server.db.prepare('SELECT * FROM stat_daily WHERE n > 0 ORDER BY 1, 2, 3, 4, 5').all();
    expect(kept).toEqual(fresh);
    const freshResp = server.db.prepare('SELECT kind, day, resp_min AS minute, count(*) AS n FROM stat_contrib WHERE resp_min IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3').all();
    expect(server.db.prepare('SELECT * FROM stat_resp WHERE n > 0 ORDER BY 1, 2, 3').all()).toEqual(freshResp);
  });

  it('lets a township see its own area only; villages, grid members and administrators none', async () => {
    const own = await t01.get<StatsReport>(october);
    expect(own.status).toBe(200);
    expect(own.body.townshipId).toBe(t01Id);
    expect(own.body.kinds.incident.total).toBe(5);
    expect(own.body.kinds.incident.byUnit.map((u) => u.label)).toEqual([county.townships[0]!.villages[0]!.name]);
    const other = await t01.get<ApiError>(`${october}&townshipId=${t02Id}`);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('FORBIDDEN_SCOPE');
    const t02 = (await (await as('t02')).get<StatsReport>(october)).body;
    expect(t02.kinds.incident.total).toBe(0);
    for (const u of ['v001001', 'g00100101', 'admin', 'd01']) {
      const r = await (await as(u)).get<ApiError>(october);
      expect([u, r.status, r.body.code]).toEqual([u, 403, 'FORBIDDEN_ROLE']);
    }
    const asTownship = await duty.get<StatsReport>(`${october}&townshipId=${t02Id}`);
    expect(asTownship.body.areaName).toBe(county.townships[1]!.name);
  });

  it('refuses a bad period with a code naming the field', async () => {
    const cases: [string, string, string][] = [
      ['/api/stats?from=2026-10-31&to=2026-10-01', 'STATS_PERIOD_INVALID', 'to'],
      ['/api/stats?from=2026-02-30&to=2026-03-01', 'STATS_PERIOD_INVALID', 'from'],
      ['/api/stats?from=2025-01-01&to=2026-10-01', 'STATS_PERIOD_INVALID', 'to'],
      ['/api/stats?from=2026-10-01', 'VALIDATION_FAILED', 'to'],
      ['/api/stats?from=2026-10-01&to=2026-10-02&townshipId=999999', 'STATS_AREA_UNKNOWN', 'townshipId'],
    ];
    for (const [path, code, field] of cases) {
      const r = await duty.get<ApiError>(path);
      expect([path, r.status, r.body.code]).toEqual([path, 400, code]);
      expect(Object.keys(r.body.details ?? {}).join()).toContain(field);
    }
  });

  it('exports every chart as xlsx', async () => {
    const { token } = await login(server.url, 'duty1');
    const res = await fetch(`${server.url}/api/stats/report.xlsx?from=2026-10-01&to=2026-10-31`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概览', '按日趋势', '按类别', '按区域', '按渠道']);
    const overview = wb.getWorksheet('概览')!;
    expect(overview.getRow(2).getCell(1).value).toBe('事件');
    expect(overview.getRow(2).getCell(2).value).toBe(5);
    const trend = wb.getWorksheet('按日趋势')!;
    expect(trend.rowCount).toBe(32);
  });

  it('publishes a month once, frozen with its SHA-256 in the ledger; a later change does not move it', async () => {
    now = Date.UTC(2026, 10, 2, 2); // 2 November
    expect((await duty.post<ApiError>('/api/assessment/2026-10/publish')).body.code).toBe('FORBIDDEN_ROLE');
    expect((await commander.post<ApiError>('/api/assessment/2026-11/publish')).body.code).toBe('STATS_PERIOD_NOT_OVER');
    expect((await t01.get<ApiError>('/api/assessment/2026-10')).body.code).toBe('FORBIDDEN_ROLE');
    const before = (await commander.get<Assessment>('/api/assessment/2026-10')).body;
    expect(before.published).toBeNull();
    const pub = await commander.post<Assessment>('/api/assessment/2026-10/publish');
    expect(pub.status).toBe(200);
    expect(pub.body.published?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const t01Unit = pub.body.units.find((u) => u.unitId === t01Id)!;
    // t01 answers for A, F and its alert delivery: 签收 3/3, 办结 2/2, 化解 2/2, 满意 1/1 (F not yet followed up).
    expect(t01Unit.rates.satisfied).toMatchObject({ num: 1, den: 1 });
    expect(t01Unit.rates.signTimely).toMatchObject({ num: 3, den: 3 });
    expect(t01Unit.score).toBe(100);
    expect(t01Unit.rank).toBe(1);
    const ledger = server.db.prepare("SELECT detail FROM ledger WHERE action = 'stats.publish' AND subject = 'assessment:2026-10'").get() as { detail: string };
    expect(JSON.parse(ledger.detail).sha256).toBe(pub.body.published?.sha256);
    expect(server.ledger.verify().firstBroken).toBeNull();

    // After publishing, F's 回访 is unsatisfied: it reopens at t01.
    now += H;
    const f = await duty.post<IncidentDetail>(`/api/incidents/${codes.F!.id}/steps`, { action: 'followUp', satisfied: false, satisfaction: 2, note: '群众不满意' });
    expect(f.body.state).toBe('handling');
    const live = (await commander.get<Assessment>('/api/assessment/2026-10?recompute=1')).body;
    expect(live.units.find((u) => u.unitId === t01Id)!.rates.satisfied).toMatchObject({ num: 1, den: 2 });
    const again = (await commander.get<Assessment>('/api/assessment/2026-10')).body;
    expect(again).toEqual(pub.body);
    expect((await commander.post<ApiError>('/api/assessment/2026-10/publish')).body.code).toBe('STATS_ALREADY_PUBLISHED');
    expect(() => server.db.prepare('UPDATE stat_assessments SET sha256 = ?').run('0'.repeat(64))).toThrow(/frozen/);
    expect(() => server.db.prepare('DELETE FROM stat_assessment_items').run()).toThrow(/frozen/);

    // Each score leads to its items, as they counted when published.
    const items = (await commander.get<AssessedItem[]>(`/api/assessment/2026-10/items?unitId=${t01Id}`)).body;
    expect(items.map((i) => `${i.kind}:${i.code}`).sort()).toEqual([`alert:YJ-1`, `incident:${codes.A!.code}`, `incident:${codes.F!.code}`].sort());
    expect(items.find((i) => i.code === codes.F!.code)!.flags).toMatchObject({ doneOk: true, closed: true, satisfied: null });
  });

  it('prints the ranking as xlsx and PDF', async () => {
    const { token } = await login(server.url, 'commander');
    const xl = await fetch(`${server.url}/api/assessment/2026-10/export.xlsx`, { headers: { authorization: `Bearer ${token}` } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xl.arrayBuffer()) as never);
    const sheet = wb.getWorksheet('考核2026-10')!;
    expect(sheet.getRow(2).getCell(2).value).toBe(county.townships[0]!.name);
    const pdf = await fetch(`${server.url}/api/assessment/2026-10/export.pdf`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 4).toString()).toBe('%PDF');
    if (existsSync('/usr/bin/pdftotext')) {
      const text = execFileSync('pdftotext', ['-', '-'], { input: bytes }).toString();
      expect(text).toContain(county.townships[0]!.name);
      expect(text).toContain('SHA-256');
    }
  });
});
