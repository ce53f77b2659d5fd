// The command line's start-up messages, from the real `app/cli.ts` process.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './harness.ts';
import { noJanusUnlessAsked } from '../noJanus.ts';

/** Starts the server, stops it once it listens, and returns everything it printed (stdout and stderr). */
function startAndStop(dataDir: string): Promise<{ out: string; url: string }> {
  noJanusUnlessAsked(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/cli.ts', '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let url = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start: ${out}`));
    }, 30_000);
    const take = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /LISTENING (\S+)/.exec(out);
      if (m && !url) {
        url = m[1] as string;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('exit', () => {
      clearTimeout(timer);
      if (url) resolve({ out, url });
      else reject(new Error(`server exited before listening: ${out}`));
    });
  });
}

describe('cli start-up', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).reverse().forEach((f) => f()));

  it('warns when publicBaseUrl is unset (the receipt QR would point at the server itself), and not once it is set', async () => {
    const tmp = tempDir('zz-cli-');
    cleanup.push(tmp.remove);
    writeFileSync(join(tmp.dir, 'config.json'), JSON.stringify({ video: { enabled: false } }));
    const bare = await startAndStop(tmp.dir);
    expect(bare.out).toMatch(/警告：config\.json 未设置 publicBaseUrl/);
    expect(bare.out).toContain(`point at ${bare.url}`);

    writeFileSync(join(tmp.dir, 'config.json'), JSON.stringify({ video: { enabled: false }, publicBaseUrl: 'https://zz.example.gov.cn' }));
    const set = await startAndStop(tmp.dir);
    expect(set.out).toContain('LISTENING');
    expect(set.out).not.toContain('publicBaseUrl');
  }, 60_000);
});
