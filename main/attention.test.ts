import { describe, expect, it } from 'vitest';
import { badgeDescription, createAttention, notificationText } from './attention.ts';

const item = { kind: 'alert' as const, id: 42, title: '暴雨红色预警', level: 'red' as const, from: '青岚县综治中心', body: '请立即组织转移' };

describe('attention', () => {
  it('notifies a new item once, only when the console is not focused, and flashes with it', () => {
    const a = createAttention();
    const first = a.update({ unacknowledged: 1, latest: item }, false);
    expect(first.badge).toBe(1);
    expect(first.flash).toBe(true);
    expect(first.notify).toEqual({ title: '【红色预警】暴雨红色预警', body: '青岚县综治中心 · 请立即组织转移', item });
    expect(a.update({ unacknowledged: 1, latest: item }, false).notify).toBeNull(); // same item again: no second notification
  });

  it('does not notify an item that arrived while the operator was looking, even after focus is lost', () => {
    const a = createAttention();
    expect(a.update({ unacknowledged: 1, latest: item }, true)).toEqual({ badge: 1, notify: null, flash: false });
    expect(a.update({ unacknowledged: 1, latest: item }, false).notify).toBeNull();
  });

  it('clears the badge when everything is acknowledged', () => {
    const a = createAttention();
    expect(a.update({ unacknowledged: 0, latest: null }, false)).toEqual({ badge: 0, notify: null, flash: false });
    expect(a.update({ unacknowledged: 0 }, false).badge).toBe(0);
  });

  it('distinguishes orders from alerts with the same id', () => {
    const a = createAttention();
    a.update({ unacknowledged: 1, latest: item }, false);
    const order = a.update({ unacknowledged: 2, latest: { kind: 'order', id: 42, title: '启动战时机制' } }, false);
    expect(order.notify?.title).toBe('【新指令】启动战时机制');
    expect(order.notify?.body).toContain('签收');
    const incident = a.update({ unacknowledged: 3, latest: { kind: 'incident', id: 42, title: '督办 ZZ20261130-0001', from: '第1网格' } }, false);
    expect(incident.notify?.title).toBe('【事件】督办 ZZ20261130-0001');
  });

  it('forgets the oldest announcements beyond its memory', () => {
    const a = createAttention(2);
    for (const id of [1, 2, 3]) a.update({ unacknowledged: 1, latest: { ...item, id } }, false);
    expect(a.update({ unacknowledged: 1, latest: { ...item, id: 1 } }, false).notify).not.toBeNull();
    expect(a.update({ unacknowledged: 1, latest: { ...item, id: 3 } }, false).notify).toBeNull();
  });

  it('cuts long bodies and describes the badge', () => {
    expect(notificationText({ ...item, body: 'x'.repeat(500) }).body.length).toBe(200);
    expect(badgeDescription(0)).toBe('');
    expect(badgeDescription(3)).toContain('3');
  });
});
