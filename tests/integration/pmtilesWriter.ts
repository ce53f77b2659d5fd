// A minimal PMTiles v3 writer for tests: uncompressed directory and tiles, one root directory, tiles in id order.
// Enough to prove the centre server serves a local basemap file; real files come from tools like tippecanoe or pmtiles convert.
import { zxyToTileId } from 'pmtiles';

function varint(n: number, out: number[]): void {
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
}

export interface PmTile { z: number; x: number; y: number; data: Uint8Array }

/** tileType: 1 = MVT, 2 = PNG, 3 = JPEG, 4 = WebP. */
export function writePmtiles(tiles: PmTile[], opts: { tileType: number; metadata?: unknown; bounds?: [number, number, number, number] }): Buffer {
  const sorted = tiles.map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), ...t })).sort((a, b) => a.id - b.id);
  const dir: number[] = [];
  varint(sorted.length, dir);
  let last = 0;
  for (const t of sorted) {
    varint(t.id - last, dir);
    last = t.id;
  }
  for (let i = 0; i < sorted.length; i++) varint(1, dir);
  for (const t of sorted) varint(t.data.length, dir);
  let offset = 0;
  for (let i = 0; i < sorted.length; i++) {
    varint(i === 0 ? offset + 1 : 0, dir); // 0 = right after the previous tile
    offset += (sorted[i] as PmTile).data.length;
  }
  const root = Buffer.from(dir);
  const meta = Buffer.from(JSON.stringify(opts.metadata ?? {}));
  const data = Buffer.concat(sorted.map((t) => Buffer.from(t.data)));
  const h = Buffer.alloc(127);
  h.write('PMTiles', 0, 'latin1');
  h.writeUInt8(3, 7);
  const u64 = (pos: number, v: number) => h.writeBigUInt64LE(BigInt(v), pos);
  const rootOff = 127;
  const metaOff = rootOff + root.length;
  const dataOff = metaOff + meta.length;
  u64(8, rootOff); u64(16, root.length);
  u64(24, metaOff); u64(32, meta.length);
  u64(40, dataOff); u64(48, 0);
  u64(56, dataOff); u64(64, data.length);
  u64(72, sorted.length); u64(80, sorted.length); u64(88, sorted.length);
  h.writeUInt8(1, 96); // clustered
  h.writeUInt8(1, 97); // internal compression: none
  h.writeUInt8(1, 98); // tile compression: none
  h.writeUInt8(opts.tileType, 99);
  h.writeUInt8(Math.min(...sorted.map((t) => t.z)), 100);
  h.writeUInt8(Math.max(...sorted.map((t) => t.z)), 101);
  const [w, s, e, n] = opts.bounds ?? [-180, -85, 180, 85];
  h.writeInt32LE(Math.round(w * 1e7), 102); h.writeInt32LE(Math.round(s * 1e7), 106);
  h.writeInt32LE(Math.round(e * 1e7), 110); h.writeInt32LE(Math.round(n * 1e7), 114);
  h.writeUInt8(0, 118); h.writeInt32LE(Math.round(((w + e) / 2) * 1e7), 119); h.writeInt32LE(Math.round(((s + n) / 2) * 1e7), 123);
  return Buffer.concat([h, root, meta, data]);
}
