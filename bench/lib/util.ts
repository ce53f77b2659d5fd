// Small helpers shared by the benchmarks: wall-clock time that is comparable across processes, percentiles, logging.
import { parseArgs } from 'node:util';

/** Wall-clock ms with sub-ms precision. Both processes of a run are on one machine, so their values compare. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Everything but the one JSON result line goes to stderr. */
/** The largest value; -Infinity for none. A loop, not Math.max(...values): a spread of 300,000 samples overflows the stack. */
export function maxOf(values: readonly number[]): number {
  let m = -Infinity;
  for (const v of values) if (v > m) m = v;
  return m;
}

export function log(...parts: unknown[]): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 23)}] ${parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ')}\n`);
}

/** Parses `--name N` integer flags (all optional, with defaults); unknown flags are an error. */
export function intFlags<K extends string>(defaults: Record<K, number>, argv = process.argv.slice(2)): Record<K, number> {
  const options = Object.fromEntries(Object.keys(defaults).map((k) => [k, { type: 'string' as const }]));
  const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  const out = { ...defaults };
  for (const key of Object.keys(defaults) as K[]) {
    const raw = (values as Record<string, string | undefined>)[key];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${key} must be a non-negative integer, got ${raw}`);
    out[key] = n;
  }
  return out;
}

/** Rejects after ms unless the promise settles first. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Kills the process (and exits non-zero) if the benchmark overruns, so a hung run never lingers. */
export function watchdog(ms: number, onFire: () => void): NodeJS.Timeout {
  const t = setTimeout(() => {
    log(`watchdog: run exceeded ${ms} ms, aborting`);
    try {
      onFire();
    } finally {
      process.exit(2);
    }
  }, ms);
  t.unref();
  return t;
}

/**
 * Runs a benchmark to its one JSON line on stdout (with `run_s` filled in), cleans up whatever happens, and makes sure
 * the process ends even if some handle would keep it alive.
 */
export async function runBenchmark<R extends { run_s: number }>(run: () => Promise<R>, cleanup: () => Promise<void>): Promise<void> {
  const started = wallNow();
  let exitCode = 0;
  try {
    const result = await run();
    await cleanup();
    result.run_s = round2((wallNow() - started) / 1000);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (err) {
    exitCode = 1;
    log('benchmark failed:', err instanceof Error ? (err.stack ?? err.message) : String(err));
    await cleanup().catch(() => {});
  }
  process.exitCode = exitCode;
  setTimeout(() => {
    log('a handle kept the process alive after cleanup; exiting');
    process.exit(exitCode);
  }, 3000).unref();
}
