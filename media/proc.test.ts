import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChildRegistry, Supervised } from './proc.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe('child processes', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'zz-proc-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('writes a pid file per child and removes it when the child exits', async () => {
    const d = dir();
    const reg = new ChildRegistry(d, null);
    const child = reg.spawn({ command: 'sleep', args: ['30'] });
    expect(readdirSync(d)).toEqual([`${child.pid}.pid`]);
    await child.stop(500);
    expect(readdirSync(d)).toEqual([]);
    await reg.close();
  });

  it('sweeps children left by an earlier run (same command line), and ignores reused pids', async () => {
    const d = dir();
    const first = new ChildRegistry(d, null);
    const orphan = first.spawn({ command: 'sleep', args: ['31'] });
    // The earlier run "crashed": its registry is gone, the child and its pid file remain.
    process.off('exit', (first as unknown as { onExit: () => void }).onExit);
    expect(alive(orphan.pid)).toBe(true);
    // A file whose pid now runs something else must not be killed.
    const other = spawn('sleep', ['32'], { stdio: 'ignore' });
    writeFileSync(join(d, `${other.pid}.pid`), JSON.stringify({ pid: other.pid, cmdline: 'ffmpeg\0-i\0x' }));
    const second = new ChildRegistry(d, null);
    expect(second.sweep()).toBe(1);
    await orphan.exited;
    expect(alive(orphan.pid)).toBe(false);
    expect(alive(other.pid!)).toBe(true);
    other.kill('SIGKILL');
    expect(readdirSync(d)).toEqual([]);
    await second.close();
  });

  it('restarts a failing child with growing backoff until stopped', async () => {
    const reg = new ChildRegistry(dir(), null);
    const starts: number[] = [];
    const sup = new Supervised({
      registry: reg,
      spec: () => ({ command: 'sh', args: ['-c', 'exit 3'] }),
      backoffMinMs: 50,
      backoffMaxMs: 200,
      onStart: () => starts.push(Date.now()),
    });
    await new Promise((r) => setTimeout(r, 900));
    await sup.stop();
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    expect(starts.length).toBeGreaterThanOrEqual(4);
    expect(gaps[0]).toBeLessThan(gaps[2]!); // 50, 100, 200 ms …
    expect(Math.max(...gaps)).toBeLessThan(400); // … capped at 200 ms (+ spawn time)
    const count = starts.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(starts.length).toBe(count);
    await reg.close();
  });
});
