// Playback arithmetic, pure: a playlist position ↔ wall-clock time (each segment's media duration spread over its
// wall-clock span, as the server computes it in app/domain/recording.ts), and where a time sits on a timeline.
import type { RecordedSpan } from '../../protocol/index.ts';

export interface PlaylistSeg { start: number; end: number; media: number }

/** The grant lists wall-clock spans; the playlist's durations are the media ones, which the server sends as EXTINF. */
export function wallAt(segs: readonly PlaylistSeg[], position: number): number | null {
  let pos = 0;
  for (const s of segs) {
    const len = s.media / 1000;
    if (position < pos + len) return s.start + ((position - pos) / len) * (s.end - s.start);
    pos += len;
  }
  return null;
}

export function positionAt(segs: readonly PlaylistSeg[], wall: number): number | null {
  let pos = 0;
  for (const s of segs) {
    if (wall >= s.start && wall < s.end) return pos + ((wall - s.start) / Math.max(1, s.end - s.start)) * (s.media / 1000);
    pos += s.media / 1000;
  }
  return null;
}

/** Left and width (0–1) of each span inside [from, to]. */
export function spanBoxes(spans: readonly RecordedSpan[], from: number, to: number): { left: number; width: number }[] {
  const len = to - from;
  return spans
    .filter((s) => s.end > from && s.start < to)
    .map((s) => {
      const a = Math.max(s.start, from);
      const b = Math.min(s.end, to);
      return { left: (a - from) / len, width: Math.max(0.002, (b - a) / len) };
    });
}

export const SPEEDS = [0.5, 1, 2, 4, 8] as const;
export const MAX_SYNC_CAMERAS = 4;

/** A typed time `YYYY-MM-DD HH:MM:SS` in Asia/Shanghai (the console's zone, seconds included) ↔ epoch ms. */
export function toLocalInput(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}
export function fromLocalInput(v: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v.trim());
  if (!m) return null;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)) - 8 * 3600_000;
}
