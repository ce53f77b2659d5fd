import type { AckAlert, Alert, RaiseAlert, RecipientStatus } from './alerts.ts';
import type { ApiError, Reply } from './errors.ts';
import type { Envelope, Received, SyncReply, SyncRequest } from './stream.ts';
import type { WartimeClientToServer, WartimeServerToClient } from './wartimeSocket.ts';
import type { Camera, CameraHealthEvent, DeletePreset, PlayGrant, PlayRequest, SavePreset, WallOp, WallPreset, WallState, WallSync, WallSyncRequest } from './video.ts';

/** Socket.IO event map shared by the server, the renderer, tests and benchmarks. Payloads are validated by their zod schema on the server. */
export interface ServerToClientEvents extends WartimeServerToClient {
  stream: (envelope: Envelope) => void;
  /** Sent just before the server closes the socket because its session ended (logout, disabled, reset, expired). */
  'session:ended': (reason: ApiError) => void;
  /** Video wall (latest state wins; not part of the durable stream — see app/realtime/videoEvents.ts). */
  wall: (wall: WallState) => void;
  'wall:presets': (presets: WallPreset[]) => void;
  camera: (camera: Camera) => void;
  'camera:removed': (ev: { id: number }) => void;
  'camera:health': (ev: CameraHealthEvent) => void;
}

export interface ClientToServerEvents extends WartimeClientToServer {
  sync: (req: SyncRequest, reply: (r: Reply<SyncReply>) => void) => void;
  received: (req: Received) => void;
  'alert:raise': (req: RaiseAlert, reply: (r: Reply<{ alert: Alert }>) => void) => void;
  'alert:ack': (req: AckAlert, reply: (r: Reply<{ recipient: RecipientStatus }>) => void) => void;
  /** Video wall: call on every (re)connect; joins the wall and camera rooms and returns the current state. */
  'wall:sync': (req: WallSyncRequest, reply: (r: Reply<WallSync>) => void) => void;
  'wall:op': (req: WallOp, reply: (r: Reply<{ wall: WallState }>) => void) => void;
  'wall:preset:save': (req: SavePreset, reply: (r: Reply<{ preset: WallPreset }>) => void) => void;
  'wall:preset:delete': (req: DeletePreset, reply: (r: Reply<null>) => void) => void;
  /** A signed, short-lived play URL; starts the camera's pull on demand. */
  'video:play': (req: PlayRequest, reply: (r: Reply<PlayGrant>) => void) => void;
}

/** Handshake: `io(url, { auth: { token } })`. A rejected handshake's error `data` is an ApiError. */
export interface HandshakeAuth {
  token: string;
}
