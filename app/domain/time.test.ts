import { describe, expect, it } from 'vitest';
import { formatShanghai } from './time.ts';

describe('formatShanghai', () => {
  it('shows UTC+8 as YYYY-MM-DD HH:mm, across the date line', () => {
    expect(formatShanghai(Date.UTC(2026, 10, 22, 16, 5, 9))).toBe('2026-11-23 00:05');
    expect(formatShanghai(Date.UTC(2026, 10, 22, 16, 5, 9), true)).toBe('2026-11-23 00:05:09');
    expect(formatShanghai(Date.UTC(2026, 0, 1, 3, 0))).toBe('2026-01-01 11:00');
  });
});
