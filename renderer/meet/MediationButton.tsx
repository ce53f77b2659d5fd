// 视频调解 from a case: a meeting attached to it with the case's township (the parties may join from its console),
// recorded once every unit has consented on screen.
import { useTranslation } from 'react-i18next';
import { request } from '../net/socket.ts';
import { liveSocket } from '../session/live.ts';
import { useStore } from '../store.ts';
import { MeetSession } from './session.ts';

/** The case is an incident or a dispute (exactly one of the ids). */
export function MediationButton({ incidentId = null, disputeId = null, code }: { incidentId?: number | null; disputeId?: number | null; code: string }) {
  const { t } = useTranslation();
  const user = useStore((s) => s.session?.user);
  if (!user || user.centreLevel !== 'county' || (user.role !== 'dutyOfficer' && user.role !== 'commander')) return null;
  const start = async () => {
    const socket = liveSocket();
    if (!socket) return;
    const r = await request(socket, 'meet:open', { kind: 'mediation', title: `${t('meet.kind.mediation')} · ${code}`, incidentId, disputeId });
    if (!r.ok) return useStore.getState().setMeetError(r.error.message);
    useStore.getState().upsertMeeting(r.data.meeting);
    await MeetSession.start(r.data.meeting.id);
  };
  return (
    <button type="button" className="btn btn-sm" data-testid={disputeId !== null ? 'dispute-mediation' : 'meet-mediation'} onClick={() => void start()}>
      {t('meet.kind.mediation')}
    </button>
  );
}

/** Downloads the recording with this console's session (the link needs its bearer token). */
export async function downloadRecording(meetingId: number): Promise<void> {
  const token = useStore.getState().session?.token;
  const res = await fetch(`/api/meetings/${meetingId}/recording`, { headers: { authorization: `Bearer ${token ?? ''}` } });
  if (!res.ok) return useStore.getState().setMeetError(`${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `meeting-${meetingId}.mp4`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
