// Recording and playback against real ffmpeg and node-media-server (issue 14 points 1–4): the demo clock camera is
// recorded; a moment played back shows that moment's burned-in time; a clip's hash matches the ledger; retention deletes
// the oldest first and keeps what a case holds; 事件回溯 opens the nearest recorded camera two minutes before the report.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { verifyClips } from '../../app/store/clipEvidence.ts';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Centre, EvidenceClip, Lookback, PlaybackGrant, RecordedSpan, RecordingStatus } from '../../protocol/index.ts';
import { readClockCode } from '../../media/index.ts';
import { DEMO_CLOCK_CAMERA, demoSourceUrl } from '../../app/store/seedCameras.ts';
import { generateDemoCounty } from '../../app/domain/demoCounty.ts';
import { login, startTestServer } from './harness.ts';
import { NO_FFMPEG, TOOLS, waitUntil } from './videoHelpers.ts';

if (NO_FFMPEG) console.log(`[recording] ${NO_FFMPEG}`);

type Server = Awaited<ReturnType<typeof startTestServer>>;
const demo = generateDemoCounty();
const gridPoint = (t: number): [number, number] => {
  const pts = demo.townships[t]!.villages[0]!.grids[0]!.ring.slice(0, -1);
  return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
};

/**
 * The clock painted into one frame of `input` at `seekSec` (ffmpeg decode, the burned-in blocks read back). Async: the
 * server under test runs in this process and must answer ffmpeg's requests meanwhile.
 */
