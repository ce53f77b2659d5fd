import { describe, expect, it } from 'vitest';
import { DEFAULT_ALARM_POLICY, type Alert, type DeliveryState, type Dispute, type Incident, type Meeting, type Order } from '../../protocol/index.ts';
import { alarmsFor, takeovers } from './alarms.ts';
import { queueItems, type QueueSources } from './items.ts';

const T0 = Date.UTC(2026, 10, 30, 3);
const MIN = 60_000;
const TOWN = 5;
const COUNTY = 1;

const delivery = (centreId: number, state: DeliveryState, dueAt: number) => ({
  centreId, centreName: 'x', parentId: null, state, deliveredAt: null, signedAt: null, signedBy: null, dueAt, nextAt: null, rung: 0, remindedAt: null,
  overdue: false, wantsAnswer: false, answeredAt: null, answeredBy: null, answer: null,
});
const alert = (id: number, state: DeliveryState, over: Partial<Alert> = {}, centreId = TOWN): Alert => ({
  id, level: 'yellow', title: `预警${id}`, body: '', raisedAt: T0 - id * MIN, raisedBy: { id: 1, name: '值班员' }, wantsAnswer: false,
  recipients: [{ alertId: id, ...delivery(centreId, state, T0 + 10 * MIN) }],
  ...over,
});
const order = (id: number, state: DeliveryState, over: Partial<Order> = {}, centreId = TOWN): Order => ({
  id, code: 'c', periodId: null, title: `指令${id}`, body: '', priority: 'normal', completeBy: null, issuedAt: T0 - id * MIN, issuedBy: { id: 2, name: '指挥长' },
  ackDeadlineMs: 30 * MIN,
  recipients: [{ orderId: id, ...delivery(centreId, state, T0 - id * MIN + 30 * MIN), wantsAnswer: true }],
  ...over,
});
const inc = (id: number, over: Partial<Incident> = {}): Incident => ({
  id, code: `ZZ-${id}`, category: 'dispute', priority: 'general', state: 'reported', description: 'd', lon: 102, lat: 25,
  gridId: 1, gridName: '第1网格', townshipId: TOWN, villageId: 3, holderCentreId: COUNTY, holderCentreName: '县', holderLevel: 'county',
  pendingSign: false, reportedAt: T0 - id * MIN, reportedBy: { id: 9, name: 'n' }, respondBy: T0 + 20 * MIN, acceptedAt: null, resolveBy: null,
  urgedAt: null, supervisedAt: null, overdue: false, attempts: { village: 0, township: 0, county: 0 }, extension: null, extendedDays: 0,
  result: null, satisfaction: null, mergedInto: null, similarTo: null, mergedIntoCode: null, similarToCode: null, photos: [], updatedAt: T0, version: 1, ...over,
});
const src = (s: Partial<QueueSources>): QueueSources => ({ alerts: {}, orders: {}, incidents: {}, ...s });
const byId = <T extends { id: number }>(...xs: T[]) => Object.fromEntries(xs.map((x) => [x.id, x])) as Record<number, T>;
const town = { centreId: TOWN, county: false };
const county = { centreId: COUNTY, county: true };
const keys = (items: { kind: string; id: number; step: string }[]) => items.map((i) => `${i.kind}:${i.id}:${i.step}`);

