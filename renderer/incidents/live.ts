// Keeps the incident cache live for a logged-in console: the list once, then every `incident.updated` from the stream.
import { onStreamEvent } from '../net/streamBus.ts';
import { playAlertTone } from '../alerts/sound.ts';
import { useStore } from '../store.ts';
import type { Session } from '../session/sessionSlice.ts';
import { fetchCategories, fetchIncidents } from './api.ts';

export function startIncidents(session: Session): () => void {
  const st = useStore.getState;
  let stopped = false;
  const load = () => {
    fetchIncidents(session.token).then((r) => !stopped && st().upsertIncidents(r.incidents), () => undefined);
    fetchCategories(session.token).then((c) => !stopped && st().setCategories(c), () => undefined);
  };
  load();
  const off = onStreamEvent('incident.updated', (e) => {
    st().upsertIncidents([e.incident]);
    // A case my centre must now act on is announced with the alert tone.
    if (e.notice && e.incident.holderCentreId === session.user.centreId) playAlertTone(e.notice === 'urge' ? 'reminder' : 'new');
  });
  return () => {
    stopped = true;
    off();
    st().clearIncidents();
  };
}
