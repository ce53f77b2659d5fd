// Plugs calls and meetings into the stream core (snapshot + `meet.updated`) and the socket's latest-wins pushes.
import type { SessionUser } from '../../protocol/index.ts';
import type { AppSocket } from '../net/socket.ts';
import { request } from '../net/socket.ts';
import { onStreamEvent, onStreamSnapshot } from '../stream/bus.ts';
import { useStore } from '../store.ts';
import { setMeetSocket, currentSession } from './session.ts';

export function attachMeet(socket: AppSocket, _user: SessionUser): () => void {
  const st = useStore.getState;
  setMeetSocket(socket);
  const askHealth = () => void request(socket, 'meet:health', {}).then((r) => r.ok && st().setMeetHealth(r.data));
  const offs = [
    onStreamSnapshot((snap) => st().setMeetings(snap.meetings)),
    onStreamEvent('meet.updated', (e, how) => {
      if (!how.newsOnly) st().upsertMeeting(e.meeting);
      // The meeting this console is in ended (hung up on the other side, or by the host).
      const s = currentSession();
      if (s && s.meetingId === e.meeting.id && (e.meeting.state === 'ended' || e.meeting.state === 'missed')) void s.close('ended');
    }),
  ];
  socket.on('meet:roster', (r) => {
    st().setMeetRoster(r);
    currentSession()?.onRoster(r);
  });
  socket.on('meet:kicked', (k) => currentSession()?.onKicked(k));
  socket.on('meet:health', (h) => {
    st().setMeetHealth(h);
    if (h.available) currentSession()?.onHealthBack();
  });
  socket.on('connect', askHealth);
  if (socket.connected) askHealth();
  return () => {
    for (const off of offs) off();
    socket.off('meet:roster');
    socket.off('meet:kicked');
    socket.off('meet:health');
    socket.off('connect', askHealth);
    void currentSession()?.close('left');
    setMeetSocket(null);
    st().clearMeetings();
  };
}
