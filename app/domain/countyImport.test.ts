import { describe, expect, it } from 'vitest';
import { checkCountyImport, normaliseBoundary, type Existing, type GeoSource } from './countyImport.ts';
import { crsFromText } from '../import/readFiles.ts';

type P = [number, number];
const square = (x0: number, y0: number, size: number): P[] => [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]];
const feature = (props: Record<string, string>, ring: P[]) => ({ properties: props, geometry: { type: 'Polygon', coordinates: [ring] } });
const none: Existing = { countyCode: null, countyIsPlaceholder: false, units: new Map(), grids: new Map() };
const areas = (): GeoSource => ({
  file: 'areas.geojson',
  crs: 'wgs84',
  features: [
    feature({ code: '530901000000', name: '县' }, square(101, 25, 0.1)),
    feature({ code: '530901001000', name: '镇' }, square(101, 25, 0.1)),
    feature({ code: '530901001001', name: '村' }, square(101, 25, 0.01)),
  ],
});

describe('county import checks', () => {
  it('takes a grid that sticks out of its village by centimetres (digitising noise), not by metres', () => {
    const off = (d: number): GeoSource => ({ file: 'g.geojson', crs: 'wgs84', features: [feature({ code: '530901001001001', name: '网格' }, square(101 - d, 25, 0.005))] });
    expect(checkCountyImport([areas(), off(2e-7)], [], none).problems).toEqual([]); // ≈ 2 cm
    expect(checkCountyImport([areas(), off(0.001)], [], none).problems.map((p) => p.code)).toEqual(['GRID_OUTSIDE_VILLAGE']); // ≈ 100 m, 20 % of the grid
  });

  it('finds two identical grids overlapping although no vertex of either is strictly inside the other', () => {
    const g: GeoSource = {
      file: 'g.geojson',
      crs: 'wgs84',
      features: [feature({ code: '530901001001001', name: 'a' }, square(101, 25, 0.005)), feature({ code: '530901001001002', name: 'b' }, square(101, 25, 0.005))],
    };
    expect(checkCountyImport([areas(), g], [], none).problems).toMatchObject([{ code: 'GRID_OVERLAP', n: 2, detail: '530901001001002 ∩ 530901001001001' }]);
  });

  it('refuses another county once one was imported, but lets the first import take over the placeholder', () => {
    const other: Existing = { ...none, countyCode: '530902000000' };
    expect(checkCountyImport([areas()], [], other).problems.map((p) => p.code)).toEqual(['COUNTY_MISMATCH']);
    expect(checkCountyImport([areas()], [], { ...other, countyCode: '000000000000', countyIsPlaceholder: true }).problems).toEqual([]);
  });

  it('places people against units and grids the centre already has when the files bring only people', () => {
    const existing: Existing = {
      ...none,
      countyCode: '530901000000',
      units: new Map([
        ['530901001001', { level: 'village', boundary: null, name: '一村', parentCode: '530901001000' }],
        ['530901001000', { level: 'township', boundary: null, name: '一镇', parentCode: '530901000000' }],
      ]),
      grids: new Map([['530901001001001', { villageCode: '530901001001' }]]),
    };
    const people = [{ file: 'p.csv', rows: [
      { line: 2, values: { 姓名: '王伟', 手机号: '139 0000 0001', 角色: '网格员', 单位代码: '530901001001', 网格编码: '530901001001001' } },
      { line: 3, values: { 姓名: '李强', 手机号: '13900000002', 角色: '值班员', 单位代码: '530901001000', 网格编码: '' } },
      { line: 4, values: { 姓名: '张敏', 手机号: '13900000003', 角色: 'villageOperator', 单位代码: '530901001000', 网格编码: '' } },
    ] }];
    const r = checkCountyImport([], people, existing);
    expect(r.problems).toMatchObject([{ file: 'p.csv', kind: 'row', n: 4, code: 'ROLE_UNKNOWN' }]); // a village role at a township
    expect(r.plan.people).toEqual([
      { name: '王伟', phone: '13900000001', role: 'gridMember', unitCode: '530901001001', gridCode: '530901001001001' },
      { name: '李强', phone: '13900000002', role: 'townshipOperator', unitCode: '530901001000', gridCode: null },
    ]);
  });

  it('converts declared GCJ-02 and BD-09 to WGS-84 and rejects what is not a polygon in China', () => {
    const gcj = normaliseBoundary({ type: 'Polygon', coordinates: [square(116.39759, 39.908779, 0.001)] }, 'gcj02');
    expect(gcj.ok && gcj.boundary.coordinates[0]?.[0]?.[0]).toBeCloseTo(116.391349, 3);
    expect(normaliseBoundary({ type: 'Point', coordinates: [101, 25] }, 'wgs84')).toMatchObject({ ok: false });
    expect(normaliseBoundary({ type: 'Polygon', coordinates: [square(500_000, 2_700_000, 10)] }, 'wgs84')).toMatchObject({ ok: false }); // projected metres
    expect(normaliseBoundary({ type: 'Polygon', coordinates: [[[101, 25], [101.1, 25], [101, 25], [101, 25]]] }, 'wgs84')).toMatchObject({ ok: false, detail: 'zero area' });
    expect([crsFromText('GCJ-02'), crsFromText('urn:ogc:def:crs:EPSG::4490'), crsFromText('GEOGCS["GCS_WGS_1984"'), crsFromText('EPSG:3857')]).toEqual(['gcj02', 'cgcs2000', 'wgs84', null]);
  });
});
