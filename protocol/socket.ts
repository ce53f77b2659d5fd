import type { AckAlert, Alert, RaiseAlert, RecipientStatus } from './alerts.ts';
import type { Reply } from './errors.ts';
import type { Envelope, Received, SyncReply, SyncRequest } from './stream.ts';

/** Socket.IO event map shared by the server, the renderer, tests and benchmarks. Payloads are validated by their zod schema on the server. */
export interface ServerToClientEvents {
  stream: (envelope: Envelope) => void;
}

export interface ClientToServerEvents {
  sync: (req: SyncRequest, reply: (r: Reply<SyncReply>) => void) => void;
  received: (req: Received) => void;
  'alert:raise': (req: RaiseAlert, reply: (r: Reply<{ alert: Alert }>) => void) => void;
  'alert:ack': (req: AckAlert, reply: (r: Reply<{ recipient: RecipientStatus }>) => void) => void;
}

/** Handshake: `io(url, { auth: { token } })`. A rejected handshake's error `data` is an ApiError. */
export interface HandshakeAuth {
  token: string;
}
