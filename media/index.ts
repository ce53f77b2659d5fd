// The media service's public entry: the only module of media/ that app/ may import (lint-enforced).
// It embeds node-media-server (RTMP ingest, WS-FLV with GOP cache), pulls cameras into it on demand with supervised
// ffmpeg children, packages HLS with ffmpeg, reports stream health, takes snapshots and runs the demo cameras.
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { CameraHealth } from '../protocol/index.ts';
import { nmsRunning, startNms } from './nms.ts';
import { ChildRegistry, findTools, type Tools } from './proc.ts';
import { DEFAULT_STREAM_SETTINGS, MediaError, StreamManager, type StreamSettings } from './streams.ts';
import { Recorder, type RecordedSegment } from './record.ts';
import { startSimulator, type SimCamera, type Simulator } from './sim/simulator.ts';
import type { SimPtzCamera } from './sim/domeCamera.ts';
import type { SimHevcCamera } from './sim/hevcSource.ts';
import { PtzControl } from './ptz.ts';
import { flvCarriesHevc, StreamVariants, type Variant } from './variants.ts';

export { MediaError, DEFAULT_STREAM_SETTINGS, type StreamSettings };
export type { SimCamera, SimPtzCamera, SimHevcCamera, Variant, RecordedSegment };
export type { Recorder } from './record.ts';
export { PtzError, type PtzControl, type PtzFailure, type PtzPreset } from './ptz.ts';

/** A camera as the media service knows it: its streams and, for a dome camera, its ONVIF address. */
export interface MediaSource { id: number; sourceUrl: string; subSourceUrl?: string | null; onvifUrl?: string | null }
export { CLOCK_BITS, paintClockCode, readClockCode } from './sim/clockCode.ts';
export { startTsServer } from './sim/hevcSource.ts';
// Janus, the WebRTC SFU of 一键通 and 视频会商 (issue 15): supervised like the ffmpeg children, loopback API only.
export { startJanus, findJanus, type JanusService, type JanusUnavailable, type JanusState } from './janus/service.ts';
export { JanusClient, JanusError, type HandleEvent, type PluginReply } from './janus/client.ts';
export { convertRecording, type ConvertedRecording } from './janus/recording.ts';
export { lowLatencyPlayout, PLAYOUT_MAX_MS } from './janus/playout.ts';

export interface MediaOptions {
  dataDir: string;
  host?: string;
  /** 0 = OS-chosen. */
  rtmpPort?: number;
  httpPort?: number;
  settings?: Partial<StreamSettings>;
  clock?: () => number;
  log?: (msg: string) => void;
  /** Recording segment length (default 10 s). */
  recordSegmentSec?: number;
  /** Override tool discovery (tests); null = video disabled. */
  tools?: Tools | null;
}

export interface MediaService {
  available: true;
  rtmpBase: string;
  /** Where pushers (and the demo cameras) publish: `${ingestBase}/<name>` = rtmp://ingest.local/src/<name> in a source URL. */
  ingestBase: string;
  setSources(list: MediaSource[], initialHealth?: Map<number, CameraHealth>): void;
  upsertSource(id: number, sourceUrl: string, extras?: Omit<MediaSource, 'id' | 'sourceUrl'>): void;
  removeSource(id: number): void;
  /** Someone wants this camera's stream (main by default; its sub stream; its H.264 transcode). False if unknown. */
  demand(id: number, kind: 'flv' | 'hls' | 'snapshot', variant?: Variant): boolean;
  health(id: number): CameraHealth;
  onHealth(listener: (id: number, health: CameraHealth) => void): void;
  /** What a probe found a camera's main stream to be (h264, hevc, …). */
  onCodec(listener: (id: number, codec: string) => void): void;
  /** False on an ffmpeg that cannot carry H.265 in FLV (before 6.1): H.265 cameras then always play transcoded. */
  hevcPassthrough: boolean;
  hasSub(id: number): boolean;
  proxyFlv(id: number, req: IncomingMessage, socket: Duplex, head: Buffer, variant?: Variant): boolean;
  hlsFile(id: number, file: string, variant?: Variant): Promise<string | null>;
  snapshot(id: number): Promise<Buffer>;
  /** Probe one camera now (tests; the service also probes idle cameras in the background). */
  probe(id: number): Promise<void>;
  /** Camera ids with a running pull of that variant (main by default). */
  activePulls(variant?: Variant): number[];
  activeHls(): number[];
  viewers(id: number): number;
  /** Live ffmpeg children (pulls, packagers, demo sources). */
  childCount(): number;
  /** Pan/tilt/zoom of the cameras that have an ONVIF address. */
  ptz: PtzControl;
  startDemo(cameras: SimCamera[], clock: SimCamera | null, domes?: SimPtzCamera[], hevc?: SimHevcCamera[]): Simulator;
  /** Recording (media/record.ts): segments under <data>/media/rec, announced to the indexer. */
  recorder: Recorder;
  close(): Promise<void>;
}

export interface MediaUnavailable {
  available: false;
  reason: string;
}

