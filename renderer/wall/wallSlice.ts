// The wall's store slice: a cache of the server's wall, presets and cameras (with health), plus the console's own choices.
import type { StateCreator } from 'zustand';
import type { Camera, CameraHealth, Transport, WallPreset, WallState, WallSync } from '../../protocol/index.ts';
import type { AppState } from '../store.ts';
import { newerWall } from './model.ts';

const TRANSPORT_KEY = 'zz.wall.transport';

function storedTransport(): Transport | null {
  try {
    const v = localStorage.getItem(TRANSPORT_KEY);
    return v === 'flv' || v === 'hls' ? v : null;
  } catch {
    return null;
  }
}

export interface WallSlice {
  wall: WallState | null;
  wallPresets: WallPreset[];
  cameras: Record<number, Camera>;
  /** serverNow − local clock at the last sync: tours are computed on the server's clock. */
  wallClockOffset: number;
  wallDefaultTransport: Transport;
  /** The console's own choice (WS-FLV or HLS), remembered; null = the server's default. */
  wallTransportChoice: Transport | null;
  mediaAvailable: boolean;
  wallSynced: boolean;
  wallApplySync(sync: WallSync, receivedAt: number): void;
  wallApply(wall: WallState): void;
  wallApplyPresets(presets: WallPreset[]): void;
  cameraUpsert(camera: Camera): void;
  cameraRemove(id: number): void;
  cameraHealth(id: number, health: CameraHealth): void;
  setWallTransport(t: Transport | null): void;
}

export const createWallSlice: StateCreator<AppState, [], [], WallSlice> = (set, get) => ({
  wall: null,
  wallPresets: [],
  cameras: {},
  wallClockOffset: 0,
  wallDefaultTransport: 'flv',
  wallTransportChoice: storedTransport(),
  mediaAvailable: true,
  wallSynced: false,
  wallApplySync(sync, receivedAt) {
    set({
      wall: newerWall(get().wall, sync.wall) ? sync.wall : get().wall,
      wallPresets: sync.presets,
      cameras: Object.fromEntries(sync.cameras.map((c) => [c.id, c])),
      wallClockOffset: sync.serverNow - receivedAt,
      wallDefaultTransport: sync.defaultTransport,
      mediaAvailable: sync.mediaAvailable,
      wallSynced: true,
    });
  },
  wallApply(wall) {
    if (newerWall(get().wall, wall)) set({ wall });
  },
  wallApplyPresets(presets) {
    set({ wallPresets: presets });
  },
  cameraUpsert(camera) {
    set({ cameras: { ...get().cameras, [camera.id]: camera } });
  },
  cameraRemove(id) {
    const { [id]: _gone, ...rest } = get().cameras;
    set({ cameras: rest });
  },
  cameraHealth(id, health) {
    const c = get().cameras[id];
    if (c) set({ cameras: { ...get().cameras, [id]: { ...c, health } } });
  },
  setWallTransport(t) {
    try {
      if (t) localStorage.setItem(TRANSPORT_KEY, t);
      else localStorage.removeItem(TRANSPORT_KEY);
    } catch {
      /* storage unavailable */
    }
    set({ wallTransportChoice: t });
  },
});
