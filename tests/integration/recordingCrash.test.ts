// SIGKILL the centre server while it records: after a restart the index holds only whole segments (each one decodes
// to its end without an error), the segment being written when it died is repaired and indexed or deleted, and
// recording carries on.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Centre } from '../../protocol/index.ts';
import { login, tempDir } from './harness.ts';
import { NO_FFMPEG, TOOLS, killSource, makeClip, pushSource, waitUntil } from './videoHelpers.ts';
import { noJanusUnlessAsked } from '../noJanus.ts';

if (NO_FFMPEG) console.log(`[recording] ${NO_FFMPEG}`);

function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string; ingest: string }> {
  noJanusUnlessAsked(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/cli.ts', '--port', '0', '--data', dataDir, '--demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  return waitUntil(() => /LISTENING (\S+)/.test(out) && /MEDIA (\S+)/.test(out), 60_000, `the server to listen:\n${out}`, 100).then(() => ({
    child,
    url: /LISTENING (\S+)/.exec(out)![1]!,
    ingest: /MEDIA (\S+)/.exec(out)![1]!,
  }));
}

describe.skipIf(!!NO_FFMPEG)('recording survives a SIGKILL', () => {
  const tmp = tempDir('zz-rec-crash-');
  let proc: ChildProcess | null = null;
  let source: ChildProcess | null = null;

  afterAll(async () => {
    if (source) await killSource(source);
    if (proc?.pid && proc.exitCode === null && proc.signalCode === null) process.kill(proc.pid, 'SIGKILL');
    tmp.remove();
  });

  it('serves only whole segments after the crash, and records on', async () => {
    const data = join(tmp.dir, 'data');
    const clip = makeClip(tmp.dir);
    // The cli reads config.json from the data dir.
    spawnSync('mkdir', ['-p', data]);
    writeFileSync(join(data, 'config.json'), JSON.stringify({ video: { probeEveryMs: 0 }, recording: { segmentSec: 2 } }));
    let s = await startServer(data);
    proc = s.child;
    const admin = (await login(s.url, 'admin')).token;
    const townshipId = ((await (await fetch(`${s.url}/api/centres`, { headers: { authorization: `Bearer ${admin}` } })).json()) as Centre[]).find((c) => c.level === 'township')!.id;
    const post = (url: string, path: string, body: unknown, method = 'POST') =>
      fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const cam = (await (await post(s.url, '/api/cameras', { name: '录像·断电', townshipId, lat: 24.9, lng: 102.1, sourceUrl: 'rtmp://ingest.local/src/crashrec' })).json()) as { id: number };
    source = pushSource(clip, `${s.ingest}/crashrec`);
    expect((await post(s.url, `/api/recording/policies/${cam.id}`, { mode: 'continuous', beforeMin: 1, afterMin: 1, retentionDays: 7 }, 'PUT')).status).toBe(200);

    const dbFile = join(data, 'centre.db');
    const indexed = () => {
      const db = new Database(dbFile, { readonly: true, fileMustExist: true });
      try {
        return db.prepare('SELECT file, start_ms AS start, end_ms AS end, media_ms AS media FROM recording_segments WHERE camera_id = ? ORDER BY start_ms').all(cam.id) as { file: string; start: number; end: number; media: number }[];
      } finally {
        db.close();
      }
    };
    const recDir = join(data, 'media', 'rec', `c${cam.id}`);
    await waitUntil(() => indexed().length >= 3, 40_000, 'three segments indexed', 200);
    // Mid-segment: a second after the latest one was indexed, the next is half written.
    const n = indexed().length;
    await waitUntil(() => indexed().length > n, 10_000, 'the next segment', 50);
    await new Promise((r) => setTimeout(r, 1000));
    process.kill(proc.pid!, 'SIGKILL');
    await new Promise((r) => proc!.once('exit', r));
    const before = indexed();
    const onDisk = readdirSync(recDir).filter((f) => f.endsWith('.ts'));
    const unindexed = onDisk.filter((f) => !before.some((b) => b.file.endsWith(`/${f}`)));
    expect(unindexed.length).toBeGreaterThanOrEqual(1); // the torn one

    s = await startServer(data);
    proc = s.child;
    await killSource(source);
    source = pushSource(clip, `${s.ingest}/crashrec`); // the new server listens on a new port
    const after = indexed();
    expect(after.length).toBeGreaterThanOrEqual(before.length);
    for (const seg of after) {
      const path = join(data, 'media', 'rec', seg.file);
      expect(existsSync(path)).toBe(true);
      // Decodes to its end with no error: a torn packet would show here.
      const r = spawnSync(TOOLS!.ffmpeg, ['-v', 'error', '-i', path, '-f', 'null', '-'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stderr.trim()).toBe('');
      expect(seg.media).toBeGreaterThanOrEqual(1000);
    }
    // Every file left on disk is in the index (repaired) — none was left unindexed and none is broken.
    const leftOnDisk = readdirSync(recDir).filter((f) => f.endsWith('.ts'));
    for (const f of unindexed) expect(leftOnDisk.includes(f) === after.some((a) => a.file.endsWith(`/${f}`))).toBe(true);
    // Recording carries on after the restart.
    const count = after.length;
    await waitUntil(() => indexed().length > count + 1, 30_000, 'new segments after the restart', 200);
  }, 150_000);
});
