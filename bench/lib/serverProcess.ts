// The centre server as a child process (`app/cli.ts`), so a benchmark can kill it and start it again on the same data.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { log, withTimeout } from './util.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CentreProcess {
  url: string;
  pid: number;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** Sends a signal to the server's process group. */
  signal(sig: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL if it has not exited within graceMs. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `node --import tsx app/cli.ts --port 0 --data <dir> --demo` (the same as `npx tsx app/cli.ts`, minus the wrapper
 * processes) in its own process group and waits for its `LISTENING <url>` line. Its output goes to our stderr.
 */
export async function startCentreProcess(dataDir: string, timeoutMs = 60_000): Promise<CentreProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'app/cli.ts', '--port', '0', '--host', '127.0.0.1', '--data', dataDir, '--demo'], {
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
  const url = await withTimeout(
    new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        buf += text;
        for (const line of text.split('\n')) if (line.trim() && !line.startsWith('LISTENING')) process.stderr.write(`[server ${pid}] ${line}\n`);
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
