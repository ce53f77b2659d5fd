// A recorded meeting to one MP4: Janus writes one .mjr per participant and medium; janus-pp-rec turns each into a
// WebM (video) or Opus (audio) file, and ffmpeg tiles the videos in a grid, mixes the voices and writes H.264/AAC MP4
// (what any player opens). The file is written under a temporary name, fsynced and renamed; its SHA-256 goes to the ledger.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ConvertedRecording {
  path: string;
  sha256: string;
  bytes: number;
}

const run = (cmd: string, args: string[]) =>
  new Promise<void>((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-2000)));
    p.once('error', reject);
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}: ${err}`))));
  });

export function findPpRec(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v janus-pp-rec'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

/** Converts every .mjr whose name starts with `prefix` in `dir` into `out` (an MP4); returns its hash and size. */
export async function convertRecording(opts: { dir: string; prefix: string; out: string; ffmpeg: string; ppRec?: string }): Promise<ConvertedRecording> {
  const ppRec = opts.ppRec ?? findPpRec();
  if (!ppRec) throw new Error('janus-pp-rec not found (apt-get install janus-tools)');
  const files = readdirSync(opts.dir).filter((f) => f.startsWith(opts.prefix) && f.endsWith('.mjr')).sort();
  if (!files.length) throw new Error(`no recording files ${opts.prefix}*.mjr in ${opts.dir}`);
  const work = join(opts.dir, `${opts.prefix}work`);
  mkdirSync(work, { recursive: true });
  const videos: string[] = [];
  const audios: string[] = [];
  for (const f of files) {
    const isVideo = /-video-/.test(f);
    const target = join(work, f.replace(/\.mjr$/, isVideo ? '.webm' : '.opus'));
    await run(ppRec, ['-o', '-d', '0', join(opts.dir, f), target]);
    if (statSync(target, { throwIfNoEntry: false })?.size) (isVideo ? videos : audios).push(target);
  }
  if (!videos.length && !audios.length) throw new Error('the recording holds no media');
  const args: string[] = ['-hide_banner', '-loglevel', 'error', '-y'];
  for (const v of videos) args.push('-i', v);
  for (const a of audios) args.push('-i', a);
  const filters: string[] = [];
  const cols = videos.length <= 1 ? 1 : 2;
  const rows = Math.ceil(videos.length / cols);
  videos.forEach((_, i) => filters.push(`[${i}:v]scale=480:360:force_original_aspect_ratio=decrease,pad=480:360:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=15[v${i}]`));
  if (videos.length === 1) filters.push('[v0]null[vout]');
  else if (videos.length > 1) {
    const layout = videos.map((_, i) => `${(i % cols) * 480}_${Math.floor(i / cols) * 360}`).join('|');
    filters.push(`${videos.map((_, i) => `[v${i}]`).join('')}xstack=inputs=${videos.length}:layout=${layout}:fill=black,scale=${cols * 480}:${rows * 360}[vout]`);
  }
  if (audios.length) filters.push(`${audios.map((_, i) => `[${videos.length + i}:a]`).join('')}amix=inputs=${audios.length}:normalize=0[aout]`);
  args.push('-filter_complex', filters.join(';'));
  if (videos.length) args.push('-map', '[vout]', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p');
  if (audios.length) args.push('-map', '[aout]', '-c:a', 'aac', '-b:a', '96k');
  const tmp = `${opts.out}.tmp.mp4`;
  args.push('-movflags', '+faststart', tmp);
  await run(opts.ffmpeg, args);
  const fd = openSync(tmp, 'r');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, opts.out);
  rmSync(work, { recursive: true, force: true });
  const hash = createHash('sha256');
  await new Promise<void>((resolve, reject) => createReadStream(opts.out).on('data', (c) => hash.update(c)).once('end', () => resolve()).once('error', reject));
  return { path: opts.out, sha256: hash.digest('hex'), bytes: statSync(opts.out).size };
}
