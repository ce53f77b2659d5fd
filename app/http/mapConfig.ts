import { z } from 'zod';

// The map's settings (config.json → "map"). The default basemap is drawn from the centre's own boundaries; a real one
// is either a tile URL inside the government network (fetched by the centre server, so consoles only ever talk to it)
// or a local PMTiles file.

const zoom = z.number().int().min(0).max(24);

export const BasemapConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('xyz'),
    /**
     * A tile URL template with {z}, {x} and {y} ({-y} for TMS rows), e.g. a 天地图 WMTS KVP request inside 政务外网:
     * `http://10.1.2.3/img_w/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=img&TILEMATRIXSET=w&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}`.
     */
    url: z.string().regex(/^https?:\/\//, 'http(s) URL').refine((u) => u.includes('{z}') && u.includes('{x}') && (u.includes('{y}') || u.includes('{-y}')), 'needs {z}, {x} and {y}'),
    tileType: z.enum(['raster', 'vector']).default('raster'),
    tileSize: z.number().int().min(64).max(1024).default(256),
    minzoom: zoom.default(0),
    maxzoom: zoom.default(18),
    /** For vector tiles: the source layers to draw (a plain, muted style is generated for them). */
    vectorLayers: z.array(z.string().min(1)).default([]),
    attribution: z.string().max(200).default(''),
    /** Extra request headers for the upstream (e.g. a key the tile server wants); never sent to consoles. */
    headers: z.record(z.string(), z.string()).default({}),
  }),
  z.object({
    kind: z.literal('pmtiles'),
    /** Path to a .pmtiles file (relative paths are resolved against the data directory). Raster or vector is read from its header. */
    file: z.string().min(1),
    attribution: z.string().max(200).default(''),
  }),
]);
export type BasemapConfig = z.output<typeof BasemapConfig>;

export const MapConfig = z.object({
  basemap: BasemapConfig.default({ kind: 'none' }),
  /** Cameras offered for an incident: within this distance, nearest first. */
  nearestCameraRadiusM: z.number().positive().max(50_000).default(1000),
  nearestCameraCount: z.number().int().min(1).max(36).default(4),
});
export type MapConfig = z.output<typeof MapConfig>;
export type MapConfigInput = z.input<typeof MapConfig>;
