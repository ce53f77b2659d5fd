import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import {
  apiError, SyncRequest,
  type ApiError, type ClientToServerEvents, type ErrorCode, type Reply, type ServerToClientEvents, type SessionUser, type SyncReply, type Envelope,
} from '../../protocol/index.ts';
import type { Actor } from '../domain/access.ts';
import type { Authenticator } from '../auth/authenticate.ts';
import type { Addressed } from '../store/outbox.ts';
import { validate } from '../validation.ts';
import { tokenDigest } from '../store/sessions.ts';

/** userId and tokenHash let sessionEnd.ts find the sockets of a user or a token when that session ends. */
interface SocketData { user: SessionUser; expiresAt: number; userId: number; tokenHash: string }
type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type HubServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const centreRoom = (centreId: number) => `centre:${centreId}`;

export const fail = (code: ErrorCode, details?: Record<string, string>): { ok: false; error: ApiError } => ({ ok: false, error: apiError(code, details) });

/** What a handler knows about the socket it serves. */
export interface Caller {
  user: SessionUser;
  actor: Actor;
  /** Joins this socket to a room of the feature's own (e.g. the video wall's state broadcasts). */
  join: (room: string) => void;
}

/** Registers one validated request handler; a feature calls it once per event it serves. */
export type Handle = <S extends z.ZodType, T>(event: keyof ClientToServerEvents, schema: S, run: (data: z.output<S>, now: number, caller: Caller) => Reply<T>) => void;

/**
 * A feature plugs its socket events into the hub. `publish` pushes envelopes that were already committed; `io` is for
 * features that broadcast latest-state-wins data to their own rooms outside the durable stream (the video wall).
 */
export type Feature = (handle: Handle, publish: (out: Addressed[]) => void, io: HubServer) => void;

export interface HubDeps {
  authenticate: Authenticator;
  /** What a console needs on (re)connect: the envelopes it missed, or a snapshot if it has nothing. */
  sync: (centreId: number, lastSeq: number | null, epoch: string | null) => { reply: SyncReply; replay: Envelope[] };
  features: Feature[];
  clock: () => number;
  log: (msg: string, err?: unknown) => void;
}

/** The socket.io hub: authenticates the handshake, validates every payload, and publishes committed envelopes. */
export function createHub(http: HttpServer, deps: HubDeps) {
  const io: HubServer = new Server(http, { serveClient: false, maxHttpBufferSize: 1e6, cors: { origin: false } });

  const publish = (out: Addressed[]) => {
    for (const { centreId, envelope } of out) io.to(centreRoom(centreId)).emit('stream', envelope);
  };

  io.use((socket, next) => {
    const auth = deps.authenticate(socket.handshake.auth?.token, deps.clock());
    if (!auth.ok) {
      const err = new Error(auth.code) as Error & { data: ApiError };
      err.data = apiError(auth.code);
      return next(err);
    }
    // Until a one-time password is changed, only /api/me/password is open: no socket.
    if (auth.user.mustChangePassword) {
      const err = new Error('AUTH_PASSWORD_CHANGE_REQUIRED') as Error & { data: ApiError };
      err.data = apiError('AUTH_PASSWORD_CHANGE_REQUIRED');
      return next(err);
    }
    socket.data.user = auth.user;
    socket.data.expiresAt = auth.expiresAt;
    socket.data.userId = auth.user.id;
    socket.data.tokenHash = tokenDigest(socket.handshake.auth?.token as string);
    next();
  });

  io.on('connection', (socket: HubSocket) => {
    const u = socket.data.user;
    const caller: Caller = {
      user: u,
      actor: { id: u.id, role: u.role, centreId: u.centreId, centreLevel: u.centreLevel },
      join: (room) => void socket.join(room),
    };

    const handle: Handle = (event, schema, run) => {
      socket.on(event, ((payload: unknown, reply: unknown) => {
        const respond = typeof reply === 'function' ? (reply as (r: Reply<unknown>) => void) : () => {};
        try {
          const now = deps.clock();
          if (socket.data.expiresAt <= now) {
            respond(fail('AUTH_TOKEN_EXPIRED'));
            socket.disconnect(true);
            return;
          }
          const input = validate(schema, payload);
          respond(input.ok ? run(input.data, now, caller) : input);
        } catch (err) {
          deps.log(`socket ${event} failed`, err);
          respond(fail('INTERNAL'));
        }
      }) as never);
    };

    handle('sync', SyncRequest, (req, _now, { user }) => {
      // A grid member reports and follows their own cases over HTTP; the village's stream is not theirs to read.
      if (user.role === 'gridMember') return fail('FORBIDDEN_ROLE');
      const { reply, replay } = deps.sync(user.centreId, req.lastSeq, req.epoch);
      // Join and replay in the same tick: nothing published later can overtake the replay.
      void socket.join(centreRoom(user.centreId));
      for (const envelope of replay) socket.emit('stream', envelope);
      return { ok: true, data: reply };
    });

    for (const feature of deps.features) feature(handle, publish, io);
  });

  return { io, publish };
}
export type Hub = ReturnType<typeof createHub>;
