// Plugs incidents into the stream core: the newest cases of the unit's area from the snapshot, then every
// `incident.updated`. The categories are configuration, read once over HTTP.
import { onStreamEvent, onStreamSnapshot } from '../stream/bus.ts';
import { playAlertTone } from '../alerts/sound.ts';
import { useStore } from '../store.ts';
import type { Session } from '../session/sessionSlice.ts';
import { fetchCategories } from './api.ts';

export function startIncidents(session: Session): () => void {
  const st = useStore.getState;
  let stopped = false;
  fetchCategories(session.token).then((c) => !stopped && st().setCategories(c), () => undefined);
  const offs = [
    onStreamSnapshot((s) => st().replaceIncidents(s.incidents)),
    onStreamEvent('incident.updated', (e, how) => {
      if (!how.newsOnly) st().upsertIncidents([e.incident]);
      // A case my centre must now act on is announced with the alert tone.
      if (e.notice && e.incident.holderCentreId === session.user.centreId) playAlertTone(e.notice === 'urge' ? 'reminder' : 'new');
    }),
  ];
  return () => {
    stopped = true;
    for (const off of offs) off();
    st().clearIncidents();
  };
}
