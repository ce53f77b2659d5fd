// A real basemap behind the centre server: consoles ask /api/map/basemap/{z}/{x}/{y} and never talk to another host.
// Either a tile server inside the government network (fetched and cached here) or a local PMTiles file.
import { open, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles';
import type { BasemapInfo } from '../../protocol/map.ts';
import type { BasemapConfig } from './mapConfig.ts';

export interface Tile { data: Uint8Array; contentType: string }

export interface Basemap {
  info(): Promise<BasemapInfo & { minzoom: number; maxzoom: number; tileSize: number; vectorLayers: string[] }>;
  /** The tile, or null when there is none at that address (the map shows the background there). */
  tile(z: number, x: number, y: number): Promise<Tile | null>;
  close(): Promise<void>;
}

/** Reads byte ranges of a local .pmtiles file. */
class LocalFileSource implements Source {
  private handle: Promise<FileHandle>;
  constructor(private readonly path: string) {
    this.handle = open(path, 'r');
  }
  getKey(): string {
    return this.path;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const fh = await this.handle;
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, offset);
    return { data: buf.buffer.slice(buf.byteOffset, buf.byteOffset + bytesRead) as ArrayBuffer };
  }
  async close(): Promise<void> {
    await (await this.handle.catch(() => null))?.close();
  }
}

const MIME: Partial<Record<TileType, string>> = {
  [TileType.Mvt]: 'application/vnd.mapbox-vector-tile',
  [TileType.Png]: 'image/png',
  [TileType.Jpeg]: 'image/jpeg',
  [TileType.Webp]: 'image/webp',
  [TileType.Avif]: 'image/avif',
};

/** Fills a tile URL template; {-y} is the TMS row. */
export function tileUrl(template: string, z: number, x: number, y: number): string {
  return template
    .replaceAll('{z}', String(z))
    .replaceAll('{x}', String(x))
    .replaceAll('{-y}', String((1 << z) - 1 - y))
    .replaceAll('{y}', String(y));
}

export function createBasemap(config: BasemapConfig, dataDir: string, fetchImpl: typeof fetch = fetch): Basemap | null {
  if (config.kind === 'none') return null;

  if (config.kind === 'pmtiles') {
    const source = new LocalFileSource(isAbsolute(config.file) ? config.file : join(dataDir, config.file));
    const archive = new PMTiles(source);
    let layers: Promise<string[]> | null = null;
    const vectorLayers = (): Promise<string[]> =>
      (layers ??= archive
        .getMetadata()
        .then((m) => ((m as { vector_layers?: { id?: unknown }[] }).vector_layers ?? []).map((l) => l.id).filter((id): id is string => typeof id === 'string'))
        .catch(() => []));
    return {
      async info() {
        const h = await archive.getHeader();
        const vector = h.tileType === TileType.Mvt;
        return {
          kind: 'pmtiles', tileType: vector ? 'vector' : 'raster', attribution: config.attribution,
          minzoom: h.minZoom, maxzoom: h.maxZoom, tileSize: vector ? 512 : 256, vectorLayers: vector ? await vectorLayers() : [],
        };
      },
      async tile(z, x, y) {
        const h = await archive.getHeader();
        const t = await archive.getZxy(z, x, y);
        if (!t) return null;
        return { data: new Uint8Array(t.data), contentType: MIME[h.tileType as TileType] ?? 'application/octet-stream' };
      },
      close: () => source.close(),
    };
  }

  // A tile server inside 政务外网: fetched here (with any headers it needs), kept in a small memory cache.
  const cache = new Map<string, Tile>();
  const CACHE_MAX = 2000;
  return {
    async info() {
      return {
        kind: 'xyz', tileType: config.tileType, attribution: config.attribution,
        minzoom: config.minzoom, maxzoom: config.maxzoom, tileSize: config.tileSize, vectorLayers: config.vectorLayers,
      };
    },
    async tile(z, x, y) {
      if (z < config.minzoom || z > config.maxzoom) return null;
      const key = `${z}/${x}/${y}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const res = await fetchImpl(tileUrl(config.url, z, x, y), { headers: config.headers, signal: AbortSignal.timeout(10_000) });
      if (res.status === 404 || res.status === 204) return null;
      if (!res.ok) throw new Error(`basemap upstream answered ${res.status}`);
      const tile = {
        data: new Uint8Array(await res.arrayBuffer()),
        contentType: res.headers.get('content-type') ?? (config.tileType === 'vector' ? 'application/vnd.mapbox-vector-tile' : 'image/png'),
      };
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
      cache.set(key, tile);
      return tile;
    },
    async close() {
      cache.clear();
    },
  };
}
