// Part of `npm run check`: Doyensec's electronegativity (Electron security linter) through its programmatic API, over
// the code that runs in Electron — main/ (main process, preload, settings page), renderer/ and protocol/ — plus
// package.json. Fails on any finding that main/electronegativity.json does not justify, on any file it cannot parse,
// and on any justification that no longer matches a finding (so the file cannot rot).
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface Finding {
  id: string;
  file: string;
  line: number;
  sample: string;
  description: string;
  severity: string;
  confidence: string;
}

export interface Justification {
  id: string;
  file: string;
  /** If set, the finding's code sample must contain this. */
  sample?: string;
  reason: string;
}

export interface Config {
  /** Checks not run at all, each with its reason. */
  excludeChecks: { check: string; reason: string }[];
  justified: Justification[];
}

export interface Verdict {
  ok: boolean;
  unjustified: Finding[];
  stale: Justification[];
  justified: number;
}

export function judge(findings: readonly Finding[], config: Config): Verdict {
  const used = new Set<Justification>();
  const unjustified: Finding[] = [];
  for (const f of findings) {
    const j = config.justified.find((j) => j.id === f.id && j.file === f.file && (j.sample === undefined || f.sample.includes(j.sample)));
    if (j) used.add(j);
    else unjustified.push(f);
  }
  const stale = config.justified.filter((j) => !used.has(j));
  for (const j of config.justified) if (!j.reason || j.reason.trim().length < 20) throw new Error(`justification without a real reason: ${j.id} ${j.file}`);
  return { ok: unjustified.length === 0 && stale.length === 0, unjustified, stale, justified: findings.length - unjustified.length };
}

interface RawIssue {
  id: string;
  file: string;
  location?: { line: number };
  sample?: string;
  description: string;
  severity: { name: string };
  confidence: { name: string };
}
type Run = (o: Record<string, unknown>) => Promise<{ errors: { file: string; message: string; tolerable: boolean }[]; issues: RawIssue[] }>;

/** Copies what runs in Electron into a scratch folder (sources only: no tests, no build output) and scans it. */
export async function scan(root: string, config: Config, folders = ['main', 'renderer', 'protocol']): Promise<{ findings: Finding[]; parseErrors: string[] }> {
  const stage = mkdtempSync(join(tmpdir(), 'zz-electronegativity-'));
  try {
    for (const dir of folders) {
      cpSync(join(root, dir), join(stage, dir), {
        recursive: true,
        filter: (src) => !/[\\/](dist|node_modules)([\\/]|$)|\.test\.tsx?$/.test(src.slice(root.length)) && !src.endsWith('fakeElectron.ts'),
      });
    }
    cpSync(join(root, 'package.json'), join(stage, 'package.json'));
    const require = createRequire(import.meta.url);
    const mod = require('@doyensec/electronegativity') as Run | { default: Run };
    const run = typeof mod === 'function' ? mod : mod.default;
    const electronVersion = (JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
    // it tries to fetch translations from the internet first (1 s timeout) and says so; keep the output clean
    const log = console.log;
    console.log = (...args: unknown[]) => {
      if (!String(args[0]).startsWith('Could not retrieve updated translations')) log(...args);
    };
    let result: Awaited<ReturnType<Run>>;
    try {
      result = await run({ input: stage, isRelative: true, electronVersionOverride: electronVersion, excludeFromScan: config.excludeChecks.map((c) => c.check) });
    } finally {
      console.log = log;
    }
    const findings = result.issues.map((i) => ({
      id: i.id,
      file: i.file.split('\\').join('/'),
      line: i.location?.line ?? 0,
      sample: i.sample ?? '',
      description: i.description,
      severity: i.severity.name,
      confidence: i.confidence.name,
    }));
    const parseErrors = result.errors.filter((e) => !e.tolerable).map((e) => `${e.file}: ${e.message}`);
    return { findings, parseErrors };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

export function loadConfig(file: string): Config {
  return JSON.parse(readFileSync(file, 'utf8')) as Config;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const root = resolve(import.meta.dirname, '..');
  const configFile = join(root, 'main/electronegativity.json');
  const config = loadConfig(configFile);
  const started = Date.now();
  const { findings, parseErrors } = await scan(root, config);
  const verdict = judge(findings, config);
  for (const e of parseErrors) console.error(`electronegativity: cannot parse ${e}`);
  for (const f of verdict.unjustified) console.error(`electronegativity: ${f.id} (${f.severity}/${f.confidence}) ${f.file}:${f.line} ${f.sample.slice(0, 80)}\n  ${f.description}`);
  for (const j of verdict.stale) console.error(`electronegativity: justification matches nothing any more, remove it: ${j.id} ${j.file} ${j.sample ?? ''}`);
  const ok = verdict.ok && parseErrors.length === 0;
  console.log(
    `electronegativity: ${findings.length} finding(s), ${verdict.justified} justified in ${configFile.slice(root.length + 1)}, ${verdict.unjustified.length} not, ${verdict.stale.length} stale justification(s), ${parseErrors.length} parse error(s) — ${Date.now() - started} ms`,
  );
  if (!ok) process.exit(1);
}
