// The server is killed with SIGKILL while alerts are being raised and delivered, then restarted on the same data:
// nothing committed is lost, nothing is shown twice, and the escalation timers carry on.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../protocol/index.ts';
import { createLedger } from '../../app/store/ledger.ts';
import { openDatabase } from '../../app/store/db.ts';
import { openConsole, tempDir, type TestConsole } from './harness.ts';

function startServerProcess(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/cli.ts', '--port', '0', '--data', dataDir, '--demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(/LISTENING (\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] as string });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

describe('crash safety', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).reverse().forEach((f) => f()));

  it('survives SIGKILL mid-delivery: committed alerts all arrive once after restart, timers resume', async () => {
    const tmp = tempDir('zz-crash-');
    cleanup.push(tmp.remove);
    writeFileSync(join(tmp.dir, 'config.json'), JSON.stringify({ ackDeadlinesMs: { red: 2500, orange: 2500, yellow: 2500, blue: 2500 }, timerTickMs: 100 }));

    let server = await startServerProcess(tmp.dir);
    cleanup.push(() => server.child.kill('SIGKILL'));
    const county = await openConsole(server.url, 'duty1');
    const towns: TestConsole[] = [];
    for (const u of ['t01', 't02', 't03']) towns.push(await openConsole(server.url, u));
    cleanup.push(() => [county, ...towns].forEach((c) => c.close()));

    // Fire raises back to back and pull the plug while they are still in flight.
    const confirmed: number[] = [];
    const sent = 60;
    for (let i = 0; i < sent; i++) {
      county.socket.emit('alert:raise', { level: 'red', title: `崩溃测试 ${i}`, targets: { kind: 'all' } }, (r: Reply<{ alert: { id: number } }>) => {
        if (r.ok) confirmed.push(r.data.alert.id);
      });
    }
    await towns[0]!.waitFor((a) => a.length >= 5, 10_000);
    server.child.kill('SIGKILL');
    await new Promise((r) => server.child.once('exit', r));
    const appliedBeforeCrash = towns.map((t) => t.applied.length);

    // What the database holds now is what was committed.
    const peek = new Database(join(tmp.dir, 'centre.db'), { readonly: true });
    const committed = (peek.prepare('SELECT id FROM alerts ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    peek.close();
    expect(committed.length).toBeGreaterThan(0);
    console.log(`crash: ${committed.length}/${sent} committed, ${confirmed.length} confirmed, applied before crash ${appliedBeforeCrash.join("/")}`);
    for (const id of confirmed) expect(committed).toContain(id); // every confirmed raise survived

    server = await startServerProcess(tmp.dir);
    for (const t of towns) {
      t.close();
      await t.connect(server.url);
    }
    for (const [i, t] of towns.entries()) {
      await t.waitFor(() => t.newAlerts().length === committed.length, 10_000);
      const ids = t.newAlerts().map((a) => a.id);
      expect(new Set(ids).size).toBe(ids.length); // never shown twice
      expect([...ids].sort((a, b) => a - b)).toEqual(committed);
      expect(t.applied.map((e) => e.seq)).toEqual(t.applied.map((_, k) => k + 1)); // contiguous, in order
      expect(t.applied.length).toBeGreaterThanOrEqual(appliedBeforeCrash[i] as number);
    }

    // The deadlines were rows: after the restart unsigned alerts still escalate into reminders.
    await towns[0]!.waitFor((a) => a.some((e) => e.event.kind === 'alert.reminder'), 8000);
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    const db = openDatabase(join(tmp.dir, 'centre.db'));
    expect(createLedger(db).verify().firstBroken).toBeNull();
    db.close();
  }, 60_000);
});

describe('shutdown', () => {
  it('stops cleanly on Ctrl-C (SIGINT): exit code 0, database closed and reopenable with everything in it', async () => {
    const tmp = tempDir('zz-sigint-');
    try {
      const server = await startServerProcess(tmp.dir);
      const county = await openConsole(server.url, 'duty1');
      const reply = await county.request('alert:raise', { level: 'blue', title: '关机前', targets: { kind: 'all' } });
      expect(reply.ok).toBe(true);
      county.close();
      let out = '';
      server.child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
      const exit = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
      server.child.kill('SIGINT');
      expect(await exit).toBe(0);
      expect(out).toContain('shutting down');
      const db = openDatabase(join(tmp.dir, 'centre.db'));
      expect((db.prepare('SELECT title FROM alerts').all() as { title: string }[]).map((r) => r.title)).toEqual(['关机前']);
      db.close();
    } finally {
      tmp.remove();
    }
  }, 60_000);
});
