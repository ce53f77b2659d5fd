// Evidence integrity and scope: photos survive a SIGKILL mid-upload whole or not at all, a damaged photo is repaired by
// a re-send, `npm run evidence:verify` names every damaged photo and snapshot, and a photo is served only in scope.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError, Incident } from '../../protocol/index.ts';
import { generateDemoCounty } from '../../app/domain/demoCounty.ts';
import { api, login, startServerProcess, startTestServer, tempDir } from './harness.ts';

const demo = generateDemoCounty();
/** A point inside the first grid of township index t. */
const gridPoint = (t: number) => {
  const pts = demo.townships[t]!.villages[0]!.grids[0]!.ring.slice(0, -1);
  return { lon: pts.reduce((s, p) => s + p[0], 0) / pts.length, lat: pts.reduce((s, p) => s + p[1], 0) / pts.length, crs: 'wgs84' };
};
let seq = 0;
const report = (t: number, photos: string[]) => ({
  idempotencyKey: `evidence-${Date.now()}-${seq++}`, category: 'dispute', description: '证据测试', location: gridPoint(t), photos,
});
/** JPEG magic and random bytes: what the server checks of a photo, at a size a phone sends. */
const fakeJpeg = (bytes: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(bytes - 4)]);
const hashOf = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const verify = (dataDir: string) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/evidence-verify.ts', '--data', dataDir], { encoding: 'utf8' });

