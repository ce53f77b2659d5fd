// Disputes on the duty desk (issue 13 point 4 with issue 12's disputes): the header search finds a dispute by code and
// party name within the user's dispute scope, phones masked; the handover note lists open disputes that are high risk
// or overdue, of the unit's own scope only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Dispute, FlowAction, FlowDetail, HandoverNote, RegisterDispute, SearchGroup } from '../../protocol/index.ts';
import { api, expectOk, login, openConsole, startTestServer, type TestConsole } from './harness.ts';

const H = 3600_000;
const D = 24 * H;

describe('disputes on the duty desk', () => {
  let now = Date.UTC(2026, 10, 23, 1);
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const consoles: TestConsole[] = [];
  const as = async (u: string) => api(server.url, (await login(server.url, u)).token);
  const centreOf = (u: string) => server.db.prepare('SELECT centre_id FROM users WHERE username = ?').pluck().get(u) as number;
  const cases: Record<string, Dispute> = {};
  let seq = 0;

  beforeAll(async () => {
    server = await startTestServer({ clock: () => now, sessionTtlMs: 365 * D, timerTickMs: 3_600_000 });
    const duty = await as('duty1');
    const register = async (name: string, over: Partial<RegisterDispute>) => {
      const r = await duty.post<{ dispute: Dispute }>('/api/disputes', { idempotencyKey: `dduty-key-${seq++}`, channel: 'walk_in', type: 'neighbour', summary: '邻里纠纷', ...over } as RegisterDispute);
      if (r.status !== 201) throw new Error(JSON.stringify(r.body));
      cases[name] = r.body.dispute;
    };
    const step = async (id: number, body: FlowAction) => {
      const r = await duty.post<FlowDetail & ApiError>(`/api/disputes/${id}/flow`, body);
      if (r.status !== 200) throw new Error(`${body.action}: ${r.status} ${JSON.stringify(r.body)}`);
    };
    // A: 城关镇, high risk (扬言极端), open. B: 二号镇, routed to 二号镇 and not signed past its deadline (overdue).
    // C: 城关镇, low risk, open and not late. E: 城关镇, high risk but settled by an agreement.
    await register('A', { townshipId: centreOf('t01'), extremeThreat: true, parties: [{ role: 'applicant', name: '周玉兰', phone: '13987654321' }] });
    await register('B', { townshipId: centreOf('t02'), type: 'land', parties: [{ role: 'applicant', name: '李建国', phone: '13811112222' }] });
    await step(cases.B!.id, { action: 'skipMediation', reason: '属地处理' });
    await step(cases.B!.id, { action: 'route', centreId: centreOf('t02'), channel: 'township', reason: '属地处理' });
    await register('C', { townshipId: centreOf('t01'), parties: [{ role: 'applicant', name: '王小明' }] });
    await register('E', { townshipId: centreOf('t01'), extremeThreat: true, parties: [{ role: 'applicant', name: '赵德明' }] });
    await step(cases.E!.id, { action: 'assignMediation', mediatorId: null, roomId: 1 });
    await step(cases.E!.id, { action: 'agreement', facts: '事实', terms: '条款', performance: '当场履行', signedAt: now });
    now += 3 * H; // B's 签收 deadline (2 h) has passed
  }, 60_000);

  afterAll(async () => {
    for (const c of consoles) c.close();
    await server?.stop();
  });

  const note = async (u: string) => {
    const c = await openConsole(server.url, u);
    consoles.push(c);
    return expectOk(await c.request('duty:handover:preview', {})).note as HandoverNote;
  };
  const disputeItems = (n: HandoverNote) => n.items.filter((i) => i.kind === 'dispute').map((i) => `${i.reason}:${i.id}`).sort();

  it('lists open high-risk and overdue disputes in the handover note, each unit its own', async () => {
    const t01 = await note('t01');
    expect(disputeItems(t01)).toEqual([`highRisk:${cases.A!.id}`]);
    expect(t01.items.find((i) => i.kind === 'dispute')).toMatchObject({ title: `${cases.A!.code} 邻里纠纷` });
    expect(t01.items.find((i) => i.kind === 'dispute')!.detail).toContain('高风险');
    const t02 = await note('t02');
    expect(disputeItems(t02)).toEqual([`overdue:${cases.B!.id}`]);
    expect(t02.items.find((i) => i.kind === 'dispute')!.detail).toContain('签收时限');
    expect(disputeItems(await note('duty1'))).toEqual([`highRisk:${cases.A!.id}`, `overdue:${cases.B!.id}`].sort());
    expect(disputeItems(await note('d02'))).toEqual([]);
  });

  it('finds disputes by code and party name in the header search, masked, never another township’s', async () => {
    const search = async (u: string, q: string) =>
      ((await (await as(u)).get<{ groups: SearchGroup[] }>(`/api/search?q=${encodeURIComponent(q)}`)).body.groups.find((g) => g.kind === 'dispute')?.hits ?? []);
    const own = await search('t01', '周玉兰');
    expect(own.map((h) => h.id)).toEqual([cases.A!.id]);
    expect(own[0]!.title).toBe(`${cases.A!.code} 邻里纠纷`);
    expect(own[0]!.detail).toContain('139****4321');
    expect(JSON.stringify(own)).not.toContain('13987654321');
    expect(await search('t02', '周玉兰')).toEqual([]);
    expect(await search('d02', '周玉兰')).toEqual([]);
    expect((await search('t02', cases.B!.code)).map((h) => h.id)).toEqual([cases.B!.id]);
    expect(await search('t01', cases.B!.code)).toEqual([]);
    expect((await search('duty1', '李建国')).map((h) => h.id)).toEqual([cases.B!.id]);
    expect((await search('duty1', '13811112222')).map((h) => h.id)).toEqual([cases.B!.id]);
  });
});
