// One tile's player: WS-FLV through mpegts.js or HLS through hls.js (both bundled, loaded on first use), with its own
// watchdog. It reports what it sees (connecting, playing, stalled, failed), reconnects by itself with backoff, jumps back
// to the live edge when playback drifts more than 2 s behind, and releases everything in destroy() — a tile that
// changes camera gets a new player, so nothing accumulates.
//
// Six connections per host: Chromium allows six HTTP/1.1 connections per host. HLS keeps one busy per tile (playlist
// polls and segment loads), so more than a few HLS tiles queue behind each other and stall. WS-FLV runs over WebSocket,
// which is outside that limit, which is one reason it is the default (the other is latency: see bench/video.ts).
import type { PlayGrant, Reply, Transport } from '../../protocol/index.ts';
import { liveEdgeTarget, retryDelayMs, type PlayerPhase } from './model.ts';

type MpegtsModule = typeof import('mpegts.js').default;
type HlsClass = typeof import('hls.js').default;
type HlsInstance = InstanceType<HlsClass>;
type FlvPlayer = ReturnType<MpegtsModule['createPlayer']>;

let mpegtsLoading: Promise<MpegtsModule> | null = null;
let hlsLoading: Promise<HlsClass> | null = null;

function loadMpegts(): Promise<MpegtsModule> {
  mpegtsLoading ??= import('mpegts.js').then((m) => {
    const mpegts = m.default;
    mpegts.LoggingControl.applyConfig({ enableAll: false, enableError: true, enableWarn: false, enableInfo: false, enableDebug: false, enableVerbose: false });
    return mpegts;
  });
  return mpegtsLoading;
}
function loadHls(): Promise<HlsClass> {
  hlsLoading ??= import('hls.js').then((m) => m.default);
  return hlsLoading;
}

export interface TilePlayerOptions {
  video: HTMLVideoElement;
  cameraId: number;
  transport: Transport;
  /** Asks the server for a signed play link (which also starts the camera's pull). */
  grant(cameraId: number, transport: Transport): Promise<Reply<PlayGrant>>;
  onPhase(phase: PlayerPhase): void;
  /** Called once, when the first frame is presented: ms since this player asked for its play link (time to first frame). */
  onFirstFrame?(ms: number): void;
}

/** No progress for this long while playing: stalled. */
const STALL_MS = 2000;
/** No progress for this long: give up this connection and make a new one. */
const RECONNECT_MS = { connecting: 8000, other: 5000 };

export class TilePlayer {
  phase: PlayerPhase = 'idle';
  private flv: FlvPlayer | null = null;
  private hls: HlsInstance | null = null;
  private token = '';
  private monitor: ReturnType<typeof setInterval> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private renew: ReturnType<typeof setInterval> | undefined;
  private attempt = 0;
  private lastTime = -1;
  private lastProgressAt = 0;
  private connectedAt = 0;
  private firstFrameReported = false;
  private destroyed = false;
  private generation = 0;

  constructor(private readonly o: TilePlayerOptions) {}

  start(): void {
    void this.connect();
  }

  /** Reconnect now unless playing (e.g. the server says the camera is back). */
  kick(): void {
    if (this.destroyed || this.phase === 'playing') return;
    clearTimeout(this.retry);
    this.attempt = 0;
    void this.connect();
  }

  destroy(): void {
    this.destroyed = true;
    this.teardown();
    const v = this.o.video;
    v.removeAttribute('src');
    v.load();
  }

  private set(phase: PlayerPhase): void {
    if (this.phase === phase) return;
    this.phase = phase;
    this.o.onPhase(phase);
  }

  private teardown(): void {
    this.generation++;
    clearInterval(this.monitor);
    clearInterval(this.renew);
    clearTimeout(this.retry);
    if (this.flv) {
      try {
        this.flv.pause();
        this.flv.unload();
        this.flv.detachMediaElement();
        this.flv.destroy();
      } catch {
        /* already torn down */
      }
      this.flv = null;
    }
    if (this.hls) {
      this.hls.destroy();
      this.hls = null;
    }
  }

