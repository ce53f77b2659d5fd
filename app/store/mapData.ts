// Boundaries and grids for the map, read from the centres and grids tables, scoped to what a centre may see.
import type { CentreLevel } from '../../protocol/index.ts';
import type { AreaProps, BBoxArray, GridProps } from '../../protocol/map.ts';
import { bboxOfRings, featuresWithLabels, outerRing, type AreaCollection, type GridCollection } from '../domain/mapStyle.ts';
import type { Ring } from '../domain/geo.ts';
import type { Db } from './db.ts';

interface CentreRow { id: number; parent_id: number | null; level: CentreLevel; code: string; name: string; boundary: string | null }
interface GridRow {
  id: number; code: string; name: string; boundary: string; village_id: number; village_name: string; township_id: number | null;
  member_id: number | null; member_name: string | null; member_phone: string | null;
}

/**
 * A township sees itself and its villages; a village itself; the county (and a department stationed there) everything.
 * A grid member (memberId) sees only their own grid. Grid members' phones only when `phones` (county and township staff).
 */
export interface MapScope { centreId: number; level: CentreLevel; memberId?: number; phones?: boolean }

export interface ScopedMap {
  version: string;
  name: string;
  bounds: BBoxArray | null;
  areas: AreaCollection;
  grids: GridCollection;
}

export function createMapData(db: Db) {
  // Retired units (gone from a re-import) are off the map, like retired grids.
  const centres = db.prepare<[], CentreRow>('SELECT id, parent_id, level, code, name, boundary FROM centres WHERE retired_at IS NULL ORDER BY id');
  const grids = db.prepare<[], GridRow>(
    `SELECT g.id, g.code, g.name, g.boundary, g.village_id, v.name AS village_name, v.parent_id AS township_id, g.member_id, u.name AS member_name, u.phone AS member_phone
     FROM grids g JOIN centres v ON v.id = g.village_id LEFT JOIN users u ON u.id = g.member_id WHERE g.retired_at IS NULL ORDER BY g.id`,
  );
  // Cheap fingerprint of everything the map shows: a changed boundary, name or grid member gives a new version.
  const signature = db.prepare<[], { sig: string }>(
    `SELECT (SELECT count(*) || ':' || total(length(boundary)) || ':' || total(id * length(name)) || ':' || count(retired_at) FROM centres) || '/' ||
            (SELECT count(*) || ':' || total(length(boundary)) || ':' || total(id * coalesce(member_id, 0)) || ':' || count(retired_at) FROM grids) || '/' ||
            (SELECT total(id * length(name)) FROM users WHERE role = 'gridMember') AS sig`,
  );

  let cache: { sig: string; checkedAt: number; byScope: Map<string, ScopedMap> } | null = null;

  const build = (scope: MapScope, version: string): ScopedMap => {
    const all = centres.all();
    const inScope = (c: CentreRow): boolean =>
      scope.level === 'county' || scope.level === 'department' || c.id === scope.centreId || (scope.level === 'township' && c.parent_id === scope.centreId);
    const areaItems: { props: AreaProps; ring: Ring }[] = [];
    for (const c of all) {
      if (!inScope(c)) continue;
      const ring = outerRing(c.boundary);
      if (ring) areaItems.push({ props: { id: c.id, level: c.level, code: c.code, name: c.name, parentId: c.parent_id }, ring });
    }
    const villages = new Set(all.filter((c) => c.level === 'village' && inScope(c)).map((c) => c.id));
    const gridItems: { props: GridProps; ring: Ring }[] = [];
    for (const g of grids.all()) {
      if (!villages.has(g.village_id)) continue;
      if (scope.memberId !== undefined && g.member_id !== scope.memberId) continue;
      const ring = outerRing(g.boundary);
      if (!ring) continue;
      gridItems.push({
        props: {
          id: g.id, code: g.code, name: g.name, villageId: g.village_id, villageName: g.village_name, townshipId: g.township_id,
          memberName: g.member_name, memberPhone: scope.phones ? g.member_phone : null,
        },
        ring,
      });
    }
    const own = areaItems.find((a) => a.props.id === scope.centreId);
    const bounds = scope.memberId !== undefined ? bboxOfRings(gridItems.map((g) => g.ring)) : bboxOfRings(own ? [own.ring] : areaItems.map((a) => a.ring));
    const name = all.find((c) => c.id === scope.centreId)?.name ?? '';
    return { version, name, bounds, areas: featuresWithLabels(areaItems), grids: featuresWithLabels(gridItems) };
  };

  return {
    /** The scoped boundaries and grids, rebuilt only when the underlying rows changed (checked at most every few seconds). */
    forScope(scope: MapScope, now: number): ScopedMap {
      if (!cache || now - cache.checkedAt > 5000) {
        const sig = signature.get()?.sig ?? '';
        if (!cache || cache.sig !== sig) cache = { sig, checkedAt: now, byScope: new Map() };
        else cache.checkedAt = now;
      }
      const key = `${scope.level}:${scope.centreId}:${scope.memberId ?? ''}:${scope.phones ? 'phones' : ''}`;
      let hit = cache.byScope.get(key);
      if (!hit) {
        hit = build(scope, versionOf(cache.sig));
        cache.byScope.set(key, hit);
      }
      return hit;
    },
  };
}
export type MapData = ReturnType<typeof createMapData>;

/** A short, stable tag for a signature (FNV-1a), used in URLs and ETags. */
function versionOf(sig: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < sig.length; i++) {
    h ^= sig.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
