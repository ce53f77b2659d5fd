// Plugs wartime into the stream core: the mode, orders, today's reports and risks from the snapshot, the events after
// it, and (county) the consoles' presence — latest wins, with every sync and then pushed.
import { Centre, Presence, type SessionUser, type StreamEvent } from '../../protocol/index.ts';
import { playAlertTone } from '../alerts/sound.ts';
import { api } from '../net/http.ts';
import type { AppSocket } from '../net/socket.ts';
import { onLiveState, onStreamEvent, onStreamSnapshot } from '../stream/bus.ts';
import { useStore } from '../store.ts';

const KINDS = ['wartime.state', 'order.new', 'order.resent', 'order.status', 'daily.report', 'daily.chase', 'daily.analysis', 'risk.upsert'] as const;

export function attachWartime(socket: AppSocket, user: SessionUser, token: string): () => void {
  const store = useStore.getState;
  const audible = user.centreLevel !== 'county';
  let stopped = false;

  const onEvent = (ev: StreamEvent, how: { newsOnly: boolean }) => {
    if (how.newsOnly) return; // already in the snapshot
    const cue = store().applyWartimeEvent(ev, user.centreId);
    if (!cue || !audible) return;
    if (cue.kind === 'order') playAlertTone('new');
    else if (cue.kind === 'resent' || cue.kind === 'chase') playAlertTone('reminder');
  };
  const offs = [
    ...KINDS.map((kind) => onStreamEvent(kind, onEvent)),
    onStreamSnapshot((s) => store().applyWartimeSnapshot(s.wartime)),
    onLiveState((l) => store().replacePresence(l.presence)),
  ];

  const onPresence = (raw: unknown) => {
    const p = Presence.safeParse(raw);
    if (p.success) store().applyPresence(p.data);
  };
  socket.on('presence', onPresence);

  // The centre tree: names on the board, and a village console's township (for the scope).
  if (store().centres === null) {
    api<unknown>('/api/centres', { token }).then(
      (body) => {
        const parsed = Centre.array().safeParse(body);
        if (parsed.success && !stopped && store().centres === null) store().setCentres(parsed.data);
      },
      () => undefined,
    );
  }

  return () => {
    stopped = true;
    for (const off of offs) off();
    socket.off('presence', onPresence);
    store().clearWartime();
  };
}
