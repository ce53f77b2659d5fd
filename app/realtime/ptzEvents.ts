// Pushes a dome camera's control hold to every console that sees the camera (the wall's camera rooms): others see
// who holds it, and the holder sees a takeover at once.
import type { PtzHold } from '../../protocol/index.ts';
import type { FeatureSockets, HubServer } from './hub.ts';
import { ALL_CAMERAS_ROOM, townshipCamerasRoom } from './videoEvents.ts';

export function createPtzPush() {
  let io: HubServer | null = null;
  const sockets: FeatureSockets = (_on, _publish, hubIo) => {
    io = hubIo;
  };
  const emit = (townshipId: number, cameraId: number, hold: PtzHold | null) => {
    io?.to([ALL_CAMERAS_ROOM, townshipCamerasRoom(townshipId)]).emit('ptz:hold', { cameraId, hold });
  };
  return { sockets, emit };
}
