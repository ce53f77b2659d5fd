// The demo cameras: short clips encoded ONCE with ffmpeg (each shows its camera's name), cached in the data dir, then
// looped with `-stream_loop -1 -re -c copy` into the centre's own ingest (`rtmp://ingest.local/src/<key>`) so they
// cost no encoding at run time. One more source, the benchmark clock, is encoded live: its frames carry the wall-clock
// time in milliseconds (clockCode.ts) so glass-to-glass latency can be read back in a browser.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NmsHost } from '../nms.ts';
import { Supervised, type ChildRegistry, type Tools } from '../proc.ts';
import { paintClockCode } from './clockCode.ts';
import { drawText } from './drawText.ts';
import { ensureSubClip } from './subClip.ts';
import { startDomes, type SimPtzCamera } from './domeCamera.ts';
import type { OnvifSim } from './onvifDevice.ts';
import { startHevcSources, type SimHevcCamera } from './hevcSource.ts';

export interface SimCamera {
  /** Stream name under /src: [a-z0-9_-]. */
  key: string;
  name: string;
  /** Also publish a sub stream (320×180) as `<key>-sub`. */
  sub?: boolean;
}

const CLIP_VERSION = 'v1';
const WIDTH = 640;
const HEIGHT = 360;
const FPS = 25;
const HUES = [0, 45, 90, 135, 180, 225, 270, 315, 20, 160, 200, 300];

/** A CJK font file for drawtext (fonts-noto-cjk), or null: names are then drawn without it (may show boxes). */
export function findCjkFont(): string | null {
  // `fc-match :lang=zh` may answer with a Latin font; list the fonts that really cover Chinese.
  const r = spawnSync('fc-list', ['-f', '%{file}\n', ':lang=zh'], { encoding: 'utf8' });
  const files = r.status === 0 ? r.stdout.split('\n').filter((f) => f && existsSync(f)) : [];
  const file = files.find((f) => /Sans.*Regular/i.test(f)) ?? files.find((f) => /Sans/i.test(f)) ?? files[0];
  if (file) return file;
  for (const f of ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc']) if (existsSync(f)) return f;
  return null;
}

/** Encodes the camera's clip if it is not cached yet; returns its path. Synchronous work runs in a child (async). */
export async function ensureClip(registry: ChildRegistry, tools: Tools, dir: string, cam: SimCamera, index: number, font: string | null): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${cam.key}-${CLIP_VERSION}.mp4`);
  if (existsSync(out) && statSync(out).size > 0) return out;
  const textFile = join(dir, `${cam.key}.txt`);
  writeFileSync(textFile, cam.name);
  const tmp = `${out}.tmp.mp4`;
  const source = index % 3 === 2 ? `life=size=${WIDTH}x${HEIGHT}:rate=${FPS}:mold=10:ratio=0.1:death_color=#203040:life_color=#80c0ff` : `testsrc2=size=${WIDTH}x${HEIGHT}:rate=${FPS}`;
  const child = registry.spawn({
    command: tools.ffmpeg,
    args: [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', source, '-t', '12',
      '-vf', `format=yuv420p,hue=h=${HUES[index % HUES.length]},${drawText(textFile, font, 'h-th-16', 28)}`,
      '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-pix_fmt', 'yuv420p',
      // One keyframe a second and no B-frames: quick first frame, 1-s HLS segments, low latency.
      '-g', String(FPS), '-keyint_min', String(FPS), '-sc_threshold', '0', '-bf', '0',
      '-b:v', '500k', '-maxrate', '700k', '-bufsize', '700k', '-movflags', '+faststart', '-f', 'mp4', tmp,
    ],
  });
  const { code } = await child.exited;
  if (code !== 0) {
    rmSync(tmp, { force: true });
    throw new Error(`encoding the clip of ${cam.key} failed: ${child.stderrTail().join(' | ')}`);
  }
  renameSync(tmp, out);
  return out;
}

export interface Simulator {
  keys: string[];
  /** Where the simulated dome cameras answer ONVIF (null before it listens or without domes). */
  onvif(): OnvifSim | null;
  /** Where the H.265 demo cameras' HTTP-TS server listens (null before it does or without them). */
  httpTs(): { host: string; port: number } | null;
  stop(): Promise<void>;
}

