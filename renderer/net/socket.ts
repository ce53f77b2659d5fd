// Thin typed socket.io client: one connection per logged-in console, same origin, default path.
import { io, type Socket } from 'socket.io-client';
import type { ApiError, ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '../../protocol/index.ts';
import { toApiError } from './http.ts';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function openSocket(token: string): AppSocket {
  const auth: HandshakeAuth = { token };
  return io({
    auth,
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    randomizationFactor: 0.5,
  });
}

/** A rejected handshake carries an ApiError in `err.data`. */
export function handshakeError(err: Error): ApiError | null {
  return toApiError((err as Error & { data?: unknown }).data);
}

export function isAuthFailure(e: ApiError | null): boolean {
  return e?.code === 'AUTH_TOKEN_EXPIRED' || e?.code === 'AUTH_TOKEN_INVALID' || e?.code === 'AUTH_REQUIRED';
}

const TIMEOUT: ApiError = {
  code: 'INTERNAL',
  message: '服务器无响应，请稍后重试',
  messageEn: 'The server did not answer; try again',
};

const OFFLINE: ApiError = {
  code: 'INTERNAL',
  message: '未连接服务器，请稍后重试',
  messageEn: 'Not connected to the server; try again',
};

/** Events that take a payload and an ack callback answering with a Reply. */
type RequestEvents = {
  [E in keyof ClientToServerEvents]: Parameters<ClientToServerEvents[E]> extends [unknown, (r: never) => void] ? E : never;
}[keyof ClientToServerEvents];

type ReplyOf<E extends RequestEvents> = Parameters<ClientToServerEvents[E]>[1] extends (r: infer R) => void ? R : never;

/** Emit a request with an ack callback; resolves with the server's Reply (a timeout or no connection becomes an error Reply). */
export function request<E extends RequestEvents>(
  socket: AppSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
  timeoutMs = 10_000,
): Promise<ReplyOf<E>> {
  if (!socket.connected) return Promise.resolve({ ok: false, error: OFFLINE } as ReplyOf<E>);
  return new Promise((resolve) => {
    // socket.io's typed emit cannot follow a generic event name; the event map above keeps callers honest.
    const timed = socket.timeout(timeoutMs) as unknown as {
      emit(ev: string, p: unknown, cb: (err: Error | null, r: ReplyOf<E>) => void): void;
    };
    timed.emit(event, payload, (err, r) => {
      resolve(err ? ({ ok: false, error: TIMEOUT } as ReplyOf<E>) : r);
    });
  });
}
