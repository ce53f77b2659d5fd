// Recording rules, pure: which segments retention deletes, recorded spans, the playback playlist, clip coverage.
import type { RecordedSpan, RecordingPolicy } from '../../protocol/index.ts';

/** start/end: wall-clock ms; media: the segment's own duration in ms (stream time, which a camera's clock may stretch). */
export interface Seg { id: number; cameraId: number; start: number; end: number; media: number; file: string; bytes: number }

/** Two segments closer than this count as one span (segment boundaries leave a few ms between them). */
export const SPAN_GAP_MS = 1500;
const DAY_MS = 86_400_000;
const MIN_MS = 60_000;

/** Recorded spans of one camera's segments (sorted by start). */
export function mergeSpans(segs: readonly { start: number; end: number }[], gapMs = SPAN_GAP_MS): RecordedSpan[] {
  const out: RecordedSpan[] = [];
  for (const s of segs) {
    const last = out.at(-1);
    if (last && s.start - last.end <= gapMs) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

export interface RetentionInput {
  /** Every indexed segment, oldest first. */
  segments: readonly Seg[];
  policies: ReadonlyMap<number, Pick<RecordingPolicy, 'mode' | 'beforeMin' | 'afterMin' | 'retentionDays'>>;
  /** Stretches open cases refer to: never deleted. */
  holds: readonly { cameraId: number; from: number; to: number }[];
  /** For cameras recording "around events": the times of the alerts and incidents that concern each. */
  events: ReadonlyMap<number, readonly number[]>;
  now: number;
  quotaBytes: number;
  /** Retention for segments of a camera that has no policy any more. */
  defaultRetentionDays: number;
}

/**
 * The segments to delete, in order: expired ones (older than the camera's retention), "around events" segments no event
 * claims once no future event can (older than the pre-buffer), then the oldest while the total is over the quota.
 * Segments an open case holds are never deleted, even over the quota.
 */
export function retentionVictims(x: RetentionInput): Seg[] {
  const held = (s: Seg) => x.holds.some((h) => h.cameraId === s.cameraId && h.from < s.end && s.start < h.to);
  const victims: Seg[] = [];
  const gone = new Set<number>();
  for (const s of x.segments) {
    if (held(s)) continue;
    const p = x.policies.get(s.cameraId);
    const days = p?.retentionDays ?? x.defaultRetentionDays;
    let drop = s.end < x.now - days * DAY_MS;
    if (!drop && p?.mode === 'events') {
      const before = p.beforeMin * MIN_MS;
      const after = p.afterMin * MIN_MS;
      // Only once no future event can claim it: an event at or after now wants segments ending after now − before.
      const settled = s.end < x.now - before;
      const claimed = (x.events.get(s.cameraId) ?? []).some((e) => e - before <= s.end && s.start <= e + after);
      drop = settled && !claimed;
    }
    if (drop) {
      victims.push(s);
      gone.add(s.id);
    }
  }
  let total = x.segments.reduce((a, s) => a + (gone.has(s.id) ? 0 : s.bytes), 0);
  for (const s of x.segments) {
    if (total <= x.quotaBytes) break;
    if (gone.has(s.id) || held(s)) continue;
    victims.push(s);
    gone.add(s.id);
    total -= s.bytes;
  }
  return victims;
}

const runOf = (file: string) => /\/(\d+)-\d+\.ts$/.exec(file)?.[1] ?? file;

/**
 * A VOD HLS playlist of consecutive segments. Position 0 is the first segment's start; each lasts its media duration. A new
 * recorder run, or a gap, is a discontinuity (the stream's timestamps restart), which hls.js plays straight through.
 */
export function recordingPlaylist(segs: readonly Seg[], url: (s: Seg) => string): string {
  const target = Math.max(1, ...segs.map((s) => Math.ceil(s.media / 1000)));
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-PLAYLIST-TYPE:VOD', `#EXT-X-TARGETDURATION:${target}`, '#EXT-X-MEDIA-SEQUENCE:0'];
  segs.forEach((s, i) => {
    const prev = segs[i - 1];
    if (prev && (runOf(prev.file) !== runOf(s.file) || s.start - prev.end > 500)) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(s.start).toISOString()}`);
    lines.push(`#EXTINF:${(s.media / 1000).toFixed(3)},`);
    lines.push(url(s));
  });
  lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/** Seconds into a segment for a wall-clock time inside it (its media duration spread over its wall-clock span). */
export function offsetIn(s: { start: number; end: number; media: number }, at: number): number {
  const frac = Math.min(1, Math.max(0, (at - s.start) / Math.max(1, s.end - s.start)));
  return (frac * s.media) / 1000;
}

/** Where `at` falls in a playlist of these segments (seconds), or null if no segment holds it. */
export function playlistPosition(segs: readonly { start: number; end: number; media: number }[], at: number): number | null {
  let pos = 0;
  for (const s of segs) {
    if (at >= s.start && at < s.end) return pos + offsetIn(s, at);
    pos += s.media / 1000;
  }
  return null;
}

/** The segments that cover [from, to] with no gap longer than SPAN_GAP_MS, with the cut points; null if not covered. */
export function clipCoverage<T extends { start: number; end: number; media: number }>(segs: readonly T[], from: number, to: number): { parts: T[]; inSec: number; outSec: number } | null {
  const parts = segs.filter((s) => s.end > from && s.start < to);
  if (!parts.length) return null;
  if (parts[0]!.start > from + SPAN_GAP_MS || parts.at(-1)!.end < to - SPAN_GAP_MS) return null;
  for (let i = 1; i < parts.length; i++) if (parts[i]!.start - parts[i - 1]!.end > SPAN_GAP_MS) return null;
  return { parts, inSec: offsetIn(parts[0]!, from), outSec: offsetIn(parts.at(-1)!, to) };
}

/** 事件回溯 opens the recording this long before the report. */
export const LOOKBACK_MS = 2 * MIN_MS;
