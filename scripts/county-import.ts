// Imports a county's boundaries and people into a centre's data directory:
//   npm run county:import -- --data DIR [--crs FILE=gcj02 …] [--commit] FILES…
// Always checks first and lists every problem by file and row or feature; imports only a clean set, after `--commit`
// or a "确认导入？" answer on a terminal. Exit code 0: imported or clean dry run; 1: problems; 2: usage.
import { parseArgs } from 'node:util';
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { openDatabase } from '../app/store/db.ts';
import { createLedger } from '../app/store/ledger.ts';
import { createCountyImportStore } from '../app/store/countyImport.ts';
import { createCountyImporter } from '../app/workflow/countyImport.ts';
import { CoordinateSystem, describeProblem, type ImportResult } from '../protocol/countyImport.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    data: { type: 'string' },
    crs: { type: 'string', multiple: true, default: [] },
    commit: { type: 'boolean', default: false },
  },
});

const usage = () => {
  console.error('用法 / usage: npm run county:import -- --data DIR [--crs FILE=wgs84|cgcs2000|gcj02|bd09 …] [--commit] FILES…');
  process.exit(2);
};
if (!values.data || positionals.length === 0) usage();
const crs: Record<string, CoordinateSystem> = {};
for (const c of values.crs) {
  const [file, system] = c.split('=');
  const parsed = CoordinateSystem.safeParse(system?.toLowerCase());
  if (!file || !parsed.success) usage();
  else crs[basename(file)] = parsed.data;
}

let files;
try {
  files = positionals.map((p) => ({ name: basename(p), bytes: new Uint8Array(readFileSync(resolve(p))) }));
} catch (err) {
  console.error(`无法读取文件 / cannot read: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
mkdirSync(resolve(values.data as string), { recursive: true });
const db = openDatabase(join(resolve(values.data as string), 'centre.db'));
const importer = createCountyImporter(createCountyImportStore(db), createLedger(db));
const run = (commit: boolean) => importer({ files, crs, commit, now: Date.now(), actorId: null });

const print = (r: ImportResult) => {
  const s = r.summary;
  console.log(`${s.county ?? '（未含县界 / no county boundary）'}: 乡镇 ${s.townships} · 村(社区) ${s.villages} · 网格 ${s.grids} · 驻中心部门 ${s.departments} · 人员 ${s.people} · 停用网格 / grids retired ${s.gridsRetired}`);
  // Units the files no longer have: retired (kept for history), named so the operator sees what stops receiving work.
  for (const u of s.unitsRetired) console.log(`停用 / retire: ${u.code} ${u.name}${u.accounts ? ` (账号 / accounts: ${u.accounts})` : ''}`);
};

const dry = await run(false);
if (dry.problems.length) {
  console.log(`发现 ${dry.problems.length} 个问题，未导入任何内容 / ${dry.problems.length} problems, nothing imported:`);
  for (const p of dry.problems) console.log(`  ${describeProblem(p, 'zh')}\n    ${describeProblem(p, 'en')}`);
  db.close();
  process.exit(1);
}
print(dry);
let confirmed = values.commit;
if (!confirmed && process.stdin.isTTY) {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  confirmed = /^(y|yes|是|确认)$/i.test((await rl.question('确认导入？/ import now? [y/N] ')).trim());
  rl.close();
}
if (!confirmed) {
  console.log('试运行通过，未导入；加 --commit 导入 / dry run clean, nothing imported; add --commit to import');
  db.close();
  process.exit(0);
}
const done = await run(true);
if (!done.committed) {
  // Something changed between the dry run and now (another import): report it, nothing was written.
  for (const p of done.problems) console.log(`  ${describeProblem(p, 'zh')}`);
  db.close();
  process.exit(1);
}
console.log('已导入 / imported:');
print(done);
db.close();
