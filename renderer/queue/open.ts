// Opening a 待办 item where its feature shows it: the alert in its tab, the order in the orders tab, the incident's
// drawer (selected in the store, then the incidents tab by the URL hash).
import { useStore } from '../store.ts';
import { liveSocket } from '../session/live.ts';
import { request } from '../net/socket.ts';
import type { QueueKind } from './items.ts';

export function openQueueItem(item: { kind: QueueKind; id: number }, county: boolean): void {
  const st = useStore.getState();
  if (item.kind === 'alert') {
    location.hash = '#alerts';
  } else if (item.kind === 'order') {
    st.markOrderSeen(item.id);
    location.hash = county ? '#command' : '#orders';
  } else if (item.kind === 'dispute') {
    st.selectDispute(item.id);
    location.hash = '#disputes';
  } else if (item.kind === 'call') {
    // A ringing call is answered from its banner; a missed call is looked at here (it leaves 待办).
    const socket = liveSocket();
    if (socket && st.meetings[item.id]?.state !== 'ringing') {
      void request(socket, 'meet:seen', { meetingId: item.id }).then((r) => r.ok && useStore.getState().upsertMeeting(r.data.meeting));
    }
  } else {
    st.selectIncident(item.id);
    location.hash = '#incidents';
  }
}
