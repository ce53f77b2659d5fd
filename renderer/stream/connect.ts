// Wires the socket to the stream core: the sync handshake on every (re)connect, applying `stream` envelopes once and in
// order, gaps, the persisted cursor and delivery receipts. The rules live in cursor.ts (pure); what an event means is the
// features' business (bus.ts).
import { Envelope, SyncReply, type ApiError } from '../../protocol/index.ts';
import { isAuthFailure, request, type AppSocket } from '../net/socket.ts';
import { useStore } from '../store.ts';
import { dispatchEvents, dispatchLive, dispatchSnapshot } from './bus.ts';
import { resolveSync, take, type Cursor } from './cursor.ts';
import { loadCursor, saveCursor } from './persist.ts';

export interface StreamOptions {
  socket: AppSocket;
  /** Server origin, part of the persistence key. */
  origin: string;
  centreId: number;
  /** Operator consoles confirm delivery (`received`); others (the admin's) only read. */
  confirmsDelivery: boolean;
  onAuthFailure(e: ApiError): void;
}

const SYNC_TIMEOUT_MS = 15_000;
const SYNC_RETRY_MS = 2_000;

export function attachStream(opts: StreamOptions): () => void {
  const { socket, origin, centreId } = opts;
  const store = useStore.getState;
  /** The persisted cursor: where this console was when it last ran. Envelopes after it are news on the first sync. */
  const persisted = loadCursor(origin, centreId);
  store().setCursor(persisted);
  /** False until the first snapshot: a page load holds no feature state and asks for it. */
  let hasState = false;

  /** True between sending `sync` and handling its reply: envelopes are buffered, then resolved with the reply. */
  let syncing = false;
  let buffer: Envelope[] = [];
  /** Bumped on every sync start and disconnect, so a late reply to an older sync is ignored. */
  let syncGen = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let flushQueued = false;
  /** Highest seq confirmed with `received` on this connection. */
  let receiptSent = 0;
  let stopped = false;

  const setCursor = (c: Cursor) => {
    if (c !== store().cursor) store().setCursor(c);
  };

  const flush = (): void => {
    flushQueued = false;
    if (stopped) return;
    const { cursor } = store();
    // Persist before the receipt: once the server hears "received", a reload must not show the envelope as new again.
    saveCursor(origin, centreId, cursor);
    if (opts.confirmsDelivery && cursor.lastSeq !== null && cursor.lastSeq > receiptSent && socket.connected && !syncing) {
      socket.emit('received', { upTo: cursor.lastSeq });
      receiptSent = cursor.lastSeq;
    }
  };
  /** Coalesce a burst of envelopes into one write and one receipt for the latest seq. */
  const scheduleFlush = (): void => {
    if (flushQueued) return;
    flushQueued = true;
    queueMicrotask(flush);
  };

  const retryLater = (gen: number) => {
    retryTimer = setTimeout(() => {
      if (socket.connected && gen === syncGen) startSync();
    }, SYNC_RETRY_MS);
  };

  const startSync = (): void => {
    clearTimeout(retryTimer);
    syncing = true;
    buffer = [];
    const gen = ++syncGen;
    const { lastSeq, epoch } = store().cursor;
    const sentAt = Date.now();
    store().setConn('connecting');
    void request(socket, 'sync', { lastSeq, epoch, snapshot: !hasState }, SYNC_TIMEOUT_MS).then((reply) => {
      if (stopped || gen !== syncGen) return;
      if (!reply.ok) {
        if (isAuthFailure(reply.error)) {
          opts.onAuthFailure(reply.error);
          return;
        }
        console.warn('[stream] sync failed', reply.error);
        retryLater(gen);
        return;
      }
      const parsed = SyncReply.safeParse(reply.data);
      if (!parsed.success) {
        console.error('[stream] malformed sync reply', parsed.error);
        retryLater(gen);
        return;
      }
      const buffered = buffer;
      buffer = [];
      const out = resolveSync(store().cursor, parsed.data, buffered);
      syncing = false;
      dispatchLive(parsed.data.live, (sentAt + Date.now()) / 2);
      if (out.snapshot) {
        dispatchSnapshot(out.snapshot);
        hasState = true;
      }
      if (out.news.length) dispatchEvents(out.news.map((e) => e.event), { newsOnly: true });
      setCursor(out.cursor);
      dispatchEvents(out.apply.map((e) => e.event));
      receiptSent = 0; // tell this connection how far we are, even if nothing new was applied
      flush();
      store().setConn('connected');
    });
  };

  const onStream = (raw: Envelope): void => {
    const parsed = Envelope.safeParse(raw);
    if (!parsed.success) {
      console.error('[stream] malformed envelope dropped', raw, parsed.error);
      return;
    }
    if (syncing) {
      buffer.push(parsed.data);
      return;
    }
    const r = take(store().cursor, [parsed.data]);
    setCursor(r.cursor);
    dispatchEvents(r.apply.map((e) => e.event));
    if (r.apply.length) scheduleFlush();
    if (r.gap) {
      console.warn('[stream] gap after seq', r.cursor.lastSeq, '- resyncing');
      startSync(); // the missing envelopes and this one are replayed
    }
  };

  const onDisconnect = (reason: string): void => {
    syncGen++;
    syncing = false;
    buffer = [];
    clearTimeout(retryTimer);
    if (stopped || reason === 'io client disconnect') return;
    store().setConn('disconnected');
    // socket.io does not reconnect by itself after a server-side disconnect; the handshake decides if we may come back.
    if (reason === 'io server disconnect') socket.connect();
  };

  const onConnectError = (err: Error): void => {
    const e = (err as Error & { data?: unknown }).data as ApiError | undefined;
    if (e && isAuthFailure(e)) {
      opts.onAuthFailure(e);
      return;
    }
    store().setConn('disconnected', store().reconnectAttempt);
    // A handshake refused by the server (not a transport error) is not retried by socket.io: retry ourselves.
    if (!socket.active && !stopped) retryTimer = setTimeout(() => !stopped && socket.connect(), 3_000);
  };

  const onReconnectAttempt = (n: number): void => {
    store().setConn('disconnected', n);
  };

  socket.on('connect', startSync);
  socket.on('stream', onStream);
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onConnectError);
  socket.io.on('reconnect_attempt', onReconnectAttempt);
  if (socket.connected) startSync();

  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    socket.off('connect', startSync);
    socket.off('stream', onStream);
    socket.off('disconnect', onDisconnect);
    socket.off('connect_error', onConnectError);
    socket.io.off('reconnect_attempt', onReconnectAttempt);
    saveCursor(origin, centreId, store().cursor);
  };
}
