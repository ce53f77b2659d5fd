// The single-seat mode: the centre server (main/dist/server.mjs, built from app/cli.ts by scripts/build-main.ts) runs
// in an Electron utility process, with its data in <userData>/centre. Restarted with back-off if it exits.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { utilityProcess, type UtilityProcess } from 'electron';
import type { ServerStatus } from '../../protocol/ipc.ts';
import { embeddedServerArgs, listeningUrl, reconnectDelayMs, type ServerChoice } from '../server.ts';

export interface EmbeddedServer {
  stop(): Promise<void>;
}

export function startEmbeddedServer(
  choice: Extract<ServerChoice, { kind: 'embedded' }>,
  opts: { entry: string; dataDir: string; onStatus: (s: ServerStatus) => void; log: (msg: string) => void },
): EmbeddedServer {
  let child: UtilityProcess | null = null;
  let stopping = false;
  let restarts = 0;
  let timer: NodeJS.Timeout | null = null;

  const spawn = () => {
    if (!existsSync(opts.entry)) {
      opts.onStatus({ state: 'down', url: choice.origin, detail: `内置服务未构建 / embedded server not built: ${opts.entry} (npm run build:main)` });
      return;
    }
    opts.onStatus({ state: 'starting', url: choice.origin });
    const args = embeddedServerArgs(choice, opts.dataDir);
    const proc = utilityProcess.fork(opts.entry, args, { serviceName: 'zongzhi-centre-server', stdio: 'pipe', cwd: opts.dataDir, env: { ...process.env, NODE_ENV: 'production' } });
    child = proc;
    let buffered = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      buffered = (buffered + chunk.toString()).slice(-4096);
      for (const line of chunk.toString().split('\n')) if (line.trim()) opts.log(`[centre] ${line.trim()}`);
      if (listeningUrl(buffered)) {
        restarts = 0;
        buffered = '';
        opts.onStatus({ state: 'up', url: choice.origin });
      }
    });
    proc.stderr?.on('data', (chunk: Buffer) => opts.log(`[centre] ${chunk.toString().trim()}`));
    proc.on('exit', (code) => {
      child = null;
      if (stopping) return;
      const delay = reconnectDelayMs(restarts++);
      opts.onStatus({ state: 'down', url: choice.origin, detail: `内置服务退出 (${code})，${delay / 1000} 秒后重启 / embedded server exited (${code}); restarting in ${delay / 1000} s` });
      timer = setTimeout(spawn, delay);
    });
  };
  spawn();

  return {
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (timer) clearTimeout(timer);
        const proc = child;
        if (!proc) return resolve();
        const force = setTimeout(() => {
          proc.kill();
          resolve();
        }, 5000);
        proc.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        // SIGTERM lets the server close the database cleanly (app/cli.ts handles it); utilityProcess.kill sends it.
        proc.kill();
      }),
  };
}

export function embeddedEntry(mainDir: string): string {
  return join(mainDir, 'server.mjs');
}
