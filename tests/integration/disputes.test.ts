import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { ApiError, Dispute, DisputeDetail, DisputeReceipt, Incident, PartyInput, PartyMatches, RegisterDispute } from '../../protocol/index.ts';
import { isWellFormedCaseCode } from '../../app/domain/caseCode.ts';
import { generateDemoCounty } from '../../app/domain/demoCounty.ts';
import { api, expectError, expectOk, login, openConsole, startTestServer, type TestConsole } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;
type Registered = { dispute: Dispute; receipt: DisputeReceipt };

/** A valid 18-digit resident ID (GB 11643 check character) from 17 digits. */
function residentId(body17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, c, i) => s + Number(c) * (w[i] as number), 0);
  return body17 + '10X98765432'[sum % 11];
}
const ID_A = residentId('53010219800101123');
const ID_B = residentId('53010219750505456');

let seq = 0;
const party = (over: Partial<PartyInput> = {}): PartyInput => ({ role: 'applicant', name: '赵德明', phone: '13912345678', ...over });
const dispute = (over: Partial<RegisterDispute> = {}): RegisterDispute => ({
  idempotencyKey: `disp-key-${Date.now()}-${seq++}`,
  channel: 'walk_in',
  type: 'neighbour',
  summary: '两户村民因宅基地边界砌墙发生争执',
  peopleCount: 2,
  parties: [party({ idType: 'resident', idNumber: ID_A }), party({ role: 'respondent', name: '钱有福', phone: '13700001111' })],
  ...over,
});

