// npm run bench:import
// One JSON line: importing a county of 2,116 grids (~200 points each) and 3,000 people into a real SQLite file, the dry
// run and the commit that confirms it (as the CLI and the admin screen run them: the commit reuses the dry run's check
// when the files and the centre are unchanged; a cold re-import without a dry run is timed too), against the
// time to read the same files with the parsers alone (JSON.parse, jszip + shpjs, papaparse, exceljs) in the same run.
// Target: dry run + commit ≤ 10 s and ≤ 5× the bare parse.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { makeCountyFixtures, BENCH } from '../scripts/make-county-fixtures.ts';
import { readCountyFiles } from '../app/import/readFiles.ts';
import { openDatabase } from '../app/store/db.ts';
import { createLedger } from '../app/store/ledger.ts';
import { createCountyImportStore } from '../app/store/countyImport.ts';
import { createCountyImporter } from '../app/workflow/countyImport.ts';
import { log, round2, runBenchmark, wallNow } from './lib/util.ts';

const dir = mkdtempSync(join(tmpdir(), 'zz-bench-import-'));

await runBenchmark(
  async () => {
    const fx = await makeCountyFixtures(join(dir, 'files'), BENCH);
    const files = fx.files.map((p) => ({ name: basename(p), bytes: new Uint8Array(readFileSync(p)) }));
    const mb = fx.files.reduce((s, p) => s + statSync(p).size, 0) / 1e6;
    const points = JSON.parse(readFileSync(join(dir, 'files', 'grids.geojson'), 'utf8')).features.reduce(
      (s: number, f: { geometry: { coordinates: unknown[][] } }) => s + (f.geometry.coordinates[0] as unknown[]).length, 0,
    ) as number;
    log(`${fx.gridCodes.length} grids (${Math.round(points / fx.gridCodes.length)} points each), ${fx.people} people, ${round2(mb)} MB`);

    const time = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
      const t = wallNow();
      const r = await f();
      return [r, (wallNow() - t) / 1000];
    };
    // The bare parse, three times (the best one: the parsers warm up like the import's do).
    let parse = Infinity;
    for (let i = 0; i < 3; i++) parse = Math.min(parse, (await time(() => readCountyFiles(files)))[1]);

    const db = openDatabase(join(dir, 'centre.db'));
    const store = createCountyImportStore(db);
    const ledger = createLedger(db);
    // As the CLI and the admin screen run it: a dry run, then the operator confirms (the importer remembers the check).
    const importer = createCountyImporter(store, ledger);
    const run = (commit: boolean, via = importer) => via({ files, commit, now: Date.now(), actorId: null });
    const [dry, dryS] = await time(() => run(false));
    if (dry.problems.length) throw new Error(`the bench county has problems: ${JSON.stringify(dry.problems.slice(0, 3))}`);
    const [done, commitS] = await time(() => run(true));
    if (!done.committed) throw new Error('commit refused');
    // The same files again with no dry run before (read, check, every row matched by code and updated).
    const [, reimportS] = await time(() => run(true, createCountyImporter(store, ledger)));
    db.close();
    const whole = dryS + commitS;
    return {
      bench: 'county-import',
      grids: fx.gridCodes.length,
      points_per_grid: Math.round(points / fx.gridCodes.length),
      people: fx.people,
      files_mb: round2(mb),
      parse_s: round2(parse),
      dry_run_s: round2(dryS),
      commit_s: round2(commitS),
      whole_import_s: round2(whole),
      cold_reimport_s: round2(reimportS),
      ratio_to_parse: round2(whole / parse),
      target: 'whole_import_s <= 10 and ratio_to_parse <= 5',
      met: whole <= 10 && whole / parse <= 5,
      run_s: 0,
    };
  },
  async () => rmSync(dir, { recursive: true, force: true }),
);
