import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiError, Dispute, FlowAction, FlowDetail, PublicDispute, RegisterDispute, RoutingRule, RoutingTableView } from '../../protocol/index.ts';
import { api, login, openConsole, startTestServer, type TestConsole } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

let seq = 0;
const dispute = (over: Partial<RegisterDispute> = {}): RegisterDispute => ({
  idempotencyKey: `med-key-${Date.now()}-${seq++}`,
  channel: 'walk_in',
  type: 'medical',
  summary: '患者家属与县医院就手术费用和后遗症赔偿发生争执',
  peopleCount: 3,
  parties: [
    { role: 'applicant', name: '周玉兰', phone: '13987654321' },
    { role: 'respondent', name: '青岚县人民医院', phone: '0871-3335555' },
  ],
  ...over,
});

/** pdftotext (poppler-utils) on the bytes: what a reader of the document sees. */
function pdfText(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'zz-pdf-'));
  try {
    const file = join(dir, 'a.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('dispute flow: 先行调解, 分类流转, 督办, 回访', () => {
  let server: Server;
  let now = Date.UTC(2026, 10, 23, 1, 0, 0);
  const consoles: TestConsole[] = [];
  beforeEach(async () => {
    now = Date.UTC(2026, 10, 23, 1, 0, 0);
    server = await startTestServer({ clock: () => now, timerTickMs: 3_600_000, sessionTtlMs: 365 * DAY });
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
  const centreOf = (username: string) => (server.db.prepare('SELECT centre_id AS id FROM users WHERE username = ?').get(username) as { id: number }).id;
  const userId = (username: string) => (server.db.prepare('SELECT id FROM users WHERE username = ?').get(username) as { id: number }).id;
  const register = async (over: Partial<RegisterDispute> = {}) => {
    const r = await (await as('duty1')).post<{ dispute: Dispute }>('/api/disputes', dispute(over));
    expect(r.status).toBe(201);
    return r.body.dispute;
  };
  type Client = Awaited<ReturnType<typeof as>>;
  const step = async (who: Client, id: number, body: FlowAction, status = 200) => {
    const r = await who.post<FlowDetail & ApiError>(`/api/disputes/${id}/flow`, body);
    if (r.status !== status) throw new Error(`${body.action}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const flows = (c: TestConsole) => c.events('dispute.flow');
  const ledgerActions = () => (server.db.prepare("SELECT action FROM ledger WHERE action LIKE 'dispute.%' OR action LIKE 'routingTable.%' ORDER BY id").all() as { action: string }[]).map((r) => r.action);

  it('route → the 司法局 signs, handles, returns with a reason → the county re-routes → closed → 回访; every refusal of scope', async () => {
    const countyC = await open('duty1');
    const justiceC = await open('d02');
    const labourC = await open('d04');
    const duty = await as('duty1');
    const justice = await as('d02');
    const labour = await as('d04');
    const police = await as('d01');
    const town = await as('t01');
    const justiceId = centreOf('d02');
    const labourId = centreOf('d04');
    const d = await register();

    // 先行调解, then no agreement
    await step(duty, d.id, { action: 'assignMediation', mediatorId: userId('duty2'), roomId: 1 });
    await step(duty, d.id, { action: 'recordSession', at: now - HOUR, place: '人民调解室一', attendees: ['周玉兰', '医院代表'], notes: '双方对赔偿数额分歧较大' });
    const failed = await step(duty, d.id, { action: 'noAgreement', reason: '赔偿数额分歧大' });
    expect(failed).toMatchObject({ state: 'routing', mediation: { outcome: 'none', sessions: [{ place: '人民调解室一' }] } });
    // the table suggests the 司法局 for a medical dispute after mediation failed
    expect(failed.suggestion).toEqual({ centreId: justiceId, channel: 'administrative', days: 30 });

    // a township cannot route; a department cannot either
    expect((await town.post<ApiError>(`/api/disputes/${d.id}/flow`, { action: 'route', centreId: justiceId, channel: 'administrative' })).body.code).toBe('FORBIDDEN_SCOPE');
    expect((await justice.post<ApiError>(`/api/disputes/${d.id}/flow`, { action: 'route', centreId: justiceId, channel: 'administrative' })).body.code).toBe('FORBIDDEN_SCOPE');
    const routed = await step(duty, d.id, { action: 'route', centreId: justiceId, channel: 'administrative' });
    expect(routed).toMatchObject({ state: 'routed', holderCentreId: justiceId, routing: { centreId: justiceId, state: 'pending', dueAt: now + 2 * HOUR, days: 30 } });

    // the 司法局's console hears it with 签收 needed; the 人社局's hears nothing and may neither see nor sign it
    await justiceC.waitFor(() => flows(justiceC).some((e) => e.notice === 'routed'));
    expect(justiceC.events('dispute.updated').at(-1)?.dispute).toMatchObject({ id: d.id, state: 'routed', holderCentreId: justiceId });
    expect(JSON.stringify(justiceC.applied)).not.toContain('13987654321');
    expect((await labour.get<ApiError>(`/api/disputes/${d.id}/flow`)).body.code).toBe('FORBIDDEN_SCOPE');
    expect((await labour.post<ApiError>(`/api/disputes/${d.id}/flow`, { action: 'sign' })).body.code).toBe('FORBIDDEN_SCOPE');
    expect((await police.post<ApiError>(`/api/disputes/${d.id}/flow`, { action: 'sign' })).body.code).toBe('FORBIDDEN_SCOPE');
    expect(flows(labourC)).toEqual([]);
    // its console's receipt marks the routing delivered (送达), as for alerts and orders; the county sees it
    await countyC.waitFor(() => flows(countyC).some((e) => e.flow.routing?.state === 'delivered'));
    expect(flows(countyC).find((e) => e.flow.routing?.state === 'delivered')?.flow.routing).toMatchObject({ centreId: justiceId, signedAt: null });
    // a console of the 司法局 that starts now holds it in its snapshot
    const fresh = await open('d02');
    expect(fresh.snapshot?.disputeFlows.map((f) => [f.disputeId, f.state])).toContainEqual([d.id, 'routed']);
    expect((await open('d04')).snapshot?.disputeFlows).toEqual([]);

    // 签收, handle, return with a reason
    now += HOUR;
    const signed = await step(justice, d.id, { action: 'sign' });
    expect(signed).toMatchObject({ state: 'signed', routing: { state: 'signed', signedBy: { id: userId('d02') } }, resolveBy: now + 30 * DAY });
    expect((await justice.post<ApiError>(`/api/disputes/${d.id}/flow`, { action: 'sign' })).body.code).toBe('MEDIATION_BAD_STEP');
    await step(justice, d.id, { action: 'progress', text: '已约谈医院医务科' });
    const back = await step(justice, d.id, { action: 'return', reason: '涉及劳务派遣工资，不属本局职责' });
    expect(back).toMatchObject({ state: 'returned', holderCentreId: server.db.prepare("SELECT id FROM centres WHERE level = 'county'").pluck().get() });
    await countyC.waitFor(() => flows(countyC).some((e) => e.notice === 'returned'));
    expect(flows(countyC).find((e) => e.notice === 'returned')?.flow.lastReturn).toMatchObject({ centreId: justiceId, reason: '涉及劳务派遣工资，不属本局职责' });
    // the unit that returned it no longer sees it
    expect((await justice.get<ApiError>(`/api/disputes/${d.id}/flow`)).body.code).toBe('FORBIDDEN_SCOPE');

    // the county re-routes: another unit than the table's needs a reason
    const noReason = await duty.post<ApiError>(`/api/disputes/${d.id}/flow`, { action: 'route', centreId: labourId, channel: 'labourArbitration' });
    expect(noReason.body).toMatchObject({ code: 'ROUTING_REASON_REQUIRED', details: { reason: 'required' } });
    const rerouted = await step(duty, d.id, { action: 'route', centreId: labourId, channel: 'labourArbitration', reason: '司法局退回：劳务派遣工资争议' });
    expect(rerouted).toMatchObject({ state: 'routed', routing: { centreId: labourId, suggestedCentreId: justiceId, reason: '司法局退回：劳务派遣工资争议' }, lastReturn: { centreId: justiceId } });
    await labourC.waitFor(() => flows(labourC).some((e) => e.notice === 'routed'));
    await step(labour, d.id, { action: 'sign' });
    expect((await duty.post<ApiError>(`/api/disputes/${d.id}/flow`, { action: 'followUp', satisfied: true, satisfaction: 5 })).body.code).toBe('MEDIATION_BAD_STEP');
    const closed = await step(labour, d.id, { action: 'resolve', result: '医院支付赔偿款3.2万元，双方签字确认' });
    expect(closed).toMatchObject({ state: 'closed', result: '医院支付赔偿款3.2万元，双方签字确认', resolvedBy: 'unit' });
    // 回访 is the county's
    expect((await labour.post<ApiError>(`/api/disputes/${d.id}/flow`, { action: 'followUp', satisfied: true, satisfaction: 5 })).body.code).toBe('FORBIDDEN_SCOPE');
    const reviewed = await step(duty, d.id, { action: 'followUp', satisfied: true, satisfaction: 5, note: '当事人表示满意' });
    expect(reviewed).toMatchObject({ state: 'reviewed', satisfaction: 5, closedAt: now });

    // the timeline keeps the return (应受理未受理 corrected, not lost); the ledger has every step
    const kinds = reviewed.timeline.map((e) => e.kind);
    expect(kinds).toEqual(['register', 'risk', 'assignMediation', 'recordSession', 'noAgreement', 'route', 'sign', 'progress', 'return', 'route', 'sign', 'resolve', 'followUp']);
    expect(reviewed.timeline.find((e) => e.kind === 'return')).toMatchObject({ note: '涉及劳务派遣工资，不属本局职责', actor: { id: userId('d02') } });
    expect(ledgerActions()).toEqual(expect.arrayContaining(['dispute.route', 'dispute.sign', 'dispute.return', 'dispute.resolve', 'dispute.followUp']));
    const dispRow = (await duty.get<Dispute & { timeline: unknown[] }>(`/api/disputes/${d.id}`)).body;
    expect(dispRow).toMatchObject({ state: 'reviewed', satisfaction: 5, result: '医院支付赔偿款3.2万元，双方签字确认' });

    // 一案一码: the steps, nothing personal
    const pub = (await fetch(`${server.url}/api/public/cases/${d.code}`).then((r) => r.json())) as PublicDispute;
    expect(pub).toMatchObject({ code: d.code, type: '医患', state: 'reviewed' });
    expect(pub.steps.map((s) => s.step)).toContain('承办单位退回，重新分流');
    const page = await fetch(`${server.url}/case/${d.code}`).then((r) => r.text());
    expect(page).toContain('已回访');
    for (const secret of ['周玉兰', '13987654321', '劳务派遣', '3.2万', '司法局']) {
      expect(JSON.stringify(pub)).not.toContain(secret);
      expect(page).not.toContain(secret);
    }
  });

  it('the 签收 ladder while unsigned, then 催办 at 75 % and 督办 at 100 % of the handling days, on the ticker', async () => {
    const justiceC = await open('d02');
    const duty = await as('duty1');
    const justice = await as('d02');
    const d = await register();
    await step(duty, d.id, { action: 'skipMediation', reason: '医院方拒绝调解' });
    // at registration the table has no row for medical disputes: no suggestion, the default 15 days
    const routed = await step(duty, d.id, { action: 'route', centreId: centreOf('d02'), channel: 'administrative' });
    expect(routed).toMatchObject({ suggestion: null, routing: { days: 15, stage: 'intake' } });
    now += 2 * HOUR;
    server.ticker.tick();
    await justiceC.waitFor(() => flows(justiceC).some((e) => e.notice === 'signReminder'));
    expect(flows(justiceC).at(-1)?.flow).toMatchObject({ overdue: true, routing: { rung: 1, overdue: true } });
    now += HOUR;
    await step(justice, d.id, { action: 'sign' });
    const signedAt = now;
    now = signedAt + 15 * DAY * 0.75;
    server.ticker.tick();
    await justiceC.waitFor(() => flows(justiceC).some((e) => e.notice === 'urge'));
    now = signedAt + 15 * DAY;
    server.ticker.tick();
    await justiceC.waitFor(() => flows(justiceC).some((e) => e.notice === 'supervise'));
    const f = (await duty.get<FlowDetail>(`/api/disputes/${d.id}/flow`)).body;
    expect(f).toMatchObject({ overdue: true, urgedAt: signedAt + 15 * DAY * 0.75, supervisedAt: signedAt + 15 * DAY });
    expect(f.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['signReminder', 'urge', 'supervise']));
    expect(ledgerActions()).toEqual(expect.arrayContaining(['dispute.signReminder', 'dispute.urge', 'dispute.supervise']));
  });

  it('insisting after a return sends it back to the same unit to sign again; 三二一 after unsatisfied 回访s', async () => {
    const justiceC = await open('d02');
    const duty = await as('duty1');
    const justice = await as('d02');
    const justiceId = centreOf('d02');
    const d = await register();
    await step(duty, d.id, { action: 'skipMediation', reason: '医院方拒绝调解' });
    await step(duty, d.id, { action: 'route', centreId: justiceId, channel: 'legalAid' });
    await step(justice, d.id, { action: 'return', reason: '不属法律援助范围' });
    expect((await duty.post<ApiError>(`/api/disputes/${d.id}/flow`, { action: 'insist', note: '' })).body).toMatchObject({ code: 'VALIDATION_FAILED', details: { note: expect.any(String) } });
    const insisted = await step(duty, d.id, { action: 'insist', note: '申请人属低保户，符合法律援助条件' });
    expect(insisted).toMatchObject({ state: 'routed', holderCentreId: justiceId, routing: { centreId: justiceId, insisted: true, state: 'pending', reason: '申请人属低保户，符合法律援助条件' } });
    await justiceC.waitFor(() => flows(justiceC).filter((e) => e.notice === 'routed').length === 2);
    // the department: two attempts (township level), then the county routes it anew
    await step(justice, d.id, { action: 'sign' });
    await step(justice, d.id, { action: 'resolve', result: '第一次办结' });
    const again = await step(duty, d.id, { action: 'followUp', satisfied: false, satisfaction: 2, note: '申请人不认可' });
    expect(again).toMatchObject({ state: 'handling', holderCentreId: justiceId, attempts: { township: 1 }, satisfaction: 2 });
    expect((await justice.get<FlowDetail>(`/api/disputes/${d.id}/flow`)).body.allowed).toEqual(['progress', 'return', 'resolve']);
    await step(justice, d.id, { action: 'resolve', result: '第二次办结' });
    const up = await step(duty, d.id, { action: 'followUp', satisfied: false, satisfaction: 1 });
    expect(up).toMatchObject({ state: 'routing', attempts: { township: 2 } });
    expect(up.timeline.map((e) => e.kind).slice(-2)).toEqual(['followUpUnsatisfied', 'autoEscalate']);
    expect(up.allowed).toEqual(['route']);
  });

  it('an agreement prints the 人民调解协议书 (checked with pdftotext); 司法确认 is recorded; only those who see the case get it', async () => {
    const duty = await as('duty1');
    const d = await register({ type: 'neighbour', summary: '宅基地边界砌墙纠纷', parties: [{ role: 'applicant', name: '赵德明' }, { role: 'respondent', name: '钱有福' }] });
    expect((await duty.get<ApiError>(`/api/disputes/${d.id}/agreement.pdf`)).body.code).toBe('MEDIATION_NO_AGREEMENT');
    // bad input names the field; nothing is written
    const bad = await duty.post<ApiError>(`/api/disputes/${d.id}/flow`, { action: 'assignMediation', mediatorId: userId('t01'), roomId: null });
    expect(bad.body).toMatchObject({ code: 'MEDIATION_MEDIATOR_UNKNOWN', details: { mediatorId: String(userId('t01')) } });
    const badRoom = await duty.post<ApiError>(`/api/disputes/${d.id}/flow`, { action: 'assignMediation', mediatorId: null, roomId: 999 });
    expect(badRoom.body.code).toBe('MEDIATION_ROOM_UNKNOWN');
    const invalid = await duty.post<ApiError>(`/api/disputes/${d.id}/flow`, { action: 'recordSession', at: now, place: '', attendees: [], notes: 'x' });
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(invalid.body.details ?? {})).toEqual(expect.arrayContaining(['place', 'attendees']));
    expect((await duty.get<FlowDetail>(`/api/disputes/${d.id}/flow`)).body).toMatchObject({ state: 'registered', mediation: null });

    await step(duty, d.id, { action: 'assignMediation', mediatorId: userId('duty2'), roomId: 2 });
    const future = await duty.post<ApiError>(`/api/disputes/${d.id}/flow`, { action: 'recordSession', at: now + HOUR, place: '调解室', attendees: ['赵德明'], notes: 'x' });
    expect(future.body).toMatchObject({ code: 'MEDIATION_SESSION_IN_FUTURE', details: { at: String(now + HOUR) } });
    await step(duty, d.id, { action: 'recordSession', at: now, place: '人民调解室二', attendees: ['赵德明', '钱有福', '村委会主任'], notes: '现场察看边界' });
    const agreed = await step(duty, d.id, {
      action: 'agreement', facts: '双方因宅基地边界砌墙发生争执，钱有福所砌围墙越界约0.4米。', terms: '钱有福于2026年12月10日前拆除越界部分围墙。',
      performance: '由村委会监督，于2026年12月10日前履行完毕。', signedAt: now,
    });
    expect(agreed).toMatchObject({ state: 'agreed', resolvedBy: 'mediation', mediation: { outcome: 'agreement', agreement: { number: '调〔2026〕1号' } } });

    const pdf = await fetch(`${server.url}/api/disputes/${d.id}/agreement.pdf`, { headers: { authorization: `Bearer ${(await login(server.url, 'duty1')).token}` } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = pdfText(Buffer.from(await pdf.arrayBuffer()));
    for (const expected of ['人民调解协议书', d.code, '调〔2026〕1号', '申请人：赵德明', '被申请人：钱有福', '越界约0.4米', '2026年12月10日前拆除越界部分围墙', '由村委会监督', '本协议一式三份', '当事人（签名、盖章或按指印）', '人民调解员（签名）']) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/刘|王|李|张|陈|杨|赵|黄|周|吴/); // the mediator's name is printed in the signature block
    expect(text.replace(/\s/g, '')).toContain('2026年11月23日');

    // 司法确认, recorded; then 回访 closes it
    const confirmed = await step(duty, d.id, { action: 'judicial', state: 'confirmed', court: '青岚县人民法院', note: '(2026)云0102民特12号' });
    expect(confirmed.mediation?.judicial).toMatchObject({ state: 'confirmed', court: '青岚县人民法院' });
    expect(confirmed.timeline.at(-1)).toMatchObject({ kind: 'judicial', note: '已司法确认 · 青岚县人民法院' });
    const done = await step(duty, d.id, { action: 'followUp', satisfied: true, satisfaction: 4 });
    expect(done.state).toBe('reviewed');

    // a township of another area and a department cannot open the document
    for (const who of ['d02', 't02']) {
      const r = await (await as(who)).get<ApiError>(`/api/disputes/${d.id}/agreement.pdf`);
      expect(r.body.code).toBe('FORBIDDEN_SCOPE');
    }
  });

  it('rooms are data the administrator keeps: added, renamed, taken out of use, in the ledger; a room out of use is refused', async () => {
    const admin = await as('admin');
    const duty = await as('duty1');
    expect((await duty.post<ApiError>('/api/admin/mediation-rooms', { name: '调解室三' })).body.code).toBe('FORBIDDEN_ROLE');
    expect((await admin.post<ApiError>('/api/admin/mediation-rooms', { name: '' })).body).toMatchObject({ code: 'VALIDATION_FAILED', details: { name: expect.any(String) } });
    expect((await admin.post<ApiError>('/api/admin/mediation-rooms', { name: '人民调解室一' })).body).toMatchObject({ code: 'MEDIATION_ROOM_EXISTS', details: { name: '人民调解室一' } });
    const added = await admin.post<{ rooms: { id: number; name: string; active: boolean }[] }>('/api/admin/mediation-rooms', { name: '城关镇巡回调解点' });
    const room = added.body.rooms.find((r) => r.name === '城关镇巡回调解点');
    expect(room).toMatchObject({ active: true });
    const options = (await duty.get<{ rooms: { id: number }[]; mediators: { id: number }[] }>('/api/mediation/options')).body;
    expect(options.rooms.map((r) => r.id)).toContain(room!.id);
    expect(options.mediators.map((m) => m.id)).toEqual(expect.arrayContaining([userId('duty1'), userId('duty2'), userId('commander')]));
    expect((await (await as('d02')).get<ApiError>('/api/mediation/options')).body.code).toBe('FORBIDDEN_SCOPE');
    await admin.put(`/api/admin/mediation-rooms/${room!.id}`, { name: '城关镇巡回调解点', active: false });
    const d = await register();
    const refused = await duty.post<ApiError>(`/api/disputes/${d.id}/flow`, { action: 'assignMediation', mediatorId: null, roomId: room!.id });
    expect(refused.body).toMatchObject({ code: 'MEDIATION_ROOM_UNKNOWN', details: { roomId: String(room!.id) } });
    expect(ledgerActions()).toEqual(['dispute.register']);
    expect((server.db.prepare("SELECT count(*) AS n FROM ledger WHERE action = 'mediationRoom.save'").get() as { n: number }).n).toBe(2);
  });

  it('the administrator edits the routing table: checked as a whole, refused when stale, every change in the ledger', async () => {
    const admin = await as('admin');
    const duty = await as('duty1');
    const table = (await admin.get<RoutingTableView>('/api/admin/routing-table')).body;
    expect(table.version).toBe(1);
    expect(table.units.map((u) => u.name)).toEqual(expect.arrayContaining(['县司法局', '县人社局']));
    const justiceId = centreOf('d02');
    const rules: RoutingRule[] = [
      ...table.rules.filter((r) => r.disputeType !== 'medical'),
      { disputeType: 'medical', stage: 'mediationFailed', channel: 'courtMediation', unitId: centreOf('d05'), days: 20 },
    ];
    const bad: RoutingRule[] = [...rules, { disputeType: 'weather', stage: 'intake', channel: 'administrative', unitId: centreOf('t01'), days: 5 }];
    const refused = await admin.put<ApiError>('/api/admin/routing-table', { baseVersion: 1, rules: bad });
    expect(refused.body).toMatchObject({ code: 'ROUTING_TABLE_INVALID', details: { [`rules.${rules.length}.disputeType`]: 'unknownType', [`rules.${rules.length}.unitId`]: 'unitKind' } });
    expect((await duty.put<ApiError>('/api/admin/routing-table', { baseVersion: 1, rules })).body.code).toBe('FORBIDDEN_ROLE');
    const saved = await admin.put<RoutingTableView>('/api/admin/routing-table', { baseVersion: 1, rules });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 2, updatedBy: { id: userId('admin') } });
    expect((await admin.put<ApiError>('/api/admin/routing-table', { baseVersion: 1, rules })).body.code).toBe('ROUTING_TABLE_STALE');
    const entry = server.db.prepare("SELECT detail FROM ledger WHERE action = 'routingTable.save'").get() as { detail: string };
    expect(JSON.parse(entry.detail)).toMatchObject({ version: 2, added: [], removed: [], changed: [{ from: { disputeType: 'medical', unitId: justiceId }, to: { disputeType: 'medical', unitId: centreOf('d05') } }] });
    // the new row is what the county is offered
    const d = await register();
    await step(duty, d.id, { action: 'assignMediation', mediatorId: null, roomId: 1 });
    const f = await step(duty, d.id, { action: 'noAgreement', reason: '分歧大' });
    expect(f.suggestion).toEqual({ centreId: centreOf('d05'), channel: 'courtMediation', days: 20 });
  });
});
