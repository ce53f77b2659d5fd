// The consoles of bench/wartime.ts, in their own process so their work is not on the server's event loop. Each one
// behaves as a township/village console does: connect, sync, apply each envelope once, send delivery receipts, and —
// standing in for the operator — sign (签收) every order addressed to it as soon as it arrives.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, Envelope, ServerToClientEvents } from '../../protocol/index.ts';
import { wallNow } from './util.ts';

type ToClients = { type: 'open'; url: string; tokens: string[] } | { type: 'exit' };
export type FromClients =
  | { type: 'opened'; ok: number; failed: number; ms: number; firstError?: string }
  | { type: 'order'; orderId: number; receivedAt: number; centreId: number }
  | { type: 'signed'; orderId: number; at: number; ok: boolean; code?: string }
  | { type: 'stats'; duplicates: number };

const send = (m: FromClients) => process.send?.(m);
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
let duplicates = 0;

async function openOne(url: string, token: string): Promise<void> {
  const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(s);
  let lastSeq: number | null = null;
  let receiptQueued = false;
  const seen = new Set<number>();
  s.on('stream', (env: Envelope) => {
    if (lastSeq !== null && env.seq <= lastSeq) return;
    lastSeq = env.seq;
    if (!receiptQueued) {
      receiptQueued = true;
      queueMicrotask(() => {
        receiptQueued = false;
        if (lastSeq !== null) s.emit('received', { upTo: lastSeq });
      });
    }
    const ev = env.event;
    if (ev.kind !== 'order.new') return;
    const receivedAt = wallNow();
    if (seen.has(ev.order.id)) {
      duplicates++;
      return;
    }
    seen.add(ev.order.id);
    const mine = ev.order.recipients[0];
    send({ type: 'order', orderId: ev.order.id, receivedAt, centreId: mine?.centreId ?? 0 });
    s.emit('order:sign', { orderId: ev.order.id }, (r) => send({ type: 'signed', orderId: ev.order.id, at: wallNow(), ok: r.ok, ...(r.ok ? {} : { code: r.error.code }) }));
  });
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  await new Promise<void>((resolve, reject) =>
    s.emit('sync', { lastSeq: null, epoch: null }, (r) => {
      if (!r.ok) return reject(new Error(r.error.code));
      lastSeq = r.data.headSeq;
      resolve();
    }),
  );
}

process.on('message', (raw) => {
  const m = raw as ToClients;
  if (m.type === 'exit') {
    send({ type: 'stats', duplicates });
    for (const s of sockets) s.disconnect();
    setTimeout(() => process.exit(0), 50);
    return;
  }
  const started = wallNow();
  void Promise.allSettled(m.tokens.map((t) => openOne(m.url, t))).then((results) => {
    const failed = results.filter((r) => r.status === 'rejected');
    send({
      type: 'opened', ok: results.length - failed.length, failed: failed.length, ms: wallNow() - started,
      ...(failed[0] ? { firstError: String((failed[0] as PromiseRejectedResult).reason) } : {}),
    });
  });
});
