import { describe, expect, it } from 'vitest';
import { lastMonthKey, presetRange } from './model.ts';

describe('period presets in Shanghai days', () => {
  // 2026-10-01 01:00 Shanghai is still 30 September in UTC.
  const now = Date.UTC(2026, 8, 30, 17);
  it('this month, last month, last 30 days, quarter and year', () => {
    expect(presetRange('thisMonth', now)).toEqual({ from: '2026-10-01', to: '2026-10-01' });
    expect(presetRange('lastMonth', now)).toEqual({ from: '2026-09-01', to: '2026-09-30' });
    expect(presetRange('last30', now)).toEqual({ from: '2026-09-02', to: '2026-10-01' });
    expect(presetRange('thisQuarter', now)).toEqual({ from: '2026-10-01', to: '2026-10-01' });
    expect(presetRange('thisYear', now)).toEqual({ from: '2026-01-01', to: '2026-10-01' });
    expect(presetRange('lastMonth', Date.UTC(2026, 0, 10))).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });
  it('the 考核 month just ended', () => {
    expect(lastMonthKey(now)).toBe('2026-09');
    expect(lastMonthKey(Date.UTC(2026, 0, 10))).toBe('2025-12');
  });
});