export async function startMediaService(opts: MediaOptions): Promise<MediaService | MediaUnavailable> {
  const log = opts.log ?? ((m: string) => console.error(`[media] ${m}`));
  const tools = opts.tools === undefined ? findTools() : opts.tools;
  if (!tools) return { available: false, reason: 'ffmpeg not found (install it: apt-get install ffmpeg)' };
  if (nmsRunning()) return { available: false, reason: 'another media service already runs in this process (node-media-server is a per-process singleton)' };
  const mediaDir = join(opts.dataDir, 'media');
  const registry = new ChildRegistry(join(mediaDir, 'pids'), tools.setpriv);
  const swept = registry.sweep();
  if (swept) log(`killed ${swept} ffmpeg process(es) left by an earlier run`);
  const host = opts.host ?? '127.0.0.1';
  let nms: Awaited<ReturnType<typeof startNms>>;
  try {
    nms = await startNms({ host, rtmpPort: opts.rtmpPort ?? 0, httpPort: opts.httpPort ?? 0, log });
  } catch (err) {
    await registry.close();
    return { available: false, reason: `node-media-server did not start: ${err instanceof Error ? err.message : String(err)}` };
  }
  const codecListeners: ((id: number, codec: string) => void)[] = [];
  const streams = new StreamManager({
    onCodec: (id, codec) => codecListeners.forEach((l) => l(id, codec)),
    resolveHttpIngest: () => httpIngest(),
    nms,
    registry,
    tools,
    hlsRoot: join(mediaDir, 'hls'),
    settings: { ...DEFAULT_STREAM_SETTINGS, ...opts.settings },
    clock: opts.clock ?? Date.now,
    log,
  });
  const recorder = new Recorder({
    registry, tools, nms, root: join(mediaDir, 'rec'), segmentSec: opts.recordSegmentSec ?? 10, clock: opts.clock ?? Date.now, log,
    pin: (id, on) => streams.pin(id, on),
  });
  const sims: Simulator[] = [];
  let closed = false;
  function httpIngest(): { host: string; port: number } | null {
    for (const sim of sims) {
      const at = sim.httpTs();
      if (at) return at;
    }
    return null;
  }
  const variants = new StreamVariants({
    nms, registry, tools, hlsRoot: join(mediaDir, 'hls'), settings: { ...DEFAULT_STREAM_SETTINGS, ...opts.settings }, clock: opts.clock ?? Date.now, log,
    resolveHttpIngest: httpIngest,
  });
  const ptz = new PtzControl(() => {
    for (const sim of sims) {
      const at = sim.onvif();
      if (at) return { host: at.host, port: at.port };
    }
    return null;
  });
  const setExtras = (id: number, sourceUrl: string, extras: Omit<MediaSource, 'id' | 'sourceUrl'> | undefined) => {
    if (extras?.onvifUrl !== undefined) ptz.setDevice(id, extras.onvifUrl);
    variants.set(id, sourceUrl, extras?.subSourceUrl);
  };
  return {
    available: true,
    rtmpBase: nms.rtmpBase,
    ingestBase: `${nms.rtmpBase}/src`,
    setSources: (list, initial) => {
      streams.setSources(list, initial);
      for (const c of list) setExtras(c.id, c.sourceUrl, c);
    },
    upsertSource: (id, url, extras) => {
      streams.upsertSource(id, url);
      setExtras(id, url, extras);
      void streams.probe(id); // its codec decides how consoles play it
    },
    removeSource: (id) => {
      streams.removeSource(id);
      variants.remove(id);
      ptz.setDevice(id, null);
    },
    demand: (id, kind, variant = 'main') => (variant === 'main' ? streams.demand(id, kind) : variants.demand(id, kind, variant)),
    health: (id) => streams.healthOf(id),
    onHealth: (l) => streams.onHealth(l),
    onCodec: (l) => void codecListeners.push(l),
    hevcPassthrough: flvCarriesHevc(tools.ffmpeg),
    hasSub: (id) => variants.hasSub(id),
    proxyFlv: (id, req, socket, head, variant = 'main') => (variant === 'main' ? streams.proxyFlv(id, req, socket, head) : variants.proxyFlv(id, req, socket, head, variant)),
    hlsFile: (id, file, variant = 'main') => (variant === 'main' ? streams.hlsFile(id, file) : variants.hlsFile(id, file, variant)),
    snapshot: (id) => streams.snapshot(id),
    probe: (id) => streams.probe(id),
    activePulls: (variant = 'main') => (variant === 'main' ? streams.activePulls() : variants.active(variant)),
    activeHls: () => streams.activeHls(),
    viewers: (id) => streams.viewers(id),
    childCount: () => registry.count(),
    recorder,
    ptz,
    startDemo(cameras, clock, domes, hevc) {
      const sim = startSimulator({ registry, tools, nms, clipDir: join(mediaDir, 'clips'), cameras, clock, domes, hevc, log });
      sims.push(sim);
      return sim;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(sims.map((s) => s.stop()));
      await recorder.close();
      await Promise.all([streams.close(), variants.close()]);
      await registry.close();
      await nms.close();
    },
  };
}
