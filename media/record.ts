// Recording: one supervised ffmpeg per recorded camera reads the camera's live stream from node-media-server and writes
// it with `-c copy` into short MPEG-TS segments (ffmpeg's segment muxer). Each finished segment is announced on the
// muxer's segment list (CSV on stdout) and handed to the listener, which indexes it (app/store/recording.ts).
//
// Wall-clock times: the list gives each segment's start and end in stream time, and a line arrives when the segment is
// closed — when the first packet of the next one arrives, live. So a segment spans from the previous line's arrival to
// its own (the first of a run: its arrival minus its stream duration). Stream time is kept too (media duration): a
// camera whose clock runs slow or fast stretches it, and playback spreads it over the wall-clock span.
//
// After a crash: the segment being written was never announced (and one announced but not yet indexed may exist).
// recover() looks at every file the index does not know: it remuxes it (-c copy, which drops a torn last packet) and
// probes the result; a file without a decodable second of video is deleted. Nothing broken is ever indexed.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { NmsHost } from './nms.ts';
import { Supervised, type ChildRegistry, type Tools } from './proc.ts';
import { streamName } from './streams.ts';

export interface RecordedSegment {
  cameraId: number;
  /** Relative to the recordings root: `c<id>/<runStart>-<n>.ts`. */
  file: string;
  /** Wall-clock span. */
  startMs: number;
  endMs: number;
  /** The segment's own duration (stream time). */
  mediaMs: number;
  bytes: number;
}

export interface RecorderDeps {
  registry: ChildRegistry;
  tools: Tools;
  nms: NmsHost;
  root: string;
  segmentSec: number;
  clock: () => number;
  log: (msg: string) => void;
  /** Keeps the camera's pull running while it records (and starts it). */
  pin: (cameraId: number, on: boolean) => void;
}

const SEGMENT_RE = /^(\d+)-(\d{6})\.ts$/;
const localInput = () => ['-analyzeduration', '100000', '-probesize', '32768', '-tcp_nodelay', '1'];

interface Run {
  proc: Supervised;
}

export class Recorder {
  private runs = new Map<number, Run>();
  private listeners: ((s: RecordedSegment) => void)[] = [];

  constructor(private readonly d: RecorderDeps) {
    mkdirSync(d.root, { recursive: true });
  }

  onSegment(listener: (s: RecordedSegment) => void): void {
    this.listeners.push(listener);
  }

  recording(): number[] {
    return [...this.runs.keys()];
  }

  /** Records exactly these cameras from now on. */
  setRecording(ids: Iterable<number>): void {
    const want = new Set(ids);
    for (const id of [...this.runs.keys()]) if (!want.has(id)) void this.stop(id);
    for (const id of want) if (!this.runs.has(id)) this.start(id);
  }

  private start(id: number): void {
    const dir = join(this.d.root, streamName(id));
    mkdirSync(dir, { recursive: true });
    this.d.pin(id, true);
    let lastEnd: number | null = null;
    let failing = false;
    const proc = new Supervised({
      registry: this.d.registry,
      backoffMinMs: 500,
      backoffMaxMs: 3000,
      clock: this.d.clock,
      spec: () => {
        // A new run per (re)start: its own file prefix, its own clock anchor.
        const runStart = this.d.clock();
        lastEnd = null;
        this.d.pin(id, true);
        return {
          command: this.d.tools.ffmpeg,
          args: [
            '-hide_banner', '-nostdin', '-loglevel', 'error',
            ...localInput(), '-rw_timeout', '10000000',
            '-i', `${this.d.nms.rtmpBase}/live/${streamName(id)}`,
            '-map', '0:v:0', '-an', '-c:v', 'copy',
            '-f', 'segment', '-segment_time', String(this.d.segmentSec), '-segment_format', 'mpegts',
            '-segment_list', 'pipe:1', '-segment_list_type', 'csv', '-segment_list_flags', '+live',
            join(dir, `${runStart}-%06d.ts`),
          ],
          onStdoutLine: (line) => {
            const m = /^(.+),([\d.]+),([\d.]+)$/.exec(line.trim());
            if (!m) return;
            const now = this.d.clock();
            const relStart = Number(m[2]) * 1000;
            const relEnd = Number(m[3]) * 1000;
            const mediaMs = Math.max(1, Math.round(relEnd - relStart));
            const startMs = lastEnd ?? now - mediaMs;
            lastEnd = now;
            const name = basename(m[1]!);
            let bytes: number;
            try {
              bytes = statSync(join(dir, name)).size;
            } catch {
              return; // deleted meanwhile (it cannot be: nothing deletes an unindexed file while recording)
            }
            const seg: RecordedSegment = { cameraId: id, file: `${streamName(id)}/${name}`, startMs: Math.round(startMs), endMs: Math.round(now), mediaMs, bytes };
            for (const l of this.listeners) l(seg);
          },
        };
      },
      // An offline camera fails every few seconds: say so once per outage, not on every retry.
      onExit: ({ code, stopping, stderr, ranMs }) => {
        if (stopping || code === 0) return;
        if (!failing || ranMs > 10_000) this.d.log(`recorder of camera ${id} exited (${code}): ${stderr.slice(-2).join(' | ')}`);
        failing = ranMs <= 10_000;
      },
    });
    this.runs.set(id, { proc });
  }

