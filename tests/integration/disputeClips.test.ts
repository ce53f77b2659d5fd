// Evidence clips owned by a dispute case itself (issue 14's gap: a walk-in 来访/来电 dispute has no incident), against
// real ffmpeg, node-media-server and SQLite: the clip is cut from the recording, attached to the dispute (not to any
// incident), its SHA-256 is in the chained ledger under the dispute, it is listed on the dispute, its download is logged,
// evidence:verify checks it; another township's operator and a grid member are refused, and nothing is written then.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Centre, Dispute, EvidenceClip, RegisterDispute } from '../../protocol/index.ts';
import { verifyClips } from '../../app/store/clipEvidence.ts';
import { DEMO_CLOCK_CAMERA, demoSourceUrl } from '../../app/store/seedCameras.ts';
import { generateDemoCounty } from '../../app/domain/demoCounty.ts';
import { api, login, startTestServer } from './harness.ts';
import { NO_FFMPEG, waitUntil } from './videoHelpers.ts';

if (NO_FFMPEG) console.log(`[disputeClips] ${NO_FFMPEG}`);

type Server = Awaited<ReturnType<typeof startTestServer>>;
const demo = generateDemoCounty();
let seq = 0;

describe.skipIf(!!NO_FFMPEG)('evidence clips owned by a walk-in dispute', () => {
  let server: Server;
  let cameraId: number;
  let t01: number;
  const as = async (username: string) => api(server.url, (await login(server.url, username)).token);
  const segments = () => server.db.prepare('SELECT start_ms AS start, end_ms AS end FROM recording_segments WHERE camera_id = ? ORDER BY start_ms').all(cameraId) as { start: number; end: number }[];
  const count = (sql: string, ...args: unknown[]) => (server.db.prepare(sql).get(...args) as { n: number }).n;
  const walkIn = (over: Partial<RegisterDispute> = {}): RegisterDispute => ({
    idempotencyKey: `dc-${Date.now()}-${seq++}`,
    channel: 'walk_in',
    type: 'neighbour',
    summary: '两户村民因宅基地边界砌墙发生争执',
    peopleCount: 2,
    parties: [{ role: 'applicant', name: '赵德明', phone: '13912345678' }],
    townshipId: t01,
    ...over,
  });

  beforeAll(async () => {
    server = await startTestServer({ video: { probeEveryMs: 0, idleGraceMs: 1000 }, recording: { segmentSec: 2, sweepEveryMs: 3600_000 } });
    if (!server.media.available) throw new Error(server.media.reason);
    server.media.startDemo([], DEMO_CLOCK_CAMERA);
    const admin = await as('admin');
    t01 = (server.db.prepare("SELECT centre_id AS id FROM users WHERE username = 't01'").get() as { id: number }).id;
    expect((await admin.get<Centre[]>('/api/centres')).body.some((c) => c.id === t01 && c.level === 'township')).toBe(true);
    const pts = demo.townships[0]!.villages[0]!.grids[0]!.ring.slice(0, -1);
    const lng = pts.reduce((s, p) => s + p[0], 0) / pts.length;
    const lat = pts.reduce((s, p) => s + p[1], 0) / pts.length;
    const cam = await admin.post<{ id: number }>('/api/cameras', { name: '纠纷·时钟', townshipId: t01, lat, lng, sourceUrl: demoSourceUrl(DEMO_CLOCK_CAMERA.key) });
    expect(cam.status).toBe(201);
    cameraId = cam.body.id;
    expect((await admin.put(`/api/recording/policies/${cameraId}`, { mode: 'continuous', beforeMin: 1, afterMin: 1, retentionDays: 7 })).status).toBe(200);
    await waitUntil(() => segments().length >= 3, 40_000, 'three recorded segments', 200);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('cuts a clip owned by the dispute: hash in the ledger under the dispute, listed on it, download logged, verified', async () => {
    const duty = await as('duty1');
    const made = await duty.post<{ dispute: Dispute }>('/api/disputes', walkIn());
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const d = made.body.dispute;
    expect(d.incidentId).toBeNull();
    const segs = segments();
    const from = segs[0]!.start + 500;
    const to = segs[1]!.end - 200;

    const clip = await duty.post<EvidenceClip>('/api/recordings/clips', { cameraId, disputeId: d.id, from, to });
    expect(clip.status).toBe(201);
    expect(clip.body).toMatchObject({ disputeId: d.id, incidentId: null, cameraId, from, to });
    const file = join(server.dataDir, 'evidence', 'clips', `${clip.body.sha256}.mp4`);
    const actual = createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(clip.body.sha256).toBe(actual);
    // The ledger's hash is the file's, under the dispute's subject.
    const entry = server.db.prepare("SELECT subject, detail FROM ledger WHERE action = 'clip.export' ORDER BY id DESC LIMIT 1").get() as { subject: string; detail: string };
    expect(entry.subject).toBe(`dispute:${d.id}`);
    expect(JSON.parse(entry.detail)).toMatchObject({ clipId: clip.body.id, sha256: actual });
    // The clip's stretch is held for the dispute (retention keeps it while the dispute is open).
    expect(count('SELECT COUNT(*) AS n FROM recording_holds WHERE dispute_id = ? AND camera_id = ? AND from_ms = ? AND to_ms = ?', d.id, cameraId, from, to)).toBe(1);

    const listed = await duty.get<EvidenceClip[]>(`/api/disputes/${d.id}/clips`);
    expect(listed.status).toBe(200);
    expect(listed.body.map((c) => c.id)).toEqual([clip.body.id]);
    // Another dispute's list does not show it.
    const other = (await duty.post<{ dispute: Dispute }>('/api/disputes', walkIn())).body.dispute;
    expect((await duty.get<EvidenceClip[]>(`/api/disputes/${other.id}/clips`)).body).toEqual([]);

    const res = await fetch(`${server.url}/api/recordings/clips/${clip.body.id}/file`, { headers: { authorization: `Bearer ${(await login(server.url, 'duty1')).token}` } });
    expect(res.status).toBe(200);
    expect(createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex')).toBe(actual);
    const dl = server.db.prepare("SELECT subject, detail FROM ledger WHERE action = 'clip.download' ORDER BY id DESC LIMIT 1").get() as { subject: string; detail: string };
    expect(dl.subject).toBe(`dispute:${d.id}`);
    expect(JSON.parse(dl.detail)).toEqual({ clipId: clip.body.id });

    // evidence:verify covers the dispute's clip: clean now (file = row = ledger), and a changed byte shows.
    const clipDir = join(server.dataDir, 'evidence', 'clips');
    expect(verifyClips(server.db, clipDir)).toEqual({ clips: 1, bad: [] });
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] = bytes.at(-1)! ^ 0xff;
    writeFileSync(file, bytes);
    expect(verifyClips(server.db, clipDir).bad).toEqual([{ kind: 'clip', id: String(clip.body.id), problem: 'corrupt' }]);
    bytes[bytes.length - 1] = bytes.at(-1)! ^ 0xff;
    writeFileSync(file, bytes);
  }, 60_000);

  it('refuses another township\'s operator and a grid member, a request naming both or neither case, an unknown dispute; writes nothing', async () => {
    const duty = await as('duty1');
    const d = (await duty.post<{ dispute: Dispute }>('/api/disputes', walkIn())).body.dispute;
    const segs = segments();
    const req = { cameraId, disputeId: d.id, from: segs[0]!.start + 500, to: segs[0]!.end };
    const clips = () => count('SELECT COUNT(*) AS n FROM evidence_clips');
    const exports = () => count("SELECT COUNT(*) AS n FROM ledger WHERE action IN ('clip.export', 'clip.download')");
    const before = [clips(), exports()];

    const t02 = await as('t02');
    const t02Made = await t02.post<ApiError>('/api/recordings/clips', req);
    expect(t02Made.status).toBe(403);
    expect((await t02.get<ApiError>(`/api/disputes/${d.id}/clips`)).status).toBe(403);
    const grid = await as('g00100101');
    expect((await grid.post<ApiError>('/api/recordings/clips', req)).status).toBe(403);
    expect((await grid.get<ApiError>(`/api/disputes/${d.id}/clips`)).status).toBe(403);

    const both = await duty.post<ApiError>('/api/recordings/clips', { ...req, incidentId: 1 });
    expect(both.status).toBe(400);
    expect(both.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(both.body.details ?? {})).toEqual(['disputeId']);
    const neither = await duty.post<ApiError>('/api/recordings/clips', { cameraId, from: req.from, to: req.to });
    expect(neither.status).toBe(400);
    expect(Object.keys(neither.body.details ?? {})).toEqual(['disputeId']);
    expect((await duty.post<ApiError>('/api/recordings/clips', { ...req, disputeId: 999_999 })).status).toBe(404);
    expect([clips(), exports()]).toEqual(before);

    // A clip the dispute owns: the same two may not download it either, and nothing is logged for them.
    const made = await duty.post<EvidenceClip>('/api/recordings/clips', req);
    expect(made.status).toBe(201);
    const logged = exports();
    for (const username of ['t02', 'g00100101']) {
      const res = await fetch(`${server.url}/api/recordings/clips/${made.body.id}/file`, { headers: { authorization: `Bearer ${(await login(server.url, username)).token}` } });
      expect(res.status).toBe(403);
    }
    expect(exports()).toBe(logged);

    // The case's own scope, not only the camera's: t01 may watch its camera but not a dispute of 河口镇 (t02), so it may
    // neither attach a clip to that dispute nor download one attached to it.
    const t02Centre = (server.db.prepare("SELECT centre_id AS id FROM users WHERE username = 't02'").get() as { id: number }).id;
    const far = (await duty.post<{ dispute: Dispute }>('/api/disputes', walkIn({ townshipId: t02Centre }))).body.dispute;
    const t01 = await as('t01');
    const own = await t01.post<EvidenceClip>('/api/recordings/clips', req);
    expect(own.status).toBe(201); // its own township's dispute: allowed
    const farReq = { ...req, disputeId: far.id };
    const refused = await t01.post<ApiError>('/api/recordings/clips', farReq);
    expect(refused.status).toBe(403);
    expect((await t01.get<ApiError>(`/api/disputes/${far.id}/clips`)).status).toBe(403);
    const farClip = await duty.post<EvidenceClip>('/api/recordings/clips', farReq);
    expect(farClip.status).toBe(201);
    const n = exports();
    const res = await fetch(`${server.url}/api/recordings/clips/${farClip.body.id}/file`, { headers: { authorization: `Bearer ${(await login(server.url, 't01')).token}` } });
    expect(res.status).toBe(403);
    expect(exports()).toBe(n);
  }, 60_000);
});
