import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
  apiError, SOCKET_NOTICES, SOCKET_REQUESTS,
  type ApiError, type ClientToServerEvents, type ErrorCode, type NoticeEvent, type ReplyData, type Reply, type RequestData, type RequestEvent,
  type ServerToClientEvents, type SessionUser, type Envelope,
} from '../../protocol/index.ts';
import type { z } from 'zod';
import type { Actor } from '../domain/access.ts';
import type { Authenticator } from '../auth/authenticate.ts';
import type { Addressed } from '../store/outbox.ts';
import { validate } from '../validation.ts';
import { tokenDigest } from '../store/sessions.ts';

/** user and tokenHash let sessionEnd.ts find the sockets of a user or a token when that session ends. */
interface SocketData { user: SessionUser; expiresAt: number; tokenHash: string }
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
  /** Sends envelopes of the durable stream to this socket only (a replay). */
  send: (envelopes: readonly Envelope[]) => void;
  /** This socket's id (a feature's per-socket state, e.g. the media sessions of a meeting). */
  socketId: string;
  /** Runs once when this socket disconnects (a feature frees what the socket held). */
  onDisconnect: (fn: () => void) => void;
}

/**
 * Registers the handler of one request event. The payload schema comes from protocol/socket.ts's map, and the
 * handler's reply must be that event's reply type: a mismatch fails to compile.
 */
export type Handle = <E extends RequestEvent>(event: E, run: (data: RequestData<E>, now: number, caller: Caller) => Reply<ReplyData<E>> | Promise<Reply<ReplyData<E>>>) => void;
/** Registers the handler of a request without a reply (a notice, e.g. `received`). */
export type HandleNotice = <E extends NoticeEvent>(event: E, run: (data: z.output<(typeof SOCKET_NOTICES)[E]>, now: number, caller: Caller) => void) => void;

/** A feature's socket side: the events it serves. `publish` pushes envelopes that were already committed. */
export interface FeatureSockets {
  (on: { handle: Handle; notice: HandleNotice }, publish: (out: Addressed[]) => void, io: HubServer): void;
}

export interface HubDeps {
  authenticate: Authenticator;
  features: FeatureSockets[];
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
    socket.data.tokenHash = tokenDigest(socket.handshake.auth?.token as string);
    next();
  });

  io.on('connection', (socket: HubSocket) => {
    const u = socket.data.user;
    const caller: Caller = {
      user: u,
      actor: { id: u.id, role: u.role, centreId: u.centreId, centreLevel: u.centreLevel },
      join: (room) => void socket.join(room),
      send: (envelopes) => {
        for (const envelope of envelopes) socket.emit('stream', envelope);
      },
      socketId: socket.id,
      onDisconnect: (fn) => void socket.once('disconnect', fn),
    };

    /** Runs one inbound message: session still valid, payload valid, handler never throws to socket.io. */
    const serve = (event: string, schema: z.ZodType, payload: unknown, respond: (r: Reply<unknown>) => void, run: (data: unknown, now: number) => Reply<unknown> | Promise<Reply<unknown>> | void) => {
      try {
        const now = deps.clock();
        if (socket.data.expiresAt <= now) {
          respond(fail('AUTH_TOKEN_EXPIRED'));
          socket.disconnect(true);
          return;
        }
        const input = validate(schema, payload);
        if (!input.ok) return respond(input);
        const r = run(input.data, now);
        // A handler that waits on another service (the meeting's Janus) answers when that does, never with a throw.
        if (r instanceof Promise) {
          r.then(respond, (err: unknown) => {
            deps.log(`socket ${event} failed`, err);
            respond(fail('INTERNAL'));
          });
        } else if (r) respond(r);
      } catch (err) {
        deps.log(`socket ${event} failed`, err);
        respond(fail('INTERNAL'));
      }
    };

    const handle: Handle = (event, run) => {
      const schema = SOCKET_REQUESTS[event].request;
      socket.on(event, ((payload: unknown, reply: unknown) => {
        const respond = typeof reply === 'function' ? (reply as (r: Reply<unknown>) => void) : () => {};
        serve(event, schema, payload, respond, (data, now) => run(data as never, now, caller));
      }) as never);
    };
    const notice: HandleNotice = (event, run) => {
      const schema = SOCKET_NOTICES[event];
      socket.on(event, ((payload: unknown) => {
        serve(event, schema, payload, () => {}, (data, now) => run(data as never, now, caller));
      }) as never);
    };

    for (const feature of deps.features) feature({ handle, notice }, publish, io);
  });

  return { io, publish };
}
export type Hub = ReturnType<typeof createHub>;
