// Plugs the alarms into the stream core: the policy and this unit's acknowledgements from the snapshot, `alarm.acked`
// from the stream, and this console's mute as it was left.
import { setSoundMuted } from '../alerts/sound.ts';
import { onStreamEvent, onStreamSnapshot } from '../stream/bus.ts';
import type { Session } from '../session/sessionSlice.ts';
import { useStore } from '../store.ts';

export const MUTE_KEY = 'zz.alarm.muted';

function storedMute(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === '1';
  } catch {
    return false;
  }
}


export function startAlarms(_session: Session): () => void {
  const st = useStore.getState;
  const muted = storedMute();
  st().setAlarmMuted(muted);
  setSoundMuted(muted);

  const offs = [
    onStreamSnapshot((snap) => {
      st().setAlarmPolicy(snap.alarms.policy);
      st().addAlarmAcks(snap.alarms.acked);
    }),
    onStreamEvent('alarm.acked', (e) => st().addAlarmAcks([e.ack])),
  ];
  return () => {
    for (const off of offs) off();
    st().clearAlarms();
  };
}
