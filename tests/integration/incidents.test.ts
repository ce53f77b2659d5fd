import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { ApiError, Incident, IncidentDetail, PublicCase } from '../../protocol/index.ts';
import { generateDemoCounty } from '../../app/domain/demoCounty.ts';
import { toWgs84 } from '../../app/domain/geo.ts';
import gcoord from 'gcoord';
import { api, login, openConsole, startTestServer, type TestConsole } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;
type Report = { incident: Incident; duplicate: boolean };

// Points inside known grids of the demo county: the centre of a grid's quadrilateral.
const county = generateDemoCounty();
const centreOf = (ring: [number, number][]) => {
  const pts = ring.slice(0, -1);
  return { lon: pts.reduce((s, p) => s + p[0], 0) / pts.length, lat: pts.reduce((s, p) => s + p[1], 0) / pts.length };
};
const inTownship = (t: number, v = 0, g = 0) => centreOf(county.townships[t]!.villages[v]!.grids[g]!.ring);
// Grid member of township 1 (城关镇), village 1, grid 1.
const GRID_MEMBER = 'g00100101';

let seq = 0;
const report = (over: Record<string, unknown> = {}) => ({
  idempotencyKey: `test-key-${Date.now()}-${seq++}`,
  category: 'dispute',
  description: '两户村民因宅基地边界发生争执',
  location: { ...inTownship(0), crs: 'wgs84' },
  ...over,
});

