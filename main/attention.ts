// What main does with an attention.update from the console: badge, notification, taskbar flash. Pure, so the rules are
// tested without Electron: every item is announced at most once, and only when nobody is looking at the console.
import { ALERT_LEVEL_LABELS, type AlertLevel } from '../protocol/alerts.ts';
import type { AttentionItem, AttentionUpdate } from '../protocol/ipc.ts';

export interface AttentionEffects {
  /** The number for the dock/taskbar badge (0 clears it). */
  badge: number;
  /** Show this notification (null: none). */
  notify: { title: string; body: string; item: AttentionItem } | null;
  /** Flash the console's taskbar entry until it is focused. */
  flash: boolean;
}

export function createAttention(memory = 500) {
  const announced = new Set<string>();
  return {
    /** `focused`: the console window has the keyboard focus and is visible. */
    update(u: AttentionUpdate, focused: boolean): AttentionEffects {
      const item = u.latest ?? null;
      let notify: AttentionEffects['notify'] = null;
      if (item) {
        const key = `${item.kind}:${item.id}`;
        if (!announced.has(key)) {
          announced.add(key);
          if (announced.size > memory) announced.delete(announced.values().next().value!);
          if (!focused) notify = { ...notificationText(item), item };
        }
      }
      return { badge: u.unacknowledged, notify, flash: notify !== null };
    },
  };
}

export function notificationText(item: AttentionItem): { title: string; body: string } {
  const level = item.level ? levelLabel(item.level) : null;
  const what = item.kind === 'order' ? '新指令' : item.kind === 'incident' ? '事件' : item.kind === 'dispute' ? '高风险纠纷' : level ? `${level}预警` : '新预警';
  const body = [item.from, item.body?.trim()].filter(Boolean).join(' · ');
  return { title: `【${what}】${item.title}`, body: body.length > 200 ? `${body.slice(0, 199)}…` : body || (item.kind === 'incident' || item.kind === 'dispute' ? '请及时处理 · please act on it' : '请及时签收 · please acknowledge') };
}

function levelLabel(level: AlertLevel): string {
  return ALERT_LEVEL_LABELS[level][0].replace(/\(.*\)$/, '');
}

/** Accessible text for the Windows overlay icon. */
export function badgeDescription(count: number): string {
  return count > 0 ? `${count} 项待办 · ${count} waiting` : '';
}
