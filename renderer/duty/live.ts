// Plugs the duty desk into the stream core: the unit's duty state from the snapshot, `duty.*` events from the stream.
import { onStreamEvent, onStreamSnapshot } from '../stream/bus.ts';
import { useStore } from '../store.ts';

export function startDuty(): () => void {
  const st = useStore.getState;
  const offs = [
    onStreamSnapshot((snap) => st().setDuty(snap.duty)),
    onStreamEvent('duty.roster', (e, how) => !how.newsOnly && st().applyRoster(e.roster, e.dutyPhone)),
    onStreamEvent('duty.handover', (e, how) => !how.newsOnly && st().applyHandover(e.handover)),
    onStreamEvent('duty.log', (e, how) => !how.newsOnly && st().applyDutyLog(e.entry)),
  ];
  return () => {
    for (const off of offs) off();
    st().clearDuty();
  };
}
