// On-demand camera streams: one supervised ffmpeg pull per camera into node-media-server while anybody watches,
// an HLS packager per camera while anybody plays HLS, stream health, the WS-FLV proxy and snapshots.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { INGEST_HOST, type CameraHealth, type CameraReason } from '../protocol/index.ts';
import type { NmsHost } from './nms.ts';
import { Supervised, type ChildRegistry, type Tools } from './proc.ts';

export interface StreamSettings {
  /** Stop a pull this long after its last viewer left (default 30 s). */
  idleGraceMs: number;
  /** No video for this long: the source counts as offline and ffmpeg is restarted (its own timeouts do not cover every stall). */
  ioTimeoutMs: number;
  backoffMinMs: number;
  backoffMaxMs: number;
  hlsSegmentSec: number;
  hlsListSize: number;
  /** Probe cameras nobody watches, a few at a time, so the list shows online/offline. 0 = never. */
  probeEveryMs: number;
  probeBatch: number;
}

export const DEFAULT_STREAM_SETTINGS: StreamSettings = {
  idleGraceMs: 30_000,
  ioTimeoutMs: 3_000,
  backoffMinMs: 300,
  backoffMaxMs: 2_000,
  hlsSegmentSec: 1,
  hlsListSize: 4,
  probeEveryMs: 10_000,
  probeBatch: 2,
};

export type HealthListener = (cameraId: number, health: CameraHealth) => void;

interface Pull {
  id: number;
  url: string;
  proc: Supervised;
  childStartedAt: number;
  frames: number;
  lastFrameAt: number | null;
  lastDemandAt: number;
  viewers: number;
  /** Set when we killed the child for a stall, so its exit is not classified again. */
  kicked: boolean;
  hls: { proc: Supervised; lastDemandAt: number; dir: string } | null;
}

export const streamName = (cameraId: number) => `c${cameraId}`;

/**
 * Reading from our own node-media-server: its FLV header announces audio too, so ffmpeg would wait its full default
 * analyze duration (5 s) for an audio stream that never comes. 100 ms finds the video parameters.
 */
const localInput = () => ['-analyzeduration', '100000', '-probesize', '32768', '-tcp_nodelay', '1'];

export class StreamManager {
  private sources = new Map<number, string>();
  private pulls = new Map<number, Pull>();
  private health = new Map<number, CameraHealth>();
  private lastSeenReported = new Map<number, number>();
  private probed = new Map<number, number>();
  private probing = new Set<number>();
  private tick: ReturnType<typeof setInterval>;
  private probeTimer: ReturnType<typeof setInterval> | undefined;
  private listeners: HealthListener[] = [];
  private proxied = new Set<Duplex>();
  /** Cameras being recorded: their pulls run whoever watches (media/record.ts). */
  private pinned = new Set<number>();
  private closed = false;

  /** This manager's stream name of a camera in NMS (`c<id>` for the main streams; sub streams and transcodes use their own prefix). */
  private readonly name: (cameraId: number) => string;
  /** ffmpeg's video output options: copy (default), or an encoder for a transcode. */
  private readonly videoArgs: string[];

  constructor(
    private readonly deps: {
      nms: NmsHost; registry: ChildRegistry; tools: Tools; hlsRoot: string; settings: StreamSettings; clock: () => number; log: (msg: string) => void;
      prefix?: string;
      videoArgs?: string[];
      /** What a probe found the source sending (ffprobe's codec name). */
      onCodec?: (cameraId: number, codec: string) => void;
      /** Where an http://ingest.local/… source (a demo HTTP-TS source) really is. */
      resolveHttpIngest?: () => { host: string; port: number } | null;
    },
  ) {
    const prefix = deps.prefix ?? 'c';
    this.name = (id) => `${prefix}${id}`;
    this.videoArgs = deps.videoArgs ?? ['-c:v', 'copy'];
    rmSync(deps.hlsRoot, { recursive: true, force: true });
    mkdirSync(deps.hlsRoot, { recursive: true });
    this.tick = setInterval(() => this.sweep(), Math.min(500, Math.max(100, deps.settings.ioTimeoutMs / 4)));
    this.tick.unref();
    if (deps.settings.probeEveryMs > 0) {
      this.probeTimer = setInterval(() => this.probeSome(), deps.settings.probeEveryMs);
      this.probeTimer.unref();
    }
  }

  onHealth(listener: HealthListener): void {
    this.listeners.push(listener);
  }

