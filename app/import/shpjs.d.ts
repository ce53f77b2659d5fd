// shpjs ships no types; only the two parsers the county import uses.
declare module 'shpjs' {
  /** Shapes of a .shp file as GeoJSON geometries (reprojected only when a proj4 converter is passed). */
  export function parseShp(shp: Uint8Array | ArrayBuffer, prj?: unknown): unknown[];
  /** Records of a .dbf file; the .cpg text names its encoding (GBK and friends). */
  export function parseDbf(dbf: Uint8Array | ArrayBuffer, cpg?: string | Uint8Array): Record<string, unknown>[];
}
