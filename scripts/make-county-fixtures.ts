// Writes a real-shaped county as the files a county has: boundaries as GeoJSON (WGS-84, CGCS2000, GCJ-02) and a
// zipped Shapefile, people as xlsx and CSV; and a set of bad files with one feature or row per problem class.
// Grids are lattice cells with wavy edges (shared exactly between neighbours); village 1 is a MultiPolygon with a hole
// (a reservoir, no grid) and an island (its own grid). Used by the tests and the import benchmark:
//   tsx scripts/make-county-fixtures.ts DIR [--bench]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import gcoord from 'gcoord';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';

type P = [number, number];
export interface CountyShape { cols: number; rows: number; townships: number; villagesPerTownship: number; pointsPerEdge: number }
export const SMALL: CountyShape = { cols: 6, rows: 6, townships: 2, villagesPerTownship: 2, pointsPerEdge: 4 };
/** 46 × 46 = 2,116 grids of 4 × 50 = 200 points, 10 townships, 150 villages. */
export const BENCH: CountyShape = { cols: 46, rows: 46, townships: 10, villagesPerTownship: 15, pointsPerEdge: 50 };

export const COUNTY_CODE = '530901000000';
const ORIGIN: P = [101.0, 25.0];
const CELL: P = [0.01, 0.009];

export interface Variant {
  /** Leave this grid (code) out: a re-import then retires it. */
  dropGrid?: string;
  /** Rename a village (code → name): a re-import keeps its id. */
  renameVillage?: [string, string];
  /** Leave this township (code) out with its villages, grids and people: a re-import retires them. */
  dropTownship?: string;
  /** Leave this department (code) out: a re-import retires it. */
  dropDepartment?: string;
}

/** Departments stationed at the centre (departments.csv: code, name, 驻中心方式). */
export const DEPARTMENTS: [code: string, name: string, stationing: string][] = [
  ['530901000000D01', '县公安局', '常驻'],
  ['530901000000D02', '县人社局', '轮驻'],
  ['530901000000D03', '县人民法院', '随驻'],
];

export interface Fixtures {
  /** The clean files in import order. */
  files: string[];
  /** The bad files, to be imported after the clean ones. */
  bad: string[];
  gridCodes: string[];
  villageCodes: string[];
  /** A point inside each grid (WGS-84), for reporting incidents in tests. */
  gridPoints: Map<string, P>;
  people: number;
}

const round7 = (n: number) => Math.round(n * 1e7) / 1e7;

/** The lattice: vertices on a regular grid, each edge a deterministic wave shared by the two cells beside it. */
function lattice(shape: CountyShape) {
  const vertex = (x: number, y: number): P => [round7(ORIGIN[0] + x * CELL[0]), round7(ORIGIN[1] + y * CELL[1])];
  const cache = new Map<string, P[]>();
  /** Points from (x0,y0) to (x1,y1), excluding the end; computed once per edge, in one direction. */
  const edge = (x0: number, y0: number, x1: number, y1: number): P[] => {
    const forward = x0 < x1 || (x0 === x1 && y0 < y1);
    const [ax, ay, bx, by] = forward ? [x0, y0, x1, y1] : [x1, y1, x0, y0];
    const key = `${ax},${ay},${bx},${by}`;
    let pts = cache.get(key);
    if (!pts) {
      const [a, b] = [vertex(ax, ay), vertex(bx, by)];
      const n = shape.pointsPerEdge;
      const amp = ((((ax * 31 + ay * 17 + bx * 7 + by) % 5) - 2) / 2) * 0.08; // each edge its own wave
      pts = [a];
      for (let i = 1; i <= n; i++) {
        const t = i / n;
        const wave = Math.sin(Math.PI * t) * amp;
        // Perpendicular offset: horizontal edges wave in latitude, vertical ones in longitude.
        pts.push(ay === by ? [round7(a[0] + (b[0] - a[0]) * t), round7(a[1] + wave * CELL[1])] : [round7(a[0] + wave * CELL[0]), round7(a[1] + (b[1] - a[1]) * t)]);
      }
      cache.set(key, pts);
    }
    const out = forward ? pts : [...pts].reverse();
    return out.slice(0, -1);
  };
  /** Counter-clockwise ring around the block of cells [x0,x1) × [y0,y1). */
  const block = (x0: number, y0: number, x1: number, y1: number): P[] => {
    const ring: P[] = [];
    for (let x = x0; x < x1; x++) ring.push(...edge(x, y0, x + 1, y0));
    for (let y = y0; y < y1; y++) ring.push(...edge(x1, y, x1, y + 1));
    for (let x = x1; x > x0; x--) ring.push(...edge(x, y1, x - 1, y1));
    for (let y = y1; y > y0; y--) ring.push(...edge(x0, y, x0, y - 1));
    ring.push(ring[0] as P);
    return ring;
  };
  return { block, vertex };
}

