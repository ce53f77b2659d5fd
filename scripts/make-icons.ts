// `npm run icons`: draws the app icon (main/raster.ts) into build/ for electron-builder — no image tools, no downloads.
//   build/icon.png            512×512 (Linux, and the source for any platform electron-builder converts)
//   build/icons/NxN.png       the Linux icon set (AppImage, deb)
//   build/icon.ico            Windows (NSIS installer and the .exe), PNG-compressed entries 16…256
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { drawAppIcon } from '../main/raster.ts';

const out = resolve(import.meta.dirname, '../build');
mkdirSync(resolve(out, 'icons'), { recursive: true });

const png = (size: number) => drawAppIcon(size).toPng();
writeFileSync(resolve(out, 'icon.png'), png(512));
for (const size of [16, 32, 48, 64, 128, 256, 512]) writeFileSync(resolve(out, 'icons', `${size}x${size}.png`), png(size));

/** ICO with PNG entries (Windows Vista and later read them). */
function ico(sizes: number[]): Buffer {
  const images = sizes.map((s) => ({ size: s, data: png(s) }));
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, data }) => {
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size; // 0 means 256
    e[1] = size >= 256 ? 0 : size;
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)]);
}
writeFileSync(resolve(out, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256]));
console.log(`icons written to ${out}`);
