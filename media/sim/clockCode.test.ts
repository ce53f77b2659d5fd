import { describe, expect, it } from 'vitest';
import { paintClockCode, readClockCode } from './clockCode.ts';

describe('burned-in clock code', () => {
  const W = 640;
  const H = 360;
  const frame = new Uint8Array(W * H);
  const luma = (f: Uint8Array) => (x: number, y: number) => f[y * W + x] ?? 0;

  it('reads back the value painted into a frame', () => {
    for (const v of [0, 1, 1_795_379_917_022, 2 ** 48 - 1]) {
      paintClockCode(frame, W, v);
      expect(readClockCode(luma(frame))).toBe(v);
    }
  });

  it('survives noise but rejects a frame whose complement does not match', () => {
    paintClockCode(frame, W, 1_795_379_917_022);
    const noisy = frame.map((p, i) => Math.max(0, Math.min(255, p + ((i * 7919) % 61) - 30)));
    expect(readClockCode(luma(noisy))).toBe(1_795_379_917_022);
    const broken = frame.slice();
    broken.fill(128, 0, W * 40); // a grey first row of blocks
    expect(readClockCode(luma(broken))).toBeNull();
  });

  it('is self-contained, so a benchmark can ship it into a page', () => {
    const fn = new Function(`return (${readClockCode.toString()})`)() as typeof readClockCode;
    paintClockCode(frame, W, 123_456_789);
    expect(fn(luma(frame))).toBe(123_456_789);
  });
});