  // ---- registry sync ----

  /** Replace the known cameras (id → source URL). Pulls of removed or changed cameras stop. */
  setSources(list: { id: number; sourceUrl: string }[], initialHealth?: Map<number, CameraHealth>): void {
    const next = new Map(list.map((c) => [c.id, c.sourceUrl]));
    for (const [id, url] of this.sources) if (next.get(id) !== url) void this.stopPull(id);
    this.sources = next;
    if (initialHealth) for (const [id, h] of initialHealth) if (!this.health.has(id)) this.health.set(id, h);
  }

  upsertSource(id: number, sourceUrl: string): void {
    if (this.sources.get(id) !== sourceUrl) void this.stopPull(id);
    this.sources.set(id, sourceUrl);
  }

  removeSource(id: number): void {
    this.sources.delete(id);
    this.health.delete(id);
    void this.stopPull(id);
  }

  // ---- demand ----

  /** Someone wants this camera (a tile asked for a play URL, an HLS request, a snapshot). False if unknown. */
  demand(id: number, kind: 'flv' | 'hls' | 'snapshot'): boolean {
    const url = this.sources.get(id);
    if (url === undefined || this.closed) return false;
    const now = this.deps.clock();
    let pull = this.pulls.get(id);
    if (!pull) pull = this.startPull(id, url);
    pull.lastDemandAt = now;
    pull.proc.hurry();
    if (kind === 'hls') {
      if (!pull.hls) pull.hls = this.startHls(id);
      pull.hls.lastDemandAt = now;
      pull.hls.proc.hurry();
    }
    return true;
  }

  /** A recording keeps its camera's pull alive (and starts it). */
  pin(id: number, on: boolean): void {
    if (on) {
      this.pinned.add(id);
      this.demand(id, 'flv');
    } else this.pinned.delete(id);
  }

  healthOf(id: number): CameraHealth {
    return this.health.get(id) ?? { status: 'unknown', reason: null, since: null, lastSeenAt: null };
  }

  /** Camera ids with a running pull (for tests and the bench). */
  activePulls(): number[] {
    return [...this.pulls.keys()];
  }

  activeHls(): number[] {
    return [...this.pulls.values()].filter((p) => p.hls).map((p) => p.id);
  }

  viewers(id: number): number {
    return this.pulls.get(id)?.viewers ?? 0;
  }

  // ---- pulls ----

  /** Input options for a camera source. Probing is kept short: with -c copy only the codec parameters are needed. */
  private inputArgs(url: string): string[] {
    const us = String(this.deps.settings.ioTimeoutMs * 1000);
    const u = new URL(url);
    if (u.protocol === 'rtsp:') return ['-analyzeduration', '500000', '-probesize', '500000', '-rtsp_transport', 'tcp', '-timeout', us, '-i', url];
    // rtmp: -rw_timeout (not -timeout, which means "listen" for rtmp); TCP_NODELAY saves ~40 ms per handshake step.
    if (u.hostname === INGEST_HOST && u.protocol === 'rtmp:') return [...localInput(), '-rw_timeout', us, '-i', `${this.deps.nms.rtmpBase}${u.pathname}`];
    if (u.protocol === 'http:' || u.protocol === 'https:') {
      // HTTP-TS / HTTP-FLV: what GB/T 28181 platforms (ZLMediaKit, WVP) proxy their devices as.
      let target = url;
      if (u.hostname === INGEST_HOST) {
        const at = this.deps.resolveHttpIngest?.();
        target = at ? `http://${at.host}:${at.port}${u.pathname}` : url;
      }
      return ['-analyzeduration', '1000000', '-probesize', '1000000', '-rw_timeout', us, '-i', target];
    }
    return ['-analyzeduration', '500000', '-probesize', '500000', '-tcp_nodelay', '1', '-rw_timeout', us, '-i', url];
  }

