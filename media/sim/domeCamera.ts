// The simulated dome (PTZ) cameras: an ONVIF device each (onvifDevice.ts) and a picture that really pans and zooms.
// The picture is a 640×360 view cut out of one large still scene (a 1920×1080 test pattern with a grid, made once by
// ffmpeg and cached), at the position the ONVIF lens holds at that instant; the frames go raw into an ffmpeg that
// encodes them to H.264 and publishes to the centre's ingest, like the benchmark clock. Nearest-neighbour scaling of
// one view costs a few milliseconds a frame.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supervised, type ChildRegistry, type Tools } from '../proc.ts';
import { drawText } from './drawText.ts';
import { startOnvifSim, type OnvifSim, type SimPtzCamera } from './onvifDevice.ts';
import { renderView, viewRect } from './ptzScene.ts';

export type { SimPtzCamera };

export const SCENE_W = 1920;
export const SCENE_H = 1080;
export const DOME_W = 640;
export const DOME_H = 360;
const FPS = 15;
const SCENE_VERSION = 'v1';

/** The large scene as raw YUV 4:2:0, encoded once into the clip directory. */
export async function ensureScene(registry: ChildRegistry, tools: Tools, dir: string): Promise<Uint8Array> {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `dome-scene-${SCENE_VERSION}.yuv`);
  const size = SCENE_W * SCENE_H * 1.5;
  if (!existsSync(out) || statSync(out).size !== size) {
    const tmp = `${out}.tmp`;
    const child = registry.spawn({
      command: tools.ffmpeg,
      args: [
        '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
        '-f', 'lavfi', '-i', `testsrc2=size=${SCENE_W}x${SCENE_H}:rate=1`, '-frames:v', '1',
        '-vf', 'drawgrid=w=120:h=120:t=3:c=white@0.6,format=yuv420p', '-f', 'rawvideo', tmp,
      ],
    });
    const { code } = await child.exited;
    if (code !== 0) {
      rmSync(tmp, { force: true });
      throw new Error(`rendering the dome scene failed: ${child.stderrTail().join(' | ')}`);
    }
    renameSync(tmp, out);
  }
  return new Uint8Array(readFileSync(out));
}

export interface Domes {
  onvif(): OnvifSim | null;
  stop(): Promise<void>;
}

export function startDomes(opts: {
  registry: ChildRegistry;
  tools: Tools;
  /** rtmp URL to publish camera <key> to. */
  target: (key: string) => string;
  dir: string;
  cameras: SimPtzCamera[];
  font: string | null;
  log: (msg: string) => void;
}): Domes {
  let onvif: OnvifSim | null = null;
  let stopped = false;
  const encoders: Supervised[] = [];
  const timers: ReturnType<typeof setInterval>[] = [];

  const start = async () => {
    const scene = await ensureScene(opts.registry, opts.tools, opts.dir);
    const sim = await startOnvifSim({ cameras: opts.cameras, width: DOME_W, height: DOME_H });
    if (stopped) return sim.close();
    onvif = sim;
    for (const cam of opts.cameras) {
      const textFile = join(opts.dir, `${cam.key}.txt`);
      writeFileSync(textFile, cam.name);
      const frame = new Uint8Array(DOME_W * DOME_H * 1.5);
      let stdin: NodeJS.WritableStream | null = null;
      let waiting = false;
      encoders.push(
        new Supervised({
          registry: opts.registry,
          backoffMinMs: 500,
          backoffMaxMs: 5000,
          spec: () => ({
            command: opts.tools.ffmpeg,
            stdin: true,
            args: [
              '-hide_banner', '-loglevel', 'error',
              '-use_wallclock_as_timestamps', '1', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${DOME_W}x${DOME_H}`, '-r', String(FPS), '-i', 'pipe:0',
              '-vf', drawText(textFile, opts.font, 'h-th-16', 26),
              '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p',
              '-g', String(FPS), '-keyint_min', String(FPS), '-bf', '0', '-b:v', '600k', '-maxrate', '800k', '-bufsize', '400k',
              '-fps_mode', 'passthrough', '-f', 'flv', '-tcp_nodelay', '1', opts.target(cam.key),
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
      const lens = sim.lens(cam.key)!;
      timers.push(
        setInterval(() => {
          if (!stdin || waiting) return;
          renderView(scene, SCENE_W, SCENE_H, viewRect(lens.at(), SCENE_W, SCENE_H), frame, DOME_W, DOME_H);
          if (!stdin.write(Buffer.from(frame))) waiting = true;
        }, 1000 / FPS),
      );
    }
  };
  const started = start().catch((err: unknown) => opts.log(`[sim] dome cameras did not start: ${String(err)}`));

  return {
    onvif: () => onvif,
    async stop() {
      stopped = true;
      await started;
      for (const t of timers) clearInterval(t);
      await Promise.all(encoders.map((e) => e.stop()));
      await onvif?.close();
    },
  };
}
