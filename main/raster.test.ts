import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, drawAppIcon, drawCountBadge, encodePng } from './raster.ts';

function decode(png: Buffer) {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let off = 8;
  const chunks: { type: string; data: Buffer }[] = [];
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('ascii', off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    expect(png.readUInt32BE(off + 8 + len)).toBe(crc32(png.subarray(off + 4, off + 8 + len)));
    chunks.push({ type, data });
    off += 12 + len;
  }
  const ihdr = chunks[0]!.data;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const px = (x: number, y: number) => [...raw.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 1 + x * 4 + 4)];
  return { types: chunks.map((c) => c.type), width, height, px };
}

describe('raster', () => {
  it('crc32 matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('encodes a valid RGBA PNG', () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 128]);
    const png = decode(encodePng(2, 1, rgba));
    expect(png.types).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect([png.width, png.height]).toEqual([2, 1]);
    expect(png.px(0, 0)).toEqual([255, 0, 0, 255]);
    expect(png.px(1, 0)).toEqual([0, 255, 0, 128]);
  });

  it('draws the app icon: transparent corners, white star in the middle, red disc around it', () => {
    const icon = decode(drawAppIcon(256).toPng());
    expect(icon.px(0, 0)[3]).toBe(0);
    expect(icon.px(128, 128)).toEqual([255, 255, 255, 255]);
    expect(icon.px(128, 205)).toEqual([200, 16, 46, 255]);
  });

  it('draws the count badge with white digits on red, different for different counts', () => {
    const three = drawCountBadge(3);
    const many = drawCountBadge(150);
    const white = (c: ReturnType<typeof drawCountBadge>) => {
      let n = 0;
      for (let i = 0; i < c.data.length; i += 4) if (c.data[i] === 255 && c.data[i + 1] === 255 && c.data[i + 2] === 255) n++;
      return n;
    };
    expect(white(three)).toBeGreaterThan(20);
    expect(white(many)).toBeGreaterThan(10);
    expect(Buffer.compare(three.toPng(), drawCountBadge(4).toPng())).not.toBe(0);
    expect(decode(three.toPng()).px(2, 16)[0]).toBe(214);
  });
});
