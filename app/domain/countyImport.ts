// County import, the checking half: boundary features and people rows (already read from their files) become a plan
// of areas, grids and people in WGS-84, or a list of problems, each naming its file and feature or row. Nothing here
// writes; the store applies a plan only when this list is empty.
import { area } from '@turf/area';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { CentreLevel, Role, Stationing } from '../../protocol/index.ts';
import type { CoordinateSystem, ImportProblem, ImportProblemCode } from '../../protocol/countyImport.ts';
import gcoord from 'gcoord';
import { outside, overlaps, shapeOf, type Shape } from './boundaryScreen.ts';
import { gcjToWgsInPlace } from './gcj02.ts';

export type Area = Polygon | MultiPolygon;
export type ImportLevel = CentreLevel | 'grid';

export interface GeoSource {
  file: string;
  /** As declared by the file (GeoJSON crs, shapefile .prj) or by the operator; null when nobody said. */
  crs: CoordinateSystem | null;
  features: { properties: Record<string, unknown> | null; geometry: unknown }[];
}
/**
 * A table's rows keyed by header; `line` is the spreadsheet line (the header is line 1). A table with a 驻中心方式
 * (stationing) column lists departments stationed at the centre; any other table lists people.
 */
export interface PeopleSource { file: string; rows: { line: number; values: Record<string, string> }[] }

/** What the centre already has, for people pointing at units or grids not in this import, and for re-imports. */
export interface Existing {
  countyCode: string | null;
  /** The county row made at first run, before any import named it: the first import takes it over. */
  countyIsPlaceholder: boolean;
  /** Live (not retired) units by code. */
  units: Map<string, { level: CentreLevel; boundary: Area | null; name: string; parentCode: string | null; accounts?: number }>;
  /** Active (not retired) grids by code. */
  grids: Map<string, { villageCode: string }>;
}

/** A county, township, village (with a boundary) or a department stationed at the centre (without one). */
export interface PlannedArea { level: CentreLevel; code: string; name: string; parentCode: string | null; boundary: Area | null; stationing: Stationing | null }
export interface PlannedGrid { code: string; name: string; villageCode: string; boundary: Area }
export interface PlannedPerson { name: string; phone: string; role: Role; unitCode: string; gridCode: string | null }
export interface ImportPlan {
  /** Levels present in the files replace those levels; absent levels are left as they are. */
  levels: Set<ImportLevel>;
  areas: PlannedArea[];
  grids: PlannedGrid[];
  people: PlannedPerson[];
  /**
   * Live units the files no longer have, for levels the files bring (and villages of a retired township): retired, not
   * deleted — history keeps pointing at them, but they stop being targets. Their grids are retired with them.
   */
  retire: { level: CentreLevel; code: string; name: string; accounts: number }[];
}

/** Header and property names as counties write them, in Chinese or English (matched case-insensitively). */
const KEYS = {
  code: ['code', 'gridcode', '代码', '编码', '区划代码', '统计用区划代码', '网格编码', '网格代码'],
  name: ['name', '名称', '区划名称', '网格名称', '姓名'],
  level: ['level', '层级', '级别'],
  village: ['village', 'villagecode', '村社区代码', '所属村社区', '所属村(社区)代码'],
  phone: ['phone', 'mobile', '手机', '手机号', '手机号码', '电话', '联系电话'],
  role: ['role', '角色', '岗位'],
  unit: ['unit', 'unitcode', '单位', '单位代码', '所属单位', '所属单位代码'],
  grid: ['grid', 'gridcode', '网格', '网格编码', '网格代码', '所属网格'],
  stationing: ['stationing', '驻中心方式', '进驻方式', '入驻方式'],
} as const;

const STATIONING_WORDS: Record<string, Stationing> = {
  常驻: 'resident', resident: 'resident', 轮驻: 'rotating', rotating: 'rotating', 随驻: 'onCall', oncall: 'onCall', 'on-call': 'onCall',
};

const LEVEL_WORDS: Record<string, ImportLevel> = {
  county: 'county', 县: 'county', 区县: 'county', township: 'township', 乡镇: 'township', 乡: 'township', 镇: 'township', 街道: 'township',
  village: 'village', 村: 'village', 社区: 'village', 村社区: 'village', '村(社区)': 'village', grid: 'grid', 网格: 'grid',
  department: 'department', 部门: 'department', 驻中心部门: 'department',
};

