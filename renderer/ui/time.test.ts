import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatTime, formatTimeSmart } from './time.ts';

describe('Shanghai time formatting', () => {
  // 2026-03-01T16:05:09Z is 2026-03-02 00:05:09 in Shanghai (UTC+8, no DST).
  const t = Date.UTC(2026, 2, 1, 16, 5, 9);

  it('formats YYYY-MM-DD HH:mm in Asia/Shanghai', () => {
    expect(formatDateTime(t)).toBe('2026-03-02 00:05');
  });

  it('formats HH:mm:ss with a 24-hour clock', () => {
    expect(formatTime(t)).toBe('00:05:09');
    expect(formatTime(Date.UTC(2026, 0, 1, 15, 0, 0))).toBe('23:00:00');
  });

  it('uses the time only for the same Shanghai day', () => {
    expect(formatDate(t)).toBe('2026-03-02');
    expect(formatTimeSmart(t, t + 3600_000)).toBe('00:05:09');
    expect(formatTimeSmart(t - 3600_000, t)).toBe('2026-03-01 23:05');
  });
});
