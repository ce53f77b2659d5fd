// What the desktop app's badge and notifications should say for this console: how many items wait for a person's
// 签收 here, and the newest of them. Pure; the layout hands the result to window.zongzhi.attention (Electron only).
import type { Alert, Order } from '../../protocol/index.ts';
import type { AttentionUpdate } from '../../protocol/ipc.ts';
import { isSignedState } from '../delivery/merge.ts';

export function attentionFor(centreId: number, alerts: readonly Alert[], orders: readonly Order[]): AttentionUpdate {
  type Item = NonNullable<AttentionUpdate['latest']> & { at: number };
  const waiting: Item[] = [];
  for (const a of alerts) {
    const mine = a.recipients.find((r) => r.centreId === centreId);
    if (mine && !isSignedState(mine.state)) waiting.push({ kind: 'alert', id: a.id, title: a.title, body: a.body, level: a.level, from: a.raisedBy.name, at: a.raisedAt });
  }
  for (const o of orders) {
    const mine = o.recipients.find((r) => r.centreId === centreId);
    if (mine && (mine.state === 'pending' || mine.state === 'delivered')) waiting.push({ kind: 'order', id: o.id, title: o.title, body: o.body, from: o.issuedBy.name, at: o.issuedAt });
  }
  waiting.sort((x, y) => y.at - x.at || y.id - x.id);
  const newest = waiting[0];
  if (!newest) return { unacknowledged: 0, latest: null };
  const { at: _at, ...latest } = newest;
  return { unacknowledged: waiting.length, latest: { ...latest, title: latest.title.slice(0, 100) } };
}
