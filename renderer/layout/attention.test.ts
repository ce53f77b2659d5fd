import { describe, expect, it } from 'vitest';
import type { Alert, DeliveryState, Order } from '../../protocol/index.ts';
import { AttentionUpdate } from '../../protocol/ipc.ts';
import { attentionFor } from './attention.ts';

const delivery = (centreId: number, state: DeliveryState) => ({
  centreId, centreName: 'x', parentId: null, state, deliveredAt: null, signedAt: null, signedBy: null, dueAt: 0, nextAt: null, rung: 0, remindedAt: null,
  overdue: false, wantsAnswer: false, answeredAt: null, answeredBy: null, answer: null,
});
const alert = (id: number, at: number, state: DeliveryState, centreId = 5): Alert => ({
  id, level: 'red', title: `预警${id}`, body: '内容', raisedAt: at, raisedBy: { id: 1, name: '值班员' }, wantsAnswer: false,
  recipients: [{ alertId: id, ...delivery(centreId, state) }],
});
const order = (id: number, at: number, state: DeliveryState): Order => ({
  id, code: 'c', periodId: null, title: `指令${id}`, body: 'b', priority: 'normal', completeBy: null, issuedAt: at, issuedBy: { id: 2, name: '指挥长' },
  ackDeadlineMs: 1, recipients: [{ orderId: id, ...delivery(5, state) }],
});

describe('attention for the desktop badge', () => {
  it('counts this centre’s unsigned alerts and orders and names the newest, in the IPC schema', () => {
    const u = attentionFor(5, [alert(1, 100, 'delivered'), alert(2, 300, 'signed'), alert(3, 200, 'pending', 6)], [order(7, 250, 'pending'), order(8, 400, 'signed')]);
    expect(u.unacknowledged).toBe(2);
    expect(u.latest).toMatchObject({ kind: 'order', id: 7, title: '指令7', from: '指挥长' });
    expect(AttentionUpdate.safeParse(u).success).toBe(true);
  });

  it('is zero with no latest when everything is signed', () => {
    expect(attentionFor(5, [alert(2, 300, 'signed')], [])).toEqual({ unacknowledged: 0, latest: null });
  });
});