  private async stop(id: number): Promise<void> {
    const run = this.runs.get(id);
    if (!run) return;
    this.runs.delete(id);
    this.d.pin(id, false);
    await run.proc.stop();
  }

  /** Absolute path of an indexed file, or null if the name is not one of ours. */
  path(file: string): string | null {
    const m = /^c(\d+)\/(\d+-\d{6}\.ts)$/.exec(file);
    return m ? join(this.d.root, file) : null;
  }

  /**
   * Deleting is two steps around the index commit: retire() renames the file out of the segment pattern (so a crash
   * never brings it back as an orphan), the caller deletes its row, then purge() unlinks it.
   */
  retire(file: string): void {
    const p = this.path(file);
    if (!p) return;
    try {
      renameSync(p, `${p}.del`);
    } catch {
      /* already gone */
    }
  }

  purge(file: string): void {
    const p = this.path(file);
    if (p) rmSync(`${p}.del`, { force: true });
  }

  /** Indexed files that are not on disk (a crash between retire() and the row's deletion): drop their rows. */
  missing(known: Iterable<string>): string[] {
    return [...known].filter((f) => {
      const p = this.path(f);
      return !p || !existsSync(p);
    });
  }

  /**
   * Indexes what a crash or stop left unannounced. `known` maps an indexed file to its span. Call before recording starts.
   * Returns the segments to add to the index; deletes files that hold no whole second of video.
   */
  async recover(known: Map<string, { startMs: number; endMs: number }>): Promise<RecordedSegment[]> {
    const found: RecordedSegment[] = [];
    for (const dirName of readdirSync(this.d.root)) {
      const cm = /^c(\d+)$/.exec(dirName);
      if (!cm) continue;
      const cameraId = Number(cm[1]);
      const dir = join(this.d.root, dirName);
      for (const f of readdirSync(dir)) if (f.endsWith('.tmp') || f.endsWith('.del')) rmSync(join(dir, f), { force: true });
      const files = readdirSync(dir)
        .map((f) => ({ f, m: SEGMENT_RE.exec(f) }))
        .filter((x): x is { f: string; m: RegExpExecArray } => x.m !== null)
        .sort((a, b) => Number(a.m[1]) - Number(b.m[1]) || Number(a.m[2]) - Number(b.m[2]));
      let prev: { run: string; endMs: number } | null = null;
      for (const { f, m } of files) {
        const rel = `${dirName}/${f}`;
        const k = known.get(rel);
        if (k) {
          prev = { run: m[1]!, endMs: k.endMs };
          continue;
        }
        const path = join(dir, f);
        const seconds = await this.repair(path);
        if (seconds === null) {
          rmSync(path, { force: true });
          this.d.log(`recording ${rel}: no whole video in it after a stop; deleted`);
          continue;
        }
        const startMs = prev && prev.run === m[1] ? prev.endMs : Number(m[1]);
        const endMs = Math.round(startMs + seconds * 1000);
        found.push({ cameraId, file: rel, startMs, endMs, mediaMs: Math.round(seconds * 1000), bytes: statSync(path).size });
        prev = { run: m[1]!, endMs };
      }
    }
    return found;
  }

