// The 待办 count and the alarms outside the page: the desktop badge and notifications (Electron bridge), or in a
// browser the Notification API when the user has granted it; a notification clicked opens its item.
import { useEffect, useMemo, useRef } from 'react';
import { desktopBridge } from '../../protocol/ipc.ts';
import type { Alarm } from '../queue/alarms.ts';
import type { QueueItem } from '../queue/items.ts';
import { openQueueItem } from '../queue/open.ts';
import { attentionFor, attentionItem } from './attention.ts';

export function useDesktopAttention(items: readonly QueueItem[], alarms: readonly Alarm[], county: boolean): void {
  const update = useMemo(() => attentionFor(items, alarms), [items, alarms]);
  const key = `${update.unacknowledged}:${update.latest?.kind}:${update.latest?.id}`;

  useEffect(() => {
    void desktopBridge()?.attention.update(update);
    // `key` says everything the desktop needs; a new object with the same content is not news.
  }, [key]);

  useEffect(() => {
    const off = desktopBridge()?.attention.onFocus((ref) => openQueueItem(ref, county));
    return () => off?.();
  }, [county]);

  // In a browser: one notification per alarm, only when the page is not in front and the user allowed them.
  const announced = useRef(new Set<string>());
  useEffect(() => {
    if (desktopBridge() || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    for (const a of alarms) {
      if (!a.rule.notification || announced.current.has(a.key)) continue;
      announced.current.add(a.key);
      if (!document.hidden && document.hasFocus()) continue;
      const it = attentionItem(a);
      const n = new Notification(it.title, { body: [it.from, it.body].filter(Boolean).join(' · ').slice(0, 200), tag: a.key });
      n.onclick = () => {
        window.focus();
        openQueueItem(a.item, county);
      };
    }
  }, [alarms, county]);
}
