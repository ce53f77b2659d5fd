import { describe, expect, it } from 'vitest';
import { daysInMonth, joinValue, nextFullHour, splitValue } from './dateTime.ts';

describe('DateTimeField values', () => {
  it('splits and joins the strings a native input gives, 24-hour', () => {
    expect(splitValue('2026-03-01T17:05')).toEqual({ year: 2026, month: 3, day: 1, hour: 17, minute: 5 });
    expect(splitValue('2026-03-01')).toEqual({ year: 2026, month: 3, day: 1, hour: 0, minute: 0 });
    expect(splitValue('03/01/2026')).toBeNull();
    expect(joinValue({ year: 2026, month: 3, day: 1, hour: 17, minute: 5 }, true)).toBe('2026-03-01T17:05');
    expect(joinValue({ year: 2026, month: 3, day: 1, hour: 17, minute: 5 }, false)).toBe('2026-03-01');
  });

  it('clamps the day to the month', () => {
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(joinValue({ year: 2026, month: 2, day: 31, hour: 0, minute: 0 }, false)).toBe('2026-02-28');
  });

  it('a new value starts at the next full hour, Shanghai time', () => {
    expect(nextFullHour(Date.parse('2026-03-01T15:20:00Z'))).toBe('2026-03-02T00:00'); // 23:20 Shanghai
    expect(nextFullHour(Date.parse('2026-03-01T02:00:00Z'))).toBe('2026-03-01T11:00');
  });
});
