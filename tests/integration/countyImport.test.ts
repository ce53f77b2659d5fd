// County import against a real SQLite file, from files written by scripts/make-county-fixtures.ts: a clean county
// (Shapefile, GCJ-02 grids, a MultiPolygon village with a hole, xlsx and CSV people), one bad row or feature per
// problem class, a failed commit that writes nothing, and a re-import that retires a grid and keeps ids.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { makeCountyFixtures, COUNTY_CODE, SMALL } from '../../scripts/make-county-fixtures.ts';
import { openDatabase, type Db } from '../../app/store/db.ts';
import { createLedger } from '../../app/store/ledger.ts';
import { createCountyImportStore } from '../../app/store/countyImport.ts';
import { createCountyImporter, runCountyImport } from '../../app/workflow/countyImport.ts';
import { writeFileSync } from 'node:fs';
import type { Area } from '../../app/domain/countyImport.ts';
import { tempDir } from './harness.ts';

const load = (paths: string[]) => paths.map((p) => ({ name: basename(p), bytes: new Uint8Array(readFileSync(p)) }));
const count = (db: Db, sql: string) => (db.prepare(sql).get() as { n: number }).n;

describe('county import', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  const run = (paths: string[], commit: boolean, now = 1_800_000_000_000) =>
    runCountyImport(createCountyImportStore(db), createLedger(db), { files: load(paths), commit, now, actorId: null });

  beforeEach(() => {
    tmp = tempDir('zz-import-');
    db = openDatabase(join(tmp.dir, 'centre.db'));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('imports a clean county: Shapefile townships, a MultiPolygon village with a hole, GCJ-02 grids, xlsx and CSV people', async () => {
    const fx = await makeCountyFixtures(join(tmp.dir, 'files'));
    const dry = await run(fx.files, false);
    expect(dry.problems).toEqual([]);
    expect(dry.committed).toBe(false);
    expect(count(db, 'SELECT count(*) AS n FROM centres')).toBe(0); // a dry run writes nothing

    const done = await run(fx.files, true);
    expect(done.committed).toBe(true);
    expect(done.summary).toEqual({ county: '临川县', townships: 2, villages: 4, grids: fx.gridCodes.length, people: fx.people, departments: 3, gridsRetired: 0, unitsRetired: [] });
    // Departments stationed at the centre, under the county, with how they are stationed; their operators are theirs.
    expect(db.prepare("SELECT c.name, c.stationing, p.level AS parent FROM centres c JOIN centres p ON p.id = c.parent_id WHERE c.level = 'department' ORDER BY c.code").all()).toEqual([
      { name: '县公安局', stationing: 'resident', parent: 'county' },
      { name: '县人社局', stationing: 'rotating', parent: 'county' },
      { name: '县人民法院', stationing: 'onCall', parent: 'county' },
    ]);
    expect(count(db, "SELECT count(*) AS n FROM users u JOIN centres c ON c.id = u.centre_id WHERE u.role = 'departmentOperator' AND c.level = 'department'")).toBe(3);
    expect(count(db, "SELECT count(*) AS n FROM centres WHERE level = 'township' AND name LIKE '第_镇'")).toBe(2); // from the Shapefile's dbf
    const village = JSON.parse((db.prepare("SELECT boundary FROM centres WHERE code = '530901001001'").get() as { boundary: string }).boundary) as Area;
    expect(village.type).toBe('MultiPolygon');
    expect((village.coordinates[0] as unknown[]).length).toBe(2); // outer ring and the reservoir hole
    // GCJ-02 grids were converted: a WGS-84 point at a cell's centre is inside that cell's stored grid (the raw GCJ-02
    // shape is ~500 m off at this latitude, a whole cell or more).
    for (const [code, at] of [...fx.gridPoints].slice(0, 10)) {
      const g = JSON.parse((db.prepare('SELECT boundary FROM grids WHERE code = ?').get(code) as { boundary: string }).boundary) as Area;
      expect(booleanPointInPolygon(at, g), code).toBe(true);
    }
    const member = db.prepare(`SELECT u.role, u.username, u.centre_id = g.village_id AS same FROM grids g JOIN users u ON u.id = g.member_id WHERE g.code = ?`).get(fx.gridCodes[0]);
    expect(member).toMatchObject({ role: 'gridMember', same: 1 });
    expect(count(db, "SELECT count(*) AS n FROM users WHERE role = 'dutyOfficer'")).toBe(2);
    expect(count(db, "SELECT count(*) AS n FROM ledger WHERE action = 'county.import'")).toBe(1);
  });

  it('lists every problem once, by file and feature or row, and a commit with problems writes nothing', async () => {
    const fx = await makeCountyFixtures(join(tmp.dir, 'files'));
    const all = [...fx.files, ...fx.bad];
    const dry = await run(all, false);
    const got = dry.problems.map((p) => `${p.file} ${p.kind} ${p.n ?? '-'} ${p.code}`);
    expect(got.sort()).toEqual(
      [
        'broken.zip file - FILE_UNREADABLE',
        'no-crs.geojson file - CRS_MISSING',
        'bad-grids.geojson feature 1 CODE_MISSING',
        'bad-grids.geojson feature 2 CODE_MALFORMED',
        'bad-grids.geojson feature 3 CODE_DUPLICATE',
        'bad-grids.geojson feature 4 NAME_MISSING',
        'bad-grids.geojson feature 5 GEOMETRY_INVALID',
        'bad-grids.geojson feature 6 PARENT_UNKNOWN',
        'bad-grids.geojson feature 7 GRID_OUTSIDE_VILLAGE',
        'bad-grids.geojson feature 8 GRID_OVERLAP',
        'bad-people.csv row 2 NAME_MISSING',
        'bad-people.csv row 3 PHONE_MALFORMED',
        'bad-people.csv row 4 PHONE_DUPLICATE',
        'bad-people.csv row 5 CODE_MISSING',
        'bad-people.csv row 6 UNIT_UNKNOWN',
        'bad-people.csv row 7 ROLE_UNKNOWN',
        'bad-people.csv row 8 GRID_UNKNOWN',
        'bad-departments.csv row 2 STATIONING_UNKNOWN',
      ].sort(),
    );
    const committed = await run(all, true);
    expect(committed.committed).toBe(false);
    expect(committed.problems).toHaveLength(18);
    for (const table of ['centres', 'grids', 'users', 'ledger', 'settings']) expect(count(db, `SELECT count(*) AS n FROM ${table}`), table).toBe(0);
  });

  it('re-import matches by code: a removed grid is retired, incidents keep their grid, a renamed village keeps its id', async () => {
    const first = await makeCountyFixtures(join(tmp.dir, 'v1'));
    expect((await run(first.files, true)).committed).toBe(true);
    const dropped = first.gridCodes[5] as string;
    const gridId = (db.prepare('SELECT id FROM grids WHERE code = ?').get(dropped) as { id: number }).id;
    const village = db.prepare("SELECT id, name FROM centres WHERE code = '530901002001'").get() as { id: number; name: string };
    const reporter = (db.prepare("SELECT id FROM users WHERE role = 'gridMember' LIMIT 1").get() as { id: number }).id;
    db.prepare(
      `INSERT INTO incidents (code, reporter_id, idempotency_key, category, priority, state, description, lon, lat, grid_id, village_id, holder_centre_id,
        reported_at, respond_by, attempts, updated_at) VALUES ('T1', ?, 'k', 'dispute', 'general', 'reported', 'x', 101, 25, ?, ?, ?, 1, 2, '[]', 1)`,
    ).run(reporter, gridId, village.id, village.id);

    const second = await makeCountyFixtures(join(tmp.dir, 'v2'), SMALL, { dropGrid: dropped, renameVillage: ['530901002001', '新河社区'] });
    const dry = await run(second.files, false);
    expect(dry.problems).toEqual([]);
    expect(dry.summary.gridsRetired).toBe(1);
    const done = await run(second.files, true, 1_800_000_100_000);
    expect(done.summary.gridsRetired).toBe(1);
    expect(db.prepare('SELECT id, retired_at, member_id FROM grids WHERE code = ?').get(dropped)).toEqual({ id: gridId, retired_at: 1_800_000_100_000, member_id: null });
    expect(db.prepare("SELECT grid_id FROM incidents WHERE code = 'T1'").get()).toEqual({ grid_id: gridId });
    expect(db.prepare("SELECT id, name FROM centres WHERE code = '530901002001'").get()).toEqual({ id: village.id, name: '新河社区' });
    expect(count(db, 'SELECT count(*) AS n FROM grids WHERE retired_at IS NULL')).toBe(first.gridCodes.length - 1);
    expect(count(db, "SELECT count(*) AS n FROM centres WHERE level = 'county'")).toBe(1);
    expect(count(db, `SELECT count(*) AS n FROM centres WHERE code = '${COUNTY_CODE}'`)).toBe(1);
  });

  it('re-import retires a township (with its villages and grids) and a department the files no longer have; history keeps them; bringing them back revives them', async () => {
    const first = await makeCountyFixtures(join(tmp.dir, 'v1'));
    expect((await run(first.files, true)).committed).toBe(true);
    const gone = '530901002000';
    const ids = Object.fromEntries(
      (db.prepare("SELECT code, id FROM centres WHERE code LIKE '530901002%' OR code = '530901000000D02'").all() as { code: string; id: number }[]).map((r) => [r.code, r.id]),
    );
    const grid = db.prepare("SELECT id, village_id FROM grids WHERE code LIKE '530901002001%' LIMIT 1").get() as { id: number; village_id: number };
    const reporter = (db.prepare("SELECT id FROM users WHERE role = 'gridMember' LIMIT 1").get() as { id: number }).id;
    db.prepare(
      `INSERT INTO incidents (code, reporter_id, idempotency_key, category, priority, state, description, lon, lat, grid_id, village_id, holder_centre_id,
        reported_at, respond_by, attempts, updated_at) VALUES ('T2', ?, 'k2', 'dispute', 'general', 'reported', 'x', 101, 25, ?, ?, ?, 1, 2, '[]', 1)`,
    ).run(reporter, grid.id, grid.village_id, grid.village_id);

    const second = await makeCountyFixtures(join(tmp.dir, 'v2'), SMALL, { dropTownship: gone, dropDepartment: '530901000000D02' });
    const dry = await run(second.files, false);
    expect(dry.problems).toEqual([]);
    const retired = dry.summary.unitsRetired.map((u) => `${u.level} ${u.code}`).sort();
    expect(retired).toEqual(['department 530901000000D02', 'township 530901002000', 'village 530901002001', 'village 530901002002'].sort());
    // Each named with the accounts still there (the township's operator; the department's operator).
    expect(dry.summary.unitsRetired.find((u) => u.code === gone)?.accounts).toBe(1);
    expect(dry.summary.unitsRetired.find((u) => u.code === '530901000000D02')?.accounts).toBe(1);
    const gridsThere = count(db, "SELECT count(*) AS n FROM grids WHERE code LIKE '530901002%'");
    expect(dry.summary.gridsRetired).toBe(gridsThere);
    expect(count(db, 'SELECT count(*) AS n FROM centres WHERE retired_at IS NOT NULL')).toBe(0); // the dry run wrote nothing

    const done = await run(second.files, true, 1_800_000_300_000);
    expect(done.summary.unitsRetired).toHaveLength(4);
    expect(done.summary.gridsRetired).toBe(gridsThere);
    // Retired, not deleted: same ids, the incident still points at its grid and village.
    for (const code of [gone, '530901002001', '530901002002', '530901000000D02']) {
      expect(db.prepare('SELECT id, retired_at FROM centres WHERE code = ?').get(code), code).toEqual({ id: ids[code], retired_at: 1_800_000_300_000 });
    }
    expect(db.prepare("SELECT grid_id, village_id FROM incidents WHERE code = 'T2'").get()).toEqual({ grid_id: grid.id, village_id: grid.village_id });
    expect(count(db, "SELECT count(*) AS n FROM grids WHERE code LIKE '530901002%' AND retired_at IS NULL")).toBe(0);
    expect(count(db, "SELECT count(*) AS n FROM centres WHERE code LIKE '530901001%' AND retired_at IS NULL")).toBe(3); // the other township is untouched
    // The live tree the desks and pickers read no longer has them; history's does.
    const { createDirectory } = await import('../../app/store/directory.ts');
    const dir = createDirectory(db);
    expect(dir.centres().some((c) => c.code === gone || c.code === '530901000000D02')).toBe(false);
    expect(dir.idsAt('township')).not.toContain(ids[gone]);
    expect(dir.allCentres().some((c) => c.code === gone)).toBe(true);

    // A later import that brings them back makes them live again, with the same ids.
    const third = await makeCountyFixtures(join(tmp.dir, 'v3'));
    const back = await run(third.files, true, 1_800_000_400_000);
    expect(back.summary.unitsRetired).toEqual([]);
    expect(db.prepare('SELECT id, retired_at FROM centres WHERE code = ?').get(gone)).toEqual({ id: ids[gone], retired_at: null });
    expect(db.prepare('SELECT retired_at FROM grids WHERE id = ?').get(grid.id)).toEqual({ retired_at: null });
  });

  it('a confirmed dry run is checked again when the centre changed in between', async () => {
    const v1 = await makeCountyFixtures(join(tmp.dir, 'v1'));
    expect((await run(v1.files, true)).committed).toBe(true);
    const grid = v1.gridCodes[3] as string;
    const people = join(tmp.dir, 'late-member.csv');
    writeFileSync(people, `姓名,手机号,角色,单位代码,网格编码\r\n新网格员,13800000001,网格员,${grid.slice(0, 12)},${grid}\r\n`);
    const operator = createCountyImporter(createCountyImportStore(db), createLedger(db));
    const req = (commit: boolean) => ({ files: load([people]), commit, now: 1_800_000_200_000, actorId: null });
    expect((await operator(req(false))).problems).toEqual([]);
    // Meanwhile another import retires that grid: confirming the old dry run must not give a retired grid a member.
    const v2 = await makeCountyFixtures(join(tmp.dir, 'v2'), SMALL, { dropGrid: grid });
    expect((await run(v2.files, true)).summary.gridsRetired).toBe(1);
    const confirmed = await operator(req(true));
    expect(confirmed.committed).toBe(false);
    expect(confirmed.problems.map((p) => `${p.file} ${p.n} ${p.code}`)).toEqual(['late-member.csv 2 GRID_UNKNOWN']);
    expect(count(db, "SELECT count(*) AS n FROM users WHERE username = '13800000001'")).toBe(0);
  });
});