function bands(n: number, k: number): number[] {
  return Array.from({ length: k + 1 }, (_, i) => Math.round((i * n) / k));
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平';
const personName = (i: number) => `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${GIVEN[(i * 13 + 3) % GIVEN.length]}`;
const phoneOf = (i: number) => `139${String(10_000_000 + i).padStart(8, '0')}`;

type Feature = { type: 'Feature'; properties: Record<string, string>; geometry: { type: 'Polygon'; coordinates: P[][] } | { type: 'MultiPolygon'; coordinates: P[][][] } };
const collection = (crs: string | null, features: Feature[]) => JSON.stringify({ type: 'FeatureCollection', ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}), features });
const toGcj = (ring: P[]): P[] => ring.map((p) => gcoord.transform(p, gcoord.WGS84, gcoord.GCJ02) as P).map(([x, y]) => [round7(x), round7(y)]);

export async function makeCountyFixtures(dir: string, shape: CountyShape = SMALL, variant: Variant = {}): Promise<Fixtures> {
  mkdirSync(dir, { recursive: true });
  const { block } = lattice(shape);
  const small = shape === SMALL;
  const tx = bands(shape.cols, shape.townships);
  const vy = bands(shape.rows, shape.villagesPerTownship);
  const county: Feature = { type: 'Feature', properties: { code: COUNTY_CODE, name: '临川县', level: '县' }, geometry: { type: 'Polygon', coordinates: [block(small ? -2 : 0, 0, shape.cols, shape.rows)] } };
  const townships: { code: string; name: string; ring: P[] }[] = [];
  const villages: Feature[] = [];
  const grids: Feature[] = [];
  const gridPoints = new Map<string, P>();
  const staff: string[][] = [];
  const members: string[][] = [];
  let person = 0;
  staff.push(['县值班员', personName(person), phoneOf(person++), COUNTY_CODE]);
  staff.push(['县值班员', personName(person), phoneOf(person++), COUNTY_CODE]);
  staff.push(['指挥长', personName(person), phoneOf(person++), COUNTY_CODE]);
  for (const [code] of DEPARTMENTS) staff.push(['部门值班员', personName(person), phoneOf(person++), code]);

  for (let t = 0; t < shape.townships; t++) {
    const tCode = `${COUNTY_CODE.slice(0, 6)}${String(t + 1).padStart(3, '0')}000`;
    const [x0, x1] = [tx[t] as number, tx[t + 1] as number];
    // The first township also holds the island west of the lattice (small county only).
    townships.push({ code: tCode, name: `第${t + 1}镇`, ring: block(small && t === 0 ? -2 : x0, 0, x1, shape.rows) });
    staff.push(['值班员', personName(person), phoneOf(person++), tCode]);
    for (let v = 0; v < shape.villagesPerTownship; v++) {
      const vCode = `${tCode.slice(0, 9)}${String(v + 1).padStart(3, '0')}`;
      const [y0, y1] = [vy[v] as number, vy[v + 1] as number];
      const name = variant.renameVillage?.[0] === vCode ? variant.renameVillage[1] : `${t + 1}镇${v + 1}村`;
      const withHole = small && t === 0 && v === 0;
      const hole = withHole ? [x0 + 1, y0 + 1] : null; // an inner cell: the reservoir
      const outer = block(x0, y0, x1, y1);
      const geometry: Feature['geometry'] = withHole
        ? { type: 'MultiPolygon', coordinates: [[outer, block(x0 + 1, y0 + 1, x0 + 2, y0 + 2).reverse()], [block(-2, y0 + 1, -1, y0 + 2)]] }
        : { type: 'Polygon', coordinates: [outer] };
      villages.push({ type: 'Feature', properties: { 区划代码: vCode, 名称: name }, geometry });
      staff.push(['值班员', personName(person), phoneOf(person++), vCode]);
      let n = 0;
      const addGrid = (ring: P[], at: P) => {
        const code = `${vCode}${String(++n).padStart(3, '0')}`;
        if (variant.dropGrid === code) return;
        grids.push({ type: 'Feature', properties: { 网格编码: code, 网格名称: `${name}第${n}网格`, 所属村社区: vCode }, geometry: { type: 'Polygon', coordinates: [toGcj(ring)] } });
        gridPoints.set(code, at);
        members.push([personName(person), phoneOf(person++), '网格员', vCode, code]);
      };
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          if (hole && hole[0] === x && hole[1] === y) continue;
          addGrid(block(x, y, x + 1, y + 1), [ORIGIN[0] + (x + 0.5) * CELL[0], ORIGIN[1] + (y + 0.5) * CELL[1]]);
        }
      }
      if (withHole) addGrid(block(-2, y0 + 1, -1, y0 + 2), [ORIGIN[0] - 1.5 * CELL[0], ORIGIN[1] + (y0 + 1.5) * CELL[1]]);
    }
  }
  // The bench county tops its people up to 3,000 with extra village operators.
  if (!small) {
    let i = 0;
    while (staff.length + members.length < 3000) {
      const vCode = villages[i++ % villages.length]?.properties['区划代码'] as string;
      staff.push(['值班员', personName(person), phoneOf(person++), vCode]);
    }
  }

  // What a variant leaves out goes last, so everyone else keeps their phone number (their account) across re-imports.
  const gone = (code: string) => code === variant.dropDepartment || (!!variant.dropTownship && code.startsWith(variant.dropTownship.slice(0, 9)));
  const departments = DEPARTMENTS.filter(([code]) => !gone(code));
  const keepTownships = townships.filter((t) => !gone(t.code));
  const keepVillages = villages.filter((v) => !gone(v.properties['区划代码'] as string));
  const keepGrids = grids.filter((g) => !gone(g.properties['网格编码'] as string));
  const keepStaff = staff.filter((r) => !gone(r[3] as string));
  const keepMembers = members.filter((r) => !gone(r[3] as string));
  const w = (name: string, data: string | Uint8Array) => {
    writeFileSync(join(dir, name), data);
    return join(dir, name);
  };
  const files = [
    w('county.geojson', collection('urn:ogc:def:crs:EPSG::4326', [county])),
    w('townships.zip', await shapefileZip('townships', keepTownships)),
    w('villages.geojson', collection('EPSG:4490', keepVillages)),
    w('grids.geojson', collection('GCJ-02', keepGrids)),
    w('staff.xlsx', await xlsx(['角色', '姓名', '手机号', '单位代码'], keepStaff)),
    w('grid-members.csv', csv(['姓名', '手机号', '角色', '单位代码', '网格编码'], keepMembers)),
    w('departments.csv', csv(['代码', '名称', '驻中心方式'], departments)),
  ];

  // One bad feature or row per problem class (B = the second township's first village; grids there are clean).
  const [tB, vB, vB2] = ['530901002000', '530901002001', '530901002002'];
  const cellB = block(tx[1] as number, 0, (tx[1] as number) + 1, 1);
  // A square across the boundary of two clean grids, well inside their village.
  const at = (x: number, y: number): P => [round7(ORIGIN[0] + x * CELL[0]), round7(ORIGIN[1] + y * CELL[1])];
  const bx = tx[1] as number;
  const half = [at(bx + 0.6, 0.3), at(bx + 1.4, 0.3), at(bx + 1.4, 0.7), at(bx + 0.6, 0.7), at(bx + 0.6, 0.3)];
  const polygon = (ring: P[]) => ({ type: 'Polygon' as const, coordinates: [ring] });
  const badGrids: Feature[] = [
    { type: 'Feature', properties: { 网格名称: '无编码网格' }, geometry: polygon(cellB) }, // 1 CODE_MISSING
    { type: 'Feature', properties: { 网格编码: 'x!', 网格名称: '坏编码网格' }, geometry: polygon(cellB) }, // 2 CODE_MALFORMED
    { type: 'Feature', properties: { 网格编码: `${vB}001`, 网格名称: '重复网格' }, geometry: polygon(cellB) }, // 3 CODE_DUPLICATE
    { type: 'Feature', properties: { 网格编码: `${vB}901` }, geometry: polygon(cellB) }, // 4 NAME_MISSING
    { type: 'Feature', properties: { 网格编码: `${vB}902`, 网格名称: '未闭合网格' }, geometry: polygon(cellB.slice(0, -1)) }, // 5 GEOMETRY_INVALID
    { type: 'Feature', properties: { 网格编码: '530901009001001', 网格名称: '无主网格' }, geometry: polygon(cellB) }, // 6 PARENT_UNKNOWN
    { type: 'Feature', properties: { 网格编码: `${vB2}901`, 网格名称: '越界网格' }, geometry: polygon(cellB) }, // 7 GRID_OUTSIDE_VILLAGE (cellB is in vB)
    { type: 'Feature', properties: { 网格编码: `${vB}903`, 网格名称: '重叠网格' }, geometry: polygon(half) }, // 8 GRID_OVERLAP
  ];
  const badPeople = [
    ['', phoneOf(90_001), '网格员', vB, `${vB}001`], // 2 NAME_MISSING
    ['赵甲', '1390000', '值班员', tB, ''], // 3 PHONE_MALFORMED
    ['钱乙', phoneOf(0), '值班员', tB, ''], // 4 PHONE_DUPLICATE (the first county duty officer's)
    ['孙丙', phoneOf(90_002), '值班员', '', ''], // 5 CODE_MISSING
    ['李丁', phoneOf(90_003), '值班员', '530901099000', ''], // 6 UNIT_UNKNOWN
    ['周戊', phoneOf(90_004), '保安', tB, ''], // 7 ROLE_UNKNOWN
    ['吴己', phoneOf(90_005), '网格员', vB, '530901002001999'], // 8 GRID_UNKNOWN
  ];
  const bad = [
    w('bad-grids.geojson', collection('EPSG:4326', badGrids)),
    w('bad-people.csv', csv(['姓名', '手机号', '角色', '单位代码', '网格编码'], badPeople)),
    w('no-crs.geojson', collection(null, [badGrids[2] as Feature])),
    w('broken.zip', new TextEncoder().encode('not a zip')),
    w('bad-departments.csv', csv(['代码', '名称', '驻中心方式'], [['530901000000D09', '县医保局', '驻守']])), // 2 STATIONING_UNKNOWN
  ];
  return {
    files, bad, gridCodes: keepGrids.map((g) => g.properties['网格编码'] as string), villageCodes: keepVillages.map((v) => v.properties['区划代码'] as string),
    gridPoints, people: keepStaff.length + keepMembers.length,
  };
}

