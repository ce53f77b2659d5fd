// The 待办 of this console's unit and its alarms, from the store (no polling: the stream moves the store).
import { useMemo } from 'react';
import type { SessionUser } from '../../protocol/index.ts';
import { useStore } from '../store.ts';
import { useNow } from '../ui/useNow.ts';
import { alarmsFor, takeovers, type Alarm } from './alarms.ts';
import { queueItems, type QueueItem, type QueueUnit } from './items.ts';

export const unitOf = (user: Pick<SessionUser, 'centreId' | 'centreLevel'>): QueueUnit => ({ centreId: user.centreId, county: user.centreLevel === 'county' });

export function useQueue(user: Pick<SessionUser, 'centreId' | 'centreLevel'>): QueueItem[] {
  const alerts = useStore((s) => s.alerts);
  const orders = useStore((s) => s.wartime.orders);
  const incidents = useStore((s) => s.incidents);
  const disputes = useStore((s) => s.disputes);
  const flows = useStore((s) => s.flows);
  const meetings = useStore((s) => s.meetings);
  // The clock only moves items into 逾期; what is in the queue changes with the store.
  const now = useNow(30_000);
  const { centreId, centreLevel } = user;
  return useMemo(
    () => queueItems({ alerts, orders, incidents, disputes, flows, meetings }, unitOf({ centreId, centreLevel }), now),
    [alerts, orders, incidents, disputes, flows, meetings, centreId, centreLevel, now],
  );
}

export function useAlarms(user: Pick<SessionUser, 'centreLevel'>, items: readonly QueueItem[]): { alarms: Alarm[]; takeovers: Alarm[] } {
  const policy = useStore((s) => s.alarmPolicy);
  const acked = useStore((s) => s.alarmAcked);
  const county = user.centreLevel === 'county';
  return useMemo(() => {
    const alarms = alarmsFor(items, policy, county);
    return { alarms, takeovers: takeovers(alarms, new Set(Object.keys(acked))) };
  }, [items, policy, acked, county]);
}