  /** Remuxes a possibly torn segment in place (atomically); returns its duration in seconds, or null if unusable. */
  private async repair(path: string): Promise<number | null> {
    const tmp = `${path}.tmp`;
    const child = this.d.registry.spawn({
      command: this.d.tools.ffmpeg,
      args: ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', path, '-map', '0:v:0', '-c', 'copy', '-f', 'mpegts', tmp],
    });
    const { code } = await child.exited;
    if (code !== 0 || !existsSync(tmp)) {
      rmSync(tmp, { force: true });
      return null;
    }
    const seconds = await this.probeSeconds(tmp);
    if (seconds === null || seconds < 1) {
      rmSync(tmp, { force: true });
      return null;
    }
    fsyncFile(tmp);
    renameSync(tmp, path);
    return seconds;
  }

  /** Decodable video duration of a file (frames counted by ffprobe), or null. */
  async probeSeconds(path: string): Promise<number | null> {
    let out = '';
    const child = this.d.registry.spawn({
      command: this.d.tools.ffprobe,
      args: ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'format=duration', '-of', 'csv=p=0', path],
      onStdoutLine: (l) => (out += l.trim()),
    });
    const { code } = await child.exited;
    const s = Number(out);
    return code === 0 && Number.isFinite(s) && s > 0 ? s : null;
  }

  /** Timestamps (s) of a file's keyframes, in its own timestamps. */
  private async keyframes(path: string): Promise<number[]> {
    const out: number[] = [];
    const child = this.d.registry.spawn({
      command: this.d.tools.ffprobe,
      args: ['-v', 'error', '-select_streams', 'v:0', '-skip_frame', 'nokey', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', path],
      onStdoutLine: (l) => {
        const t = Number(l.trim().replace(/,$/, ''));
        if (l.trim() && Number.isFinite(t)) out.push(t);
      },
    });
    await child.exited;
    return out;
  }

  /** First timestamp of a segment in seconds (concat's inpoint/outpoint are in the file's own timestamps). */
  private async startTime(path: string): Promise<number> {
    let out = '';
    const child = this.d.registry.spawn({
      command: this.d.tools.ffprobe,
      args: ['-v', 'error', '-show_entries', 'format=start_time', '-of', 'csv=p=0', path],
      onStdoutLine: (l) => (out += l.trim()),
    });
    await child.exited;
    const s = Number(out);
    return Number.isFinite(s) ? s : 0;
  }

  /**
   * Joins segments into one MP4 without re-encoding (concat demuxer, -c copy), cut at `inSec` into the first and
   * `outSec` into the last (the start lands on the keyframe at or before `inSec`). Written to a temp file, fsynced and
   * renamed to `out`.
   */
  async exportClip(files: string[], inSec: number, outSec: number, out: string): Promise<void> {
    const paths = files.map((f) => this.path(f));
    if (!paths.length || paths.some((p) => p === null || !existsSync(p))) throw new Error('a segment of the clip is missing');
    const first = await this.startTime(paths[0]!);
    const last = paths.length === 1 ? first : await this.startTime(paths.at(-1)!);
    // Stream copy cannot start between keyframes (ffmpeg would drop the frames up to the next one): start on the
    // keyframe at or before the requested moment.
    const wanted = first + inSec;
    const keys = (await this.keyframes(paths[0]!)).filter((k) => k <= wanted + 0.001);
    const inpoint = keys.length ? Math.max(...keys) : first;
    const lines = ['ffconcat version 1.0'];
    paths.forEach((p, i) => {
      lines.push(`file '${p!.replace(/'/g, "'\\''")}'`);
      if (i === 0) lines.push(`inpoint ${inpoint.toFixed(3)}`);
      if (i === paths.length - 1) lines.push(`outpoint ${(last + outSec).toFixed(3)}`);
    });
    mkdirSync(join(out, '..'), { recursive: true });
    const list = `${out}.txt`;
    const tmp = `${out}.tmp.mp4`;
    writeFileSync(list, `${lines.join('\n')}\n`);
    try {
      const child = this.d.registry.spawn({
        command: this.d.tools.ffmpeg,
        args: ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-map', '0:v:0', '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', tmp],
      });
      const { code } = await child.exited;
      if (code !== 0) throw new Error(`ffmpeg concat failed: ${child.stderrTail().join(' | ')}`);
      fsyncFile(tmp);
      renameSync(tmp, out);
    } finally {
      rmSync(list, { force: true });
      rmSync(tmp, { force: true });
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.runs.keys()].map((id) => this.stop(id)));
  }
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
