// In the desktop app: keep the taskbar badge and notifications in step with what waits for 签收 here, and open the
// right tab when a notification is clicked. Outside Electron there is no bridge and this does nothing.
import { useEffect, useMemo } from 'react';
import { desktopBridge } from '../../protocol/ipc.ts';
import { useStore } from '../store.ts';
import { attentionFor } from './attention.ts';

export function useDesktopAttention(centreId: number): void {
  const alerts = useStore((s) => s.alerts);
  const orders = useStore((s) => s.wartime.orders);
  const update = useMemo(() => attentionFor(centreId, Object.values(alerts), Object.values(orders)), [centreId, alerts, orders]);
  const key = `${update.unacknowledged}:${update.latest?.kind}:${update.latest?.id}`;

  useEffect(() => {
    void desktopBridge()?.attention.update(update);
    // `key` says everything the desktop needs; a new object with the same content is not news.
  }, [key]);

  useEffect(() => {
    const off = desktopBridge()?.attention.onFocus(({ kind }) => {
      location.hash = kind === 'order' ? '#orders' : '#alerts';
    });
    return () => off?.();
  }, []);
}
