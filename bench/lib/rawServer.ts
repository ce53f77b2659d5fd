// The baseline: a plain socket.io server that broadcasts with io.emit — no auth, no database, no outbox.
// It speaks just enough of the console protocol (sync, received) that the very same client code runs against it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { Alert, ClientToServerEvents, Envelope, Reply, ServerToClientEvents } from '../../protocol/index.ts';

export interface RawClientEvents extends Pick<ClientToServerEvents, 'sync' | 'received'> {
  /** Broadcast this alert to everyone connected, wrapped in an envelope like the centre's. */
  'raw:raise': (alert: Alert, reply: (r: Reply<{ seq: number }>) => void) => void;
}

export async function startRawServer(host = '127.0.0.1') {
  const http = createServer();
  const io = new Server<RawClientEvents, ServerToClientEvents>(http, { serveClient: false, maxHttpBufferSize: 1e6, cors: { origin: false } });
  let seq = 0;
  let receipts = 0;
  io.on('connection', (socket) => {
    socket.on('sync', (_req, reply) => reply({ ok: true, data: { snapshot: null, live: { wall: null, presence: [] }, headSeq: seq, replayed: 0, epoch: 'raw' } }));
    socket.on('received', () => {
      receipts++;
    });
    socket.on('raw:raise', (alert, reply) => {
      const envelope: Envelope = { seq: ++seq, at: Date.now(), event: { kind: 'alert.new', alert } };
      io.emit('stream', envelope);
      reply({ ok: true, data: { seq } });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, host, resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    receipts: () => receipts,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}
