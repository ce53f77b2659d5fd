import { z } from 'zod';
import { CentreLevel } from './roles.ts';

// The map's wire contract: what the console learns about its area, and the properties of the features the centre
// server serves under /api/map/ (style, boundaries, grids, basemap tiles). Coordinates are WGS-84 [lon, lat].

export const BBoxArray = z.tuple([z.number(), z.number(), z.number(), z.number()]);
/** [minLon, minLat, maxLon, maxLat] */
export type BBoxArray = z.infer<typeof BBoxArray>;

export const BASEMAP_KINDS = ['none', 'xyz', 'pmtiles'] as const;
export const BasemapInfo = z.object({
  /** none: drawn from the centre's own boundaries only; xyz: a tile URL inside the government network (proxied); pmtiles: a local file. */
  kind: z.enum(BASEMAP_KINDS),
  tileType: z.enum(['raster', 'vector']).nullable(),
  attribution: z.string(),
});
export type BasemapInfo = z.infer<typeof BasemapInfo>;

/** GET /api/map/view: where this console's map starts and what it may show. */
export const MapView = z.object({
  centreId: z.number().int(),
  level: CentreLevel,
  name: z.string(),
  /** The user's own area (the whole county for the county centre). */
  bounds: BBoxArray,
  /** Absolute URL of the style JSON (boundaries, grids, labels and the basemap). */
  styleUrl: z.string(),
  /** "Nearest cameras" around an incident: how far to look and how many to offer. */
  nearestCameras: z.object({ radiusM: z.number().positive(), count: z.number().int().positive() }),
  basemap: BasemapInfo,
});
export type MapView = z.infer<typeof MapView>;

/** Properties of an area feature (county / township / village polygon, or its label point). */
export const AreaProps = z.object({
  id: z.number().int(),
  level: CentreLevel,
  code: z.string(),
  name: z.string(),
  parentId: z.number().int().nullable(),
});
export type AreaProps = z.infer<typeof AreaProps>;

/** Properties of a grid (网格) polygon or its label point. */
export const GridProps = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  villageId: z.number().int(),
  villageName: z.string(),
  townshipId: z.number().int().nullable(),
  memberName: z.string().nullable(),
  memberPhone: z.string().nullable(),
});
export type GridProps = z.infer<typeof GridProps>;

/** The map source and layer ids the server's style defines (the console adds its live layers on top). */
export const MAP_SOURCES = { areas: 'zz-areas', grids: 'zz-grids', basemap: 'zz-basemap' } as const;
