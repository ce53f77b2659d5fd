// County import end to end: read the files, check them against what the centre has, and apply only a clean plan
// when asked to. A dry run and a commit run the same checks; a commit with any problem writes nothing.
import { createHash } from 'node:crypto';
import type { CoordinateSystem, ImportProblem, ImportResult, ImportSummary } from '../../protocol/countyImport.ts';
import { checkCountyImport, type Existing, type ImportPlan } from '../domain/countyImport.ts';
import { readCountyFiles, type InputFile } from '../import/readFiles.ts';
import type { CountyImportStore } from '../store/countyImport.ts';
import type { Ledger } from '../store/ledger.ts';

export interface ImportRequest {
  files: readonly InputFile[];
  /** The operator's coordinate system per file name (wins over the file's own declaration). */
  crs?: Readonly<Record<string, CoordinateSystem>>;
  commit: boolean;
  now: number;
  actorId: number | null;
}

export async function runCountyImport(store: CountyImportStore, ledger: Ledger, req: ImportRequest): Promise<ImportResult> {
  return createCountyImporter(store, ledger)(req);
}

/**
 * The importer the CLI and the admin screen use: it remembers its last check, so confirming a dry run does not read and
 * check the same files again — as long as they are byte for byte the same (same names, same coordinate systems) and
 * the centre's areas and grids have not changed since. Anything else is read and checked afresh.
 */
export function createCountyImporter(store: CountyImportStore, ledger: Ledger) {
  let last: { key: string; state: string; problems: ImportProblem[]; plan: ImportPlan; existing: Existing } | null = null;
  return async (req: ImportRequest): Promise<ImportResult> => {
    const key = fingerprint(req);
    let checked = last && last.key === key && last.state === store.state() ? last : null;
    if (!checked) {
      const read = await readCountyFiles(req.files, req.crs);
      // From here on everything is synchronous, so nothing else writes between the check and the apply.
      const existing = store.existing();
      const { problems, plan } = checkCountyImport(read.geo, read.people, existing);
      problems.unshift(...read.problems);
      checked = last = { key, state: store.state(), problems, plan, existing };
    }
    const { problems, plan, existing } = checked;
    if (problems.length || !req.commit) return { committed: false, problems: [...problems], summary: preview(plan, existing) };
    last = null;
    return { committed: true, problems: [], summary: store.apply(plan, ledger, req.now, req.actorId) };
  };
}
export type CountyImporter = ReturnType<typeof createCountyImporter>;

function fingerprint(req: ImportRequest): string {
  const h = createHash('sha256');
  for (const f of req.files) h.update(`${f.name}\0${f.bytes.length}\0${req.crs?.[f.name] ?? ''}\0`).update(f.bytes);
  return h.digest('hex');
}

function preview(plan: ImportPlan, existing: Existing): ImportSummary {
  return {
    county: plan.areas.find((a) => a.level === 'county')?.name ?? null,
    townships: plan.areas.filter((a) => a.level === 'township').length,
    villages: plan.areas.filter((a) => a.level === 'village').length,
    grids: plan.grids.length,
    people: plan.people.length,
    departments: plan.areas.filter((a) => a.level === 'department').length,
    gridsRetired: gridsRetiredBy(plan, existing).length,
    unitsRetired: plan.retire,
  };
}

/** The live grids a plan retires: those the files no longer have (when they bring grids), and those of retired villages. */
export function gridsRetiredBy(plan: ImportPlan, existing: Existing): string[] {
  const planned = new Set(plan.grids.map((g) => g.code));
  const gone = new Set(plan.retire.filter((u) => u.level === 'village').map((u) => u.code));
  return [...existing.grids].filter(([code, g]) => !planned.has(code) && (plan.levels.has('grid') || gone.has(g.villageCode))).map(([code]) => code);
}
