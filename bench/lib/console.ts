// A console as the renderer runs it, stripped to the delivery protocol: connect with a token, `sync` with lastSeq,
// apply every `stream` envelope once (seq > lastSeq), and send coalesced `received` receipts.
// Used for the township fleets, the county raiser, and (against the raw server) the baseline clients.
import { io, type Socket } from 'socket.io-client';
import type { Alert, ClientToServerEvents, Envelope, RaiseAlert, Reply, ServerToClientEvents, SyncReply } from '../../protocol/index.ts';
import { wallNow } from './util.ts';

export type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const REQUEST_TIMEOUT_MS = 30_000;

export class DurableConsole {
  socket: ConsoleSocket | null = null;
  lastSeq: number | null = null;
  /** The stream epoch lastSeq belongs to (from the last sync reply). */
  epoch: string | null = null;
  /** Ids of alerts shown (applied alert.new, or in a snapshot). */
  readonly shown = new Set<number>();
  /** alert.new for an alert already shown (must stay 0). */
  duplicates = 0;
  /** Envelopes with seq <= lastSeq, dropped as the protocol says (allowed, but counted). */
  redelivered = 0;
  /** Envelopes whose seq skipped ahead of lastSeq + 1. */
  gaps = 0;
  /** Called with the receive time (wallNow, taken first thing in the handler) of every newly shown alert. */
  onAlertNew: ((alert: Alert, at: number) => void) | null = null;
  /** Diagnostic switch: false stops `received` receipts (which the protocol requires). */
  sendReceipts = true;

  private syncing = false;
  private buffer: { env: Envelope; at: number }[] = [];
  private receiptQueued = false;
  private receiptSent = 0;

  constructor(readonly token: string) {}

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  /** Opens a fresh connection to url and syncs from lastSeq. Rejects if the handshake or the sync fails. */
  async connect(url: string): Promise<SyncReply> {
    this.close();
    const socket: ConsoleSocket = io(url, { auth: { token: this.token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 20_000 });
    this.socket = socket;
    socket.on('stream', (env) => {
      const at = wallNow();
      if (this.syncing) this.buffer.push({ env, at });
      else this.apply(env, at);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err) => reject(err));
    });
    return this.sync();
  }

  /** The sync handshake: replayed envelopes arrive before the reply and are buffered until it is handled. */
  private async sync(): Promise<SyncReply> {
    const socket = this.socket as ConsoleSocket;
    this.syncing = true;
    this.buffer = [];
    let reply: Reply<SyncReply>;
    try {
      reply = await socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('sync', { lastSeq: this.lastSeq, epoch: this.epoch });
    } finally {
      this.syncing = false;
    }
    if (!reply.ok) throw new Error(`sync: ${reply.error.code}`);
    const { snapshot, headSeq, epoch } = reply.data;
    this.epoch = epoch;
    if (snapshot) {
      for (const a of snapshot.alerts) this.shown.add(a.id);
      this.lastSeq = headSeq;
    }
    const buffered = this.buffer;
    this.buffer = [];
    for (const { env, at } of buffered) this.apply(env, at);
    this.receiptSent = 0; // tell this connection how far we are
    this.scheduleReceipt();
    return reply.data;
  }

  private apply(env: Envelope, at: number): void {
    if (this.lastSeq !== null && env.seq <= this.lastSeq) {
      this.redelivered++;
      return;
    }
    if (this.lastSeq !== null && env.seq !== this.lastSeq + 1) this.gaps++;
    this.lastSeq = env.seq;
    if (env.event.kind === 'alert.new') {
      const id = env.event.alert.id;
      if (this.shown.has(id)) this.duplicates++;
      else {
        this.shown.add(id);
        this.onAlertNew?.(env.event.alert, at);
      }
    }
    this.scheduleReceipt();
  }

  /** Like the renderer: one receipt for a burst of envelopes, for the newest seq. */
  private scheduleReceipt(): void {
    if (this.receiptQueued) return;
    this.receiptQueued = true;
    queueMicrotask(() => {
      this.receiptQueued = false;
      const socket = this.socket;
      if (!this.sendReceipts || !socket?.connected || this.syncing || this.lastSeq === null || this.lastSeq <= this.receiptSent || this.lastSeq === 0) return;
      socket.emit('received', { upTo: this.lastSeq });
      this.receiptSent = this.lastSeq;
    });
  }

  /** Raises an alert (county users); resolves with the server's reply. */
  raise(req: RaiseAlert): Promise<Reply<{ alert: Alert }>> {
    if (!this.socket) throw new Error('not connected');
    return this.socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('alert:raise', req);
  }

  /** Drops the connection but keeps lastSeq and what was shown, as a console does across a reconnect. */
  close(): void {
    const socket = this.socket;
    if (!socket) return;
    this.socket = null;
    this.syncing = false;
    this.buffer = [];
    socket.off();
    socket.disconnect();
  }
}
