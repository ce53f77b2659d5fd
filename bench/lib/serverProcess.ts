// The centre server as a child process (`app/cli.ts`), so a benchmark can kill it and start it again on the same data.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { log, withTimeout } from './util.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CentreProcess {
  url: string;
  /** Where cameras and encoders push (the `MEDIA rtmp://…` line), or null when video is unavailable. */
  ingest: string | null;
  pid: number;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** Sends a signal to the server's process group. */
  signal(sig: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL if it has not exited within graceMs. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `node --import tsx app/cli.ts --port 0 --data <dir> --demo [...args]` (the same as `npx tsx app/cli.ts`, minus
 * the wrapper processes: the server's pid is this node, its ffmpeg children are its own) in its own process group and
 * waits for its `LISTENING <url>` line. Its output goes to our stderr.
 */
export async function startCentreProcess(dataDir: string, timeoutMs = 60_000, args: string[] = []): Promise<CentreProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'app/cli.ts', '--port', '0', '--host', '127.0.0.1', '--data', dataDir, '--demo', ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the centre server');
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[server ${pid}] ${chunk.toString()}`));
  let alive = true;
  const exited = new Promise<void>((resolve) => child.once('exit', () => ((alive = false), resolve())));
  const signal = (sig: NodeJS.Signals) => {
    if (!alive) return;
    try {
      process.kill(-pid, sig); // the whole group this spawn created
    } catch {
      /* already gone */
    }
  };
  let ingest: string | null = null;
  const url = await withTimeout(
    new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        buf += text;
        for (const line of text.split('\n')) if (line.trim() && !line.startsWith('LISTENING')) process.stderr.write(`[server ${pid}] ${line}\n`);
        ingest ??= /MEDIA (rtmp:\S+)/.exec(buf)?.[1] ?? null;
        const m = buf.match(/LISTENING (\S+)/);
        if (m) resolve(m[1] as string);
      });
      child.once('exit', (code, sig) => reject(new Error(`centre server exited (${code ?? sig}) before listening`)));
    }),
    timeoutMs,
    'centre server start',
  ).catch((err: unknown) => {
    signal('SIGKILL');
    throw err;
  });
  return {
    url,
    ingest,
    pid,
    exited,
    signal,
    async stop(graceMs = 5000) {
      signal('SIGTERM');
      await withTimeout(exited, graceMs, 'centre server stop').catch(async () => {
        log(`centre server ${pid} ignored SIGTERM; killing it`);
        signal('SIGKILL');
        await exited;
      });
    },
  };
}

/**
 * A private copy of the built console in the data directory, to serve with `--static`: a rebuild of dist/ during the run
 * must not pull the page from under the benchmark.
 */
export function consoleCopy(dataDir: string): string {
  if (!existsSync(join(ROOT, 'dist/renderer/index.html'))) throw new Error('dist/renderer is missing: run `npx vite build` first');
  const staticDir = join(dataDir, 'console');
  cpSync(join(ROOT, 'dist/renderer'), staticDir, { recursive: true });
  return staticDir;
}
