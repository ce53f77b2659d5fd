import { describe, expect, it } from 'vitest';
import { fromLocalInput, positionAt, spanBoxes, toLocalInput, wallAt } from './model.ts';

describe('playback model', () => {
  // Two segments: the first 2 s of media over 2.2 s of wall clock, then a gap, then 2 s over 2 s.
  const segs = [
    { start: 10_000, end: 12_200, media: 2000 },
    { start: 20_000, end: 22_000, media: 2000 },
  ];
  it('maps positions to wall-clock times and back, across a gap', () => {
    expect(wallAt(segs, 1)).toBe(11_100);
    expect(wallAt(segs, 3)).toBe(21_000);
    expect(wallAt(segs, 5)).toBeNull();
    expect(positionAt(segs, 11_100)).toBeCloseTo(1);
    expect(positionAt(segs, 21_000)).toBeCloseTo(3);
    expect(positionAt(segs, 15_000)).toBeNull();
  });
  it('places spans on a timeline and clips them to it', () => {
    expect(spanBoxes([{ start: 0, end: 50 }, { start: 150, end: 300 }], 0, 200)).toEqual([{ left: 0, width: 0.25 }, { left: 0.75, width: 0.25 }]);
  });
  it('reads and writes datetime-local in Beijing time', () => {
    const ms = Date.UTC(2026, 10, 30, 1, 2, 3);
    expect(toLocalInput(ms)).toBe('2026-11-30 09:02:03');
    expect(fromLocalInput('2026-11-30 09:02:03')).toBe(ms);
    expect(fromLocalInput('2026-11-30T09:02')).toBe(ms - 3000);
    expect(fromLocalInput('nonsense')).toBeNull();
  });
});
