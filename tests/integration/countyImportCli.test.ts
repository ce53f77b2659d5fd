// `npm run county:import` as an operator runs it: problems listed by file and row/feature with exit 1 and nothing
// written; a clean dry run without a terminal imports nothing; --commit imports.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { makeCountyFixtures } from '../../scripts/make-county-fixtures.ts';
import { tempDir } from './harness.ts';

const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/county-import.ts', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });

describe('npm run county:import', () => {
  const tmp = tempDir('zz-import-cli-');
  const data = join(tmp.dir, 'data');
  let fx: Awaited<ReturnType<typeof makeCountyFixtures>>;
  const centres = () => {
    const db = new Database(join(data, 'centre.db'), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM centres').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  beforeAll(async () => {
    fx = await makeCountyFixtures(join(tmp.dir, 'files'));
  });
  afterAll(() => tmp.remove());

  it('lists the problems and imports nothing, even with --commit', () => {
    const r = cli(['--data', data, '--commit', ...fx.files, ...fx.bad]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('发现 18 个问题，未导入任何内容');
    expect(r.stdout).toContain('bad-people.csv 第4行: 手机号重复');
    expect(r.stdout).toContain('bad-grids.geojson feature 8: The grid overlaps another grid');
    expect(centres()).toBe(0);
  });

  it('a clean dry run without a terminal imports nothing; --commit imports', () => {
    const dry = cli(['--data', data, ...fx.files]);
    expect([dry.status, dry.stdout]).toEqual([0, expect.stringContaining('试运行通过，未导入')]);
    expect(centres()).toBe(0);
    const done = cli(['--data', data, '--commit', ...fx.files]);
    expect(done.status).toBe(0);
    expect(done.stdout).toContain(`已导入 / imported:\n临川县: 乡镇 2 · 村(社区) 4 · 网格 ${fx.gridCodes.length}`);
    expect(centres()).toBe(10); // county, 2 townships, 4 villages, 3 departments
  });

  it('declares a coordinate system per file, and refuses a usage error', () => {
    const undeclared = cli(['--data', data, fx.bad[2] as string]);
    expect(undeclared.stdout).toContain('no-crs.geojson: 未声明坐标系');
    expect(cli(['--data', data, '--crs', 'x.geojson=mercator', ...fx.files]).status).toBe(2);
  });
});