  private startPull(id: number, url: string): Pull {
    const s = this.deps.settings;
    const now = this.deps.clock();
    const pull: Pull = {
      id,
      url,
      proc: null as unknown as Supervised,
      childStartedAt: now,
      frames: 0,
      lastFrameAt: null,
      lastDemandAt: now,
      viewers: 0,
      kicked: false,
      hls: null,
    };
    pull.proc = new Supervised({
      registry: this.deps.registry,
      backoffMinMs: s.backoffMinMs,
      backoffMaxMs: s.backoffMaxMs,
      clock: this.deps.clock,
      spec: () => ({
        command: this.deps.tools.ffmpeg,
        args: [
          '-hide_banner', '-nostdin', '-loglevel', 'error',
          '-fflags', 'nobuffer',
          ...this.inputArgs(url),
          '-map', '0:v:0', '-an', ...this.videoArgs,
          '-f', 'flv', '-flvflags', 'no_duration_filesize',
          '-progress', 'pipe:1', '-stats_period', '0.25',
          '-tcp_nodelay', '1', `${this.deps.nms.rtmpBase}/live/${this.name(id)}`,
        ],
        onStdoutLine: (line) => {
          const m = /^frame=(\d+)/.exec(line);
          if (!m) return;
          const frames = Number(m[1]);
          if (frames > pull.frames) {
            pull.frames = frames;
            const t = this.deps.clock();
            pull.lastFrameAt = t;
            this.setHealth(id, 'online', null, t);
          }
        },
      }),
      onStart: () => {
        pull.childStartedAt = this.deps.clock();
        pull.frames = 0;
        pull.lastFrameAt = null;
        pull.kicked = false;
      },
      onExit: ({ code, stderr, stopping }) => {
        if (stopping || pull.kicked) return;
        const { status, reason } = classifyExit(code, stderr);
        // A run that never delivered a frame did not "end": the source was not there.
        this.setHealth(id, status, status === 'offline' && pull.frames === 0 && reason !== 'unreachable' ? 'unreachable' : reason);
      },
    });
    this.pulls.set(id, pull);
    return pull;
  }

  private startHls(id: number): NonNullable<Pull['hls']> {
    const s = this.deps.settings;
    const dir = join(this.deps.hlsRoot, this.name(id));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const proc = new Supervised({
      registry: this.deps.registry,
      backoffMinMs: s.backoffMinMs,
      backoffMaxMs: s.backoffMaxMs,
      clock: this.deps.clock,
      spec: () => ({
        command: this.deps.tools.ffmpeg,
        args: [
          '-hide_banner', '-nostdin', '-loglevel', 'error',
          '-fflags', 'nobuffer', ...localInput(), '-rw_timeout', String(Math.max(s.ioTimeoutMs * 2, 5000) * 1000),
          '-i', `${this.deps.nms.rtmpBase}/live/${this.name(id)}`,
          '-map', '0:v:0', '-an', '-c:v', 'copy',
          '-f', 'hls', '-hls_time', String(s.hlsSegmentSec), '-hls_list_size', String(s.hlsListSize),
          '-hls_flags', 'delete_segments+independent_segments+omit_endlist+discont_start',
          // Epoch-based numbering keeps media sequence numbers increasing across packager restarts.
          '-hls_start_number_source', 'epoch', '-hls_allow_cache', '0',
          '-hls_segment_filename', join(dir, 's%d.ts'),
          join(dir, 'index.m3u8'),
        ],
      }),
    });
    return { proc, lastDemandAt: this.deps.clock(), dir };
  }

  private async stopPull(id: number): Promise<void> {
    const pull = this.pulls.get(id);
    if (!pull) return;
    this.pulls.delete(id);
    await Promise.all([pull.proc.stop(), this.stopHls(pull)]);
  }

  private async stopHls(pull: Pull): Promise<void> {
    const hls = pull.hls;
    if (!hls) return;
    pull.hls = null;
    await hls.proc.stop();
    rmSync(hls.dir, { recursive: true, force: true });
  }

  /** Runs a few times a second: stall detection and idle stop. */
  private sweep(): void {
    const now = this.deps.clock();
    const s = this.deps.settings;
    for (const pull of [...this.pulls.values()]) {
      if (pull.viewers === 0 && !this.pinned.has(pull.id) && now - pull.lastDemandAt > s.idleGraceMs) {
        void this.stopPull(pull.id);
        continue;
      }
      if (pull.hls && now - pull.hls.lastDemandAt > s.idleGraceMs) void this.stopHls(pull);
      const child = pull.proc.current;
      if (!child || pull.kicked) continue;
      const quietSince = pull.lastFrameAt ?? pull.childStartedAt;
      if (now - quietSince > s.ioTimeoutMs) {
        // ffmpeg's own I/O timeouts do not fire while an RTMP server keeps a silent connection open: enforce ours.
        pull.kicked = true;
        const prev = this.healthOf(pull.id);
        const reason = pull.lastFrameAt !== null ? 'no_data' : prev.status === 'offline' && prev.reason ? prev.reason : 'unreachable';
        this.setHealth(pull.id, 'offline', reason);
        pull.proc.kick();
      }
    }
  }

