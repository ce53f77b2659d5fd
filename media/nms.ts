// Hosts node-media-server (v4) inside the centre process: RTMP ingest and WS-FLV playback with its GOP cache.
//
// NMS keeps its state in a module-level singleton (one server per process) and, when a listener fails, calls
// process.exit. It also treats port 0 as "disabled". So we construct it with placeholder ports and open its two
// listeners ourselves on OS-chosen (or configured) ports, with our own error handling. The version is pinned exactly in
// package.json because this touches its internals; tests/integration/video.test.ts covers it.
import { createRequire } from 'node:module';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';

const require = createRequire(import.meta.url);

interface NmsInternals {
  httpServer: { httpServer?: HttpServer; wsServer?: { close(): void; clients: Set<{ close(): void; terminate(): void }> } };
  rtmpServer: { tcpServer?: NetServer; stop(): void };
  notifyServer: { run(): void; stop(): void };
  on(event: string, listener: (session: { streamPath?: string; ip?: string }) => void): void;
  stop(): Promise<void>;
}
type NmsCtor = new (config: Record<string, unknown>, configPath?: string) => NmsInternals;
interface NmsLogger { level: string; log(message: string, level?: string): void }
interface NmsContext { sessions: Map<number, unknown>; broadcasts: Map<string, { getPublishStatus(): string; subscribers: Map<unknown, unknown> }> }

export interface NmsHost {
  host: string;
  rtmpPort: number;
  httpPort: number;
  /** rtmp://host:port — append `/<app>/<name>`. */
  rtmpBase: string;
  /** True while someone publishes `/<app>/<name>` (not counting NMS's reconnect grace). */
  isPublishing(app: string, name: string): boolean;
  close(): Promise<void>;
}

let running = false;

/** NMS keeps its state in module globals: one per process. */
export const nmsRunning = () => running;

export async function startNms(opts: { host: string; rtmpPort: number; httpPort: number; log: (msg: string) => void }): Promise<NmsHost> {
  if (running) throw new Error('node-media-server is already running in this process (it is a per-process singleton)');
  const NodeMediaServer = require('node-media-server') as NmsCtor;
  const logger = require('node-media-server/src/core/logger.js') as NmsLogger;
  const context = require('node-media-server/src/core/context.js') as NmsContext;

  // Its logger prints every session at debug level to stdout (and the constructor sets "debug"): keep warnings and errors, through our log.
  logger.log = (message: string, level = 'info') => {
    if (level === 'warn' || level === 'error') opts.log(`[nms] ${message}`);
  };

  // Placeholders (non-zero, never listened on): NMS only creates a listener when its port is truthy.
  const nms = new NodeMediaServer({
    bind: opts.host,
    rtmp: { port: 1 },
    http: { port: 1 },
    webadmin: { enable: false },
    record: { auto: false },
    notify: { url: '' },
  });
  const http = nms.httpServer.httpServer;
  const rtmp = nms.rtmpServer.tcpServer;
  if (!http || !rtmp) throw new Error('node-media-server did not create its listeners');
  // NMS's own 'error' listeners call process.exit(1): replace them.
  http.removeAllListeners('error');
  rtmp.removeAllListeners('error');
  const listen = (server: NetServer | HttpServer, port: number) =>
    new Promise<number>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      server.once('error', onError);
      server.listen(port, opts.host, () => {
        server.off('error', onError);
        server.on('error', (err: Error) => opts.log(`[nms] listener error: ${err.message}`));
        resolve((server.address() as AddressInfo).port);
      });
    });
  running = true;
  let httpPort: number;
  let rtmpPort: number;
  try {
    httpPort = await listen(http, opts.httpPort);
    rtmpPort = await listen(rtmp, opts.rtmpPort);
  } catch (err) {
    running = false;
    await nms.stop().catch(() => {});
    throw err;
  }
  // Nagle's algorithm costs ~40 ms per RTMP handshake round trip and delays the tail of every frame: off.
  rtmp.on('connection', (socket: import('node:net').Socket) => socket.setNoDelay(true));
  http.on('connection', (socket: import('node:net').Socket) => socket.setNoDelay(true));
  nms.notifyServer.run();
  // Not started on purpose: NMS's store, relay, record and history servers (persisted JSON) — we pull with our own
  // supervised ffmpeg and keep state in SQLite.

  const hostPart = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  let closed = false;
  return {
    host: opts.host,
    rtmpPort,
    httpPort,
    rtmpBase: `rtmp://${hostPart}:${rtmpPort}`,
    isPublishing(app, name) {
      return context.broadcasts.get(`/${app}/${name}`)?.getPublishStatus() === 'publishing';
    },
    async close() {
      if (closed) return;
      closed = true;
      // NMS closes its WebSocket viewers politely and then waits for their close frames: cut them instead.
      for (const ws of nms.httpServer.wsServer?.clients ?? []) ws.terminate();
      await nms.stop().catch((err: unknown) => opts.log(`[nms] stop failed: ${String(err)}`));
      await new Promise<void>((resolve) => {
        if (!http.listening) return resolve();
        http.close(() => resolve());
        http.closeAllConnections?.();
      });
      context.sessions.clear();
      context.broadcasts.clear();
      running = false;
    },
  };
}
