// Plugs the dispute flow into the stream core: the flows of the unit's cases from the snapshot, then every
// `dispute.flow`. A case routed to this unit (签收 needed), returned to the county, chased or supervised rings the tone.
import { playAlertTone } from '../alerts/sound.ts';
import type { Session } from '../session/sessionSlice.ts';
import { onStreamEvent, onStreamSnapshot } from '../stream/bus.ts';
import { useStore } from '../store.ts';

export function startFlows(session: Session): () => void {
  const st = useStore.getState;
  const offs = [
    onStreamSnapshot((s) => st().replaceFlows(s.disputeFlows)),
    onStreamEvent('dispute.flow', (e, how) => {
      if (!how.newsOnly) st().upsertFlows([e.flow]);
      if (e.notice && e.flow.holderCentreId === session.user.centreId) playAlertTone(e.notice === 'urge' || e.notice === 'signReminder' ? 'reminder' : 'new');
    }),
  ];
  return () => {
    for (const off of offs) off();
    st().clearFlows();
  };
}