  private async connect(): Promise<void> {
    this.teardown();
    const gen = this.generation;
    this.set('connecting');
    this.connectedAt = performance.now();
    this.lastProgressAt = this.connectedAt;
    this.lastTime = -1;
    const { video, cameraId, transport } = this.o;
    const reply = await this.o.grant(cameraId, transport).catch(() => null);
    if (this.destroyed || gen !== this.generation) return;
    if (!reply?.ok) return this.fail();
    this.token = reply.data.token;
    video.muted = true;
    video.playsInline = true;
    try {
      if (transport === 'flv') {
        const mpegts = await loadMpegts();
        if (this.destroyed || gen !== this.generation) return;
        const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${reply.data.url}`;
        const p = mpegts.createPlayer(
          { type: 'flv', isLive: true, url, hasAudio: false, hasVideo: true },
          {
            enableWorker: false, // a blob: worker is refused by our CSP
            enableStashBuffer: false,
            lazyLoad: false,
            liveBufferLatencyChasing: true,
            liveBufferLatencyMaxLatency: 1.0,
            liveBufferLatencyMinRemain: 0.2,
            autoCleanupSourceBuffer: true,
            autoCleanupMaxBackwardDuration: 8,
            autoCleanupMinBackwardDuration: 4,
          },
        );
        p.on(mpegts.Events.ERROR, () => gen === this.generation && this.fail());
        // The server closed the stream: reconnect.
        p.on(mpegts.Events.LOADING_COMPLETE, () => gen === this.generation && this.fail());
        p.attachMediaElement(video);
        p.load();
        this.flv = p;
      } else {
        const Hls = await loadHls();
        if (this.destroyed || gen !== this.generation) return;
        const hls = new Hls({
          enableWorker: false,
          lowLatencyMode: false,
          liveSyncDurationCount: 1,
          liveMaxLatencyDurationCount: 3,
          maxLiveSyncPlaybackRate: 1.5,
          maxBufferLength: 4,
          backBufferLength: 4,
          manifestLoadingTimeOut: 10_000,
          // Every request carries the current token (renewed below); segment URLs are relative to the playlist.
          xhrSetup: (xhr: XMLHttpRequest, url: string) => {
            const u = new URL(url, location.href);
            u.searchParams.set('t', this.token);
            xhr.open('GET', u.toString(), true);
          },
        });
        hls.on(Hls.Events.ERROR, (_e: unknown, data: { fatal: boolean }) => {
          if (data.fatal && gen === this.generation) this.fail();
        });
        hls.loadSource(reply.data.url);
        hls.attachMedia(video);
        this.hls = hls;
        const every = Math.max(5_000, (reply.data.expiresAt - Date.now()) / 2);
        this.renew = setInterval(() => {
          void this.o.grant(cameraId, transport).then((r) => {
            if (r.ok && gen === this.generation) this.token = r.data.token;
          });
        }, every);
      }
    } catch (err) {
      console.warn('[wall] player failed to start', err);
      return this.fail();
    }
    void video.play().catch(() => {});
    this.monitor = setInterval(() => this.check(), 250);
    // Time to first frame, measured at the frame's presentation (the 250-ms watchdog would blur it).
    if (!this.firstFrameReported && 'requestVideoFrameCallback' in video) {
      video.requestVideoFrameCallback((now) => {
        if (this.firstFrameReported || gen !== this.generation) return;
        this.firstFrameReported = true;
        this.o.onFirstFrame?.(now - this.connectedAt);
      });
    }
  }

  private check(): void {
    const v = this.o.video;
    const now = performance.now();
    if (v.currentTime > this.lastTime + 0.01 && v.readyState >= 2) {
      if (this.lastTime >= 0 || v.currentTime > 0) {
        this.lastProgressAt = now;
        this.attempt = 0;
        if (!this.firstFrameReported && !('requestVideoFrameCallback' in v)) {
          this.firstFrameReported = true;
          this.o.onFirstFrame?.(now - this.connectedAt);
        }
        this.set('playing');
      }
      this.lastTime = v.currentTime;
    } else if (this.phase === 'playing' && now - this.lastProgressAt > STALL_MS) {
      this.set('stalled');
    }
    const limit = this.phase === 'connecting' ? RECONNECT_MS.connecting : RECONNECT_MS.other;
    if (now - this.lastProgressAt > limit) return this.fail();

    // Back to the live edge when playback has fallen behind (after a stall, a busy CPU, a hidden window).
    const end = v.buffered.length ? v.buffered.end(v.buffered.length - 1) : null;
    const target = this.hls?.liveSyncPosition ?? liveEdgeTarget(v.currentTime, end);
    if (target !== null && target !== undefined && target - v.currentTime > 2) v.currentTime = target;
    if (v.paused && this.phase !== 'connecting') void v.play().catch(() => {});
  }

  private fail(): void {
    if (this.destroyed) return;
    this.teardown();
    this.set('failed');
    this.attempt++;
    this.retry = setTimeout(() => void this.connect(), retryDelayMs(this.attempt));
  }
}
