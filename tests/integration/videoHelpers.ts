// Helpers for the video tests: camera sources (real ffmpeg), a minimal WebSocket client for WS-FLV, and a /proc scan
// for ffmpeg processes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { findTools } from '../../media/proc.ts';

export const TOOLS = findTools();
/** Why the video tests cannot run here, or null. Printed by the suites that skip. */
export const NO_FFMPEG = TOOLS ? null : 'ffmpeg is not installed (apt-get install ffmpeg): video tests skipped';

/** A 4-second 320×180 H.264 clip with a keyframe every second, encoded once per suite. */
export function makeClip(dir: string): string {
  const out = join(dir, 'clip.mp4');
  const r = spawnSync(TOOLS!.ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', '-t', '4',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '25', '-bf', '0', out,
  ]);
  if (r.status !== 0) throw new Error(`clip encoding failed: ${r.stderr}`);
  return out;
}

const sources = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of sources) p.kill('SIGKILL');
});

/** A camera: the clip looped in real time and pushed to `url` (rtmp://…). */
export function pushSource(clip: string, url: string): ChildProcess {
  const p = spawn(TOOLS!.ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', clip, '-c', 'copy', '-f', 'flv', url], {
    stdio: 'ignore',
  });
  sources.add(p);
  p.once('exit', () => sources.delete(p));
  return p;
}

export async function killSource(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill('SIGKILL');
  await exited;
}

/** Running (not zombie) ffmpeg/ffprobe processes whose command line contains `needle`. */
export function ffmpegProcesses(needle: string): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (!/ff(mpeg|probe)/.test(cmdline.split(' ')[0] ?? '') || !cmdline.includes(needle)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state !== 'Z') found.push({ pid: Number(entry), cmdline });
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}

export async function waitUntil(pred: () => boolean | Promise<boolean>, timeoutMs: number, what: string, stepMs = 50): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await pred()) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** Just enough WebSocket to watch a WS-FLV stream arrive: the upgrade, then a count of the bytes that follow. */
export class FlvClient {
  status = 0;
  bytes = 0;
  lastDataAt = 0;
  sawFlvHeader = false;
  closed = false;
  private socket: Socket;
  private head = Buffer.alloc(0);

  constructor(baseUrl: string, path: string) {
    const u = new URL(baseUrl);
    this.socket = connect(Number(u.port), u.hostname);
    this.socket.on('connect', () => {
      this.socket.write(
        [`GET ${path} HTTP/1.1`, `Host: ${u.host}`, 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`, 'Sec-WebSocket-Version: 13', '', ''].join('\r\n'),
      );
    });
    this.socket.on('data', (chunk: Buffer) => {
      if (!this.status) {
        this.head = Buffer.concat([this.head, chunk]);
        const end = this.head.indexOf('\r\n\r\n');
        if (end < 0) return;
        this.status = Number(/^HTTP\/1\.1 (\d{3})/.exec(this.head.toString('latin1'))?.[1] ?? 0);
        chunk = this.head.subarray(end + 4);
      }
      if (chunk.length && this.status === 101) {
        if (!this.sawFlvHeader && chunk.indexOf('FLV') >= 0 && chunk.indexOf('FLV') < 16) this.sawFlvHeader = true;
        this.bytes += chunk.length;
        this.lastDataAt = Date.now();
      }
    });
    this.socket.on('close', () => (this.closed = true));
    this.socket.on('error', () => {});
  }

  async bytesAfter(ms: number): Promise<number> {
    const before = this.bytes;
    await new Promise((r) => setTimeout(r, ms));
    return this.bytes - before;
  }

  close(): void {
    this.socket.destroy();
  }
}
