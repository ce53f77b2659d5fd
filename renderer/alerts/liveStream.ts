// Wires the socket to the store: the sync handshake on every (re)connect, applying `stream` envelopes once,
// persisting what was applied, delivery receipts, and the sound cues. The rules themselves live in stream.ts (pure).
import { Envelope, SyncReply, type ApiError } from '../../protocol/index.ts';
import { isAuthFailure, request, type AppSocket } from '../net/socket.ts';
import { useStore } from '../store.ts';
import { loadStreamCache, saveStreamCache } from './persist.ts';
import { playAlertTone } from './sound.ts';
import { dispatchStreamEvents } from '../net/streamBus.ts';
import type { Cue } from './stream.ts';

export interface LiveStreamOptions {
  socket: AppSocket;
  /** Server origin, part of the persistence key. */
  origin: string;
  centreId: number;
  /** Township/village consoles sound a tone for new alerts and reminders. */
  audible: boolean;
  onAuthFailure(e: ApiError): void;
}

const SYNC_TIMEOUT_MS = 15_000;
const SYNC_RETRY_MS = 2_000;

export function attachLiveStream(opts: LiveStreamOptions): () => void {
  const { socket, origin, centreId } = opts;
  const store = useStore.getState;
  store().loadStream(loadStreamCache(origin, centreId));

  /** True between sending `sync` and handling its reply: envelopes are buffered, then resolved with the reply. */
  let syncing = false;
  let buffer: Envelope[] = [];
  /** Bumped on every sync start and disconnect, so a late reply to an older sync is ignored. */
  let syncGen = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let flushQueued = false;
  /** Highest seq acknowledged with `received` on this connection. */
  let receiptSent = 0;
  let stopped = false;

  const flush = (): void => {
    flushQueued = false;
    if (stopped) return;
    const { stream } = store();
    // Persist before the receipt: once the server hears "received", a reload must not show the envelope again.
    saveStreamCache(origin, centreId, stream);
    if (stream.lastSeq !== null && stream.lastSeq > receiptSent && socket.connected && !syncing) {
      socket.emit('received', { upTo: stream.lastSeq });
      receiptSent = stream.lastSeq;
    }
  };
  /** Coalesce a burst of envelopes into one write and one receipt for the latest seq. */
  const scheduleFlush = (): void => {
    if (flushQueued) return;
    flushQueued = true;
    queueMicrotask(flush);
  };

  const cue = (cues: readonly Cue[]): void => {
    if (!opts.audible || cues.length === 0) return;
    playAlertTone(cues.some((c) => c.kind === 'new') ? 'new' : 'reminder');
  };

  const startSync = (): void => {
    clearTimeout(retryTimer);
    syncing = true;
    buffer = [];
    const gen = ++syncGen;
    const { lastSeq, epoch = null } = store().stream;
    store().setConn('connecting');
    void request(socket, 'sync', { lastSeq, epoch }, SYNC_TIMEOUT_MS).then((reply) => {
      if (stopped || gen !== syncGen) return;
      if (!reply.ok) {
        if (isAuthFailure(reply.error)) {
          opts.onAuthFailure(reply.error);
          return;
        }
        console.warn('[stream] sync failed', reply.error);
        retryTimer = setTimeout(() => {
          if (socket.connected && gen === syncGen) startSync();
        }, SYNC_RETRY_MS);
        return;
      }
      const parsed = SyncReply.safeParse(reply.data);
      if (!parsed.success) {
        console.error('[stream] malformed sync reply', parsed.error);
        retryTimer = setTimeout(() => {
          if (socket.connected && gen === syncGen) startSync();
        }, SYNC_RETRY_MS);
        return;
      }
      const buffered = buffer;
      buffer = [];
      const out = store().applySync(parsed.data, buffered);
      if (out.kind === 'reset') {
        // The server's stream restarted below what we applied (its data was reset): start again from nothing.
        console.warn('[stream] server head', parsed.data.headSeq, 'is behind our lastSeq', lastSeq, '- resyncing from scratch');
        saveStreamCache(origin, centreId, out.cache);
        startSync();
        return;
      }
      syncing = false;
      dispatchStreamEvents(out.forwarded);
      receiptSent = 0; // tell this connection how far we are, even if nothing new was applied
      cue(out.cues);
      flush();
      store().setConn('connected');
    });
  };

  const onConnect = (): void => startSync();

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
    const r = store().applyLive([parsed.data]);
    dispatchStreamEvents(r.forwarded);
    cue(r.cues);
    if (r.applied.length) scheduleFlush();
    if (r.gap) {
      console.warn('[stream] gap after seq', r.cache.lastSeq, '- resyncing');
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

  socket.on('connect', onConnect);
  socket.on('stream', onStream);
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onConnectError);
  socket.io.on('reconnect_attempt', onReconnectAttempt);
  if (socket.connected) startSync();

  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    socket.off('connect', onConnect);
    socket.off('stream', onStream);
    socket.off('disconnect', onDisconnect);
    socket.off('connect_error', onConnectError);
    socket.io.off('reconnect_attempt', onReconnectAttempt);
    saveStreamCache(origin, centreId, store().stream);
  };
}
