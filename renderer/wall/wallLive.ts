// Plugs the video wall into the stream core: its state comes with every sync (latest wins, nothing to replay), then the
// pushes — wall, presets, cameras and their health.
import { Camera, CameraHealthEvent, WallPreset, WallState, type SessionUser } from '../../protocol/index.ts';
import { z } from 'zod';
import type { AppSocket } from '../net/socket.ts';
import { onLiveState } from '../stream/bus.ts';
import { useStore } from '../store.ts';

export function attachWall(socket: AppSocket, user: SessionUser): () => void {
  if (user.role === 'gridMember') return () => {};
  const store = useStore.getState;

  const offLive = onLiveState((live, receivedAt) => {
    if (live.wall) store().wallApplySync(live.wall, receivedAt);
  });

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

  socket.on('wall', onWall);
  socket.on('wall:presets', onPresets);
  socket.on('camera', onCamera);
  socket.on('camera:removed', onRemoved);
  socket.on('camera:health', onHealth);

  return () => {
    offLive();
    socket.off('wall', onWall);
    socket.off('wall:presets', onPresets);
    socket.off('camera', onCamera);
    socket.off('camera:removed', onRemoved);
    socket.off('camera:health', onHealth);
  };
}
