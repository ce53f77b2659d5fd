import { describe, expect, it } from 'vitest';
import { tileStream } from './streamChoice.ts';

describe('which stream a tile asks for', () => {
  it('main for a single or enlarged tile, sub for the small ones', () => {
    expect(tileStream('1', 0)).toBe('main');
    expect(tileStream('1+5', 0)).toBe('main');
    expect(tileStream('1+7', 0)).toBe('main');
    expect(tileStream('1+5', 1)).toBe('sub');
    for (const l of ['4', '9', '16', '25', '36'] as const) expect(tileStream(l, 0)).toBe('sub');
  });
});