export async function clockAt(input: string, seekSec: number): Promise<number | null> {
  const W = 640;
  const H = 360;
  const p = spawn(TOOLS!.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-ss', seekSec.toFixed(3), '-i', input, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${W}x${H}`, 'pipe:1'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const chunks: Buffer[] = [];
  p.stdout.on('data', (c: Buffer) => chunks.push(c));
  const timer = setTimeout(() => p.kill('SIGKILL'), 15_000);
  const code = await new Promise<number | null>((r) => p.once('close', r));
  clearTimeout(timer);
  const frame = Buffer.concat(chunks);
  if (code !== 0 || frame.length < W * H) return null;
  return readClockCode((x, y) => frame[y * W + x] ?? 0);
}

describe.skipIf(!!NO_FFMPEG)('recording and playback with real ffmpeg', () => {
  let server: Server;
  let admin: string;
  let duty: string;
  let cameraId: number;
  let incidentId: number;
  const [lng, lat] = gridPoint(0);

  const api = async <T>(path: string, token: string, body?: unknown, method?: string) => {
    const res = await fetch(`${server.url}${path}`, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const segments = () => server.db.prepare('SELECT id, start_ms AS start, end_ms AS end, file, bytes FROM recording_segments WHERE camera_id = ? ORDER BY start_ms').all(cameraId) as { id: number; start: number; end: number; file: string; bytes: number }[];
  const recDir = () => join(server.dataDir, 'media', 'rec');

  beforeAll(async () => {
    // Quota 1 MB: about five 2-s segments of the clock; retention runs only when the test asks.
    server = await startTestServer({ video: { probeEveryMs: 0, idleGraceMs: 1000 }, recording: { segmentSec: 2, quotaMB: 1, sweepEveryMs: 3600_000 } });
    if (!server.media.available) throw new Error(server.media.reason);
    server.media.startDemo([], DEMO_CLOCK_CAMERA);
    admin = (await login(server.url, 'admin')).token;
    duty = (await login(server.url, 'duty1')).token;
    const townships = (await api<Centre[]>('/api/centres', admin)).body.filter((c) => c.level === 'township');
    const cam = await api<{ id: number }>('/api/cameras', admin, { name: '录像·时钟', townshipId: townships[0]!.id, lat, lng, sourceUrl: demoSourceUrl(DEMO_CLOCK_CAMERA.key) });
    expect(cam.status).toBe(201);
    cameraId = cam.body.id;
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('refuses a policy from anyone but the administrator, and bad values with the field named', async () => {
    const denied = await api<ApiError>(`/api/recording/policies/${cameraId}`, duty, { mode: 'continuous', beforeMin: 1, afterMin: 1, retentionDays: 7 }, 'PUT');
    expect(denied.status).toBe(403);
    const bad = await api<ApiError>(`/api/recording/policies/${cameraId}`, admin, { mode: 'sometimes', beforeMin: -1, afterMin: 1, retentionDays: 0 }, 'PUT');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.details ?? {})).toEqual(expect.arrayContaining(['mode', 'beforeMin', 'retentionDays']));
    expect(server.media.available && server.media.recorder.recording()).toEqual([]);
  });

  it('records the camera in whole segments, indexed as they finish, and keeps its pull alive', async () => {
    const r = await api(`/api/recording/policies/${cameraId}`, admin, { mode: 'continuous', beforeMin: 1, afterMin: 1, retentionDays: 7 }, 'PUT');
    expect(r.status).toBe(200);
    await waitUntil(() => segments().length >= 6, 40_000, 'six recorded segments', 200);
    const segs = segments();
    for (const s of segs) {
      expect(existsSync(join(recDir(), s.file))).toBe(true);
      expect(s.end - s.start).toBeGreaterThan(1000);
      expect(s.end - s.start).toBeLessThan(4000);
    }
    // Contiguous: each starts where the last ended (within the anchoring error).
    for (let i = 1; i < segs.length; i++) expect(Math.abs(segs[i]!.start - segs[i - 1]!.end)).toBeLessThan(300);
    if (!server.media.available) return;
    expect(server.media.activePulls()).toContain(cameraId); // nobody watches: the recording holds the pull
    const list = (await api<RecordingStatus[]>('/api/recording/policies', admin)).body.find((p) => p.cameraId === cameraId)!;
    expect(list.mode).toBe('continuous');
    expect(list.segments).toBeGreaterThanOrEqual(6);
  }, 60_000);

  it('plays back a moment showing that moment: the burned-in clock equals the requested time ± 1 s', async () => {
    const segs = segments();
    const spans = (await api<RecordedSpan[]>(`/api/recordings/${cameraId}/spans?from=${segs[0]!.start - 60_000}&to=${Date.now()}`, duty)).body;
    expect(spans.length).toBeGreaterThanOrEqual(1);
    for (const at of [segs[1]!.start + 700, segs[3]!.start + 1500, segs.at(-2)!.end - 300]) {
      const grant = await api<PlaybackGrant>(`/api/recordings/${cameraId}/playback`, duty, { at });
      expect(grant.status).toBe(200);
      // The player's path: the playlist built from the index, then the segment at the granted position.
      const playlist = await (await fetch(`${server.url}${grant.body.url}`)).text();
      const uris = playlist.split('\n').filter((l) => l && !l.startsWith('#'));
      const durations = [...playlist.matchAll(/#EXTINF:([\d.]+),/g)].map((m) => Number(m[1]));
      let pos = grant.body.position;
      let i = 0;
      while (pos >= durations[i]!) pos -= durations[i++]!;
      const base = grant.body.url.replace(/index\.m3u8.*$/, '');
      const seen = await clockAt(`${server.url}${base}${uris[i]}`, pos);
      expect(seen).not.toBeNull();
      expect(Math.abs(seen! - at)).toBeLessThanOrEqual(1000);
    }
    // Nothing recorded then: a clear error; and another centre's console may not open it.
    const none = await api<ApiError>(`/api/recordings/${cameraId}/playback`, duty, { at: segs[0]!.start - 30 * 60_000 });
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('REC_NOT_RECORDED');
    const other = (await login(server.url, 't02')).token;
    expect((await api<ApiError>(`/api/recordings/${cameraId}/playback`, other, { at: pick(segs) })).body.code).toBe('FORBIDDEN_SCOPE');
    const grid = (await login(server.url, 'g00100101')).token;
    expect((await api<ApiError>(`/api/recordings/${cameraId}/spans?from=0&to=1`, grid)).status).toBe(403);
  }, 60_000);

  it('exports a clip with no re-encode, its SHA-256 in the ledger, attached to the case; refuses bad ranges', async () => {
    const grid = (await login(server.url, 'g00100101')).token;
    const rep = await api<{ incident: { id: number } }>('/api/incidents', grid, {
      idempotencyKey: `rec-${Date.now()}`, category: 'dispute', description: '录像取证测试', location: { lon: lng, lat, crs: 'wgs84' },
    });
    expect(rep.status).toBe(201);
    incidentId = rep.body.incident.id;
    const segs = segments();
    const from = segs[0]!.start + 200;
    const to = segs[1]!.end - 200;
    const clip = await api<EvidenceClip>('/api/recordings/clips', duty, { cameraId, incidentId, from, to });
    expect(clip.status).toBe(201);
    const entry = server.db.prepare("SELECT detail FROM ledger WHERE action = 'clip.export' ORDER BY id DESC LIMIT 1").get() as { detail: string };
    expect(JSON.parse(entry.detail).sha256).toBe(clip.body.sha256);
    const res = await fetch(`${server.url}/api/recordings/clips/${clip.body.id}/file`, { headers: { authorization: `Bearer ${duty}` } });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(clip.body.sha256);
    const logged = server.db.prepare("SELECT COUNT(*) AS n FROM ledger WHERE action = 'clip.download'").get() as { n: number };
    expect(logged.n).toBe(1);
    // -c copy: the clip's H.264 is the camera's (same profile and size), and it starts at the clock's `from` (keyframe ≤ 1 s before).
    const probe = spawnSync(TOOLS!.ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width', '-of', 'csv=p=0', join(server.dataDir, 'evidence', 'clips', `${clip.body.sha256}.mp4`)], { encoding: 'utf8' });
    expect(probe.stdout.trim()).toBe('h264,640');
    const first = await clockAt(join(server.dataDir, 'evidence', 'clips', `${clip.body.sha256}.mp4`), 0);
    expect(first).not.toBeNull();
    expect(from - first!).toBeGreaterThanOrEqual(-150);
    expect(from - first!).toBeLessThanOrEqual(1100);
    // evidence:verify checks clips too: clean now, and a changed byte shows.
    const clipDir = join(server.dataDir, 'evidence', 'clips');
    expect(verifyClips(server.db, clipDir)).toEqual({ clips: 1, bad: [] });
    const file = join(clipDir, `${clip.body.sha256}.mp4`);
    const original = readFileSync(file);
    writeFileSync(file, Buffer.concat([original, Buffer.from([0])]));
    expect(verifyClips(server.db, clipDir).bad).toEqual([{ kind: 'clip', id: String(clip.body.id), problem: 'corrupt' }]);
    writeFileSync(file, original);
    const listed = await api<EvidenceClip[]>(`/api/incidents/${incidentId}/clips`, duty);
    expect(listed.body.map((c) => c.id)).toEqual([clip.body.id]);

    const tooLong = await api<ApiError>('/api/recordings/clips', duty, { cameraId, incidentId, from, to: from + 31 * 60_000 });
    expect(tooLong.body.code).toBe('REC_CLIP_TOO_LONG');
    const outside = await api<ApiError>('/api/recordings/clips', duty, { cameraId, incidentId, from: segs[0]!.start - 60_000, to: segs[0]!.start + 1000 });
    expect(outside.body.code).toBe('REC_RANGE_NOT_RECORDED');
    const backwards = await api<ApiError>('/api/recordings/clips', duty, { cameraId, incidentId, from: to, to: from });
    expect(backwards.body.code).toBe('REC_RANGE_INVALID');
  }, 60_000);

  it('retention deletes the oldest first over the quota and keeps the segments the open case holds', async () => {
    await waitUntil(() => segments().reduce((a, s) => a + s.bytes, 0) > 1.6 * 1024 * 1024, 60_000, 'more than the quota recorded', 250);
    const before = segments();
    const held = before.slice(0, 2).map((s) => s.id); // the clip's range (segments 0 and 1)
    const deleted = server.recording.sweep();
    expect(deleted).toBeGreaterThan(0);
    const after = segments();
    const afterIds = new Set(after.map((s) => s.id));
    for (const id of held) expect(afterIds.has(id)).toBe(true);
    const gone = before.filter((s) => !afterIds.has(s.id));
    // Oldest first: every deleted segment is older than every kept segment that is not held.
    const keptFree = after.filter((s) => !held.includes(s.id));
    expect(Math.max(...gone.map((s) => s.start))).toBeLessThan(Math.min(...keptFree.map((s) => s.start)));
    for (const s of gone) expect(existsSync(join(recDir(), s.file))).toBe(false);
    const freeBytes = after.reduce((a, s) => a + s.bytes, 0);
    expect(freeBytes - after.filter((s) => held.includes(s.id)).reduce((a, s) => a + s.bytes, 0)).toBeLessThanOrEqual(1024 * 1024);
  }, 90_000);

  it('事件回溯 opens the nearest recorded camera two minutes before the report', async () => {
    const r = await api<Lookback>(`/api/incidents/${incidentId}/lookback`, duty, {});
    expect(r.status).toBe(200);
    const inc = server.db.prepare('SELECT reported_at FROM incidents WHERE id = ?').get(incidentId) as { reported_at: number };
    expect(r.body.at).toBe(inc.reported_at - 120_000);
    expect(r.body.cameras[0]!.id).toBe(cameraId);
    const other = (await login(server.url, 't02')).token;
    expect((await api<ApiError>(`/api/incidents/${incidentId}/lookback`, other, {})).status).toBe(403);
  });
});

function pick(segs: { start: number }[]): number {
  return segs[0]!.start + 500;
}
