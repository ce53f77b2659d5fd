// A camera's other streams beside its main one: the sub stream (子码流, pulled with -c copy like the main one) and the
// H.264 transcode of an H.265 camera, for consoles that cannot decode H.265. Each is a StreamManager of its own (its
// own NMS names, s<id> and t<id>), so each runs once per camera whatever the number of viewers and stops when nobody
// watches. The transcode reads the camera's sub stream when it has one (less to decode), else the main one, and scales
// to at most 360 lines: the sub resolution.
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NmsHost } from './nms.ts';
import type { ChildRegistry, Tools } from './proc.ts';
import { StreamManager, type StreamSettings } from './streams.ts';

export type Variant = 'main' | 'sub' | 'transcode';

export const TRANSCODE_ARGS = [
  '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-profile:v', 'main', '-pix_fmt', 'yuv420p',
  '-vf', "scale=w=-2:h='min(360,ih)'", '-force_key_frames', 'expr:gte(t,n_forced*1)', '-bf', '0',
  '-b:v', '600k', '-maxrate', '800k', '-bufsize', '800k',
];

/** Whether this ffmpeg can put H.265 into FLV (enhanced RTMP, ffmpeg ≥ 6.1): else an H.265 camera always needs the transcode. */
export function flvCarriesHevc(ffmpeg: string): boolean {
  const v = /ffmpeg version n?(\d+)\.(\d+)/.exec(spawnSync(ffmpeg, ['-version'], { encoding: 'utf8' }).stdout ?? '');
  return !!v && (Number(v[1]) > 6 || (Number(v[1]) === 6 && Number(v[2]) >= 1));
}

export class StreamVariants {
  private readonly sub: StreamManager;
  private readonly transcode: StreamManager;
  private subUrls = new Map<number, string>();
  private mainUrls = new Map<number, string>();

  constructor(deps: {
    nms: NmsHost; registry: ChildRegistry; tools: Tools; hlsRoot: string; settings: StreamSettings; clock: () => number; log: (msg: string) => void;
    resolveHttpIngest: () => { host: string; port: number } | null;
  }) {
    const settings = { ...deps.settings, probeEveryMs: 0 }; // the main streams' probes report health and codec
    this.sub = new StreamManager({ ...deps, settings, hlsRoot: join(deps.hlsRoot, 'sub'), prefix: 's' });
    this.transcode = new StreamManager({ ...deps, settings, hlsRoot: join(deps.hlsRoot, 'transcode'), prefix: 't', videoArgs: TRANSCODE_ARGS });
  }

  private manager(v: Exclude<Variant, 'main'>): StreamManager {
    return v === 'sub' ? this.sub : this.transcode;
  }

  set(id: number, mainUrl: string, subUrl: string | null | undefined): void {
    if (subUrl !== undefined) {
      if (subUrl === null) {
        this.subUrls.delete(id);
        this.sub.removeSource(id);
      } else {
        this.subUrls.set(id, subUrl);
        this.sub.upsertSource(id, subUrl);
      }
    }
    this.mainUrls.set(id, mainUrl);
    this.transcode.upsertSource(id, this.subUrls.get(id) ?? mainUrl);
  }

  remove(id: number): void {
    this.subUrls.delete(id);
    this.mainUrls.delete(id);
    this.sub.removeSource(id);
    this.transcode.removeSource(id);
  }

  hasSub(id: number): boolean {
    return this.subUrls.has(id);
  }

  demand(id: number, kind: 'flv' | 'hls' | 'snapshot', v: Exclude<Variant, 'main'>): boolean {
    return this.manager(v).demand(id, kind);
  }

  proxyFlv(id: number, req: IncomingMessage, socket: Duplex, head: Buffer, v: Exclude<Variant, 'main'>): boolean {
    return this.manager(v).proxyFlv(id, req, socket, head);
  }

  hlsFile(id: number, file: string, v: Exclude<Variant, 'main'>): Promise<string | null> {
    return this.manager(v).hlsFile(id, file);
  }

  active(v: Exclude<Variant, 'main'>): number[] {
    return this.manager(v).activePulls();
  }

  async close(): Promise<void> {
    await Promise.all([this.sub.close(), this.transcode.close()]);
  }
}
