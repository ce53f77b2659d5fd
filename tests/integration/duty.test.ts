// The duty desk against a real server, SQLite file and socket.io clients: roster save and its refusals, who is on duty
// now in the directory, the handover note computed from crafted stored state, hand over / accept with the ledger, the
// duty log, the search's scope, the history of alerts with their delivery record, and the printed daily record.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  WARTIME_CONFIRM_OFF, WARTIME_CONFIRM_ON, type AlertHistory, type OrderHistory, type ApiError, type Camera, type DirectoryUnit, type HandoverNote, type SearchGroup,
} from '../../protocol/index.ts';
import { api, expectError, expectOk, login, openConsole, startTestServer, type TestConsole } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

// 10:00 in Asia/Shanghai: the day shift (08:00–20:00) of 2026-11-30 runs.
const T0 = Date.parse('2026-11-30T02:00:00Z');
const TODAY = '2026-11-30';

describe('duty desk', () => {
  let server: Server;
  let now = T0;
  const consoles: TestConsole[] = [];
  let t01Id = 0;
  let t02Id = 0;
  let countyId = 0;

  beforeAll(async () => {
    server = await startTestServer({ clock: () => now, loginRateLimit: { max: 1000, windowMs: 60_000 } });
    const c = await login(server.url, 'commander');
    t01Id = (await login(server.url, 't01')).user.centreId;
    t02Id = (await login(server.url, 't02')).user.centreId;
    countyId = c.user.centreId;
  });
  afterAll(async () => {
    for (const c of consoles) c.close();
    await server.stop();
  });
  const open = async (username: string) => {
    const c = await openConsole(server.url, username);
    consoles.push(c);
    return c;
  };
  const http = async (username: string) => api(server.url, (await login(server.url, username)).token);
  const ledger = (action: string) => server.db.prepare('SELECT subject, detail FROM ledger WHERE action = ? ORDER BY id').all(action) as { subject: string; detail: string }[];
  const rosterRows = (centreId: number) => (server.db.prepare('SELECT count(*) AS n FROM duty_roster WHERE centre_id = ? AND day = ?').get(centreId, TODAY) as { n: number }).n;

  it('roster: the duty lead saves it, who is on duty shows in the directory; everyone else is refused and nothing is written', async () => {
    const commander = await open('commander');
    const duty1 = await open('duty1');
    const t01 = await open('t01');
    const t02 = await open('t02');
    const entries = [
      { shift: 'day', position: 'leader' as const, name: '测试带班', phone: '13900000001' },
      { shift: 'day', position: 'officer' as const, name: '测试值班甲', phone: '13900000002' },
      { shift: 'night', position: 'officer' as const, name: '测试夜班乙', phone: '13900000003' },
    ];
    const { roster } = expectOk(await commander.request('duty:roster:save', { centreId: countyId, day: TODAY, entries, dutyPhone: '0871-1234567' }));
    expect(roster.entries.map((e) => e.name)).toEqual(['测试带班', '测试值班甲', '测试夜班乙']);
    expect(roster.updatedBy?.name).toBeTruthy();
    await duty1.waitFor((a) => a.some((e) => e.event.kind === 'duty.roster'));
    expect(duty1.events('duty.roster').at(-1)).toMatchObject({ dutyPhone: '0871-1234567', roster: { day: TODAY } });
    expect(t01.events('duty.roster')).toHaveLength(0);
    expect(JSON.parse(ledger('duty.roster').at(-1)!.detail)).toMatchObject({ day: TODAY, entries: 3, dutyPhone: '0871-1234567' });

    // the township's own operator edits its roster; the administrator any unit's
    expectOk(await t01.request('duty:roster:save', { centreId: t01Id, day: TODAY, entries: [{ shift: 'day', position: 'officer', name: '城关值班', phone: '13911111111' }] }));
    const admin = await open('admin');
    expectOk(await admin.request('duty:roster:save', { centreId: t02Id, day: TODAY, entries: [{ shift: 'day', position: 'leader', name: '管理员排的', phone: '' }] }));

    // refusals: nothing changes
    const before = [rosterRows(countyId), rosterRows(t01Id), rosterRows(t02Id)];
    expect(expectError(await duty1.request('duty:roster:save', { centreId: countyId, day: TODAY, entries: [] })).code).toBe('FORBIDDEN_ROLE');
    expect(expectError(await t01.request('duty:roster:save', { centreId: t02Id, day: TODAY, entries: [] })).code).toBe('FORBIDDEN_SCOPE');
    expect(expectError(await t02.request('duty:roster:save', { centreId: countyId, day: TODAY, entries: [] })).code).toBe('FORBIDDEN_ROLE');
    expect(expectError(await commander.request('duty:roster:save', { centreId: t01Id, day: TODAY, entries: [] })).code).toBe('FORBIDDEN_SCOPE');
    const unknownShift = expectError(await t01.request('duty:roster:save', { centreId: t01Id, day: TODAY, entries: [{ shift: 'noon', position: 'officer', name: 'x', phone: '' }] }));
    expect(unknownShift).toMatchObject({ code: 'DUTY_SHIFT_UNKNOWN', details: { 'entries.0.shift': 'noon' } });
    const t02User = (await login(server.url, 't02')).user.id;
    expect(expectError(await t01.request('duty:roster:save', { centreId: t01Id, day: TODAY, entries: [{ shift: 'day', position: 'officer', name: 'x', phone: '', userId: t02User }] })).code).toBe('DUTY_PERSON_UNIT');
    const bad = expectError((await t01.raw('duty:roster:save', { centreId: t01Id, day: '30.11.2026', entries: [] })) as never) as ApiError;
    expect(bad).toMatchObject({ code: 'VALIDATION_FAILED', details: { day: expect.any(String) } });
    expect([rosterRows(countyId), rosterRows(t01Id), rosterRows(t02Id)]).toEqual(before);

    // reading: own unit, or any from the county
    expect(expectError(await t02.request('duty:roster', { centreId: t01Id, day: TODAY })).code).toBe('FORBIDDEN_SCOPE');
    expect(expectOk(await duty1.request('duty:roster', { centreId: t01Id, day: TODAY })).roster.entries[0]?.name).toBe('城关值班');

    // the directory: who is on duty now (10:00 → day shift), by the roster just saved
    const dir = (await (await http('t01')).get<{ units: DirectoryUnit[] }>('/api/directory')).body.units;
    const county = dir.find((u) => u.id === countyId)!;
    expect(county).toMatchObject({ dutyPhone: '0871-1234567', onDuty: { shift: 'day', leaders: [{ name: '测试带班' }], officers: [{ name: '测试值班甲' }] } });
    // 22:00: the night shift
    now = T0 + 12 * 3600_000;
    const night = (await (await http('duty1')).get<{ units: DirectoryUnit[] }>('/api/directory')).body.units.find((u) => u.id === countyId)!;
    expect(night.onDuty).toMatchObject({ shift: 'night', officers: [{ name: '测试夜班乙' }], leaders: [] });
    now = T0;
    // scope: a township lists no other township's villages; the county lists them all; a grid member gets nothing
    const villagesOf = (units: DirectoryUnit[], parent: number) => units.filter((u) => u.level === 'village' && u.parentId === parent).length;
    expect(villagesOf(dir, t01Id)).toBeGreaterThan(0);
    expect(villagesOf(dir, t02Id)).toBe(0);
    const all = (await (await http('duty1')).get<{ units: DirectoryUnit[] }>('/api/directory')).body.units;
    expect(villagesOf(all, t02Id)).toBeGreaterThan(0);
    expect((await (await http('g00100101')).get<ApiError>('/api/directory')).body.code).toBe('FORBIDDEN_ROLE');
    expect((await api(server.url, 'not-a-token').get<ApiError>('/api/directory')).status).toBe(401);

    // the starting state carries the unit's rosters and whether this user may edit them
    const snap = (await commander.startingState()).snapshot.duty;
    expect(snap.mayEditRoster).toBe(true);
    expect(snap.rosters.find((r) => r.day === TODAY)?.entries).toHaveLength(3);
    expect((await duty1.startingState()).snapshot.duty.mayEditRoster).toBe(false);
  });

  it('handover: the note lists what is open for the unit, computed from the stored state; incoming accepts; both in the ledger', async () => {
    const commander = await open('commander');
    const duty1 = await open('duty1');
    const duty2 = await open('duty2');
    const t01 = await open('t01');
    const t02 = await open('t02');

    // crafted state: an alert to 城关镇 only, unsigned; a major risk of 城关镇; an overdue case held by 城关镇; wartime in 城关镇;
    // a camera on the county's wall
    const { alert } = expectOk(await commander.request('alert:raise', { level: 'orange', title: '交接测试预警', body: '', targets: { kind: 'centres', centreIds: [t01Id] } }));
    expectOk(await t01.request('risk:add', { townshipId: t01Id, description: '交接测试重大风险', level: 'major', owner: '王明', dueDate: TODAY }));
    expectOk(await t02.request('risk:add', { townshipId: t02Id, description: '二号镇一般风险', level: 'general', owner: '李四', dueDate: TODAY }));
    const reporter = server.db.prepare("SELECT id FROM users WHERE role = 'gridMember' LIMIT 1").get() as { id: number };
    const inc = server.db.prepare(
      `INSERT INTO incidents (code, reporter_id, idempotency_key, category, priority, state, description, lon, lat, township_id, holder_centre_id,
        pending_sign, reported_at, respond_by, accepted_at, resolve_by, attempts, photos, updated_at)
       VALUES ('ZZ20261130-TESTOVER-0', ?, 'k-overdue', 'dispute', 'general', 'handling', '逾期测试案件', 102.5, 24.5, ?, ?, 0, ?, ?, ?, ?, '[]', '[]', ?)`,
    ).run(reporter.id, t01Id, t01Id, T0 - 5 * 86400_000, T0 - 4 * 86400_000, T0 - 5 * 86400_000, T0 - 3600_000, T0);
    const staff = expectOk(await commander.request('wartime:staff', {})).users;
    const cmd = staff.find((s) => s.role === 'commander')!;
    expectOk(await commander.request('wartime:start', {
      reason: '交接测试战时', scope: { kind: 'townships', townshipIds: [t01Id] }, plannedEndAt: null, command: { commander: cmd.id }, confirm: WARTIME_CONFIRM_ON,
    }));
    const cams = (await (await http('duty1')).get<Camera[]>('/api/cameras')).body;
    expectOk((await duty1.raw('wall:op', { op: 'assign', screen: 0, tile: 0, cameraId: cams[0]!.id })) as never);

    const t01Note = expectOk(await t01.request('duty:handover:preview', {})).note;
    const reasons = (n: HandoverNote) => n.items.map((i) => `${i.reason}:${i.kind}:${i.id ?? ''}`);
    expect(reasons(t01Note)).toEqual(expect.arrayContaining([`unsigned:alert:${alert.id}`, `overdue:incident:${Number(inc.lastInsertRowid)}`, 'wartime:wartime:']));
    expect(t01Note.items.some((i) => i.reason === 'highRisk' && i.title.includes('交接测试重大风险'))).toBe(true);
    // 二号镇: none of 城关镇's, and its general risk is not high risk; not in the wartime scope
    const t02Note = expectOk(await t02.request('duty:handover:preview', {})).note;
    expect(t02Note.items).toEqual([]);
    // once signed, the alert leaves 城关镇's note
    expectOk(await t01.request('alert:sign', { alertId: alert.id }));
    expect(reasons(expectOk(await t01.request('duty:handover:preview', {})).note)).not.toContain(`unsigned:alert:${alert.id}`);

    // the county: the alert it sent is no longer waiting; the case, the risk, the wall and wartime are
    const { handover } = expectOk(await duty1.request('duty:handover', { remarks: '夜间注意城关镇' }));
    expect(handover).toMatchObject({ from: { name: expect.any(String) }, remarks: '夜间注意城关镇', acceptedAt: null, shift: 'day', day: TODAY });
    const got = reasons(handover.note);
    expect(got).toEqual(expect.arrayContaining([`overdue:incident:${Number(inc.lastInsertRowid)}`, 'wall:wall:', 'wartime:wartime:']));
    expect(handover.note.items.find((i) => i.reason === 'wall')?.detail).toContain(cams[0]!.name);
    expect(got.filter((r) => r.startsWith('highRisk:risk:'))).toHaveLength(1);
    // the incoming officer's console hears of it; no other unit does
    await duty2.waitFor((a) => a.some((e) => e.event.kind === 'duty.handover'));
    expect(t01.events('duty.handover')).toHaveLength(0);

    expect(expectError(await duty2.request('duty:handover', { remarks: '' })).code).toBe('DUTY_HANDOVER_WAITING');
    expect(expectError(await duty1.request('duty:handover:accept', { handoverId: handover.id, remarks: '' })).code).toBe('DUTY_HANDOVER_SELF');
    expect(expectError(await t01.request('duty:handover:accept', { handoverId: handover.id, remarks: '' })).code).toBe('FORBIDDEN_SCOPE');
    expect(expectError(await duty2.request('duty:handover:accept', { handoverId: 999_999, remarks: '' })).code).toBe('NOT_FOUND');
    now = T0 + 60_000;
    const accepted = expectOk(await duty2.request('duty:handover:accept', { handoverId: handover.id, remarks: '已知悉' })).handover;
    expect(accepted).toMatchObject({ acceptedAt: T0 + 60_000, acceptRemarks: '已知悉', to: { name: expect.any(String) } });
    expect(expectError(await commander.request('duty:handover:accept', { handoverId: handover.id, remarks: '' })).code).toBe('DUTY_HANDOVER_DONE');
    await duty1.waitFor((a) => a.filter((e) => e.event.kind === 'duty.handover').length >= 2);
    expect(ledger('duty.handover').at(-1)!.subject).toBe(`handover:${handover.id}`);
    expect(ledger('duty.accept').at(-1)!.subject).toBe(`handover:${handover.id}`);
    // the stored note is what it was at hand-over, whatever happens later
    expectOk(await commander.request('wartime:end', { reason: '交接测试结束', confirm: WARTIME_CONFIRM_OFF }));
    const kept = (await duty1.startingState()).snapshot.duty.handovers.find((h) => h.id === handover.id)!;
    expect(kept.note).toEqual(handover.note);
    now = T0;
  });

  it('duty log: entries of the shift, refused in the future or a day back; a grid member may not write', async () => {
    const duty1 = await open('duty1');
    const duty2 = await open('duty2');
    const { entry } = expectOk(await duty1.request('duty:log', { kind: 'call', text: '群众来电反映噪音扰民', at: T0 - 600_000 }));
    expect(entry).toMatchObject({ kind: 'call', at: T0 - 600_000, recordedAt: T0 });
    await duty2.waitFor((a) => a.some((e) => e.event.kind === 'duty.log'));
    expect(expectError(await duty1.request('duty:log', { kind: 'visit', text: 'x', at: T0 + 3600_000 })).code).toBe('DUTY_LOG_TIME');
    expect(expectError(await duty1.request('duty:log', { kind: 'visit', text: 'x', at: T0 - 2 * 86400_000 })).code).toBe('DUTY_LOG_TIME');
    expect((expectError((await duty1.raw('duty:log', { kind: 'gossip', text: 'x' })) as never) as ApiError).details).toHaveProperty('kind');
    expect(ledger('duty.log')).toHaveLength(1);
  });

  it('search finds only what the user may see: a township never finds another township’s items or people', async () => {
    const commander = await open('commander');
    expectOk(await commander.request('alert:raise', { level: 'yellow', title: '搜索专用预警甲', body: '', targets: { kind: 'centres', centreIds: [t01Id] } }));
    expectOk(await commander.request('alert:raise', { level: 'yellow', title: '搜索专用预警乙', body: '', targets: { kind: 'centres', centreIds: [t02Id] } }));
    const search = async (user: string, q: string) =>
      (await (await http(user)).get<{ groups: SearchGroup[] }>(`/api/search?q=${encodeURIComponent(q)}`)).body.groups;
    const titles = (groups: SearchGroup[], kind: string) => groups.find((g) => g.kind === kind)?.hits.map((h) => h.title) ?? [];

    expect(titles(await search('t01', '搜索专用'), 'alert')).toEqual(['搜索专用预警甲']);
    expect(titles(await search('t02', '搜索专用'), 'alert')).toEqual(['搜索专用预警乙']);
    expect(titles(await search('duty1', '搜索专用'), 'alert').sort()).toEqual(['搜索专用预警乙', '搜索专用预警甲'].sort());
    const { order } = expectOk(await commander.request('order:issue', { title: '搜索专用指令', targets: { kind: 'centres', centreIds: [t01Id] } }));
    expect(titles(await search('t01', '搜索专用指令'), 'order')).toEqual([`${order.code} 搜索专用指令`]);
    expect(titles(await search('t02', '搜索专用指令'), 'order')).toEqual([]);
    expect(titles(await search('duty1', order.code), 'order')).toHaveLength(1);
    // the overdue case held by 城关镇 (previous test): found by 城关镇 and the county, not by 二号镇
    expect(titles(await search('t01', '逾期测试'), 'incident')).toHaveLength(1);
    expect(titles(await search('duty1', 'TESTOVER'), 'incident')).toHaveLength(1);
    expect(await search('t02', '逾期测试')).toEqual([]);
    // people: 城关镇's operator by name
    const t01Name = (await login(server.url, 't01')).user.name;
    expect(titles(await search('duty1', t01Name), 'person')).toContain(t01Name);
    expect(titles(await search('t01', t01Name), 'person')).toContain(t01Name);
    expect(titles(await search('t02', t01Name), 'person')).not.toContain(t01Name);
    // bad input and no console role
    expect((await (await http('t01')).get<ApiError>('/api/search?q=')).body.code).toBe('VALIDATION_FAILED');
    expect((await (await http('g00100101')).get<ApiError>('/api/search?q=a')).body.code).toBe('FORBIDDEN_ROLE');
  });

  it('history: a signed alert is listed and reopens with its delivery record; another township is refused', async () => {
    const commander = await open('commander');
    const t01 = await open('t01');
    now = T0 + 120_000;
    const { alert } = expectOk(await commander.request('alert:raise', { level: 'blue', title: '历史回看预警', body: '正文', targets: { kind: 'centres', centreIds: [t01Id, t02Id] } }));
    now = T0 + 180_000;
    expectOk(await t01.request('alert:sign', { alertId: alert.id }));
    now = T0;
    const t01Api = await http('t01');
    const signed = (await t01Api.get<AlertHistory>(`/api/history/alerts?state=signed&q=${encodeURIComponent('历史回看')}`)).body;
    expect(signed.total).toBe(1);
    expect(signed.items[0]!.recipients).toHaveLength(1);
    const detail = (await t01Api.get<{ alert: AlertHistory['items'][number] }>(`/api/history/alerts/${alert.id}`)).body.alert;
    expect(detail.recipients[0]).toMatchObject({ centreId: t01Id, state: 'signed', signedAt: T0 + 180_000, signedBy: { name: expect.any(String) } });
    // the county sees both deliveries, one signed and one not; filters by unit, level and state
    const countyApi = await http('duty1');
    const full = (await countyApi.get<{ alert: AlertHistory['items'][number] }>(`/api/history/alerts/${alert.id}`)).body.alert;
    expect(full.recipients.map((r) => [r.centreId, r.state === 'signed'])).toEqual([[t01Id, true], [t02Id, false]]);
    expect((await countyApi.get<AlertHistory>(`/api/history/alerts?level=blue&centreId=${t02Id}&state=signed`)).body.total).toBe(0);
    expect((await countyApi.get<AlertHistory>(`/api/history/alerts?level=blue&centreId=${t01Id}&state=signed`)).body.total).toBe(1);
    // paging and a date range
    const page1 = (await countyApi.get<AlertHistory>('/api/history/alerts?limit=2&offset=0')).body;
    const page2 = (await countyApi.get<AlertHistory>('/api/history/alerts?limit=2&offset=2')).body;
    expect(page1.total).toBeGreaterThan(2);
    expect(page1.items.map((a) => a.id)).not.toContain(page2.items[0]!.id);
    expect((await countyApi.get<AlertHistory>(`/api/history/alerts?from=${T0 + 100_000}&to=${T0 + 130_000}`)).body.items.map((a) => a.id)).toEqual([alert.id]);
    // scope: 三号镇 was not a recipient
    const t03 = await http('t03');
    expect((await t03.get<ApiError>(`/api/history/alerts/${alert.id}`)).body.code).toBe('FORBIDDEN_SCOPE');
    expect((await t03.get<AlertHistory>('/api/history/alerts?q=' + encodeURIComponent('历史回看'))).body.total).toBe(0);
    expect((await t03.get<ApiError>('/api/history/alerts/999999')).body.code).toBe('NOT_FOUND');
    expect((await t03.get<ApiError>('/api/history/orders?limit=999')).body.code).toBe('VALIDATION_FAILED');

    // orders likewise: a signed order reopens with its record, filtered by priority; another township is refused
    const { order } = expectOk(await commander.request('order:issue', { title: '历史回看指令', priority: 'normal', targets: { kind: 'centres', centreIds: [t01Id] } }));
    expectOk(await t01.request('order:sign', { orderId: order.id }));
    const orders = (await t01Api.get<OrderHistory>('/api/history/orders?level=normal&state=signed')).body;
    expect(orders.items.map((o) => o.id)).toContain(order.id);
    expect((await t01Api.get<OrderHistory>('/api/history/orders?level=urgent')).body.items.map((o) => o.id)).not.toContain(order.id);
    const od = (await t01Api.get<{ order: OrderHistory['items'][number] }>(`/api/history/orders/${order.id}`)).body.order;
    expect(od.recipients[0]).toMatchObject({ centreId: t01Id, state: 'signed', signedBy: { name: expect.any(String) } });
    expect((await t03.get<ApiError>(`/api/history/orders/${order.id}`)).body.code).toBe('FORBIDDEN_SCOPE');
  });

  it('prints the daily duty record: roster, log and handover in the PDF; another township’s is refused', async () => {
    const duty1 = await http('duty1');
    const res = await fetch(`${server.url}/api/duty/record.pdf?date=${TODAY}`, { headers: { authorization: `Bearer ${(await login(server.url, 'duty1')).token}` } });
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const file = join(server.dataDir, 'record.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    for (const s of ['值班记录', '测试带班', '测试夜班乙', '群众来电反映噪音扰民', '夜间注意城关镇', '已知悉', '0871-1234567']) expect(text).toContain(s);
    expect((await duty1.get<ApiError>(`/api/duty/record.pdf?centreId=${t01Id}`)).status).toBe(200);
    expect((await (await http('t02')).get<ApiError>(`/api/duty/record.pdf?centreId=${t01Id}`)).body.code).toBe('FORBIDDEN_SCOPE');
    expect((await duty1.get<ApiError>('/api/duty/record.pdf?date=yesterday')).body.code).toBe('VALIDATION_FAILED');
    expect((await duty1.get<ApiError>('/api/duty/record.pdf?date=2026-02-30')).body).toMatchObject({ code: 'VALIDATION_FAILED', details: { date: expect.any(String) } });
  });
});
