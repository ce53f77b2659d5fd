// Demo H.265 cameras, served the way GB/T 28181 platforms (ZLMediaKit, WVP) hand their devices on: as HTTP-TS
// (`http://ingest.local/ts/<key>.ts` in a source URL). FLV before ffmpeg 6.1 cannot carry H.265, so these cannot be
// pushed into our RTMP ingest like the other demo cameras. Each clip (1280×720 H.265, encoded once) is looped by one
// ffmpeg with -c copy into MPEG-TS, and the bytes are fanned out to every connected client from a TS packet boundary
// (parameter sets repeat at every keyframe, so a client can join at any time).
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supervised, type ChildRegistry, type Tools } from '../proc.ts';
import { drawText } from './drawText.ts';

export interface SimHevcCamera {
  key: string;
  name: string;
}

const HEVC_VERSION = 'v1';
const TS_PACKET = 188;

export async function ensureHevcClip(registry: ChildRegistry, tools: Tools, dir: string, cam: SimHevcCamera, font: string | null): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${cam.key}-hevc-${HEVC_VERSION}.mp4`);
  if (existsSync(out) && statSync(out).size > 0) return out;
  const textFile = join(dir, `${cam.key}.txt`);
  writeFileSync(textFile, `${cam.name} H.265`);
  const tmp = `${out}.tmp.mp4`;
  const child = registry.spawn({
    command: tools.ffmpeg,
    args: [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-t', '8',
      '-vf', `format=yuv420p,hue=h=200,${drawText(textFile, font, 'h-th-24', 40)}`,
      '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'keyint=25:min-keyint=25:bframes=0:repeat-headers=1:log-level=error',
      '-b:v', '1200k', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-f', 'mp4', tmp,
    ],
  });
  const { code } = await child.exited;
  if (code !== 0) {
    rmSync(tmp, { force: true });
    throw new Error(`encoding the H.265 clip of ${cam.key} failed: ${child.stderrTail().join(' | ')}`);
  }
  renameSync(tmp, out);
  return out;
}

export interface HevcSources {
  /** Where the HTTP-TS server listens, once it does. */
  at(): { host: string; port: number } | null;
  stop(): Promise<void>;
}

/**
 * An HTTP server on loopback that fans each stream out (`GET /ts/<key>.ts`) to every client connected to it, each
 * joining at a TS packet boundary. `writer(key)` is where that stream's bytes go in.
 */
export async function startTsServer(keys: string[]): Promise<{ at: { host: string; port: number }; writer(key: string): (chunk: Buffer) => void; close(): Promise<void> }> {
  const clients = new Map<string, Set<ServerResponse>>(keys.map((k) => [k, new Set()]));
  const fanOut = (key: string) => {
    let written = 0;
    return (chunk: Buffer) => {
      const start = written;
      written += chunk.length;
      for (const res of clients.get(key)!) {
        const r = res as ServerResponse & { zzJoined?: boolean };
        if (!r.zzJoined) {
          // Join at the first TS packet boundary inside this chunk.
          const skip = (TS_PACKET - (start % TS_PACKET)) % TS_PACKET;
          if (skip >= chunk.length) continue;
          r.zzJoined = true;
          res.write(chunk.subarray(skip));
        } else if (!res.write(chunk) && res.writableLength > 4 << 20) {
          res.destroy(); // a client that stopped reading
        }
      }
    };
  };
  const server: Server = createServer((req, res) => {
    const m = /^\/ts\/([a-z0-9_-]+)\.ts$/.exec(req.url ?? '');
    const set = m && req.method === 'GET' ? clients.get(m[1]!) : undefined;
    if (!set) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'video/mp2t', 'cache-control': 'no-store' });
    set.add(res);
    res.on('close', () => set.delete(res));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    at: { host: '127.0.0.1', port: (server.address() as AddressInfo).port },
    writer: fanOut,
    close: () =>
      new Promise<void>((resolve) => {
        for (const set of clients.values()) for (const res of set) res.destroy();
        server.close(() => resolve());
      }),
  };
}

export function startHevcSources(opts: { registry: ChildRegistry; tools: Tools; dir: string; cameras: SimHevcCamera[]; font: string | null; log: (msg: string) => void }): HevcSources {
  const loops: Supervised[] = [];
  let ts: Awaited<ReturnType<typeof startTsServer>> | null = null;
  let stopped = false;

  const started = (async () => {
    ts = await startTsServer(opts.cameras.map((c) => c.key));
    for (const cam of opts.cameras) {
      if (stopped) return;
      const clip = await ensureHevcClip(opts.registry, opts.tools, opts.dir, cam, opts.font);
      if (stopped) return;
      const write = ts.writer(cam.key);
      loops.push(
        new Supervised({
          registry: opts.registry,
          backoffMinMs: 500,
          backoffMaxMs: 5000,
          spec: () => ({
            command: opts.tools.ffmpeg,
            args: ['-hide_banner', '-nostdin', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', clip, '-c', 'copy', '-f', 'mpegts', 'pipe:1'],
            onStdoutData: write,
          }),
        }),
      );
    }
  })().catch((err: unknown) => opts.log(`[sim] H.265 sources did not start: ${String(err)}`));

  return {
    at: () => ts?.at ?? null,
    async stop() {
      stopped = true;
      await started;
      await Promise.all(loops.map((l) => l.stop()));
      await ts?.close();
    },
  };
}