describe('disputes at the window', () => {
  let server: Server;
  const consoles: TestConsole[] = [];
  const county = generateDemoCounty();
  beforeEach(async () => {
    server = await startTestServer();
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
  const townshipId = (username: string) => (server.db.prepare('SELECT centre_id AS id FROM users WHERE username = ?').get(username) as { id: number }).id;
  const count = () => (server.db.prepare('SELECT count(*) AS n FROM disputes').get() as { n: number }).n;
  const updates = (c: TestConsole) => c.events('dispute.updated');

  it('registers a walk-in with a queue ticket and a receipt, and the county and the township see it live, masked', async () => {
    const countyC = await open('duty1');
    const t01 = await open('t01');
    const t02 = await open('t02');
    const duty = await as('duty1');
    const res = await duty.post<Registered>('/api/disputes', dispute({ townshipId: townshipId('t01') }));
    expect(res.status).toBe(201);
    const { dispute: d, receipt } = res.body;
    expect(isWellFormedCaseCode(d.code)).toBe(true);
    expect(receipt).toMatchObject({ code: d.code, queueTicket: 1, centreName: county.name });
    expect(receipt.qr).toMatch(/^data:image\/png;base64,/);
    expect(receipt.publicUrl).toBe(`${server.url}/case/${d.code}`);
    expect(d).toMatchObject({ state: 'registered', channel: 'walk_in', riskGrade: 'low', townshipName: county.townships[0]!.name });
    expect(d.parties[0]).toMatchObject({ name: '赵德明', phone: '139****5678', idNumber: `${ID_A.slice(0, 6)}********${ID_A.slice(-4)}` });
    // the next visitor of the day gets the next ticket
    const second = await duty.post<Registered>('/api/disputes', dispute({ parties: [party({ name: '孙丽', phone: '13611112222' })] }));
    expect(second.body.receipt.queueTicket).toBe(2);

    await countyC.waitFor(() => updates(countyC).length === 2);
    await t01.waitFor(() => updates(t01).length === 1);
    expect(JSON.stringify(updates(countyC))).not.toContain('13912345678');
    expect(JSON.stringify(updates(countyC))).not.toContain(ID_A);
    expect(updates(t02)).toEqual([]);
    // a console that starts now gets them in its snapshot, masked too
    const fresh = await open('duty2');
    expect(fresh.snapshot?.disputes.map((x) => x.code).sort()).toEqual([d.code, second.body.dispute.code].sort());
    expect(JSON.stringify(fresh.snapshot?.disputes)).not.toContain('13912345678');
    const t02Fresh = await open('t02');
    expect(t02Fresh.snapshot?.disputes).toEqual([]);
    // a resent submit is stored once
    const again = await duty.post<Registered>('/api/disputes', { ...dispute(), idempotencyKey: 'same-key-123' });
    const resent = await duty.post<Registered>('/api/disputes', { ...dispute(), idempotencyKey: 'same-key-123' });
    expect(resent.status).toBe(200);
    expect(resent.body.dispute.code).toBe(again.body.dispute.code);
  });

  it('recognises a returning party by ID number, by phone and the same set of parties before saving (重复访)', async () => {
    const duty = await as('duty1');
    const first = (await duty.post<Registered>('/api/disputes', dispute())).body.dispute;
    const other = (await duty.post<Registered>('/api/disputes', dispute({ parties: [party({ name: '周强', phone: '13500000000', idType: 'resident', idNumber: ID_B })] }))).body.dispute;

    const byId = (await duty.post<PartyMatches>('/api/disputes/match', { parties: [party({ name: '赵德明', phone: null, idType: 'resident', idNumber: ID_A })] })).body;
    expect(byId.people).toEqual([expect.objectContaining({ party: 0, name: '赵德明', reason: 'idNumber', phone: '139****5678' })]);
    expect(byId.cases.map((c) => c.code)).toEqual([first.code]);
    expect(byId.cases[0]).toMatchObject({ visible: true, summary: first.summary });

    const byPhone = (await duty.post<PartyMatches>('/api/disputes/match', { parties: [party({ name: '赵老三', phone: '139 1234 5678' })] })).body;
    expect(byPhone.people.map((p) => p.reason)).toEqual(['phone']);
    expect(byPhone.cases.map((c) => c.code)).toEqual([first.code]);

    const both = (await duty.post<PartyMatches>('/api/disputes/match', {
      parties: [party({ idType: 'resident', idNumber: ID_A }), party({ role: 'respondent', name: '钱有福', phone: '13700001111' })],
    })).body;
    expect(both.cases).toEqual([expect.objectContaining({ code: first.code, sameParties: true })]);

    const nobody = (await duty.post<PartyMatches>('/api/disputes/match', { parties: [party({ name: '吴新', phone: '13300000000' })] })).body;
    expect(nobody).toEqual({ people: [], cases: [] });
    expect(other.repeatOf).toEqual([]);

    // Saving links the same person: the new case lists the earlier one and is graded up for it.
    const personId = byId.people[0]!.personId;
    const repeat = (await duty.post<Registered>('/api/disputes', dispute({ parties: [party({ personId, phone: null }), party({ role: 'respondent', name: '钱有福', phone: '13700001111' })] }))).body.dispute;
    expect(repeat.parties[0]!.personId).toBe(personId);
    expect(repeat.repeatOf).toEqual([first.code]);
    expect(repeat).toMatchObject({ riskGrade: 'medium', riskReasons: [{ code: 'repeatMedium', value: 1 }] });
    expect((server.db.prepare('SELECT count(*) AS n FROM people WHERE name = ?').get('赵德明') as { n: number }).n).toBe(1);
    // a township sees that an earlier case exists, not what it says
    const t02 = await as('t02');
    const fromT02 = (await t02.post<PartyMatches>('/api/disputes/match', { parties: [party({ idType: 'resident', idNumber: ID_A })] })).body;
    expect(fromT02.cases.every((c) => !c.visible && c.summary === '')).toBe(true);
  });

  it('a high-risk case alarms the commander and duty officers at once, with its reasons', async () => {
    const commander = await open('commander');
    const t01 = await open('t01');
    const duty = await as('duty1');
    const d = (await duty.post<Registered>('/api/disputes', dispute({ extremeThreat: true, peopleCount: 40, townshipId: townshipId('t01') }))).body.dispute;
    expect(d.riskGrade).toBe('high');
    expect(d.riskReasons.map((r) => r.code)).toEqual(['extremeThreat', 'peopleHigh']);
    await commander.waitFor(() => updates(commander).some((e) => e.dispute.id === d.id && e.notice === 'highRisk'));
    expect(commander.snapshot?.alarms.policy.find((r) => r.kind === 'highRisk')).toMatchObject({ at: 'county', takeover: true });
    // the county acknowledges the alarm on the existing path; a township may not
    const ack = expectOk(await commander.request('alarm:ack', { kind: 'highRisk', itemId: d.id }));
    expect(ack.ack.kind).toBe('highRisk');
    expect(expectError(await t01.request('alarm:ack', { kind: 'highRisk', itemId: d.id })).code).toBe('FORBIDDEN_SCOPE');
    const low = (await duty.post<Registered>('/api/disputes', dispute())).body.dispute;
    await commander.waitFor(() => updates(commander).some((e) => e.dispute.id === low.id));
    expect(updates(commander).find((e) => e.dispute.id === low.id)?.notice).toBeNull();
  });

  it('reveals a full ID number only to those handling the case, and writes who saw whose data to the ledger', async () => {
    const duty = await as('duty1');
    const d = (await duty.post<Registered>('/api/disputes', dispute({ townshipId: townshipId('t01') }))).body.dispute;
    const partyId = d.parties[0]!.id;
    const ask = { disputeId: d.id, partyId, field: 'idNumber' };

    const shown = await duty.post<{ value: string }>('/api/disputes/reveal', ask);
    expect(shown.body.value).toBe(ID_A);
    const phone = await duty.post<{ value: string }>('/api/disputes/reveal', { ...ask, field: 'phone' });
    expect(phone.body.value).toBe('13912345678');
    const entries = server.db.prepare("SELECT actor_id, subject, detail FROM ledger WHERE action = 'dispute.reveal' ORDER BY id").all() as { actor_id: number; subject: string; detail: string }[];
    const dutyId = (server.db.prepare("SELECT id FROM users WHERE username = 'duty1'").get() as { id: number }).id;
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ actor_id: dutyId, subject: `person:${d.parties[0]!.personId}` });
    expect(JSON.parse(entries[0]!.detail)).toMatchObject({ disputeId: d.id, partyId, field: 'idNumber' });
    const log = (await duty.get<{ reveals: { user_name: string; field: string }[] }>(`/api/disputes/${d.id}/reveals`)).body.reveals;
    expect(log.map((r) => r.field)).toEqual(['idNumber', 'phone']);
    // the detail says who may reveal; the list stays masked after a reveal
    expect((await duty.get<DisputeDetail>(`/api/disputes/${d.id}`)).body).toMatchObject({ mayReveal: true });
    expect((await duty.get<{ disputes: Dispute[] }>('/api/disputes')).body.disputes[0]!.parties[0]!.idNumber).not.toBe(ID_A);

    const refusals: [string, string, number][] = [
      ['t01', 'DISPUTE_REVEAL_FORBIDDEN', 403], // sees the case (it arose there) but does not handle it
      ['t02', 'FORBIDDEN_SCOPE', 403],
      ['d02', 'FORBIDDEN_SCOPE', 403],
      ['v001001', 'FORBIDDEN_SCOPE', 403],
      ['g00100101', 'FORBIDDEN_ROLE', 403],
      ['admin', 'FORBIDDEN_ROLE', 403],
    ];
    for (const [who, code, status] of refusals) {
      const r = await (await as(who)).post<ApiError>('/api/disputes/reveal', ask);
      expect([who, r.status, r.body.code]).toEqual([who, status, code]);
    }
    expect((await duty.post<ApiError>('/api/disputes/reveal', { ...ask, partyId: 999999 })).body.code).toBe('DISPUTE_PARTY_UNKNOWN');
    expect(server.db.prepare("SELECT count(*) AS n FROM ledger WHERE action = 'dispute.reveal'").get()).toEqual({ n: 2 });
    expect((await (await as('t01')).get<DisputeDetail>(`/api/disputes/${d.id}`)).body.mayReveal).toBe(false);
  });

  it('keeps each unit to its own disputes; a grid member sees none', async () => {
    const duty = await as('duty1');
    const t01 = await as('t01');
    const own = (await t01.post<Registered>('/api/disputes', dispute())).body.dispute;
    expect(own).toMatchObject({ holderCentreId: townshipId('t01'), townshipId: townshipId('t01'), queueTicket: 1 });
    const countyCase = (await duty.post<Registered>('/api/disputes', dispute({ townshipId: townshipId('t02') }))).body.dispute;
    expect((await t01.get<{ disputes: Dispute[] }>('/api/disputes')).body.disputes.map((x) => x.id)).toEqual([own.id]);
    expect((await t01.get<ApiError>(`/api/disputes/${countyCase.id}`)).body.code).toBe('FORBIDDEN_SCOPE');
    expect((await (await as('t02')).get<{ disputes: Dispute[] }>('/api/disputes')).body.disputes.map((x) => x.id)).toEqual([countyCase.id]);
    expect((await duty.get<{ disputes: Dispute[] }>('/api/disputes')).body.disputes).toHaveLength(2);
    const grid = await as('g00100101');
    expect((await grid.get<ApiError>('/api/disputes')).body.code).toBe('FORBIDDEN_ROLE');
    expect((await grid.get<ApiError>(`/api/disputes/${own.id}`)).body.code).toBe('FORBIDDEN_ROLE');
    expect((await grid.post<ApiError>('/api/disputes', dispute())).body.code).toBe('FORBIDDEN_ROLE');
    expect((await grid.get<ApiError>('/api/exports/disputes.xlsx')).status).toBe(403);
    expect((await (await as('d01')).post<ApiError>('/api/disputes', dispute())).body.code).toBe('FORBIDDEN_ROLE');
    expect((await (await as('v001001')).get<{ disputes: Dispute[] }>('/api/disputes')).body.disputes).toEqual([]);
  });

  it('refuses bad input naming the field and stores nothing', async () => {
    const duty = await as('duty1');
    const bad: [RegisterDispute, string, string][] = [
      [dispute({ parties: [party({ idType: 'resident', idNumber: '530102198001011230' })] }), 'DISPUTE_ID_NUMBER_INVALID', 'parties.0.idNumber'],
      [dispute({ parties: [party(), party({ role: 'respondent', idNumber: 'E1234567' })] }), 'DISPUTE_ID_TYPE_REQUIRED', 'parties.1.idType'],
      [dispute({ parties: [party({ role: 'respondent' })] }), 'DISPUTE_NO_APPLICANT', 'parties'],
      [dispute({ channel: 'assigned' }), 'DISPUTE_SOURCE_REQUIRED', 'sourceUnit'],
      [dispute({ channel: 'grid_report' }), 'DISPUTE_INCIDENT_REQUIRED', 'incidentId'],
      [dispute({ townshipId: 1 }), 'DISPUTE_TOWNSHIP_UNKNOWN', 'townshipId'],
      [dispute({ parties: [party({ personId: 999999 })] }), 'DISPUTE_PERSON_UNKNOWN', 'parties.0.personId'],
      [dispute({ summary: '' }), 'VALIDATION_FAILED', 'summary'],
      [dispute({ type: 'unknown' as never }), 'VALIDATION_FAILED', 'type'],
      [dispute({ parties: [party({ phone: '12ab' })] }), 'VALIDATION_FAILED', 'parties.0.phone'],
    ];
    for (const [body, code, field] of bad) {
      const r = await duty.post<ApiError>('/api/disputes', body);
      expect([r.status, r.body.code, Object.keys(r.body.details ?? {})]).toEqual([400, code, [field]]);
    }
    expect(count()).toBe(0);
    expect((server.db.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n).toBe(0);
  });

  it('takes 来电 with its 12345 number, 交办 and 移交, and turns a grid report of the dispute category into a case once', async () => {
    const duty = await as('duty1');
    const phoneCase = (await duty.post<Registered>('/api/disputes', dispute({ channel: 'phone', hotlineRef: '12345-20261130-0042' }))).body;
    expect(phoneCase.dispute).toMatchObject({ channel: 'phone', hotlineRef: '12345-20261130-0042', queueTicket: null });
    expect((await duty.post<Registered>('/api/disputes', dispute({ channel: 'assigned', sourceUnit: '市综治中心', hotlineRef: '市综治交〔2026〕12号' }))).body.dispute.sourceUnit).toBe('市综治中心');
    expect((await duty.post<Registered>('/api/disputes', dispute({ channel: 'transferred', sourceUnit: '县信访局' }))).status).toBe(201);

    const grid = await as('g00100101');
    const ring = county.townships[0]!.villages[0]!.grids[0]!.ring.slice(0, -1);
    const location = { lon: ring.reduce((s, p) => s + p[0], 0) / ring.length, lat: ring.reduce((s, p) => s + p[1], 0) / ring.length };
    const report = async (category: string) =>
      (await grid.post<{ incident: Incident }>('/api/incidents', { idempotencyKey: `inc-${seq++}-key`, category, description: '邻里因排水沟争吵', location })).body.incident;
    const inc = await report('dispute');
    const made = (await duty.post<Registered>('/api/disputes', dispute({ channel: 'grid_report', incidentId: inc.id }))).body.dispute;
    expect(made).toMatchObject({ channel: 'grid_report', incidentId: inc.id, incidentCode: inc.code, townshipId: inc.townshipId });
    const timeline = (await duty.get<{ timeline: { kind: string; note: string }[] }>(`/api/incidents/${inc.id}`)).body.timeline;
    expect(timeline.find((e) => e.kind === 'toDispute')?.note).toBe(made.code);
    expect((await duty.post<ApiError>('/api/disputes', dispute({ channel: 'grid_report', incidentId: inc.id }))).body.code).toBe('DISPUTE_INCIDENT_CONVERTED');
    const safety = await report('safety');
    expect((await duty.post<ApiError>('/api/disputes', dispute({ channel: 'grid_report', incidentId: safety.id }))).body.code).toBe('DISPUTE_INCIDENT_NOT_DISPUTE');
    // a township cannot convert another township's report
    const t02 = await as('t02');
    expect((await t02.post<ApiError>('/api/disputes', dispute({ channel: 'grid_report', incidentId: (await report('dispute')).id }))).body.code).toBe('FORBIDDEN_SCOPE');
  });

  it('searches by code, name fragment, phone, ID and text, with filters, and files the 台账 masked', async () => {
    const duty = await as('duty1');
    const a = (await duty.post<Registered>('/api/disputes', dispute({ type: 'land', parties: [party({ name: '欧阳春华', phone: '13811110000', idType: 'resident', idNumber: ID_B })] }))).body.dispute;
    const b = (await duty.post<Registered>('/api/disputes', dispute({ type: 'labour', summary: '建筑工地拖欠农民工工资三个月', amount: 86000, peopleCount: 12 }))).body.dispute;
    const q = async (query: string) => (await duty.get<{ disputes: Dispute[] }>(`/api/disputes?${query}`)).body.disputes.map((x) => x.id);
    expect(await q(`q=${encodeURIComponent('阳春华')}`)).toEqual([a.id]);
    expect(await q(`q=${encodeURIComponent('欧阳')}`)).toEqual([a.id]);
    expect(await q('q=1111000')).toEqual([a.id]);
    expect(await q(`q=${ID_B.slice(4, 12)}`)).toEqual([a.id]);
    expect(await q(`q=${encodeURIComponent('农民工工资')}`)).toEqual([b.id]);
    expect(await q(`q=${b.code}`)).toEqual([b.id]);
    expect(await q('type=labour')).toEqual([b.id]);
    expect(await q('risk=medium')).toEqual([b.id]);
    expect(await q('channel=phone')).toEqual([]);
    expect(await q(`state=registered&q=${encodeURIComponent('宅基地')}`)).toEqual([a.id]);
    expect((await duty.get<ApiError>('/api/disputes?risk=severe')).body).toMatchObject({ code: 'VALIDATION_FAILED', details: { risk: expect.any(String) } });

    const res = await fetch(`${server.url}/api/exports/disputes.xlsx`, { headers: { authorization: `Bearer ${(await login(server.url, 'duty1')).token}` } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as string[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['序号', '编号', '登记时间', '来源渠道']);
    expect(header).toEqual(expect.arrayContaining(['当事人', '纠纷类型', '简要情况', '涉及人数', '涉及金额（元）', '风险等级', '化解责任单位', '状态', '化解结果', '办结时间']));
    const rows = [2, 3].map((n) => (ws.getRow(n).values as unknown[]).slice(1));
    const row = rows.find((r) => r[1] === b.code)!;
    expect(row[header.indexOf('纠纷类型')]).toBe('劳资');
    expect(row[header.indexOf('涉及金额（元）')]).toBe(86000);
    expect(row[header.indexOf('风险等级')]).toBe('中风险');
    const text = JSON.stringify(rows);
    expect(text).not.toContain('13811110000');
    expect(text).not.toContain(ID_B);
    expect(text).toContain('138****0000');

    // a township files only its own: the county's cases are not in its 台账; a grid member gets none
    const t01 = await login(server.url, 't01');
    const own = (await (await as('t01')).post<Registered>('/api/disputes', dispute({ summary: '乡镇窗口登记的物业纠纷' }))).body.dispute;
    const mine = await fetch(`${server.url}/api/exports/disputes.xlsx`, { headers: { authorization: `Bearer ${t01.token}` } });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(await mine.arrayBuffer());
    const codes = wb2.worksheets[0]!.getColumn(2).values.slice(2);
    expect(codes).toEqual([own.code]);
  });
});