describe('photos and snapshots as evidence', () => {
  const cleanup: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it('serves a photo only to its uploader and to those who may see a case carrying it', async () => {
    const server = await startTestServer();
    cleanup.push(() => server.stop());
    const as = async (u: string) => api(server.url, (await login(server.url, u)).token);
    const [g1, g2, t01, t02, duty] = await Promise.all(['g00100101', 'g00200101', 't01', 't02', 'duty1'].map(as)) as ReturnType<typeof api>[];
    const photo = fakeJpeg(20_000);
    const { id } = (await g2!.post<{ id: string }>('/api/photos', photo, { 'content-type': 'image/jpeg' })).body;

    // before it is attached: its uploader only
    expect((await g2!.get(`/api/photos/${id}`)).status).toBe(200);
    expect((await duty!.get<ApiError>(`/api/photos/${id}`)).body.code).toBe('FORBIDDEN_SCOPE');
    // on a case of township 2: t02 and the county see it, t01 and another township's grid member do not
    expect((await g2!.post<{ incident: Incident }>('/api/incidents', report(1, [id]))).status).toBe(201);
    for (const [who, status] of [[t02, 200], [duty, 200], [g2, 200], [t01, 403], [g1, 403]] as const) {
      const r = await who!.get<ApiError>(`/api/photos/${id}`);
      expect(r.status).toBe(status);
      if (status === 403) expect(r.body).toMatchObject({ code: 'FORBIDDEN_SCOPE', message: expect.any(String), messageEn: expect.any(String) });
    }
    // a photo added on a later step of a case counts too
    const step = fakeJpeg(10_000);
    const stepId = (await t02!.post<{ id: string }>('/api/photos', step, { 'content-type': 'image/jpeg' })).body.id;
    const caseId = (await t02!.get<{ incidents: Incident[] }>('/api/incidents')).body.incidents[0]!.id;
    expect((await duty!.get<ApiError>(`/api/photos/${stepId}`)).status).toBe(403);
    const t02Centre = (await t02!.get<{ centreId: number }>('/api/me')).body.centreId;
    expect((await duty!.post(`/api/incidents/${caseId}/steps`, { action: 'accept' })).status).toBe(200);
    expect((await duty!.post(`/api/incidents/${caseId}/steps`, { action: 'assign', centreId: t02Centre })).status).toBe(200);
    expect((await t02!.post(`/api/incidents/${caseId}/steps`, { action: 'sign' })).status).toBe(200);
    expect((await t02!.post(`/api/incidents/${caseId}/steps`, { action: 'progress', text: '现场照片', photos: [stepId] })).status).toBe(200);
    expect((await duty!.get(`/api/photos/${stepId}`)).status).toBe(200);
    expect((await t01!.get(`/api/photos/${stepId}`)).status).toBe(403);
  });

  it('replaces a stored photo that no longer matches its hash when the same bytes are sent again', async () => {
    const server = await startTestServer();
    cleanup.push(() => server.stop());
    const grid = api(server.url, (await login(server.url, 'g00100101')).token);
    const photo = fakeJpeg(300_000);
    const { id } = (await grid.post<{ id: string }>('/api/photos', photo, { 'content-type': 'image/jpeg' })).body;
    const file = join(server.dataDir, 'photos', id);
    truncateSync(file, 123_456); // what an in-place write cut short by a crash left
    const again = await grid.post<{ id: string }>('/api/photos', photo, { 'content-type': 'image/jpeg' });
    expect([again.status, again.body.id]).toEqual([200, id]);
    expect(readFileSync(file).equals(photo)).toBe(true);
  });

  it('npm run evidence:verify names each missing or damaged photo and snapshot', async () => {
    const server = await startTestServer({ video: { enabled: false } });
    const dataDir = server.dataDir;
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const grid = api(server.url, (await login(server.url, 'g00100101')).token);
    const ids: string[] = [];
    for (const n of [1000, 2000, 3000]) ids.push((await grid.post<{ id: string }>('/api/photos', fakeJpeg(n), { 'content-type': 'image/jpeg' })).body.id);
    // two snapshots as the video desk files them: the JPEG in the row, its hash in the row and in the chained ledger
    const user = (server.db.prepare("SELECT id FROM users WHERE username = 'duty1'").get() as { id: number }).id;
    const snapIds: number[] = [];
    for (const jpeg of [fakeJpeg(500), fakeJpeg(600)]) {
      const id = Number(server.db.prepare(`INSERT INTO snapshots (subject_type, subject_id, camera_id, camera_name, township_id, taken_at, taken_by, jpeg, sha256)
        VALUES ('incident', 1, 1, 'x', 1, 0, ?, ?, ?)`).run(user, jpeg, hashOf(jpeg)).lastInsertRowid);
      server.ledger.append(0, user, 'snapshot.take', 'incident:1', { snapshotId: id, cameraId: 1, bytes: jpeg.length, sha256: hashOf(jpeg) });
      snapIds.push(id);
    }
    await server.close();

    const ok = verify(dataDir);
    expect(ok.stderr).toBe('');
    expect([ok.status, ok.stdout]).toEqual([0, expect.stringContaining('3 photos, 2 snapshots, 0 clips verified')]);

    truncateSync(join(dataDir, 'photos', ids[0]!), 10);
    rmSync(join(dataDir, 'photos', ids[1]!));
    const db = (await import('better-sqlite3')).default(join(dataDir, 'centre.db'));
    db.prepare('UPDATE snapshots SET jpeg = ? WHERE id = ?').run(fakeJpeg(600), snapIds[1]);
    db.close();
    const bad = verify(dataDir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`${ids[0]}: 内容与哈希不符`);
    expect(bad.stderr).toContain(`${ids[1]}: 文件缺失`);
    expect(bad.stderr).toContain(`snapshot ${snapIds[1]}: 内容与哈希不符`);
    expect(bad.stderr).not.toContain(ids[2]!);
    expect(bad.stderr).not.toContain(`snapshot ${snapIds[0]}:`);
    expect(bad.stderr).toContain('3 of 5');
  });

  it('a photo upload cut short by SIGKILL is whole after a restart and a re-send (trials at 40–60 ms)', async () => {
    const tmp = tempDir('zz-photo-crash-');
    cleanup.push(tmp.remove);
    writeFileSync(join(tmp.dir, 'config.json'), JSON.stringify({ video: { enabled: false } }));
    let server = await startServerProcess(tmp.dir);
    cleanup.push(() => void server.child.kill('SIGKILL'));
    // Sessions are rows: the grid member's token outlives the restarts.
    const token = (await login(server.url, 'g00100101')).token;
    const trials = 12;
    let interrupted = 0;
    for (let i = 0; i < trials; i++) {
      const photo = fakeJpeg((2 + (i % 4)) * 1024 * 1024 - 4096 * i); // 2–5 MiB
      const id = hashOf(photo);
      const inFlight = fetch(`${server.url}/api/photos`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' }, body: photo })
        .then((r) => r.status, () => 'killed' as const);
      await new Promise((r) => setTimeout(r, 40 + Math.floor(Math.random() * 21)));
      const exited = new Promise((r) => server.child.once('exit', r));
      server.child.kill('SIGKILL');
      await exited;
      if ((await inFlight) === 'killed') interrupted++;

      server = await startServerProcess(tmp.dir);
      const grid = api(server.url, token);
      const again = await grid.post<{ id: string }>('/api/photos', photo, { 'content-type': 'image/jpeg' });
      expect([again.status, again.body.id]).toEqual([200, id]);
      const got = await fetch(`${server.url}/api/photos/${id}`, { headers: { authorization: `Bearer ${token}` } });
      const body = Buffer.from(await got.arrayBuffer());
      expect({ trial: i, bytes: body.length, whole: body.equals(photo) }).toEqual({ trial: i, bytes: photo.length, whole: true });
    }
    console.log(`photo crash: ${interrupted}/${trials} uploads interrupted by SIGKILL`);
    expect(readdirSync(join(tmp.dir, 'photos')).filter((f) => f.endsWith('.tmp'))).toEqual([]); // crash leftovers are swept at start
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGTERM');
    await exited;
    expect(verify(tmp.dir).status).toBe(0);
  }, 180_000);
});