describe('待办: what waits for a unit', () => {
  it('alerts: waiting until signed, and only for the unit they were sent to', () => {
    const s = src({ alerts: byId(alert(1, 'pending'), alert(2, 'delivered'), alert(3, 'signed'), alert(4, 'delivered', {}, 6)) });
    expect(keys(queueItems(s, town, T0)).sort()).toEqual(['alert:1:sign', 'alert:2:sign']);
    expect(queueItems(s, { centreId: 6, county: false }, T0).map((i) => i.id)).toEqual([4]);
    expect(queueItems(s, county, T0)).toEqual([]);
  });

  it('orders: 签收 first, then 反馈 until answered; overdue once the ack deadline passed or the ladder moved', () => {
    const s = src({ orders: byId(order(1, 'pending'), order(2, 'signed', { completeBy: T0 - MIN }), order(3, 'answered'), order(4, 'delivered', {}, 6)) });
    const items = queueItems(s, town, T0);
    expect(keys(items)).toEqual(['order:2:feedback', 'order:1:sign']);
    expect(items[0]?.overdue).toBe(true);
    expect(items[1]).toMatchObject({ dueAt: T0 - MIN + 30 * MIN, overdue: false });
    const late = src({ orders: byId(order(1, 'delivered', { recipients: [{ ...order(1, 'delivered').recipients[0]!, rung: 1 }] })) });
    expect(queueItems(late, town, T0)[0]?.overdue).toBe(true);
  });

  it('incidents: 受理 at the county, 签收 of an assignment, handling where held, 回访 at the county; closed ones never', () => {
    const s = src({
      incidents: byId(
        inc(1),
        inc(2, { state: 'assigned', pendingSign: true, holderCentreId: TOWN, acceptedAt: T0 - MIN, resolveBy: T0 + 3 * 86_400_000 }),
        inc(3, { state: 'handling', holderCentreId: TOWN, acceptedAt: T0 - MIN, resolveBy: T0 + 86_400_000 }),
        inc(4, { state: 'resolved', holderCentreId: TOWN }),
        inc(5, { state: 'archived' }),
        inc(6, { state: 'merged' }),
        inc(7, { state: 'handling', holderCentreId: 6 }),
        inc(8, { state: 'returned', holderCentreId: COUNTY, acceptedAt: T0 - MIN, resolveBy: T0 + 86_400_000 }),
      ),
    });
    expect(keys(queueItems(s, town, T0))).toEqual(['incident:3:handle', 'incident:2:sign']);
    expect(keys(queueItems(s, county, T0))).toEqual(['incident:1:accept', 'incident:8:handle', 'incident:4:followUp']);
  });

  it('orders the queue overdue first, then by deadline, items without one last', () => {
    const s = src({
      alerts: byId(alert(1, 'delivered', {}), alert(2, 'delivered', { recipients: [{ ...alert(2, 'delivered').recipients[0]!, overdue: true, dueAt: T0 + 99 * MIN }] })),
      orders: byId(order(3, 'signed')),
      incidents: byId(inc(4, { state: 'handling', holderCentreId: TOWN, acceptedAt: T0, resolveBy: T0 + 5 * MIN })),
    });
    expect(keys(queueItems(s, town, T0))).toEqual(['alert:2:sign', 'incident:4:handle', 'alert:1:sign', 'order:3:feedback']);
  });
});

describe('alarms by the default policy', () => {
  it('red alert and 特急 order take the screen at a lower unit; orange only rings; a yellow one is silent', () => {
    const s = src({
      alerts: byId(alert(1, 'delivered', { level: 'red' }), alert(2, 'delivered', { level: 'orange' }), alert(3, 'delivered')),
      orders: byId(order(4, 'delivered', { priority: 'urgent' }), order(5, 'delivered', { priority: 'high' }), order(6, 'signed', { priority: 'urgent' })),
    });
    const alarms = alarmsFor(queueItems(s, town, T0), DEFAULT_ALARM_POLICY, false);
    expect(alarms.map((a) => a.key).sort()).toEqual(['alert:1', 'alert:2', 'order:4']);
    expect(takeovers(alarms, new Set()).map((a) => a.key).sort()).toEqual(['alert:1', 'order:4']);
    expect(takeovers(alarms, new Set(['alert:1'])).map((a) => a.key)).toEqual(['order:4']);
  });

  it('a new report rings at the county, a 督办 takes it over; accepting the report ends its alarm', () => {
    const s = src({ incidents: byId(inc(1), inc(2, { state: 'accepted', acceptedAt: T0, resolveBy: T0 + MIN, supervisedAt: T0 })) });
    const alarms = alarmsFor(queueItems(s, county, T0), DEFAULT_ALARM_POLICY, true);
    expect(alarms.map((a) => [a.key, a.rule.takeover])).toEqual([['supervise:2', true], ['report:1', false]]);
    const accepted = src({ incidents: byId(inc(1, { state: 'accepted', acceptedAt: T0, resolveBy: T0 + 86_400_000 })) });
    expect(alarmsFor(queueItems(accepted, county, T0), DEFAULT_ALARM_POLICY, true)).toEqual([]);
  });
});