export function startSimulator(opts: {
  registry: ChildRegistry;
  tools: Tools;
  nms: NmsHost;
  clipDir: string;
  cameras: SimCamera[];
  /** The live-encoded benchmark clock source, or null. */
  clock: SimCamera | null;
  /** Dome cameras: ONVIF PTZ, and a picture that pans and zooms over a large scene. */
  domes?: SimPtzCamera[];
  /** H.265 cameras, served as HTTP-TS (`http://ingest.local/ts/<key>.ts`). */
  hevc?: SimHevcCamera[];
  log: (msg: string) => void;
}): Simulator {
  const running: Supervised[] = [];
  let stopped = false;
  const font = findCjkFont();
  const target = (key: string) => `${opts.nms.rtmpBase}/src/${key}`;

  const loop = (clip: string, key: string) =>
    new Supervised({
      registry: opts.registry,
      backoffMinMs: 500,
      backoffMaxMs: 5000,
      spec: () => ({
        command: opts.tools.ffmpeg,
        args: ['-hide_banner', '-nostdin', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', clip, '-c', 'copy', '-f', 'flv', '-tcp_nodelay', '1', target(key)],
      }),
    });

  // Encode two at a time in the background (first start only), then loop each as soon as its clip exists.
  void (async () => {
    const queue = opts.cameras.map((cam, i) => ({ cam, i }));
    const worker = async () => {
      for (let item = queue.shift(); item && !stopped; item = queue.shift()) {
        try {
          const clip = await ensureClip(opts.registry, opts.tools, opts.clipDir, item.cam, item.i, font);
          if (!stopped) running.push(loop(clip, item.cam.key));
          if (item.cam.sub && !stopped) {
            const sub = await ensureSubClip(opts.registry, opts.tools, clip);
            if (!stopped) running.push(loop(sub, `${item.cam.key}-sub`));
          }
        } catch (err) {
          opts.log(`[sim] ${String(err)}`);
        }
      }
    };
    await Promise.all([worker(), worker()]);
  })();

  let clockTimer: ReturnType<typeof setInterval> | undefined;
  if (opts.clock) {
    const key = opts.clock.key;
    const textFile = join(opts.clipDir, `${key}.txt`);
    mkdirSync(opts.clipDir, { recursive: true });
    writeFileSync(textFile, `${opts.clock.name} %{localtime:%X}`);
    const frame = new Uint8Array(WIDTH * HEIGHT).fill(96);
    let stdin: NodeJS.WritableStream | null = null;
    let waiting = false;
    running.push(
      new Supervised({
        registry: opts.registry,
        backoffMinMs: 500,
        backoffMaxMs: 5000,
        spec: () => ({
          command: opts.tools.ffmpeg,
          stdin: true,
          args: [
            '-hide_banner', '-loglevel', 'error',
            // Frames are stamped when they arrive, so the stream's clock is the wall clock.
            '-use_wallclock_as_timestamps', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${WIDTH}x${HEIGHT}`, '-r', String(FPS), '-i', 'pipe:0',
            '-vf', `format=yuv420p,${drawText(textFile, font, 'h-th-16', 28)}`,
            '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p',
            '-g', String(FPS), '-keyint_min', String(FPS), '-bf', '0', '-b:v', '800k', '-maxrate', '1000k', '-bufsize', '500k',
            '-fps_mode', 'passthrough', '-f', 'flv', '-tcp_nodelay', '1', target(key),
          ],
        }),
        onStart: (child) => {
          stdin = child.proc.stdin;
          waiting = false;
          child.proc.stdin?.on('error', () => {});
          child.proc.stdin?.on('drain', () => (waiting = false));
        },
        onExit: () => {
          stdin = null;
        },
      }),
    );
    clockTimer = setInterval(() => {
      if (!stdin || waiting) return;
      paintClockCode(frame, WIDTH, Date.now());
      if (!stdin.write(Buffer.from(frame))) waiting = true;
    }, 1000 / FPS);
  }

  const domes = opts.domes?.length
    ? startDomes({ registry: opts.registry, tools: opts.tools, target, dir: opts.clipDir, cameras: opts.domes, font, log: opts.log })
    : null;
  const hevc = opts.hevc?.length ? startHevcSources({ registry: opts.registry, tools: opts.tools, dir: opts.clipDir, cameras: opts.hevc, font, log: opts.log }) : null;

  return {
    keys: [...opts.cameras.flatMap((c) => (c.sub ? [c.key, `${c.key}-sub`] : [c.key])), ...(opts.clock ? [opts.clock.key] : []), ...(opts.domes ?? []).map((d) => d.key), ...(opts.hevc ?? []).map((d) => d.key)],
    onvif: () => domes?.onvif() ?? null,
    httpTs: () => hevc?.at() ?? null,
    async stop() {
      stopped = true;
      clearInterval(clockTimer);
      await Promise.all([...running.map((s) => s.stop()), domes?.stop(), hevc?.stop()]);
    },
  };
}