describe('incidents end to end on the server', () => {
  let server: Server;
  const consoles: TestConsole[] = [];
  beforeEach(async () => {
    server = await startTestServer({ timerTickMs: 50 });
  });
  afterEach(async () => {
    for (const c of consoles.splice(0)) c.close();
    await server.stop();
  });
  const as = async (username: string) => api(server.url, (await login(server.url, username)).token);
  const open = async (username: string) => {
    const c = await openConsole(server.url, username);
    consoles.push(c);
    return c;
  };
  const updates = (c: TestConsole, id: number) =>
    c.applied.flatMap((e) => (e.event.kind === 'incident.updated' && e.event.incident.id === id ? [e.event] : []));

  it('takes a grid report, routes it county → township, and walks it to 归档 with every console in scope told live', async () => {
    const countyC = await open('duty1');
    const t01 = await open('t01');
    const t02 = await open('t02');
    const grid = await as(GRID_MEMBER);
    const res = await grid.post<Report>('/api/incidents', report());
    expect(res.status).toBe(201);
    const inc = res.body.incident;
    expect(inc).toMatchObject({ state: 'reported', category: 'dispute', holderLevel: 'county', overdue: false });
    expect(inc.code).toMatch(/^ZZ\d{8}-[0-9A-Z]{8}-[0-9A-Z]$/);
    expect(inc.gridName).toContain('第1网格');
    await countyC.waitFor(() => updates(countyC, inc.id).length === 1);
    await t01.waitFor(() => updates(t01, inc.id).length === 1);

    const duty = await as('duty1');
    const t01Api = await as('t01');
    const me = (await t01Api.get<{ centreId: number }>('/api/me')).body;
    const step = (who: typeof duty, body: unknown) => who.post<IncidentDetail & ApiError>(`/api/incidents/${inc.id}/steps`, body);

    let d = (await step(duty, { action: 'accept', priority: 'simple' })).body;
    expect(d.state).toBe('accepted');
    expect(d.resolveBy).toBeGreaterThan(d.acceptedAt!);
    d = (await step(duty, { action: 'assign', centreId: me.centreId })).body;
    expect(d).toMatchObject({ state: 'assigned', holderCentreId: me.centreId, pendingSign: true });
    await t01.waitFor(() => updates(t01, inc.id).some((u) => u.notice === 'assigned'));
    // The township sees exactly its buttons.
    const seen = (await t01Api.get<IncidentDetail>(`/api/incidents/${inc.id}`)).body;
    expect(seen.allowed.sort()).toEqual(['requestExtension', 'return', 'sign']);

    expect((await step(t01Api, { action: 'resolve', result: 'x' })).body.code).toBe('INCIDENT_BAD_TRANSITION');
    d = (await step(t01Api, { action: 'sign' })).body;
    expect(d.state).toBe('handling');
    d = (await step(t01Api, { action: 'progress', text: '已到现场调解', photos: [] })).body;
    expect(d.timeline.at(-1)).toMatchObject({ kind: 'progress', note: '已到现场调解' });
    d = (await step(t01Api, { action: 'resolve', result: '双方达成协议' })).body;
    expect(d).toMatchObject({ state: 'resolved', attempts: { township: 1 } });
    d = (await step(duty, { action: 'followUp', satisfied: true, satisfaction: 5, note: '群众满意' })).body;
    expect(d).toMatchObject({ state: 'followedUp', satisfaction: 5 });
    d = (await step(duty, { action: 'archive' })).body;
    expect(d.state).toBe('archived');
    expect(d.timeline.map((e) => e.kind)).toEqual(['report', 'accept', 'assign', 'sign', 'progress', 'resolve', 'followUp', 'archive']);
    expect(d.timeline.find((e) => e.kind === 'sign')?.actor?.name).toBeTruthy();

    await countyC.waitFor(() => updates(countyC, inc.id).at(-1)?.incident.state === 'archived');
    // Another township never heard of it and cannot read it.
    expect(updates(t02, inc.id)).toHaveLength(0);
    const t02Api = await as('t02');
    expect((await t02Api.get<ApiError>(`/api/incidents/${inc.id}`)).body.code).toBe('FORBIDDEN_SCOPE');
    expect((await t02Api.get<{ incidents: Incident[] }>('/api/incidents')).body.incidents).toHaveLength(0);
    expect((await step(t02Api, { action: 'return', reason: 'x' })).body.code).toBe('FORBIDDEN_SCOPE');
    expect(server.ledger.verify().firstBroken).toBeNull();
  });

  it('stores a retried report once (idempotency key)', async () => {
    const grid = await as(GRID_MEMBER);
    const body = report();
    const first = await grid.post<Report>('/api/incidents', body);
    const again = await grid.post<Report>('/api/incidents', body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, incident: { id: first.body.incident.id, code: first.body.incident.code } });
    // Concurrent retries of one report (a phone re-sending while the first is in flight) also store it once.
    const twin = report();
    const results = await Promise.all([grid.post<Report>('/api/incidents', twin), grid.post<Report>('/api/incidents', twin)]);
    expect(new Set(results.map((r) => r.body.incident.id)).size).toBe(1);
    const n = server.db.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number };
    expect(n.n).toBe(2);
  });

  it('rejects bad reports with clear codes and loses nothing already stored', async () => {
    const grid = await as(GRID_MEMBER);
    const kept = (await grid.post<Report>('/api/incidents', report())).body.incident;
    const cases: [unknown, string][] = [
      [report({ category: 'ufo' }), 'CATEGORY_UNKNOWN'],
      [report({ location: { lon: 116.4, lat: 39.9 } }), 'LOCATION_OUTSIDE'],
      [report({ description: '' }), 'VALIDATION_FAILED'],
      [report({ location: { lon: 500, lat: 0 } }), 'VALIDATION_FAILED'],
      [report({ photos: ['a'.repeat(64)] }), 'PHOTO_UNKNOWN'],
      [report({ photos: Array(7).fill('a'.repeat(64)) }), 'VALIDATION_FAILED'],
      [{ nonsense: true }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of cases) {
      const r = await grid.post<ApiError>('/api/incidents', body);
      expect(r.body.code, JSON.stringify(body)).toBe(code);
      expect(r.body.message).toBeTruthy();
    }
    const text = await grid.post<ApiError>('/api/photos', Buffer.from('not an image'), { 'content-type': 'image/jpeg' });
    expect(text.body.code).toBe('PHOTO_INVALID');
    const gif = await grid.post<ApiError>('/api/photos', Buffer.from('GIF89a....'), { 'content-type': 'image/gif' });
    expect(gif.body.code).toBe('PHOTO_INVALID');
    const big = await grid.post<ApiError>('/api/photos', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(6 * 1024 * 1024)]), { 'content-type': 'image/jpeg' });
    expect(big.body.code).toBe('PHOTO_INVALID');
    const still = await grid.get<Incident>(`/api/incidents/${kept.id}`);
    expect(still.body.code).toBe(kept.code);
  });

  it('attaches uploaded photos to a report', async () => {
    const grid = await as(GRID_MEMBER);
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
    const up = await grid.post<{ id: string }>('/api/photos', png, { 'content-type': 'image/png' });
    expect(up.body.id).toMatch(/^[a-f0-9]{64}$/);
    const r = await grid.post<Report>('/api/incidents', report({ photos: [up.body.id] }));
    expect(r.body.incident.photos).toEqual([up.body.id]);
    const res = await fetch(`${server.url}/api/photos/${up.body.id}`, { headers: { authorization: `Bearer ${(await login(server.url, 'duty1')).token}` } });
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
  });

  it('converts GCJ-02 and BD-09 input to WGS-84 before locating the grid', async () => {
    const grid = await as(GRID_MEMBER);
    const wgs = inTownship(0, 0, 0);
    const [glon, glat] = gcoord.transform([wgs.lon, wgs.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const r = await grid.post<Report>('/api/incidents', report({ location: { lon: glon, lat: glat, crs: 'gcj02' } }));
    expect(r.status).toBe(201);
    expect(r.body.incident.lon).toBeCloseTo(wgs.lon, 5);
    expect(r.body.incident.lat).toBeCloseTo(wgs.lat, 5);
    expect(r.body.incident.gridName).toContain('第1网格');
    expect(toWgs84(glon, glat, 'gcj02')[0]).toBeCloseTo(wgs.lon, 5);
  });

  it('flags a near-duplicate with the case it probably belongs to', async () => {
    const grid = await as(GRID_MEMBER);
    const first = (await grid.post<Report>('/api/incidents', report())).body.incident;
    const p = inTownship(0);
    const near = (await grid.post<Report>('/api/incidents', report({ location: { lon: p.lon + 0.0005, lat: p.lat } }))).body.incident;
    expect(near.similarTo).toBe(first.id);
    const otherKind = (await grid.post<Report>('/api/incidents', report({ category: 'safety' }))).body.incident;
    expect(otherKind.similarTo).toBeNull();
    const far = (await grid.post<Report>('/api/incidents', report({ location: { ...inTownship(0, 0, 3) } }))).body.incident;
    expect(far.similarTo).toBeNull();
  });

  it('chases a case: 催办 at 75 %, 督办 at 100 % to the level above and the county, overdue flagged, all in the ledger', async () => {
    await server.stop();
    server = await startTestServer({
      timerTickMs: 50,
      incidentDeadlines: { respondMs: 400, resolve: { simple: { sameDay: true }, general: { days: 3 }, complex: { days: 7 } }, maxTotalMs: 15 * 86400_000, byCategory: {} },
    });
    const countyC = await open('duty1');
    const grid = await as(GRID_MEMBER);
    const inc = (await grid.post<Report>('/api/incidents', report())).body.incident;
    await countyC.waitFor(() => updates(countyC, inc.id).some((u) => u.notice === 'supervise'), 3000);
    const notices = updates(countyC, inc.id).map((u) => u.notice);
    expect(notices).toEqual([null, 'urge', 'supervise']);
    const last = updates(countyC, inc.id).at(-1)!.incident;
    expect(last.overdue).toBe(true);
    expect(last.urgedAt).toBeLessThanOrEqual(last.supervisedAt!);
    const ledger = server.db.prepare("SELECT action FROM ledger WHERE subject = ? ORDER BY id").all(`incident:${inc.id}`) as { action: string }[];
    expect(ledger.map((l) => l.action)).toEqual(['incident.report', 'incident.urge', 'incident.supervise']);
  });

  it('shows the public only the steps: no names, phones, places or the matter itself; made-up codes are refused', async () => {
    const grid = await as(GRID_MEMBER);
    const inc = (await grid.post<Report>('/api/incidents', report({ description: '张三家门口的纠纷，电话13900001111' }))).body.incident;
    const duty = await as('duty1');
    await duty.post(`/api/incidents/${inc.id}/steps`, { action: 'accept' });
    const pub = await fetch(`${server.url}/api/public/cases/${inc.code}`);
    const body = (await pub.json()) as PublicCase;
    expect(body.steps.map((s) => s.step)).toEqual(['已上报', '已受理']);
    const html = await (await fetch(`${server.url}/case/${inc.code}`)).text();
    for (const secret of ['张三', '13900001111', inc.reportedBy.name, inc.gridName!, '城关镇', String(inc.lon).slice(0, 6)]) {
      expect(html).not.toContain(secret);
      expect(JSON.stringify(body)).not.toContain(secret);
    }
    expect(html).toContain('已受理');
    // A code with a wrong check character never reaches the database.
    const forged = inc.code.slice(0, -1) + (inc.code.endsWith('0') ? '1' : '0');
    expect(((await (await fetch(`${server.url}/api/public/cases/${forged}`)).json()) as ApiError).code).toBe('CASE_CODE_INVALID');
    expect((await fetch(`${server.url}/case/ZZ20260101-AAAAAAAA-A`)).status).toBe(404);
    const qr = await (await as('duty1')).get<string>(`/api/incidents/${inc.id}/qr.svg`);
    expect(qr.headers.get('content-type')).toContain('image/svg+xml');
    expect(qr.body).toContain('<svg');
  });

  it('records each step with the unit of whoever took it: the county 回访 and 归档 stay the county after 分流', async () => {
    const grid = await as(GRID_MEMBER);
    const inc = (await grid.post<Report>('/api/incidents', report())).body.incident;
    const duty = await as('duty1');
    const t01 = await as('t01');
    const me = (await t01.get<{ centreId: number }>('/api/me')).body;
    const step = (who: typeof duty, body: unknown) => who.post<IncidentDetail>(`/api/incidents/${inc.id}/steps`, body);
    await step(duty, { action: 'accept' });
    await step(duty, { action: 'assign', centreId: me.centreId });
    await step(t01, { action: 'sign' });
    await step(t01, { action: 'resolve', result: '已调解' });
    await step(duty, { action: 'followUp', satisfied: true, satisfaction: 5, note: '' });
    const d = (await step(duty, { action: 'archive' })).body;
    const countyName = county.name;
    const by = (kind: string) => d.timeline.find((e) => e.kind === kind)!;
    expect(by('report').actorCentreName).toBe(county.townships[0]!.villages[0]!.name);
    expect(by('accept').actorCentreName).toBe(countyName);
    // 分流: the county did it, the township received it.
    expect(by('assign')).toMatchObject({ actorCentreName: countyName, centreName: '城关镇' });
    expect(by('sign').actorCentreName).toBe('城关镇');
    expect(by('resolve').actorCentreName).toBe('城关镇');
    expect(by('followUp').actorCentreName).toBe(countyName);
    expect(by('archive').actorCentreName).toBe(countyName);
  });

  it('names cases by their codes: 疑似重复 and 合并 use the code, with a clear refusal for each wrong target', async () => {
    const grid = await as(GRID_MEMBER);
    const first = (await grid.post<Report>('/api/incidents', report())).body.incident;
    const p = inTownship(0);
    const near = (await grid.post<Report>('/api/incidents', report({ location: { lon: p.lon + 0.0003, lat: p.lat } }))).body.incident;
    expect(near.similarToCode).toBe(first.code);
    const duty = await as('duty1');
    const merge = (id: number, body: unknown, who = duty) => who.post<IncidentDetail & ApiError>(`/api/incidents/${id}/steps`, { action: 'merge', ...(body as object) });

    // Wrong targets, each with its own message; nothing changes.
    expect((await merge(near.id, { intoId: first.id })).body.code).toBe('VALIDATION_FAILED');
    expect((await merge(near.id, { intoCode: 'ZZ20260101-AAAAAAAA-A' })).body.code).toBe('CASE_CODE_INVALID');
    expect((await merge(near.id, { intoCode: near.code })).body.code).toBe('INCIDENT_MERGE_TARGET_SELF');
    const closed = (await grid.post<Report>('/api/incidents', report({ category: 'safety' }))).body.incident;
    await duty.post(`/api/incidents/${closed.id}/steps`, { action: 'accept' });
    await duty.post(`/api/incidents/${closed.id}/steps`, { action: 'resolve', result: '已处理' });
    await duty.post(`/api/incidents/${closed.id}/steps`, { action: 'followUp', satisfied: true, satisfaction: 5, note: '' });
    await duty.post(`/api/incidents/${closed.id}/steps`, { action: 'archive' });
    const toArchived = await merge(near.id, { intoCode: closed.code });
    expect(toArchived.status).toBe(409);
    expect(toArchived.body).toMatchObject({ code: 'INCIDENT_MERGE_TARGET_CLOSED', message: expect.stringContaining('未办结') });
    expect(toArchived.body.message).not.toContain('分流');
    expect((await duty.get<Incident>(`/api/incidents/${near.id}`)).body.state).toBe('reported');

    // The right target, typed the way people type (spaces, lower case).
    const ok = await merge(near.id, { intoCode: ` ${first.code.toLowerCase()} ` });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ state: 'merged', mergedInto: first.id, mergedIntoCode: first.code });
    expect(ok.body.timeline.at(-1)).toMatchObject({ kind: 'merge', note: first.code });
  });

  it('says on the public page what is true: 当前状态 and the last step agree, and the refusal page is all Chinese', async () => {
    const grid = await as(GRID_MEMBER);
    const inc = (await grid.post<Report>('/api/incidents', report())).body.incident;
    const page = async (code: string) => {
      const html = await (await fetch(`${server.url}/case/${code}`)).text();
      return html.slice(html.indexOf('<body>')).replace(/<[^>]+>/g, ' ');
    };
    const state = (text: string) => /当前状态：\s*(\S+)/.exec(text)?.[1];
    const steps = async () => ((await (await fetch(`${server.url}/api/public/cases/${inc.code}`)).json()) as PublicCase).steps.map((s) => s.step);
    let text = await page(inc.code);
    expect(state(text)).toBe('已上报');
    expect(await steps()).toEqual(['已上报']);
    expect(text).not.toContain('受理');
    await (await as('duty1')).post(`/api/incidents/${inc.id}/steps`, { action: 'accept' });
    text = await page(inc.code);
    expect(state(text)).toBe('已受理');
    expect((await steps()).at(-1)).toBe('已受理');
    const refused = await page('ZZ20260101-AAAAAAAA-A');
    expect(refused).toContain('未找到该案件');
    expect(refused.replace(/ZZ[\w-]+/g, '')).not.toMatch(/[A-Za-z]{2,}/);
  });

  it('asks a grid member to confirm a report placed in another village, and takes it once confirmed', async () => {
    const grid = await as(GRID_MEMBER);
    const elsewhere = inTownship(1, 2);
    const first = await grid.post<ApiError>('/api/incidents', report({ location: { ...elsewhere } }));
    expect(first.status).toBe(409);
    expect(first.body).toMatchObject({
      code: 'LOCATION_OTHER_VILLAGE',
      details: { village: county.townships[1]!.villages[2]!.name, township: county.townships[1]!.name, own: county.townships[0]!.villages[0]!.name },
    });
    expect((server.db.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }).n).toBe(0);
    const confirmed = await grid.post<Report>('/api/incidents', report({ location: { ...elsewhere }, confirmOtherVillage: true }));
    expect(confirmed.status).toBe(201);
    expect(confirmed.body.incident.villageId).not.toBeNull();
    // Only a grid member has a village of their own to compare with: the county places a report anywhere.
    expect((await (await as('duty1')).post<Report>('/api/incidents', report({ location: { ...elsewhere } }))).status).toBe(201);
  });

  it('rate-limits the public case page', async () => {
    await server.stop();
    server = await startTestServer({ publicRateLimit: { max: 3, windowMs: 60_000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${server.url}/api/public/cases/ZZ20260101-AAAAAAAA-A`)).status);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
  });

  it('exports incidents and the ledger as CSV and xlsx, filtered and scoped', async () => {
    const grid = await as(GRID_MEMBER);
    const a = (await grid.post<Report>('/api/incidents', report({ description: '=HYPERLINK("x") 公式注入' }))).body.incident;
    await grid.post<Report>('/api/incidents', report({ category: 'safety' }));
    const duty = await as('duty1');
    const csv = await duty.get<string>('/api/exports/incidents.csv?category=dispute');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain('案件编码');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(a.code);
    expect(lines[1]).toContain("'=HYPERLINK"); // neutralised for spreadsheets

    const res = await fetch(`${server.url}/api/exports/incidents.xlsx`, { headers: { authorization: `Bearer ${(await login(server.url, 'duty1')).token}` } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    expect(wb.worksheets[0]!.rowCount).toBe(3);

    const ledger = await duty.get<string>('/api/exports/ledger.csv');
    expect(ledger.body).toContain('incident.report');
    const t01 = await as('t01');
    expect((await t01.get<ApiError>('/api/exports/ledger.csv')).body.code).toBe('FORBIDDEN_ROLE');
    // A township's incident export holds only its own area.
    const t02 = await as('t02');
    const t02csv = await t02.get<string>('/api/exports/incidents.csv');
    expect(t02csv.body.replace(/^\uFEFF/, '').trim().split('\r\n')).toHaveLength(1);
  });
});

describe('incident queries', () => {
  it('answers a map viewport from the spatial index', async () => {
    const server = await startTestServer();
    try {
      const grid = api(server.url, (await login(server.url, GRID_MEMBER)).token);
      const a = (await grid.post<Report>('/api/incidents', report())).body.incident;
      const b = (await grid.post<Report>('/api/incidents', report({ location: { ...inTownship(0, 0, 5) } }))).body.incident;
      const duty = api(server.url, (await login(server.url, 'duty1')).token);
      const box = (lon: number, lat: number) => `${lon - 0.001},${lat - 0.001},${lon + 0.001},${lat + 0.001}`;
      const inA = (await duty.get<{ incidents: Incident[] }>(`/api/incidents?bbox=${box(a.lon, a.lat)}`)).body.incidents;
      expect(inA.map((i) => i.id)).toEqual([a.id]);
      const inB = (await duty.get<{ incidents: Incident[] }>(`/api/incidents?bbox=${box(b.lon, b.lat)}`)).body.incidents;
      expect(inB.map((i) => i.id)).toEqual([b.id]);
      expect((await duty.get<ApiError>('/api/incidents?bbox=1,2,3')).body.code).toBe('VALIDATION_FAILED');
    } finally {
      await server.stop();
    }
  });
});
