import { describe, expect, it } from 'vitest';
import type { FlowStep } from '../../protocol/index.ts';
import { allowedFlowSteps, applyFlowStep, fireFlowTimers, isFlowOverdue, newFlow, nextDueAt, routingStageOf, type FlowContext, type FlowState } from './disputeFlow.ts';
import type { CentreNode, StepActor } from './incidents.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 22, 2, 0, 0);

const centres = new Map<number, CentreNode>([
  [1, { id: 1, parentId: null, level: 'county', name: '青岚县' }],
  [2, { id: 2, parentId: 1, level: 'township', name: '城关镇' }],
  [4, { id: 4, parentId: 2, level: 'village', name: '安平社区' }],
  [20, { id: 20, parentId: 1, level: 'department', name: '县司法局' }],
  [21, { id: 21, parentId: 1, level: 'department', name: '县人社局' }],
]);
const duty: StepActor = { id: 10, role: 'dutyOfficer', centreId: 1 };
const justice: StepActor = { id: 200, role: 'departmentOperator', centreId: 20 };
const labour: StepActor = { id: 210, role: 'departmentOperator', centreId: 21 };
const town: StepActor = { id: 30, role: 'townshipOperator', centreId: 2 };
const grid: StepActor = { id: 50, role: 'gridMember', centreId: 4 };

const ctx = (now: number, extra: Partial<FlowContext> = {}): FlowContext => ({ now, centres, signMs: 2 * HOUR, defaultDays: 15, ...extra });
const step = (f: FlowState, s: FlowStep, a: StepActor, now: number, extra: Partial<FlowContext> = {}): FlowState => {
  const r = applyFlowStep(f, s, a, ctx(now, extra));
  if (!r.ok) throw new Error(`${s.action} refused: ${r.code}`);
  return r.next;
};
const refused = (f: FlowState, s: FlowStep, a: StepActor, extra: Partial<FlowContext> = {}) => {
  const r = applyFlowStep(f, s, a, ctx(T0, extra));
  return r.ok ? 'ALLOWED' : r.code;
};
const route = (centreId: number, reason = ''): FlowStep => ({ action: 'route', centreId, channel: 'administrative', reason });
const followUp = (satisfied: boolean): FlowStep => ({ action: 'followUp', satisfied, satisfaction: satisfied ? 5 : 2, note: '' });
const mediating = () => step(newFlow(), { action: 'assignMediation', mediatorId: 10, roomId: null }, duty, T0);
const routed = (to = 20) => step(step(mediating(), { action: 'noAgreement', reason: '双方分歧大' }, duty, T0), route(to), duty, T0, { suggestion: { centreId: to, days: 10 } });

describe('先行调解', () => {
  it('an agreement resolves the case by mediation and the 回访 closes it (案结事了)', () => {
    let f = mediating();
    expect(f).toMatchObject({ state: 'mediating', holderCentreId: 1 });
    f = step(f, { action: 'recordSession', at: T0, place: '第一调解室', attendees: ['张三', '李四'], notes: '...' }, duty, T0);
    f = step(f, { action: 'agreement', facts: '事实', terms: '赔偿2000元', performance: '当场履行', signedAt: T0 }, duty, T0 + HOUR);
    expect(f).toMatchObject({ state: 'agreed', resolvedBy: 'mediation', result: '赔偿2000元', mediation: { outcome: 'agreement' } });
    f = step(f, { action: 'judicial', state: 'confirmed', court: '青岚县人民法院', note: '' }, duty, T0 + DAY);
    expect(f.mediation?.judicial).toBe('confirmed');
    f = step(f, followUp(true), duty, T0 + 2 * DAY);
    expect(f).toMatchObject({ state: 'reviewed', satisfaction: 5, closedAt: T0 + 2 * DAY });
  });

  it('needs a mediator or a room; 司法确认 needs an agreement', () => {
    expect(refused(newFlow(), { action: 'assignMediation', mediatorId: null, roomId: null }, duty)).toBe('MEDIATION_NOTHING_ASSIGNED');
    expect(refused(mediating(), { action: 'judicial', state: 'applied', court: '法院', note: '' }, duty)).toBe('MEDIATION_NO_AGREEMENT');
    expect(refused(newFlow(), { action: 'recordSession', at: T0, place: 'x', attendees: ['a'], notes: 'n' }, duty)).toBe('MEDIATION_BAD_STEP');
  });

  it('no agreement sends it to routing at the mediationFailed stage; skipping mediation at the intake stage', () => {
    const f = step(mediating(), { action: 'noAgreement', reason: '分歧大' }, duty, T0);
    expect(f.state).toBe('routing');
    expect(routingStageOf(f)).toBe('mediationFailed');
    const g = step(newFlow(), { action: 'skipMediation', reason: '劳动争议须仲裁' }, duty, T0);
    expect(g).toMatchObject({ state: 'routing', holderCentreId: 1 });
    expect(routingStageOf(g)).toBe('intake');
  });
});

