// The benchmark clock: the wall-clock time (epoch ms) painted into each frame as black and white blocks, which a browser
// reads back from canvas pixels. Blocks survive compression far better than digits survive OCR.
// Layout: a 16 × 6 grid of 40 px blocks at the top-left of a 640-px-wide frame. Rows 0–2 hold the 48 bits of the value
// (bit i at column i % 16, row i / 16; white = 1), rows 3–5 hold its complement, so a misread frame is rejected.

export const CLOCK_BLOCK = 40;
export const CLOCK_COLS = 16;
export const CLOCK_BITS = 48;

/** Paints `value` into an 8-bit grey frame (row stride = width). */
export function paintClockCode(frame: Uint8Array, width: number, value: number): void {
  for (let i = 0; i < CLOCK_BITS * 2; i++) {
    const bitIndex = i % CLOCK_BITS;
    const bit = Math.floor(value / 2 ** bitIndex) % 2;
    const on = i < CLOCK_BITS ? bit === 1 : bit === 0;
    const x0 = (i % CLOCK_COLS) * CLOCK_BLOCK;
    const y0 = Math.floor(i / CLOCK_COLS) * CLOCK_BLOCK;
    for (let y = y0; y < y0 + CLOCK_BLOCK; y++) frame.fill(on ? 235 : 16, y * width + x0, y * width + x0 + CLOCK_BLOCK);
  }
}

/**
 * Reads the value back; `luma(x, y)` returns 0–255 at a pixel of the frame at its native size. Null if the check fails.
 * Self-contained (no outside references) so a benchmark can ship it into a page with Function.prototype.toString.
 */
export function readClockCode(luma: (x: number, y: number) => number): number | null {
  const block = 40;
  const cols = 16;
  const bits = 48;
  const sample = (i: number): number => {
    const cx = (i % cols) * block + block / 2;
    const cy = Math.floor(i / cols) * block + block / 2;
    let sum = 0;
    for (let dy = -6; dy <= 6; dy += 3) for (let dx = -6; dx <= 6; dx += 3) sum += luma(cx + dx, cy + dy);
    return sum / 25 > 128 ? 1 : 0;
  };
  let value = 0;
  for (let i = 0; i < bits; i++) {
    const bit = sample(i);
    if (bit === sample(i + bits)) return null; // the complement must differ
    value += bit * 2 ** i;
  }
  return value;
}
