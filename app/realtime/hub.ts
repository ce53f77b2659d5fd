import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import {
  AckAlert, apiError, RaiseAlert, Received, SyncRequest,
  type ApiError, type ClientToServerEvents, type ErrorCode, type Reply, type ServerToClientEvents, type SessionUser,
} from '../../protocol/index.ts';
import type { Actor } from '../domain/access.ts';
import type { Authenticator } from '../auth/authenticate.ts';
import type { Addressed } from '../store/outbox.ts';
import type { AlertDesk } from '../workflow/alerts.ts';
import { validate } from '../validation.ts';

interface SocketData { user: SessionUser; expiresAt: number }
type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type HubServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const centreRoom = (centreId: number) => `centre:${centreId}`;

const fail = (code: ErrorCode, details?: Record<string, string>): { ok: false; error: ApiError } => ({ ok: false, error: apiError(code, details) });

export interface HubDeps {
  authenticate: Authenticator;
  desk: AlertDesk;
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
    socket.data.user = auth.user;
    socket.data.expiresAt = auth.expiresAt;
    next();
  });

  io.on('connection', (socket: HubSocket) => {
    const actor = (): Actor => {
      const u = socket.data.user;
      return { id: u.id, role: u.role, centreId: u.centreId, centreLevel: u.centreLevel };
    };

    /** Registers a handler that validates its payload, checks the session is still alive, and never throws. */
    function handle<S extends z.ZodType, T>(event: keyof ClientToServerEvents, schema: S, run: (data: z.output<S>, now: number) => Reply<T>) {
      socket.on(event, ((payload: unknown, reply: unknown) => {
        const respond = typeof reply === 'function' ? (reply as (r: Reply<T>) => void) : () => {};
        try {
          const now = deps.clock();
          if (socket.data.expiresAt <= now) {
            respond(fail('AUTH_TOKEN_EXPIRED'));
            socket.disconnect(true);
            return;
          }
          const input = validate(schema, payload);
          respond(input.ok ? run(input.data, now) : input);
        } catch (err) {
          deps.log(`socket ${event} failed`, err);
          respond(fail('INTERNAL'));
        }
      }) as never);
    }

    handle('sync', SyncRequest, (req) => {
      const centreId = socket.data.user.centreId;
      const { reply, replay } = deps.desk.sync(centreId, req.lastSeq);
      // Join and replay in the same tick: nothing published later can overtake the replay.
      void socket.join(centreRoom(centreId));
      for (const envelope of replay) socket.emit('stream', envelope);
      return { ok: true, data: reply };
    });

    handle('received', Received, (req, now) => {
      publish(deps.desk.receive(socket.data.user.centreId, req.upTo, now));
      return { ok: true, data: null };
    });

    handle('alert:raise', RaiseAlert, (req, now) => {
      const result = deps.desk.raise(actor(), req, now);
      if (!result.ok) return fail(result.code);
      publish(result.out);
      return { ok: true, data: result.value };
    });

    handle('alert:ack', AckAlert, (req, now) => {
      const result = deps.desk.acknowledge(actor(), req.alertId, now);
      if (!result.ok) return fail(result.code);
      publish(result.out);
      return { ok: true, data: result.value };
    });
  });

  return { io, publish };
}
export type Hub = ReturnType<typeof createHub>;