  private setHealth(id: number, status: CameraHealth['status'], reason: CameraReason | null, seenAt?: number): void {
    if (!this.sources.has(id)) return;
    const prev = this.healthOf(id);
    const now = this.deps.clock();
    const lastSeenAt = seenAt ?? prev.lastSeenAt;
    // "Offline since" is when it went offline, however often the reason is refined afterwards.
    const statusChanged = prev.status !== status;
    const changed = statusChanged || prev.reason !== reason;
    const next: CameraHealth = { status, reason, since: statusChanged ? now : prev.since, lastSeenAt };
    this.health.set(id, next);
    // Status changes go out at once; "last seen" alone at most every 30 s.
    const reported = this.lastSeenReported.get(id) ?? 0;
    if (changed || (lastSeenAt !== null && lastSeenAt - reported >= 30_000)) {
      if (lastSeenAt !== null) this.lastSeenReported.set(id, lastSeenAt);
      for (const l of this.listeners) l(id, next);
    }
  }

  // ---- probing cameras nobody watches ----

  private probeSome(): void {
    if (this.closed) return;
    const candidates = [...this.sources.keys()]
      .filter((id) => !this.pulls.has(id) && !this.probing.has(id))
      .sort((a, b) => (this.probed.get(a) ?? 0) - (this.probed.get(b) ?? 0))
      .slice(0, this.deps.settings.probeBatch);
    for (const id of candidates) void this.probe(id);
  }

