// Plugs the alert feature into the stream core: its starting state from the snapshot, its events, and the tone.
import type { SessionUser } from '../../protocol/index.ts';
import { onStreamEvent, onStreamSnapshot } from '../stream/bus.ts';
import { useStore } from '../store.ts';
import { playAlertTone } from './sound.ts';
import type { AlertEvent } from './model.ts';

export function attachAlerts(user: SessionUser): () => void {
  const st = useStore.getState;
  // Township and village consoles sound a tone for new alerts and reminders; the county raised them.
  const audible = user.centreLevel !== 'county';
  const onEvent = (ev: AlertEvent, how: { newsOnly: boolean }) => {
    const cue = st().applyAlertEvent(ev, user.centreId, how.newsOnly);
    if (cue && audible) playAlertTone(cue.kind === 'new' ? 'new' : 'reminder');
  };
  const offs = [
    onStreamSnapshot((s) => st().applyAlertSnapshot(s.alerts)),
    onStreamEvent('alert.new', onEvent),
    onStreamEvent('alert.reminder', onEvent),
    onStreamEvent('alert.status', onEvent),
  ];
  return () => {
    for (const off of offs) off();
    st().clearAlerts();
  };
}