/** 统计用区划代码: 6 digits of county, 3 of township, 3 of village. */
const AREA_CODE = /^\d{12}$/;
const GRID_CODE = /^[0-9A-Za-z-]{4,32}$/;
/** A department's code is the county's own (an organisation code, or the county code and a suffix). */
const DEPARTMENT_CODE = /^[0-9A-Za-z-]{2,32}$/;
const PHONE = /^1\d{10}$/;
/** Mainland China with a margin: a point outside is a swapped axis, a projected coordinate or a typo. */
const CHINA = { minLon: 73, maxLon: 136, minLat: 3, maxLat: 54 };

export function levelOfAreaCode(code: string): CentreLevel {
  if (code.endsWith('000000')) return 'county';
  return code.endsWith('000') ? 'township' : 'village';
}
function parentOfAreaCode(code: string, level: CentreLevel): string | null {
  if (level === 'county') return null;
  return level === 'township' ? `${code.slice(0, 6)}000000` : `${code.slice(0, 9)}000`;
}

function pick(record: Record<string, unknown> | null, names: readonly string[]): string {
  if (!record) return '';
  // for…in, not Object.entries: this runs a few times for every feature and row (no pair arrays to collect).
  for (const k in record) {
    const v = record[k];
    if (v !== null && v !== undefined && names.includes(k.trim().toLowerCase())) return String(v).trim();
  }
  return '';
}

/**
 * Validates one boundary and converts it to WGS-84 **in place**: the features are the reader's freshly parsed objects
 * and nothing else holds them, so the 425,000 points of a county are not copied (a copy was a fifth of the check's
 * time, most of it the garbage collector's). A message when it is not a usable polygon.
 */
export function normaliseBoundary(geometry: unknown, crs: CoordinateSystem): { ok: true; boundary: Area } | { ok: false; detail: string } {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return { ok: false, detail: `type ${String(g?.type ?? 'none')}` };
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown;
  if (!Array.isArray(polygons) || polygons.length === 0) return { ok: false, detail: 'no polygons' };
  for (const rings of polygons as unknown[]) {
    if (!Array.isArray(rings) || rings.length === 0) return { ok: false, detail: 'empty polygon' };
    for (const ring of rings as unknown[]) {
      if (!Array.isArray(ring) || ring.length < 4) return { ok: false, detail: 'a ring has fewer than 4 points' };
      for (const p of ring as unknown[]) {
        if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return { ok: false, detail: 'a point is not a number pair' };
      }
      const [a, b] = [ring[0] as number[], ring[ring.length - 1] as number[]];
      if (a[0] !== b[0] || a[1] !== b[1]) return { ok: false, detail: 'a ring is not closed' };
      // A reader that closes a ring with the first point's own array would have it converted twice.
      if (a === b) ring[ring.length - 1] = [...a];
    }
  }
  const parts = polygons as Position[][][];
  const boundary: Area = parts.length === 1 ? { type: 'Polygon', coordinates: parts[0] as Position[][] } : { type: 'MultiPolygon', coordinates: parts };
  // GCJ-02 ring by ring, each point starting from its neighbour's offset (gcj02.ts); BD-09 (rare in county files) with
  // one gcoord call per boundary.
  if (crs === 'gcj02') for (const rings of parts) for (const ring of rings) gcjToWgsInPlace(ring);
  if (crs === 'bd09') gcoord.transform(boundary as Parameters<typeof gcoord.transform>[0], gcoord.BD09, gcoord.WGS84);
  for (const rings of parts) {
    for (const ring of rings) {
      for (const p of ring) {
        const lon = p[0] as number;
        const lat = p[1] as number;
        if (lon < CHINA.minLon || lon > CHINA.maxLon || lat < CHINA.minLat || lat > CHINA.maxLat) return { ok: false, detail: `point ${lon.toFixed(5)},${lat.toFixed(5)} is outside China` };
        p[0] = round7(lon);
        p[1] = round7(lat);
        if (p.length > 2) p.length = 2; // a height is not kept
      }
    }
  }
  if (!(area(boundary) > 1)) return { ok: false, detail: 'zero area' };
  return { ok: true, boundary };
}

