// A demo camera's sub stream (子码流): its clip scaled to 320×180 at a quarter of the bitrate, encoded once from the
// main clip (same picture, same one-second GOP) and looped beside it, as a real camera sends both.
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import type { ChildRegistry, Tools } from '../proc.ts';

export const SUB_W = 320;
export const SUB_H = 180;

export async function ensureSubClip(registry: ChildRegistry, tools: Tools, mainClip: string): Promise<string> {
  const out = mainClip.replace(/\.mp4$/, `-sub${SUB_W}.mp4`);
  if (existsSync(out) && statSync(out).size > 0) return out;
  const tmp = `${out}.tmp.mp4`;
  const child = registry.spawn({
    command: tools.ffmpeg,
    args: [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', mainClip,
      '-vf', `scale=${SUB_W}:${SUB_H}`, '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-pix_fmt', 'yuv420p',
      '-g', '25', '-keyint_min', '25', '-sc_threshold', '0', '-bf', '0', '-b:v', '150k', '-maxrate', '200k', '-bufsize', '200k',
      '-movflags', '+faststart', '-f', 'mp4', tmp,
    ],
  });
  const { code } = await child.exited;
  if (code !== 0) {
    rmSync(tmp, { force: true });
    throw new Error(`encoding the sub clip of ${mainClip} failed: ${child.stderrTail().join(' | ')}`);
  }
  renameSync(tmp, out);
  return out;
}
