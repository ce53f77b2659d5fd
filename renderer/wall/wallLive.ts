// Wires the socket to the wall slice: `wall:sync` on every (re)connect (latest state wins, nothing to replay), then the
// pushes — wall, presets, cameras and their health.
import { Camera, CameraHealthEvent, WallPreset, WallState, WallSync, type SessionUser } from '../../protocol/index.ts';
import { z } from 'zod';
import { request, type AppSocket } from '../net/socket.ts';
import { useStore } from '../store.ts';

export function attachWall(socket: AppSocket, user: SessionUser): () => void {
  if (user.role === 'gridMember') return () => {};
  const store = useStore.getState;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const sync = (): void => {
    clearTimeout(retry);
    const sentAt = Date.now();
    void request(socket, 'wall:sync', {}).then((reply) => {
      if (stopped) return;
      const parsed = reply.ok ? WallSync.safeParse(reply.data) : null;
      if (!parsed?.success) {
        if (!reply.ok) console.warn('[wall] sync failed', reply.error);
        retry = setTimeout(() => socket.connected && sync(), 3000);
        return;
      }
      // The reply's serverNow is best compared with the middle of the round trip.
      store().wallApplySync(parsed.data, (sentAt + Date.now()) / 2);
    });
  };

  const on = <S extends z.ZodType>(schema: S, apply: (v: z.output<S>) => void) => (raw: unknown) => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) apply(parsed.data);
    else console.error('[wall] malformed push dropped', raw);
  };
  const onWall = on(WallState, (w) => store().wallApply(w));
  const onPresets = on(z.array(WallPreset), (p) => store().wallApplyPresets(p));
  const onCamera = on(Camera, (c) => store().cameraUpsert(c));
  const onRemoved = on(z.object({ id: z.number().int() }), (r) => store().cameraRemove(r.id));
  const onHealth = on(CameraHealthEvent, (e) => store().cameraHealth(e.id, e.health));

  socket.on('connect', sync);
  socket.on('wall', onWall);
  socket.on('wall:presets', onPresets);
  socket.on('camera', onCamera);
  socket.on('camera:removed', onRemoved);
  socket.on('camera:health', onHealth);
  if (socket.connected) sync();

  return () => {
    stopped = true;
    clearTimeout(retry);
    socket.off('connect', sync);
    socket.off('wall', onWall);
    socket.off('wall:presets', onPresets);
    socket.off('camera', onCamera);
    socket.off('camera:removed', onRemoved);
    socket.off('camera:health', onHealth);
  };
}