// ~1 cm: keeps converted shared edges identical and the stored GeoJSON short.
function round7(n: number): number {
  return Math.round(n * 1e7) / 1e7;
}

/** A role word from a people file, resolved against the level of the person's unit. */
function roleFor(word: string, level: CentreLevel): Role | null {
  const w = word.trim().toLowerCase();
  const operator: Role = { county: 'dutyOfficer', township: 'townshipOperator', village: 'villageOperator', department: 'departmentOperator' }[level] as Role;
  const table: Record<string, Role | 'operator'> = {
    网格员: 'gridMember', gridmember: 'gridMember', 值班员: 'operator', 县值班员: 'dutyOfficer', 乡镇值班员: 'townshipOperator', 村值班员: 'villageOperator', operator: 'operator', 操作员: 'operator',
    dutyofficer: 'dutyOfficer', townshipoperator: 'townshipOperator', villageoperator: 'villageOperator',
    部门值班员: 'departmentOperator', 驻中心值班员: 'departmentOperator', 部门联络员: 'departmentOperator', departmentoperator: 'departmentOperator',
    指挥长: 'commander', commander: 'commander', 系统管理员: 'admin', 管理员: 'admin', admin: 'admin',
  };
  const r = table[w];
  if (!r) return null;
  const role = r === 'operator' ? operator : r;
  const fits: Record<Role, CentreLevel> = {
    dutyOfficer: 'county', commander: 'county', admin: 'county', townshipOperator: 'township', villageOperator: 'village', gridMember: 'village',
    departmentOperator: 'department',
  };
  return fits[role] === level ? role : null;
}