describe('分类流转 point to point', () => {
  it('route → 签收 → 办结 → 回访 closes; the handling window starts at 签收 with 催办 at 75 % and 督办 at 100 %', () => {
    let f = routed();
    expect(f).toMatchObject({ state: 'routed', holderCentreId: 20, routing: { centreId: 20, days: 10, stage: 'mediationFailed', delivery: { state: 'pending', dueAt: T0 + 2 * HOUR } } });
    expect(nextDueAt(f)).toBe(T0 + 2 * HOUR);
    f = step(f, { action: 'sign' }, justice, T0 + HOUR);
    expect(f).toMatchObject({ state: 'signed', resolveBy: T0 + HOUR + 10 * DAY, urgeDueAt: T0 + HOUR + 7.5 * DAY, superviseDueAt: T0 + HOUR + 10 * DAY });
    expect(f.routing?.delivery).toMatchObject({ state: 'signed', signedBy: 200, signedAt: T0 + HOUR });
    f = step(f, { action: 'progress', text: '已约谈双方' }, justice, T0 + DAY);
    expect(f.state).toBe('handling');
    f = step(f, { action: 'resolve', result: '已化解' }, justice, T0 + 2 * DAY);
    expect(f).toMatchObject({ state: 'closed', holderCentreId: 1, attempts: { township: 1 }, resolvedBy: 'unit', urgeDueAt: null });
    f = step(f, followUp(true), duty, T0 + 3 * DAY);
    expect(f.state).toBe('reviewed');
  });

  it('a unit other than the table’s suggestion needs a reason; only departments and townships receive', () => {
    const f = step(mediating(), { action: 'noAgreement', reason: 'x' }, duty, T0);
    expect(refused(f, route(21), duty, { suggestion: { centreId: 20, days: 10 } })).toBe('ROUTING_REASON_REQUIRED');
    expect(refused(f, route(21, '涉及工资'), duty, { suggestion: { centreId: 20, days: 10 } })).toBe('ALLOWED');
    expect(refused(f, route(21), duty, { suggestion: null })).toBe('ALLOWED');
    expect(refused(f, route(4), duty)).toBe('ROUTING_BAD_UNIT');
    expect(refused(f, route(1), duty)).toBe('ROUTING_BAD_UNIT');
    expect(refused(f, route(999), duty)).toBe('ROUTING_BAD_UNIT');
    expect(step(f, route(21), duty, T0, { suggestion: null }).routing?.days).toBe(15);
  });

  it('refuses each step to whoever does not hold it: a township cannot route, another department cannot sign', () => {
    const f = step(mediating(), { action: 'noAgreement', reason: 'x' }, duty, T0);
    expect(refused(f, route(20), town)).toBe('FORBIDDEN_SCOPE');
    expect(refused(f, route(20), grid)).toBe('FORBIDDEN_ROLE');
    expect(refused(f, route(20), justice)).toBe('FORBIDDEN_SCOPE');
    const r = routed();
    expect(refused(r, { action: 'sign' }, labour)).toBe('FORBIDDEN_SCOPE');
    expect(refused(r, { action: 'sign' }, town)).toBe('FORBIDDEN_SCOPE');
    expect(refused(r, { action: 'sign' }, duty)).toBe('FORBIDDEN_SCOPE');
    expect(refused(r, { action: 'return', reason: 'x' }, labour)).toBe('FORBIDDEN_SCOPE');
    expect(refused(r, { action: 'resolve', result: 'x' }, justice)).toBe('MEDIATION_BAD_STEP');
    expect(allowedFlowSteps(r, justice, ctx(T0))).toEqual(['sign', 'return']);
    expect(allowedFlowSteps(r, labour, ctx(T0))).toEqual([]);
    expect(allowedFlowSteps(r, duty, ctx(T0))).toEqual([]);
  });

  it('a return goes to the county, which re-routes or insists; the unit signs again', () => {
    const r = routed();
    const back = step(r, { action: 'return', reason: '不属于本部门职责' }, justice, T0 + HOUR);
    expect(back).toMatchObject({ state: 'returned', holderCentreId: 1, routing: { centreId: 20 } });
    expect(allowedFlowSteps(back, duty, ctx(T0))).toEqual(['route', 'insist']);
    const rerouted = step(back, route(21, '劳资纠纷'), duty, T0 + 2 * HOUR, { suggestion: { centreId: 20, days: 10 } });
    expect(rerouted).toMatchObject({ state: 'routed', holderCentreId: 21, routing: { centreId: 21, insisted: false, delivery: { state: 'pending', dueAt: T0 + 4 * HOUR } } });
    const insisted = step(back, { action: 'insist', note: '属法律援助范围' }, duty, T0 + 2 * HOUR);
    expect(insisted).toMatchObject({ state: 'routed', holderCentreId: 20, routing: { centreId: 20, insisted: true, delivery: { state: 'pending' } } });
    expect(refused(step(insisted, { action: 'sign' }, justice, T0), { action: 'sign' }, justice)).toBe('MEDIATION_BAD_STEP');
  });

  it('三二一: an unsatisfied 回访 gives the department a second attempt, then goes back to the county to route anew', () => {
    let f = step(routed(), { action: 'sign' }, justice, T0);
    f = step(f, { action: 'resolve', result: '一次' }, justice, T0 + DAY);
    f = step(f, followUp(false), duty, T0 + 2 * DAY);
    expect(f).toMatchObject({ state: 'handling', holderCentreId: 20, satisfaction: 2, result: null, urgeDueAt: T0 + 2 * DAY + Math.floor(8 * DAY * 0.75) });
    f = step(f, { action: 'resolve', result: '二次' }, justice, T0 + 3 * DAY);
    expect(f.attempts.township).toBe(2);
    const r = applyFlowStep(f, followUp(false), duty, ctx(T0 + 4 * DAY));
    expect(r.ok && r.next).toMatchObject({ state: 'routing', holderCentreId: 1 });
    expect(r.ok && r.events.map((e) => e.kind)).toEqual(['followUpUnsatisfied', 'autoEscalate']);
  });

  it('an agreement that did not settle it goes to routing as a failed mediation', () => {
    let f = step(mediating(), { action: 'agreement', facts: 'f', terms: 't', performance: 'p', signedAt: T0 }, duty, T0);
    f = step(f, followUp(false), duty, T0 + DAY);
    expect(f.state).toBe('routing');
    expect(routingStageOf(f)).toBe('mediationFailed');
    expect(f.mediation?.outcome).toBe('agreement'); // the signed agreement stays on record
  });
});

