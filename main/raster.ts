// A very small RGBA canvas with a PNG encoder: draws the app icon (scripts/make-icons.ts) and the Windows taskbar
// overlay with the unacknowledged count (main/attention.ts), with no image library and no files to download.
import { deflateSync } from 'node:zlib';

export type Rgba = readonly [number, number, number, number];
type Point = readonly [number, number];

export class Canvas {
  readonly data: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8Array(width * height * 4);
  }

  /** Source-over blend of one pixel with coverage 0..1. */
  blend(x: number, y: number, c: Rgba, coverage = 1): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || coverage <= 0) return;
    const i = (y * this.width + x) * 4;
    const a = (c[3] / 255) * Math.min(1, coverage);
    const d = this.data;
    const da = d[i + 3]! / 255;
    const oa = a + da * (1 - a);
    if (oa === 0) return;
    for (let k = 0; k < 3; k++) d[i + k] = Math.round((c[k]! * a + d[i + k]! * da * (1 - a)) / oa);
    d[i + 3] = Math.round(oa * 255);
  }

  /** Fill where inside(x, y) holds, antialiased with 4×4 samples per pixel. */
  fill(inside: (x: number, y: number) => boolean, c: Rgba, box: { x0: number; y0: number; x1: number; y1: number } = { x0: 0, y0: 0, x1: this.width, y1: this.height }): void {
    const n = 4;
    for (let y = Math.max(0, Math.floor(box.y0)); y < Math.min(this.height, Math.ceil(box.y1)); y++) {
      for (let x = Math.max(0, Math.floor(box.x0)); x < Math.min(this.width, Math.ceil(box.x1)); x++) {
        let hits = 0;
        for (let sy = 0; sy < n; sy++) for (let sx = 0; sx < n; sx++) if (inside(x + (sx + 0.5) / n, y + (sy + 0.5) / n)) hits++;
        if (hits) this.blend(x, y, c, hits / (n * n));
      }
    }
  }

  circle(cx: number, cy: number, r: number, c: Rgba): void {
    this.fill((x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r, c, { x0: cx - r - 1, y0: cy - r - 1, x1: cx + r + 1, y1: cy + r + 1 });
  }

  roundedRect(x0: number, y0: number, w: number, h: number, r: number, c: Rgba): void {
    const inside = (x: number, y: number) => {
      if (x < x0 || y < y0 || x > x0 + w || y > y0 + h) return false;
      const dx = Math.max(x0 + r - x, 0, x - (x0 + w - r));
      const dy = Math.max(y0 + r - y, 0, y - (y0 + h - r));
      return dx * dx + dy * dy <= r * r;
    };
    this.fill(inside, c, { x0, y0, x1: x0 + w + 1, y1: y0 + h + 1 });
  }

  polygon(points: readonly Point[], c: Rgba): void {
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    this.fill((x, y) => insidePolygon(points, x, y), c, { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs) + 1, y1: Math.max(...ys) + 1 });
  }

  /** Text in the built-in 5×7 font (digits and '+'), each font pixel `scale` canvas pixels, centred on (cx, cy). */
  text(s: string, cx: number, cy: number, scale: number, c: Rgba): void {
    const glyphs = [...s].map((ch) => FONT[ch] ?? FONT[' ']!);
    const w = (glyphs.length * 6 - 1) * scale;
    const x0 = Math.round(cx - w / 2); // whole pixels: crisp strokes
    const y0 = Math.round(cy - (7 * scale) / 2);
    glyphs.forEach((g, gi) => {
      g.forEach((row, ry) => {
        for (let rx = 0; rx < 5; rx++) {
          if (row[rx] !== '#') continue;
          const px = x0 + (gi * 6 + rx) * scale;
          const py = y0 + ry * scale;
          this.fill((x, y) => x >= px && x < px + scale && y >= py && y < py + scale, c, { x0: px, y0: py, x1: px + scale + 1, y1: py + scale + 1 });
        }
      });
    });
  }

  toPng(): Buffer {
    return encodePng(this.width, this.height, this.data);
  }
}

function insidePolygon(pts: readonly Point[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i]!;
    const [xj, yj] = pts[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** A five-pointed star's outline. */
export function star(cx: number, cy: number, outer: number, inner: number): Point[] {
  const pts: Point[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 ? inner : outer;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    pts.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  return pts;
}

const FONT: Record<string, string[]> = {
  '0': [' ### ', '#   #', '#  ##', '# # #', '##  #', '#   #', ' ### '],
  '1': ['  #  ', ' ##  ', '  #  ', '  #  ', '  #  ', '  #  ', ' ### '],
  '2': [' ### ', '#   #', '    #', '   # ', '  #  ', ' #   ', '#####'],
  '3': ['#####', '   # ', '  #  ', '   # ', '    #', '#   #', ' ### '],
  '4': ['   # ', '  ## ', ' # # ', '#  # ', '#####', '   # ', '   # '],
  '5': ['#####', '#    ', '#### ', '    #', '    #', '#   #', ' ### '],
  '6': ['  ## ', ' #   ', '#    ', '#### ', '#   #', '#   #', ' ### '],
  '7': ['#####', '    #', '   # ', '  #  ', ' #   ', ' #   ', ' #   '],
  '8': [' ### ', '#   #', '#   #', ' ### ', '#   #', '#   #', ' ### '],
  '9': [' ### ', '#   #', '#   #', ' ####', '    #', '   # ', ' ##  '],
  '+': ['     ', '  #  ', '  #  ', '#####', '  #  ', '  #  ', '     '],
  ' ': ['     ', '     ', '     ', '     ', '     ', '     ', '     '],
};

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** 8-bit RGBA, non-interlaced PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))]);
}

/** The app icon: a red disc with a white star on a navy rounded square, with a gold ring. */
export function drawAppIcon(size: number): Canvas {
  const c = new Canvas(size, size);
  const s = size / 512;
  c.roundedRect(16 * s, 16 * s, 480 * s, 480 * s, 96 * s, [12, 35, 74, 255]);
  c.circle(256 * s, 256 * s, 188 * s, [232, 184, 74, 255]);
  c.circle(256 * s, 256 * s, 168 * s, [200, 16, 46, 255]);
  c.polygon(star(256 * s, 266 * s, 124 * s, 50 * s), [255, 255, 255, 255]);
  return c;
}

/** The Windows taskbar overlay: the count in white on a red disc ("99+" above 99). */
export function drawCountBadge(count: number, size = 32): Canvas {
  const c = new Canvas(size, size);
  const label = count > 99 ? '99+' : String(count);
  c.circle(size / 2, size / 2, size / 2 - 0.5, [214, 40, 40, 255]);
  const scale = Math.max(1, Math.floor((size * 0.8) / ((label.length * 6 - 1) || 1)));
  c.text(label, size / 2, size / 2, Math.min(scale, Math.floor(size / 10)), [255, 255, 255, 255]);
  return c;
}
