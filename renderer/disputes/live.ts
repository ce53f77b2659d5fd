// Plugs disputes into the stream core: the unit's cases from the snapshot, then every `dispute.updated` (masked; the
// full phone or ID number only through a logged reveal). A high-risk case rings through the 待办's alarm policy.
import { onStreamEvent, onStreamSnapshot } from '../stream/bus.ts';
import { useStore } from '../store.ts';

export function startDisputes(): () => void {
  const st = useStore.getState;
  const offs = [
    onStreamSnapshot((s) => st().replaceDisputes(s.disputes)),
    onStreamEvent('dispute.updated', (e, how) => {
      if (!how.newsOnly) st().upsertDisputes([e.dispute]);
    }),
  ];
  return () => {
    for (const off of offs) off();
    st().clearDisputes();
  };
}
