// Kill -9 the centre server while ffmpeg hangs on a silent camera: the kernel must take ffmpeg down with it
// (setpriv --pdeathsig), long before ffmpeg's own 60-s I/O timeout would.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { CameraAdminView } from '../../protocol/index.ts';
import { expectOk, login, openConsole, tempDir, type TestConsole } from './harness.ts';
import { NO_FFMPEG, TOOLS, ffmpegProcesses, waitUntil } from './videoHelpers.ts';
import { noJanusUnlessAsked } from '../noJanus.ts';

if (NO_FFMPEG) console.log(`[video] ${NO_FFMPEG}`);
if (TOOLS && !TOOLS.setpriv) console.log('[video] setpriv --pdeathsig missing (util-linux): crash test skipped');

describe.skipIf(!!NO_FFMPEG || !TOOLS?.setpriv)('ffmpeg dies with a SIGKILLed centre server', () => {
  const tmp = tempDir('zz-video-crash-');
  let proc: ChildProcess | null = null;
  let silent: Server | null = null;
  const held: Socket[] = [];
  let console_: TestConsole | null = null;

  afterAll(async () => {
    console_?.close();
    for (const s of held) s.destroy();
    silent?.close();
    if (proc?.pid && proc.exitCode === null && proc.signalCode === null) process.kill(proc.pid, 'SIGKILL');
    tmp.remove();
  });

  it('leaves no ffmpeg behind', async () => {
    // A "camera" that accepts the connection and never answers.
    silent = createServer((s) => held.push(s));
    await new Promise<void>((r) => silent!.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    writeFileSync(join(tmp.dir, 'config.json'), JSON.stringify({ video: { ioTimeoutMs: 60_000, probeEveryMs: 0 } }));

    noJanusUnlessAsked(tmp.dir);
    proc = spawn(process.execPath, ['--import', 'tsx', 'app/cli.ts', '--port', '0', '--data', tmp.dir, '--demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    await waitUntil(() => /LISTENING (\S+)/.test(out), 30_000, `the server to listen:\n${out}`);
    const url = /LISTENING (\S+)/.exec(out)![1]!;

    const admin = (await login(url, 'admin')).token;
    const townshipId = ((await (await fetch(`${url}/api/centres`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { id: number; level: string }[]).find(
      (c) => c.level === 'township',
    )!.id;
    const res = await fetch(`${url}/api/cameras`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '静默·摄像机', townshipId, lat: 24.9, lng: 102.1, sourceUrl: `rtsp://127.0.0.1:${port}/hang` }),
    });
    const cam = (await res.json()) as CameraAdminView;
    console_ = await openConsole(url, 'duty1');
    expectOk((await console_.raw('video:play', { cameraId: cam.id, transport: 'flv' })) as never);
    const needle = `127.0.0.1:${port}/hang`;
    // The pull (ffmpeg); a codec probe (ffprobe) of the new camera may be connected too, and must die as well.
    const pulls = () => ffmpegProcesses(needle).filter((p) => /ffmpeg$/.test(p.cmdline.split(' ')[0] ?? ''));
    await waitUntil(() => pulls().length === 1 && held.length > 0, 10_000, 'ffmpeg connected to the silent camera');

    process.kill(proc.pid!, 'SIGKILL');
    const gone = await waitUntil(() => ffmpegProcesses(needle).length === 0, 3000, 'ffmpeg to die with its parent');
    expect(gone).toBeLessThan(3000);
  });
});