describe('跟踪督办', () => {
  it('climbs the 签收 ladder while unsigned (the orders’ rule), then 催办 and 督办 on the handling window', () => {
    let f = routed();
    expect(fireFlowTimers(f, T0 + HOUR, 2 * HOUR)).toBeNull();
    const first = fireFlowTimers(f, T0 + 2 * HOUR, 2 * HOUR)!;
    expect(first.fired).toEqual(['signReminder']);
    expect(first.next.routing?.delivery).toMatchObject({ rung: 1, nextAt: T0 + 4 * HOUR });
    expect(isFlowOverdue(first.next)).toBe(true);
    // a server down for hours climbs every rung it missed, once
    const late = fireFlowTimers(f, T0 + 10 * HOUR, 2 * HOUR)!;
    expect(late.next.routing?.delivery).toMatchObject({ rung: 3, nextAt: null });
    f = step(first.next, { action: 'sign' }, justice, T0 + 3 * HOUR);
    expect(isFlowOverdue(f)).toBe(false);
    const t = T0 + 3 * HOUR;
    expect(nextDueAt(f)).toBe(t + 7.5 * DAY);
    const urged = fireFlowTimers(f, t + 7.5 * DAY, 2 * HOUR)!;
    expect(urged.fired).toEqual(['urge']);
    const supervised = fireFlowTimers(urged.next, t + 10 * DAY, 2 * HOUR)!;
    expect(supervised.fired).toEqual(['supervise']);
    expect(isFlowOverdue(supervised.next)).toBe(true);
    expect(nextDueAt(supervised.next)).toBeNull();
  });
});