describe('待办: high-risk disputes (风险研判)', () => {
  const dispute = (id: number, over: Partial<Dispute> = {}): Dispute => ({
    id, code: `ZZ-D${id}`, channel: 'walk_in', hotlineRef: null, sourceUnit: null, incidentId: null, incidentCode: null, type: 'land', amount: null,
    summary: '土地纠纷', peopleCount: 40, extremeThreat: true, riskGrade: 'high', riskReasons: [{ code: 'extremeThreat', value: 1 }], repeatOf: [],
    state: 'registered', holderCentreId: COUNTY, holderCentreName: '县', pendingSign: false, townshipId: TOWN, townshipName: '镇',
    registeredBy: { id: 1, name: '值班员' }, registeredAt: T0 - id * MIN, queueTicket: 1, resolveBy: null, urgedAt: null, supervisedAt: null,
    result: null, satisfaction: null, closedAt: null, parties: [{ id: 1, personId: 1, role: 'applicant', name: '赵德明', phone: '139****5678', idType: null, idNumber: null }],
    updatedAt: T0, version: 1, ...over,
  });
  it('waits at the county while registered, rings as highRisk, and leaves when it moves on or is not high', () => {
    const s = src({ disputes: byId(dispute(1), dispute(2, { riskGrade: 'medium' }), dispute(3, { state: 'mediating' })) });
    expect(keys(queueItems(s, county, T0))).toEqual(['dispute:1:risk']);
    expect(queueItems(s, town, T0)).toEqual([]);
    const alarms = alarmsFor(queueItems(s, county, T0), DEFAULT_ALARM_POLICY, true);
    expect(alarms.map((a) => [a.key, a.rule.takeover])).toEqual([['highRisk:1', true]]);
  });
});

describe('待办: 一键通 calls', () => {
  const call = (id: number, state: Meeting['state'], invitee: Partial<Meeting['invitees'][number]>): Meeting => ({
    id, kind: 'call', title: '一键通 · 城关镇', hostCentreId: COUNTY, hostCentreName: '青岚县', openedBy: { id: 1, name: '值班员' }, openedAt: T0 - id * MIN,
    state, ringUntil: T0 + 45_000, answeredAt: null, endedAt: null, incidentId: null, disputeId: null, recording: null, version: 1,
    invitees: [{ centreId: TOWN, centreName: '城关镇', state: 'ringing', by: null, at: null, seen: false, ...invitee }],
  });
  it('a ringing call waits to be answered, a missed one until looked at; answered, seen or elsewhere: nothing', () => {
    const meetings = byId(
      call(1, 'ringing', {}),
      call(2, 'missed', { state: 'missed' }),
      call(3, 'missed', { state: 'missed', seen: true }),
      call(4, 'open', { state: 'answered' }),
      { ...call(5, 'open', { state: 'invited' }), kind: 'meeting' as const },
    );
    expect(keys(queueItems(src({ meetings }), town, T0)).sort()).toEqual(['call:1:answer', 'call:2:missed']);
    expect(queueItems(src({ meetings }), county, T0)).toEqual([]);
    expect(queueItems(src({ meetings }), town, T0).find((i) => i.step === 'missed')?.overdue).toBe(true);
  });
});
