// Wires wartime into the live connection: forwarded stream events into the slice, presence (county), and the
// `wartime:state` snapshot after every sync (the alert core's SyncReply carries alerts only; a console asks for the
// wartime state each time it is caught up, so a reload or a fresh console starts in the right mode with its orders).
import { Centre, WartimeSnapshot, Presence, type SessionUser, type StreamEvent } from '../../protocol/index.ts';
import { playAlertTone } from '../alerts/sound.ts';
import { api } from '../net/http.ts';
import { request, type AppSocket } from '../net/socket.ts';
import { onStreamEvent } from '../net/streamBus.ts';
import { useStore } from '../store.ts';

const KINDS = ['wartime.state', 'order.new', 'order.resent', 'order.status', 'daily.report', 'daily.chase', 'daily.analysis', 'risk.upsert'] as const;
const RETRY_MS = 2_000;

export function attachWartime(socket: AppSocket, user: SessionUser, token: string): () => void {
  const store = useStore.getState;
  const audible = user.centreLevel !== 'county';
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let gen = 0;

  const onEvent = (ev: StreamEvent) => {
    const cue = store().applyWartimeEvent(ev, user.centreId);
    if (!cue || !audible) return;
    if (cue.kind === 'order') playAlertTone('new');
    else if (cue.kind === 'resent' || cue.kind === 'chase') playAlertTone('reminder');
  };
  const offs = KINDS.map((kind) => onStreamEvent(kind, onEvent));

  const onPresence = (raw: unknown) => {
    const p = Presence.safeParse(raw);
    if (p.success) store().applyPresence(p.data);
  };
  socket.on('presence', onPresence);

  const refresh = async (): Promise<void> => {
    clearTimeout(retry);
    const mine = ++gen;
    const reply = await request(socket, 'wartime:state', {});
    if (stopped || mine !== gen) return;
    const parsed = reply.ok ? WartimeSnapshot.safeParse(reply.data) : null;
    if (parsed?.success) {
      store().applyWartimeSnapshot(parsed.data);
      return;
    }
    console.warn('[wartime] state request failed', reply.ok ? parsed?.error : reply.error);
    retry = setTimeout(() => {
      if (!stopped && store().conn === 'connected') void refresh();
    }, RETRY_MS);
  };

  // Every time the stream is caught up (first connect, reconnect, re-sync after a gap) the snapshot is asked for again.
  const unsubscribe = useStore.subscribe((s, prev) => {
    if (s.conn === 'connected' && prev.conn !== 'connected') void refresh();
  });
  if (store().conn === 'connected') void refresh();

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
    clearTimeout(retry);
    for (const off of offs) off();
    socket.off('presence', onPresence);
    unsubscribe();
    store().clearWartime();
  };
}