export function checkCountyImport(geo: readonly GeoSource[], people: readonly PeopleSource[], existing: Existing): { problems: ImportProblem[]; plan: ImportPlan } {
  const problems: ImportProblem[] = [];
  const flag = (file: string, kind: ImportProblem['kind'], n: number | null, code: ImportProblemCode, detail = ''): void => {
    problems.push({ file, kind, n, code, detail });
  };
  const plan: ImportPlan = { levels: new Set(), areas: [], grids: [], people: [], retire: [] };
  type Where = { file: string; n: number; seq: number };
  let seq = 0;
  const areas = new Map<string, PlannedArea & Where>();
  const grids = new Map<string, PlannedGrid & Where>();

  // 1. Each feature on its own: level, code, name, geometry.
  for (const src of geo) {
    if (!src.crs) {
      flag(src.file, 'file', null, 'CRS_MISSING');
      continue;
    }
    src.features.forEach((f, i) => {
      const n = i + 1;
      const code = pick(f.properties, KEYS.code);
      const name = pick(f.properties, KEYS.name);
      const levelWord = pick(f.properties, KEYS.level).toLowerCase();
      const declared = levelWord ? LEVEL_WORDS[levelWord] : undefined;
      if (declared === 'department') return department(src.file, 'feature', n, f.properties);
      if (!code) return flag(src.file, 'feature', n, 'CODE_MISSING', name);
      const level: ImportLevel = declared ?? (AREA_CODE.test(code) ? levelOfAreaCode(code) : 'grid');
      if (level === 'grid' ? !GRID_CODE.test(code) : !AREA_CODE.test(code)) return flag(src.file, 'feature', n, 'CODE_MALFORMED', code);
      if (!name) return flag(src.file, 'feature', n, 'NAME_MISSING', code);
      const shape = normaliseBoundary(f.geometry, src.crs as CoordinateSystem);
      if (!shape.ok) return flag(src.file, 'feature', n, 'GEOMETRY_INVALID', `${code}: ${shape.detail}`);
      plan.levels.add(level);
      if (level === 'grid') {
        const villageCode = pick(f.properties, KEYS.village) || code.slice(0, 12);
        const prior = grids.get(code);
        if (prior) return flag(src.file, 'feature', n, 'CODE_DUPLICATE', `${code} = ${prior.file} #${prior.n}`);
        grids.set(code, { code, name, villageCode, boundary: shape.boundary, file: src.file, n, seq: seq++ });
      } else {
        const prior = areas.get(code);
        if (prior) return flag(src.file, 'feature', n, 'CODE_DUPLICATE', `${code} = ${prior.file} #${prior.n}`);
        areas.set(code, { level, code, name, parentCode: parentOfAreaCode(code, level), boundary: shape.boundary, stationing: null, file: src.file, n, seq: seq++ });
      }
    });
  }
  // Departments: rows of a table with a stationing column (or features with level 部门); they sit under the county.
  function department(file: string, kind: 'row' | 'feature', n: number, values: Record<string, unknown> | null): void {
    const code = pick(values, KEYS.code);
    const name = pick(values, KEYS.name);
    if (!code) return flag(file, kind, n, 'CODE_MISSING', name);
    if (!DEPARTMENT_CODE.test(code)) return flag(file, kind, n, 'CODE_MALFORMED', code);
    if (!name) return flag(file, kind, n, 'NAME_MISSING', code);
    const word = pick(values, KEYS.stationing);
    const stationing = STATIONING_WORDS[word.toLowerCase()];
    if (!stationing) return flag(file, kind, n, 'STATIONING_UNKNOWN', `${code}: ${word}`);
    const prior = areas.get(code);
    if (prior) return flag(file, kind, n, 'CODE_DUPLICATE', `${code} = ${prior.file} #${prior.n}`);
    plan.levels.add('department');
    areas.set(code, { level: 'department', code, name, parentCode: null, boundary: null, stationing, file, n, seq: seq++ });
  }
  const isDepartmentTable = (src: PeopleSource) => src.rows.some((r) => Object.keys(r.values).some((k) => (KEYS.stationing as readonly string[]).includes(k.trim().toLowerCase())));
  const departmentTables = new Set(people.filter(isDepartmentTable));
  for (const src of departmentTables) for (const { line, values } of src.rows) department(src.file, 'row', line, values);
  const countyCode = [...areas.values()].find((a) => a.level === 'county')?.code ?? existing.countyCode;
  for (const a of areas.values()) if (a.level === 'department') a.parentCode = countyCode;

  // Units of the levels the files bring that the files no longer have are retired; so are villages of a retired
  // township that the files do not bring again (they would hang under a unit that is gone).
  const retiring = new Set<string>();
  for (const [code, u] of existing.units) {
    if (u.level !== 'county' && plan.levels.has(u.level) && !areas.has(code)) retiring.add(code);
  }
  for (const [code, u] of existing.units) {
    if (u.level === 'village' && !areas.has(code) && u.parentCode !== null && retiring.has(u.parentCode)) retiring.add(code);
  }
  for (const code of retiring) {
    const u = existing.units.get(code) as { level: CentreLevel; name: string; accounts?: number };
    plan.retire.push({ level: u.level, code, name: u.name, accounts: u.accounts ?? 0 });
  }

  // 2. The tree: every area's parent and every grid's village exist (in the files or, for levels not imported, already).
  const levelOf = (code: string): CentreLevel | null => {
    const a = areas.get(code);
    if (a) return a.level;
    const e = existing.units.get(code);
    return e && !plan.levels.has(e.level) && !retiring.has(code) ? e.level : null;
  };
  for (const a of areas.values()) {
    if (a.level === 'county') {
      const other = [...areas.values()].find((x) => x.level === 'county' && x !== a);
      if (other) flag(a.file, 'feature', a.n, 'CODE_DUPLICATE', `${a.code} / ${other.code}`);
      else if (existing.countyCode && !existing.countyIsPlaceholder && existing.countyCode !== a.code) flag(a.file, 'feature', a.n, 'COUNTY_MISMATCH', `${a.code} ≠ ${existing.countyCode}`);
      else plan.areas.push(a);
      continue;
    }
    const parentLevel = a.parentCode ? levelOf(a.parentCode) : null;
    const wanted: CentreLevel = a.level === 'village' ? 'township' : 'county';
    if (parentLevel !== wanted) flag(a.file, 'feature', a.n, 'PARENT_UNKNOWN', `${a.code} → ${a.parentCode ?? ''}`);
    else plan.areas.push(a);
  }
  const villageBoundary = (code: string): Area | null => {
    const a = areas.get(code);
    if (a) return a.level === 'village' ? a.boundary : null;
    const e = existing.units.get(code);
    return e?.level === 'village' && !plan.levels.has('village') && !retiring.has(code) ? e.boundary : null;
  };

  // 3. Grids: inside their village, not overlapping each other (candidate pairs by a sweep over their boxes).
  const okGrids: (PlannedGrid & Where & { shape: Shape })[] = [];
  const villageShapes = new Map<Area, Shape>();
  for (const g of grids.values()) {
    if (levelOf(g.villageCode) !== 'village') {
      flag(g.file, 'feature', g.n, 'PARENT_UNKNOWN', `${g.code} → ${g.villageCode}`);
      continue;
    }
    const village = villageBoundary(g.villageCode);
    let villageShape = village && villageShapes.get(village);
    if (village && !villageShape) villageShapes.set(village, (villageShape = shapeOf(village)));
    const shape = shapeOf(g.boundary);
    if (villageShape && outside(shape, villageShape)) {
      flag(g.file, 'feature', g.n, 'GRID_OUTSIDE_VILLAGE', `${g.code} ⊄ ${g.villageCode}`);
      continue;
    }
    okGrids.push({ ...g, shape });
  }
  const overlapping = new Set<string>();
  const byWest = [...okGrids].sort((a, b) => a.shape.box.minLon - b.shape.box.minLon);
  for (let i = 0; i < byWest.length; i++) {
    const a = byWest[i] as (typeof byWest)[number];
    for (let j = i + 1; j < byWest.length; j++) {
      const b = byWest[j] as (typeof byWest)[number];
      if (b.shape.box.minLon > a.shape.box.maxLon) break;
      if (b.shape.box.minLat > a.shape.box.maxLat || b.shape.box.maxLat < a.shape.box.minLat) continue;
      if (!overlaps(a.shape, b.shape)) continue;
      // Reported once, on whichever of the two comes later in the files.
      const [first, later] = a.seq < b.seq ? [a, b] : [b, a];
      if (overlapping.has(later.code)) continue;
      overlapping.add(later.code);
      flag(later.file, 'feature', later.n, 'GRID_OVERLAP', `${later.code} ∩ ${first.code}`);
    }
  }
  for (const g of okGrids) if (!overlapping.has(g.code)) plan.grids.push({ code: g.code, name: g.name, villageCode: g.villageCode, boundary: g.boundary });

  // 4. People: name, phone (unique across the files), a known unit, a role that fits it, a grid for grid members.
  const gridVillage = (code: string): string | null => grids.get(code)?.villageCode ?? (plan.levels.has('grid') ? null : existing.grids.get(code)?.villageCode ?? null);
  const phones = new Map<string, string>();
  for (const src of people) {
    if (departmentTables.has(src)) continue;
    for (const { line, values } of src.rows) {
      const v = values as Record<string, unknown>;
      const name = pick(v, KEYS.name);
      const phone = pick(v, KEYS.phone).replace(/[\s-]/g, '');
      const unitCode = pick(v, KEYS.unit);
      const gridCode = pick(v, KEYS.grid);
      const roleWord = pick(v, KEYS.role);
      if (!name) {
        flag(src.file, 'row', line, 'NAME_MISSING');
        continue;
      }
      if (!PHONE.test(phone)) {
        flag(src.file, 'row', line, 'PHONE_MALFORMED', phone);
        continue;
      }
      const prior = phones.get(phone);
      if (prior) {
        flag(src.file, 'row', line, 'PHONE_DUPLICATE', `${phone} = ${prior}`);
        continue;
      }
      phones.set(phone, `${src.file} #${line}`);
      if (!unitCode) {
        flag(src.file, 'row', line, 'CODE_MISSING', name);
        continue;
      }
      const unitLevel = levelOf(unitCode);
      if (!unitLevel) {
        flag(src.file, 'row', line, 'UNIT_UNKNOWN', unitCode);
        continue;
      }
      const role = roleFor(roleWord, unitLevel);
      if (!role) {
        flag(src.file, 'row', line, 'ROLE_UNKNOWN', `${roleWord} @ ${unitCode}`);
        continue;
      }
      if (role === 'gridMember' && gridVillage(gridCode) !== unitCode) {
        flag(src.file, 'row', line, 'GRID_UNKNOWN', `${gridCode} @ ${unitCode}`);
        continue;
      }
      plan.people.push({ name, phone, role, unitCode, gridCode: role === 'gridMember' ? gridCode : null });
    }
  }
  return { problems, plan };
}