  /** Checks a source without pulling it: can we read a video stream's header? */
  async probe(id: number): Promise<void> {
    const url = this.sources.get(id);
    if (url === undefined) return;
    this.probing.add(id);
    this.probed.set(id, this.deps.clock());
    try {
      const child = this.deps.registry.spawn({
        command: this.deps.tools.ffprobe,
        args: ['-v', 'error', ...this.inputArgs(url), '-select_streams', 'v:0', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0'],
        onStdoutLine: (line) => {
          const codec = line.trim();
          if (!codec) return;
          this.setHealth(id, 'online', null, this.deps.clock());
          if (/^[a-z0-9_]+$/.test(codec)) this.deps.onCodec?.(id, codec);
        },
      });
      const timer = setTimeout(() => void child.stop(200), this.deps.settings.ioTimeoutMs + 2000);
      const { code } = await child.exited;
      clearTimeout(timer);
      if (this.pulls.has(id)) return; // a pull started meanwhile: it reports health itself
      if (code !== 0 || this.healthOf(id).lastSeenAt === null || this.healthOf(id).lastSeenAt! < this.probed.get(id)!) {
        const { status, reason } = code === null || code === 0 ? { status: 'offline' as const, reason: 'unreachable' as const } : classifyExit(code, child.stderrTail());
        this.setHealth(id, status, reason);
      }
    } finally {
      this.probing.delete(id);
    }
  }

  // ---- serving ----

  /** Pipes an authorised WebSocket upgrade to NMS's WS-FLV endpoint for this camera; counts it as a viewer. */
  proxyFlv(id: number, req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    if (!this.demand(id, 'flv')) return false;
    const pull = this.pulls.get(id)!;
    pull.viewers++;
    let counted = true;
    const release = () => {
      if (!counted) return;
      counted = false;
      pull.viewers = Math.max(0, pull.viewers - 1);
      pull.lastDemandAt = this.deps.clock();
    };
    const upstream = connect(this.deps.nms.httpPort, this.deps.nms.host);
    upstream.setNoDelay(true);
    (socket as Duplex & { setNoDelay?: (v: boolean) => void }).setNoDelay?.(true);
    upstream.once('connect', () => {
      const keep = new Set(['upgrade', 'connection', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol']);
      const lines = [`GET /live/${this.name(id)}.flv HTTP/1.1`, `Host: ${this.deps.nms.host}:${this.deps.nms.httpPort}`];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
        const k = req.rawHeaders[i]!;
        if (keep.has(k.toLowerCase())) lines.push(`${k}: ${req.rawHeaders[i + 1]}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      socket.pipe(upstream);
      upstream.pipe(socket);
    });
    this.proxied.add(socket);
    const close = () => {
      release();
      this.proxied.delete(socket);
      upstream.destroy();
      socket.destroy();
    };
    upstream.on('error', close);
    upstream.on('close', close);
    socket.on('error', close);
    socket.on('close', close);
    return true;
  }

  /**
   * A file of the camera's HLS output (index.m3u8 or a segment). Demands the stream; waits up to waitMs for the
   * playlist of a packager that is just starting. Null: unknown camera or file.
   */
  async hlsFile(id: number, file: string, waitMs = 8000): Promise<string | null> {
    if (!/^(index\.m3u8|s\d+\.ts)$/.test(file)) return null;
    if (!this.demand(id, 'hls')) return null;
    const path = join(this.deps.hlsRoot, this.name(id), file);
    const deadline = this.deps.clock() + (file === 'index.m3u8' ? waitMs : 0);
    for (;;) {
      try {
        if (statSync(path).size > 0) return path;
      } catch {
        /* not yet */
      }
      if (this.deps.clock() >= deadline || this.closed) return null;
      await new Promise((r) => setTimeout(r, 100));
      this.demand(id, 'hls');
    }
  }

  /** A JPEG of the camera's current picture, taken from the live stream (pulled for the occasion if needed). */
  async snapshot(id: number, timeoutMs = 10_000): Promise<Buffer> {
    if (!this.demand(id, 'snapshot')) throw new MediaError('NOT_FOUND');
    const deadline = this.deps.clock() + timeoutMs;
    const name = this.name(id);
    while (!this.deps.nms.isPublishing('live', name)) {
      if (this.deps.clock() >= deadline || this.closed) throw new MediaError('CAMERA_OFFLINE');
      await new Promise((r) => setTimeout(r, 100));
      this.demand(id, 'snapshot');
    }
    const chunks: Buffer[] = [];
    const child = this.deps.registry.spawn({
      command: this.deps.tools.ffmpeg,
      args: [
        '-hide_banner', '-nostdin', '-loglevel', 'error', ...localInput(), '-rw_timeout', String(this.deps.settings.ioTimeoutMs * 1000),
        '-i', `${this.deps.nms.rtmpBase}/live/${name}`,
        '-frames:v', '1', '-q:v', '3', '-f', 'image2', '-c:v', 'mjpeg', 'pipe:1',
      ],
      onStdoutData: (c) => chunks.push(c),
    });
    const timer = setTimeout(() => void child.stop(200), Math.max(1000, deadline - this.deps.clock()));
    const { code } = await child.exited;
    clearTimeout(timer);
    const jpeg = Buffer.concat(chunks);
    if (code !== 0 || jpeg.length < 100 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) {
      this.deps.log(`snapshot of camera ${id} failed (${code}): ${child.stderrTail().join(' | ')}`);
      throw new MediaError('CAMERA_OFFLINE');
    }
    return jpeg;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.tick);
    clearInterval(this.probeTimer);
    for (const socket of this.proxied) socket.destroy();
    await Promise.all([...this.pulls.keys()].map((id) => this.stopPull(id)));
    rmSync(this.deps.hlsRoot, { recursive: true, force: true });
  }
}

export class MediaError extends Error {
  constructor(readonly code: 'NOT_FOUND' | 'CAMERA_OFFLINE' | 'MEDIA_UNAVAILABLE') {
    super(code);
  }
}

/** What a failed ffmpeg run says about the source. */
export function classifyExit(code: number | null, stderr: string[]): { status: 'offline' | 'error'; reason: CameraReason } {
  const text = stderr.join('\n');
  if (/401|403|Unauthorized|Forbidden|authori[sz]ation failed/i.test(text)) return { status: 'error', reason: 'auth' };
  if (/404|Not Found|Stream not found|No such (file|stream)/i.test(text)) return { status: 'error', reason: 'not_found' };
  if (/Invalid data found|not supported|Unsupported codec|could not find codec|does not contain any stream|Could not write header/i.test(text))
    return { status: 'error', reason: 'bad_stream' };
  if (/Connection refused|timed out|No route to host|Network is unreachable|Name or service not known|Cannot assign/i.test(text))
    return { status: 'offline', reason: 'unreachable' };
  if (code === 0 || /End of file|Connection reset|Broken pipe|Input\/output error/i.test(text)) return { status: 'offline', reason: 'ended' };
  return { status: 'offline', reason: 'failed' };
}
