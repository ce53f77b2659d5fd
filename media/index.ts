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
import { startSimulator, type SimCamera, type Simulator } from './sim/simulator.ts';

export { MediaError, DEFAULT_STREAM_SETTINGS, type StreamSettings };
export type { SimCamera };
export { CLOCK_BITS, readClockCode } from './sim/clockCode.ts';
// Janus, the WebRTC SFU of 一键通 and 视频会商 (issue 15): supervised like the ffmpeg children, loopback API only.
export { startJanus, findJanus, type JanusService, type JanusUnavailable, type JanusState } from './janus/service.ts';
export { JanusClient, JanusError, type HandleEvent, type PluginReply } from './janus/client.ts';
export { convertRecording, type ConvertedRecording } from './janus/recording.ts';

export interface MediaOptions {
  dataDir: string;
  host?: string;
  /** 0 = OS-chosen. */
  rtmpPort?: number;
  httpPort?: number;
  settings?: Partial<StreamSettings>;
  clock?: () => number;
  log?: (msg: string) => void;
  /** Override tool discovery (tests); null = video disabled. */
  tools?: Tools | null;
}

export interface MediaService {
  available: true;
  rtmpBase: string;
  /** Where pushers (and the demo cameras) publish: `${ingestBase}/<name>` = rtmp://ingest.local/src/<name> in a source URL. */
  ingestBase: string;
  setSources(list: { id: number; sourceUrl: string }[], initialHealth?: Map<number, CameraHealth>): void;
  upsertSource(id: number, sourceUrl: string): void;
  removeSource(id: number): void;
  demand(id: number, kind: 'flv' | 'hls' | 'snapshot'): boolean;
  health(id: number): CameraHealth;
  onHealth(listener: (id: number, health: CameraHealth) => void): void;
  proxyFlv(id: number, req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  hlsFile(id: number, file: string): Promise<string | null>;
  snapshot(id: number): Promise<Buffer>;
  /** Probe one camera now (tests; the service also probes idle cameras in the background). */
  probe(id: number): Promise<void>;
  activePulls(): number[];
  activeHls(): number[];
  viewers(id: number): number;
  /** Live ffmpeg children (pulls, packagers, demo sources). */
  childCount(): number;
  startDemo(cameras: SimCamera[], clock: SimCamera | null): Simulator;
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
  const streams = new StreamManager({
    nms,
    registry,
    tools,
    hlsRoot: join(mediaDir, 'hls'),
    settings: { ...DEFAULT_STREAM_SETTINGS, ...opts.settings },
    clock: opts.clock ?? Date.now,
    log,
  });
  const sims: Simulator[] = [];
  let closed = false;
  return {
    available: true,
    rtmpBase: nms.rtmpBase,
    ingestBase: `${nms.rtmpBase}/src`,
    setSources: (list, initial) => streams.setSources(list, initial),
    upsertSource: (id, url) => streams.upsertSource(id, url),
    removeSource: (id) => streams.removeSource(id),
    demand: (id, kind) => streams.demand(id, kind),
    health: (id) => streams.healthOf(id),
    onHealth: (l) => streams.onHealth(l),
    proxyFlv: (id, req, socket, head) => streams.proxyFlv(id, req, socket, head),
    hlsFile: (id, file) => streams.hlsFile(id, file),
    snapshot: (id) => streams.snapshot(id),
    probe: (id) => streams.probe(id),
    activePulls: () => streams.activePulls(),
    activeHls: () => streams.activeHls(),
    viewers: (id) => streams.viewers(id),
    childCount: () => registry.count(),
    startDemo(cameras, clock) {
      const sim = startSimulator({ registry, tools, nms, clipDir: join(mediaDir, 'clips'), cameras, clock, log });
      sims.push(sim);
      return sim;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(sims.map((s) => s.stop()));
      await streams.close();
      await registry.close();
      await nms.close();
    },
  };
}
