// What the desktop app's badge and notifications should say for this console: how many items wait in its 待办, and
// the newest item the alarm policy announces with a notification. Pure; the layout hands the result to
// window.zongzhi.attention (Electron only).
import type { AttentionItem, AttentionUpdate } from '../../protocol/ipc.ts';
import type { Alarm } from '../queue/alarms.ts';
import type { QueueItem } from '../queue/items.ts';

const REASON: Record<Alarm['kind'], string> = { alert: '', order: '', report: '新上报 ', supervise: '督办 ', highRisk: '高风险纠纷 ' };

export function attentionItem(a: Alarm): AttentionItem {
  const { item } = a;
  const title = `${REASON[a.kind]}${item.title}`.slice(0, 100);
  return {
    // Calls ring by their own banner and never become alarms (alarmKindOf), so an alarm's item is one of these three.
    kind: item.kind as AttentionItem['kind'], id: item.id, title, body: item.body.slice(0, 2000), from: item.from.slice(0, 100),
    ...(item.kind === 'alert' && item.level ? { level: item.level as NonNullable<AttentionItem['level']> } : {}),
  };
}

export function attentionFor(items: readonly QueueItem[], alarms: readonly Alarm[]): AttentionUpdate {
  let newest: Alarm | null = null;
  for (const a of alarms) if (a.rule.notification && (!newest || a.item.at > newest.item.at || (a.item.at === newest.item.at && a.item.id > newest.item.id))) newest = a;
  return { unacknowledged: items.length, latest: newest ? attentionItem(newest) : null };
}
