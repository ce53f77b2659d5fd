// Wires the alarms into the live connection: the policy and this unit's acknowledgements (GET /api/alarms, again each
// time the stream is caught up), `alarm.acked` from the stream, and this console's mute as it was left.
import { AlarmState } from '../../protocol/index.ts';
import { setSoundMuted } from '../alerts/sound.ts';
import { api } from '../net/http.ts';
import { onStreamEvent } from '../net/streamBus.ts';
import type { Session } from '../session/sessionSlice.ts';
import { useStore } from '../store.ts';

const RETRY_MS = 3_000;
export const MUTE_KEY = 'zz.alarm.muted';

function storedMute(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === '1';
  } catch {
    return false;
  }
}


export function startAlarms(session: Session): () => void {
  const st = useStore.getState;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const muted = storedMute();
  st().setAlarmMuted(muted);
  setSoundMuted(muted);

  const load = (): void => {
    clearTimeout(retry);
    api<unknown>('/api/alarms', { token: session.token }).then(
      (body) => {
        const parsed = AlarmState.safeParse(body);
        if (stopped) return;
        if (!parsed.success) {
          console.warn('[alarms] malformed /api/alarms', parsed.error);
          return;
        }
        st().setAlarmPolicy(parsed.data.policy);
        st().addAlarmAcks(parsed.data.acked);
      },
      () => {
        if (!stopped) retry = setTimeout(load, RETRY_MS);
      },
    );
  };
  const off = onStreamEvent('alarm.acked', (e) => st().addAlarmAcks([e.ack]));
  const unsubscribe = useStore.subscribe((s, prev) => {
    if (s.conn === 'connected' && prev.conn !== 'connected') load();
  });
  load();
  return () => {
    stopped = true;
    clearTimeout(retry);
    off();
    unsubscribe();
    st().clearAlarms();
  };
}
