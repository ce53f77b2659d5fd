import { describe, expect, it } from 'vitest';
import { DEFAULT_ALARM_POLICY, type Alert, type DeliveryState, type Incident, type Order } from '../../protocol/index.ts';
import { AttentionUpdate } from '../../protocol/ipc.ts';
import { alarmsFor } from '../queue/alarms.ts';
import { queueItems } from '../queue/items.ts';
import { attentionFor } from './attention.ts';

const delivery = (centreId: number, state: DeliveryState) => ({
  centreId, centreName: 'x', parentId: null, state, deliveredAt: null, signedAt: null, signedBy: null, dueAt: 0, nextAt: null, rung: 0, remindedAt: null,
  overdue: false, wantsAnswer: false, answeredAt: null, answeredBy: null, answer: null,
});
const alert = (id: number, at: number, state: DeliveryState, level: Alert['level'] = 'red', centreId = 5): Alert => ({
  id, level, title: `预警${id}`, body: '内容', raisedAt: at, raisedBy: { id: 1, name: '值班员' }, wantsAnswer: false, recipients: [{ alertId: id, ...delivery(centreId, state) }],
});
const order = (id: number, at: number, state: DeliveryState, priority: Order['priority'] = 'urgent'): Order => ({
  id, code: 'c', periodId: null, title: `指令${id}`, body: 'b', priority, completeBy: null, issuedAt: at, issuedBy: { id: 2, name: '指挥长' },
  ackDeadlineMs: 1, recipients: [{ orderId: id, ...delivery(5, state), wantsAnswer: true }],
});
const report = (id: number, at: number): Incident => ({
  id, code: `ZZ-${id}`, category: 'dispute', priority: 'general', state: 'reported', description: '纠纷', lon: 102, lat: 25,
  gridId: 1, gridName: '第1网格', townshipId: 5, villageId: 3, holderCentreId: 1, holderCentreName: '县', holderLevel: 'county',
  pendingSign: false, reportedAt: at, reportedBy: { id: 9, name: 'n' }, respondBy: at + 1, acceptedAt: null, resolveBy: null,
  urgedAt: null, supervisedAt: null, overdue: false, attempts: { village: 0, township: 0, county: 0 }, extension: null, extendedDays: 0,
  result: null, satisfaction: null, mergedInto: null, similarTo: null, mergedIntoCode: null, similarToCode: null, photos: [], updatedAt: at, version: 1,
});
const byId = <T extends { id: number }>(...xs: T[]) => Object.fromEntries(xs.map((x) => [x.id, x])) as Record<number, T>;

function attention(src: { alerts?: Alert[]; orders?: Order[]; incidents?: Incident[] }, unit: { centreId: number; county: boolean }) {
  const items = queueItems({ alerts: byId(...(src.alerts ?? [])), orders: byId(...(src.orders ?? [])), incidents: byId(...(src.incidents ?? [])) }, unit, 1000);
  return attentionFor(items, alarmsFor(items, DEFAULT_ALARM_POLICY, unit.county));
}

describe('attention for the desktop badge', () => {
  it('counts the whole 待办 and announces the newest item the policy notifies, in the IPC schema', () => {
    const u = attention(
      { alerts: [alert(1, 100, 'delivered'), alert(2, 300, 'signed'), alert(3, 200, 'pending', 'red', 6), alert(4, 500, 'delivered', 'yellow')], orders: [order(7, 250, 'pending'), order(8, 400, 'signed')] },
      { centreId: 5, county: false },
    );
    // alert 1, alert 4 (yellow: counted, not announced), order 7 to sign, order 8 to report back.
    expect(u.unacknowledged).toBe(4);
    expect(u.latest).toMatchObject({ kind: 'order', id: 7, title: '指令7', from: '指挥长' });
    expect(AttentionUpdate.safeParse(u).success).toBe(true);
  });

  it('announces a new report at the county as an incident', () => {
    const u = attention({ incidents: [report(3, 900)] }, { centreId: 1, county: true });
    expect(u).toMatchObject({ unacknowledged: 1, latest: { kind: 'incident', id: 3, title: '新上报 ZZ-3', from: '第1网格' } });
    expect(AttentionUpdate.safeParse(u).success).toBe(true);
  });

  it('is zero with no latest when nothing waits', () => {
    expect(attention({ alerts: [alert(2, 300, 'signed')] }, { centreId: 5, county: false })).toEqual({ unacknowledged: 0, latest: null });
  });
});
