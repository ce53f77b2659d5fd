import { describe, expect, it } from 'vitest';
import { clipCoverage, mergeSpans, playlistPosition, recordingPlaylist, retentionVictims, type Seg } from './recording.ts';

const MIN = 60_000;
const DAY = 86_400_000;
let n = 0;
const seg = (cameraId: number, start: number, len = 10_000, bytes = 100, run = '111'): Seg => ({ id: ++n, cameraId, start, end: start + len, media: len, file: `c${cameraId}/${run}-${String(n).padStart(6, '0')}.ts`, bytes });

describe('retention', () => {
  const now = 100 * DAY;
  const base = { holds: [], events: new Map(), now, quotaBytes: 1e12, defaultRetentionDays: 30 };

  it('deletes what is older than the camera’s retention, except what an open case holds', () => {
    const old = seg(1, now - 8 * DAY);
    const held = seg(1, now - 9 * DAY);
    const fresh = seg(1, now - 6 * DAY);
    const policies = new Map([[1, { mode: 'continuous' as const, beforeMin: 0, afterMin: 0, retentionDays: 7 }]]);
    const v = retentionVictims({ ...base, segments: [held, old, fresh], policies, holds: [{ cameraId: 1, from: held.start + 1, to: held.start + 2 }] });
    expect(v.map((s) => s.id)).toEqual([old.id]);
  });

  it('over the quota deletes the oldest first, skipping held segments, until under it', () => {
    const segs = [0, 1, 2, 3, 4].map((i) => seg(2, now - (10 - i) * MIN));
    const policies = new Map([[2, { mode: 'continuous' as const, beforeMin: 0, afterMin: 0, retentionDays: 30 }]]);
    const v = retentionVictims({ ...base, segments: segs, policies, quotaBytes: 250, holds: [{ cameraId: 2, from: segs[0]!.start, to: segs[0]!.end }] });
    expect(v.map((s) => s.id)).toEqual([segs[1]!.id, segs[2]!.id, segs[3]!.id]);
  });

  it('around events: keeps N minutes before and after an event, drops the rest once no future event can claim it', () => {
    const policies = new Map([[3, { mode: 'events' as const, beforeMin: 5, afterMin: 10, retentionDays: 30 }]]);
    const event = now - 60 * MIN;
    const tooEarly = seg(3, event - 7 * MIN);
    const before = seg(3, event - 4 * MIN);
    const after = seg(3, event + 9 * MIN);
    const tooLate = seg(3, event + 12 * MIN);
    const prebuffer = seg(3, now - 3 * MIN); // no event yet, but one in the next 2 minutes would claim it
    const v = retentionVictims({ ...base, segments: [tooEarly, before, after, tooLate, prebuffer], policies, events: new Map([[3, [event]]]) });
    expect(v.map((s) => s.id).sort()).toEqual([tooEarly.id, tooLate.id].sort());
  });
});

describe('playlists and clips', () => {
  const a = seg(4, 1_000_000, 10_000, 1, '111');
  const b = seg(4, 1_010_000, 10_000, 1, '111');
  const c = seg(4, 1_050_000, 10_000, 1, '222');

  it('merges touching segments into spans and leaves gaps', () => {
    expect(mergeSpans([a, b, c])).toEqual([{ start: a.start, end: b.end }, { start: c.start, end: c.end }]);
  });

  it('marks a new run or a gap as a discontinuity, and maps a time to its position', () => {
    const m3u8 = recordingPlaylist([a, b, c], (s) => `${s.id}.ts`);
    expect(m3u8.match(/#EXT-X-DISCONTINUITY/g)?.length).toBe(1);
    expect(m3u8).toContain('#EXT-X-ENDLIST');
    expect(playlistPosition([a, b, c], c.start + 2500)).toBeCloseTo(22.5);
    expect(playlistPosition([a, b, c], b.end + 1000)).toBeNull();
  });

  it('covers a clip only inside recorded time', () => {
    expect(clipCoverage([a, b, c], a.start + 2000, b.start + 3000)).toEqual({ parts: [a, b], inSec: 2, outSec: 3 });
    expect(clipCoverage([a, b, c], b.start, c.start + 1000)).toBeNull(); // the gap between b and c
    expect(clipCoverage([a, b, c], a.start - 5000, a.start + 1000)).toBeNull();
  });
});