function csv(header: string[], rows: string[][]): string {
  const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

async function xlsx(header: string[], rows: string[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('人员');
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** A polygon Shapefile (.shp/.shx/.dbf/.prj/.cpg) in a zip; outer rings clockwise as the format wants. */
async function shapefileZip(base: string, items: { code: string; name: string; ring: P[] }[]): Promise<Uint8Array> {
  const rings = items.map((i) => [...i.ring].reverse());
  const bbox = (pts: P[]) => [Math.min(...pts.map((p) => p[0])), Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[1]))];
  const contents = rings.map((ring) => {
    const b = Buffer.alloc(44 + 4 + ring.length * 16);
    b.writeInt32LE(5, 0);
    bbox(ring).forEach((v, i) => b.writeDoubleLE(v as number, 4 + i * 8));
    b.writeInt32LE(1, 36);
    b.writeInt32LE(ring.length, 40);
    b.writeInt32LE(0, 44);
    ring.forEach(([x, y], i) => {
      b.writeDoubleLE(x, 48 + i * 16);
      b.writeDoubleLE(y, 56 + i * 16);
    });
    return b;
  });
  const all = bbox(rings.flat());
  const header = (lengthBytes: number) => {
    const h = Buffer.alloc(100);
    h.writeInt32BE(9994, 0);
    h.writeInt32BE(lengthBytes / 2, 24);
    h.writeInt32LE(1000, 28);
    h.writeInt32LE(5, 32);
    all.forEach((v, i) => h.writeDoubleLE(v as number, 36 + i * 8));
    return h;
  };
  const records: Buffer[] = [];
  const index: Buffer[] = [];
  let offset = 100;
  contents.forEach((c, i) => {
    const rh = Buffer.alloc(8);
    rh.writeInt32BE(i + 1, 0);
    rh.writeInt32BE(c.length / 2, 4);
    records.push(rh, c);
    const ix = Buffer.alloc(8);
    ix.writeInt32BE(offset / 2, 0);
    ix.writeInt32BE(c.length / 2, 4);
    index.push(ix);
    offset += 8 + c.length;
  });
  const shp = Buffer.concat([header(offset), ...records]);
  const shx = Buffer.concat([header(100 + 8 * items.length), ...index]);
  // dBase III: two character fields, UTF-8 (declared in the .cpg).
  const fields: [string, number][] = [['CODE', 12], ['NAME', 60]];
  const recLen = 1 + fields.reduce((s, [, l]) => s + l, 0);
  const dh = Buffer.alloc(32 + 32 * fields.length + 1);
  dh.writeUInt8(3, 0);
  dh.writeUInt32LE(items.length, 4);
  dh.writeUInt16LE(dh.length, 8);
  dh.writeUInt16LE(recLen, 10);
  fields.forEach(([name, len], i) => {
    dh.write(name, 32 + i * 32, 'ascii');
    dh.write('C', 32 + i * 32 + 11, 'ascii');
    dh.writeUInt8(len, 32 + i * 32 + 16);
  });
  dh.writeUInt8(0x0d, dh.length - 1);
  const rows = items.map((it) => {
    const r = Buffer.alloc(recLen, 0x20);
    r.write(it.code, 1, 'utf8');
    r.write(it.name, 1 + 12, 'utf8');
    return r;
  });
  const dbf = Buffer.concat([dh, ...rows, Buffer.from([0x1a])]);
  const zip = new JSZip();
  zip.file(`${base}.shp`, shp);
  zip.file(`${base}.shx`, shx);
  zip.file(`${base}.dbf`, dbf);
  zip.file(`${base}.cpg`, 'UTF-8');
  zip.file(`${base}.prj`, 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]');
  return zip.generateAsync({ type: 'uint8array' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = resolve(process.argv[2] ?? 'county-fixtures');
  const f = await makeCountyFixtures(dir, process.argv.includes('--bench') ? BENCH : SMALL);
  console.log(`${dir}: ${f.gridCodes.length} grids, ${f.people} people\n  ${f.files.join('\n  ')}\n  bad: ${f.bad.join(' ')}`);
}
