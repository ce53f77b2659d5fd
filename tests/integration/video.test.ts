// The video wall against real ffmpeg and the real node-media-server: the registry and its security, on-demand pulls,
// idle stop, a source that dies and comes back, HLS, snapshots, the shared wall, and no ffmpeg left behind.
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visibleTiles, type ApiError, type Camera, type CameraAdminView, type CameraHealthEvent, type Centre, type PlayGrant, type Snapshot, type WallOpResult, type WallState } from '../../protocol/index.ts';
import { DEMO_CAMERAS, DEMO_CLOCK_CAMERA } from '../../app/store/seedCameras.ts';
import { expectError, expectOk, login, openConsole, startTestServer, tempDir, type TestConsole } from './harness.ts';
import { generateDemoCounty } from '../../app/domain/demoCounty.ts';
import { FlvClient, NO_FFMPEG, ffmpegProcesses, killSource, makeClip, pushSource, waitUntil } from './videoHelpers.ts';

if (NO_FFMPEG) console.log(`[video] ${NO_FFMPEG}`);

type Server = Awaited<ReturnType<typeof startTestServer>>;

// A point inside the first grid of township index t of the demo county.
const demo = generateDemoCounty();
const gridPoint = (t: number): [number, number] => {
  const pts = demo.townships[t]!.villages[0]!.grids[0]!.ring.slice(0, -1);
  return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
};

describe.skipIf(!!NO_FFMPEG)('video wall with real ffmpeg and node-media-server', () => {
  let server: Server;
  let ingest: string;
  let rtmpPort: string;
  let clip: string;
  const tmp = tempDir('zz-video-clip-');
  let admin: string;
  let townships: Centre[];
  const consoles: TestConsole[] = [];
  const flv: FlvClient[] = [];
  const sources: ChildProcess[] = [];

  const api = async <T>(path: string, token: string, init: { method?: string; body?: unknown; csv?: string } = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    let body: string | undefined;
    if (init.csv !== undefined) {
      headers['content-type'] = 'text/csv';
      body = init.csv;
    } else if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.body);
    }
    const res = await fetch(`${server.url}${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, text };
  };
  const open = async (username: string) => {
    const c = await openConsole(server.url, username);
    consoles.push(c);
    return c;
  };
  const addCamera = async (name: string, key: string, townshipId = townships[0]!.id, lat = 24.9, lng = 102.1) => {
    const r = await api<CameraAdminView>('/api/cameras', admin, { body: { name, townshipId, lat, lng, sourceUrl: `rtmp://ingest.local/src/${key}` } });
    expect(r.status).toBe(201);
    return r.body;
  };
  let reports = 0;
  /** A grid member's report; returns the case id (the case is in that township's scope). */
  const reportIn = async (gridMember: string, townshipId: number) => {
    const token = (await login(server.url, gridMember)).token;
    const [lng, lat] = gridPoint(townships.findIndex((t) => t.id === townshipId));
    const r = await api<{ incident: { id: number } }>('/api/incidents', token, {
      body: { idempotencyKey: `snap-${gridMember}-${Date.now()}-${++reports}`, category: 'dispute', description: '抓拍测试', location: { lon: lng, lat, crs: 'wgs84' } },
    });
    expect(r.status).toBe(201);
    return r.body.incident.id;
  };
  const play = async (c: TestConsole, cameraId: number, transport: 'flv' | 'hls' = 'flv') => expectOk((await c.raw('video:play', { cameraId, transport })) as never) as PlayGrant;
  const watch = (grant: PlayGrant) => {
    const client = new FlvClient(server.url, grant.url);
    flv.push(client);
    return client;
  };

  beforeAll(async () => {
    clip = makeClip(tmp.dir);
    server = await startTestServer({ loginRateLimit: { max: 1000, windowMs: 60_000 }, video: { idleGraceMs: 2000, probeEveryMs: 0 } });
    if (!server.media.available) throw new Error(server.media.reason);
    ingest = server.media.ingestBase;
    rtmpPort = new URL(server.media.rtmpBase).port;
    admin = (await login(server.url, 'admin')).token;
    townships = (await api<Centre[]>('/api/centres', admin)).body.filter((c) => c.level === 'township');
  });

  afterAll(async () => {
    for (const c of consoles) c.close();
    for (const f of flv) f.close();
    for (const s of sources) await killSource(s);
    await server?.stop();
    tmp.remove();
  });

  it('registry: the administrator creates, edits and deletes cameras; consoles never see a source URL', async () => {
    const created = await api<CameraAdminView>('/api/cameras', admin, {
      body: { name: '测试·东门', gbCode: '53262100001329000001', townshipId: townships[1]!.id, lat: 24.95, lng: 102.2, sourceUrl: 'rtsp://viewer:s3cret@10.0.0.5:554/Streaming/Channels/101' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '测试·东门', sourceKind: 'rtsp', sourceHost: '10.0.0.5:554', hasCredentials: true, health: { status: 'unknown' } });
    expect(created.text).not.toContain('s3cret');
    expect(created.text).not.toContain('Streaming');

    const duty = (await login(server.url, 'duty1')).token;
    const list = await api<Camera[]>('/api/cameras', duty);
    expect(list.body.some((c) => c.id === created.body.id)).toBe(true);
    expect(list.text).not.toMatch(/rtsp:\/\/|rtmp:\/\/|s3cret/);
    expect((await api<ApiError>('/api/cameras', duty, { body: { name: 'x', townshipId: townships[0]!.id, lat: 1, lng: 1, sourceUrl: 'rtmp://h/a/b' } })).body.code).toBe(
      'FORBIDDEN_ROLE',
    );

    const bad = await api<ApiError>('/api/cameras', admin, { body: { name: '', gbCode: '123', townshipId: townships[0]!.id, lat: 95, lng: 102, sourceUrl: 'ftp://x/y' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.details ?? {}).sort()).toEqual(['gbCode', 'lat', 'name', 'sourceUrl']);
    const dup = await api<ApiError>('/api/cameras', admin, { body: { name: '重复', gbCode: '53262100001329000001', townshipId: townships[0]!.id, lat: 24, lng: 102, sourceUrl: 'rtmp://h/a/b' } });
    expect(dup.body.code).toBe('CAMERA_DUPLICATE');

    const edited = await api<CameraAdminView>(`/api/cameras/${created.body.id}`, admin, { method: 'PATCH', body: { name: '测试·东门（新）' } });
    expect(edited.body.name).toBe('测试·东门（新）');
    expect(edited.body.hasCredentials).toBe(true); // the source was kept
    expect((await api(`/api/cameras/${created.body.id}`, admin, { method: 'DELETE' })).status).toBe(204);
    expect((await api<Camera[]>('/api/cameras', duty)).body.some((c) => c.id === created.body.id)).toBe(false);
    const actions = server.db.prepare('SELECT action FROM ledger WHERE subject = ? ORDER BY id').all(`camera:${created.body.id}`) as { action: string }[];
    expect(actions.map((a) => a.action)).toEqual(['camera.create', 'camera.update', 'camera.delete']);
  });

  it('CSV import: all rows or none, with the errors of each bad row', async () => {
    const before = (await api<Camera[]>('/api/cameras', admin)).body.length;
    const t = townships[2]!;
    const bad = [
      '名称,国标编码,乡镇,纬度,经度,视频源地址',
      `导入·一号,53262100001329000101,${t.name},24.91,102.11,rtsp://10.1.1.1/ch1`,
      `"导入·二号, 北门",,不存在乡,abc,102.12,rtsp://10.1.1.2/ch1`,
      `导入·三号,53262100001329000101,${t.name},24.93,102.13,ftp://10.1.1.3/x`,
    ].join('\r\n');
    const r1 = await api<ApiError>('/api/cameras/import', admin, { csv: bad });
    expect(r1.status).toBe(400);
    expect(r1.body.code).toBe('CAMERA_IMPORT_INVALID');
    expect(Object.keys(r1.body.details ?? {})).toEqual(['line 3', 'line 4']);
    expect(r1.body.details?.['line 3']).toMatch(/township.*lat/s);
    expect(r1.body.details?.['line 4']).toMatch(/gbCode.*line 2.*sourceUrl|sourceUrl.*gbCode/s);
    expect((await api<Camera[]>('/api/cameras', admin)).body.length).toBe(before);

    const good = ['name,gbCode,township,lat,lng,sourceUrl', `导入·一号,53262100001329000101,${t.name},24.91,102.11,rtsp://10.1.1.1/ch1`, `"导入·二号, 北门",,${t.code},24.92,102.12,rtmp://10.1.1.2/live/a`].join('\n');
    const r2 = await api<{ imported: number }>('/api/cameras/import', admin, { csv: good });
    expect(r2.status).toBe(200);
    expect(r2.body.imported).toBe(2);
    expect((await api<Camera[]>('/api/cameras', admin)).body.filter((c) => c.name.startsWith('导入')).map((c) => c.name)).toEqual(['导入·一号', '导入·二号, 北门']);
  });

  it('a township sees, plays and places only the cameras of its own area', async () => {
    const t01 = await open('t01');
    const me = (await api<{ centreId: number }>('/api/me', t01.token)).body.centreId;
    const list = (await api<Camera[]>('/api/cameras', t01.token)).body;
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((c) => c.townshipId === me)).toBe(true);
    const foreign = (await api<Camera[]>('/api/cameras', admin)).body.find((c) => c.townshipId !== me)!;
    expect(expectError((await t01.raw('video:play', { cameraId: foreign.id, transport: 'flv' })) as never).code).toBe('FORBIDDEN_SCOPE');
    expect(expectError((await t01.raw('wall:op', { op: 'assign', screen: 0, tile: 0, cameraId: foreign.id })) as never).code).toBe('FORBIDDEN_SCOPE');
    const sync = await t01.wallSync();
    expect(sync.cameras.every((c) => c.townshipId === me)).toBe(true);
    expect(sync.wall.centreId).toBe(me);
  });

  it('pulls a camera on demand, once for any number of viewers, and stops it after the idle grace', async () => {
    sources.push(pushSource(clip, `${ingest}/od1`));
    const cam = await addCamera('按需·一号', 'od1');
    expect(server.media.available && server.media.activePulls()).not.toContain(cam.id);
    expect(ffmpegProcesses(`:${rtmpPort}/live/c${cam.id}`)).toHaveLength(0);

    const duty = await open('duty1');
    const grant = await play(duty, cam.id);
    expect(grant.url).toMatch(new RegExp(`^/media/flv/${cam.id}\\.flv\\?t=`));
    const viewers = [watch(grant), watch(grant), watch(grant)];
    await waitUntil(() => viewers.every((v) => v.sawFlvHeader && v.bytes > 20_000), 8000, 'video on all three viewers');
    expect(viewers.map((v) => v.status)).toEqual([101, 101, 101]);
    expect(server.media.available && server.media.activePulls().filter((id) => id === cam.id)).toHaveLength(1);
    expect(ffmpegProcesses(`:${rtmpPort}/live/c${cam.id}`)).toHaveLength(1);
    expect(server.media.available && server.media.viewers(cam.id)).toBe(3);

    for (const v of viewers) v.close();
    const stoppedAfter = await waitUntil(() => ffmpegProcesses(`:${rtmpPort}/live/c${cam.id}`).length === 0, 6000, 'the idle pull to stop');
    expect(stoppedAfter).toBeGreaterThanOrEqual(1500); // not before the grace period (2 s)
    expect(server.media.available && server.media.activePulls()).not.toContain(cam.id);
  });

  it('shows a killed source offline within 5 s and plays again within 5 s of its return', async () => {
    let source = pushSource(clip, `${ingest}/kill1`);
    sources.push(source);
    const cam = await addCamera('断流·一号', 'kill1');
    const duty = await open('duty2');
    await duty.wallSync();
    const events: (CameraHealthEvent & { at: number })[] = [];
    (duty.socket as unknown as { on(e: string, f: (ev: CameraHealthEvent) => void): void }).on('camera:health', (ev) => {
      if (ev.id === cam.id) events.push({ ...ev, at: Date.now() });
    });
    const viewer = watch(await play(duty, cam.id));
    await waitUntil(() => events.some((e) => e.health.status === 'online') && viewer.bytes > 20_000, 8000, 'the camera online and playing');

    await killSource(source);
    const killedAt = Date.now();
    await waitUntil(() => events.some((e) => e.at >= killedAt && e.health.status === 'offline'), 5000, 'offline within 5 s');
    const offline = events.find((e) => e.at >= killedAt && e.health.status === 'offline')!;
    expect(offline.health.since).toBeGreaterThanOrEqual(killedAt);
    expect(offline.health.reason).toMatch(/no_data|ended/);
    // What a console loads (and the persisted status) says offline too.
    expect((await api<Camera[]>('/api/cameras', duty.token)).body.find((c) => c.id === cam.id)?.health.status).toBe('offline');

    await new Promise((r) => setTimeout(r, 1500)); // stay down a moment: the pull restarts meanwhile
    source = pushSource(clip, `${ingest}/kill1`);
    sources.push(source);
    const backAt = Date.now();
    const bytesAtReturn = viewer.bytes;
    await waitUntil(() => events.some((e) => e.at >= backAt && e.health.status === 'online'), 5000, 'online within 5 s of the return');
    await waitUntil(() => viewer.bytes > bytesAtReturn + 20_000, 5000, 'video again on the same viewer within 5 s');
    expect(Date.now() - backAt).toBeLessThan(5000);
  });

  it('HLS: the playlist and segments need a valid token for that camera and transport', async () => {
    sources.push(pushSource(clip, `${ingest}/hls1`));
    const cam = await addCamera('切片·一号', 'hls1');
    const duty = await open('duty1');
    const grant = await play(duty, cam.id, 'hls');
    const playlist = await fetch(`${server.url}${grant.url}`);
    expect(playlist.status).toBe(200);
    expect(playlist.headers.get('content-type')).toContain('mpegurl');
    const text = await playlist.text();
    expect(text).toContain('#EXTM3U');
    const segment = /^(s\d+\.ts)$/m.exec(text)?.[1];
    expect(segment).toBeTruthy();
    const seg = await fetch(`${server.url}/media/hls/${cam.id}/${segment}?t=${encodeURIComponent(grant.token)}`);
    expect(seg.status).toBe(200);
    expect(seg.headers.get('content-type')).toBe('video/mp2t');
    expect((await seg.arrayBuffer()).byteLength).toBeGreaterThan(1000);

    expect((await fetch(`${server.url}/media/hls/${cam.id}/index.m3u8`)).status).toBe(403);
    const flvGrant = await play(duty, cam.id, 'flv');
    expect((await fetch(`${server.url}/media/hls/${cam.id}/index.m3u8?t=${encodeURIComponent(flvGrant.token)}`)).status).toBe(403);
    const forged = grant.token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await fetch(`${server.url}/media/hls/${cam.id}/index.m3u8?t=${encodeURIComponent(forged)}`)).status).toBe(403);
    const noToken = watch({ ...flvGrant, url: `/media/flv/${cam.id}.flv` });
    const otherCamera = watch({ ...flvGrant, url: `/media/flv/${cam.id + 1}.flv?t=${encodeURIComponent(flvGrant.token)}` });
    await waitUntil(() => noToken.status !== 0 && otherCamera.status !== 0, 3000, 'refused upgrades');
    expect([noToken.status, otherCamera.status]).toEqual([403, 403]);
  });

  it('takes a snapshot from the stream and files it under an incident, visible in scope only', async () => {
    sources.push(pushSource(clip, `${ingest}/snap1`));
    const cam = await addCamera('抓拍·一号', 'snap1', townships[0]!.id);
    const duty = (await login(server.url, 'duty1')).token;
    const caseId = await reportIn('g00100101', townships[0]!.id);
    const taken = await api<Snapshot>(`/api/cameras/${cam.id}/snapshot`, duty, { body: { subjectType: 'incident', subjectId: caseId } });
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({ cameraId: cam.id, cameraName: '抓拍·一号', subjectType: 'incident', subjectId: caseId });
    expect(taken.body.bytes).toBeGreaterThan(1000);
    const listed = await api<Snapshot[]>(`/api/snapshots?subjectType=incident&subjectId=${caseId}`, duty);
    expect(listed.body.map((s) => s.id)).toEqual([taken.body.id]);
    const img = await fetch(`${server.url}/api/snapshots/${taken.body.id}`, { headers: { authorization: `Bearer ${duty}` } });
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    const bytes = new Uint8Array(await img.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
    const t02 = (await login(server.url, 't02')).token; // another township
    expect((await api(`/api/snapshots/${taken.body.id}`, t02)).status).toBe(403);
    expect((await api<ApiError>(`/api/snapshots?subjectType=incident&subjectId=${caseId}`, t02)).body.code).toBe('FORBIDDEN_SCOPE');
    const ledger = server.db.prepare("SELECT subject, detail FROM ledger WHERE action = 'snapshot.take'").all() as { subject: string; detail: string }[];
    expect(ledger.map((l) => l.subject)).toContain(`incident:${caseId}`);
    // its hash is recorded (row and chained ledger entry) for `npm run evidence:verify`
    const row = server.db.prepare('SELECT sha256 FROM snapshots WHERE id = ?').get(taken.body.id) as { sha256: string };
    expect(row.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(ledger.some((l) => (JSON.parse(l.detail) as { sha256?: string }).sha256 === row.sha256)).toBe(true);
  });

  it('refuses a snapshot filed under another unit\'s case or order (403 FORBIDDEN_SCOPE), and an unknown one (404)', async () => {
    sources.push(pushSource(clip, `${ingest}/snap2`));
    const cam = await addCamera('抓拍·二号', 'snap2', townships[0]!.id); // a camera t01 may watch
    const t01 = (await login(server.url, 't01')).token;
    const theirs = await reportIn('g00200101', townships[1]!.id); // a case of 城关镇's neighbour, t02
    const ours = await reportIn('g00100101', townships[0]!.id);
    const commander = await open('commander');
    const { order } = expectOk(await commander.request('order:issue', { title: '只发二乡', targets: { kind: 'centres', centreIds: [townships[1]!.id] } }));
    const { order: mine } = expectOk(await commander.request('order:issue', { title: '发一乡', targets: { kind: 'centres', centreIds: [townships[0]!.id] } }));
    const snap = (subjectType: string, subjectId: number) => api<ApiError | Snapshot>(`/api/cameras/${cam.id}/snapshot`, t01, { body: { subjectType, subjectId } });

    const onCase = await snap('incident', theirs);
    expect([onCase.status, (onCase.body as ApiError).code]).toEqual([403, 'FORBIDDEN_SCOPE']);
    const onOrder = await snap('order', order.id);
    expect([onOrder.status, (onOrder.body as ApiError).code]).toEqual([403, 'FORBIDDEN_SCOPE']);
    expect((await snap('incident', 987654)).status).toBe(404);
    expect(server.db.prepare('SELECT count(*) AS n FROM snapshots WHERE camera_id = ?').get(cam.id)).toEqual({ n: 0 });
    // its own case and an order addressed to it are fine
    expect((await snap('incident', ours)).status).toBe(201);
    expect((await snap('order', mine.id)).status).toBe(201);
    // the county files a frame of t01's camera under t02's case: t01 may watch the camera, but not read that case's evidence
    const duty = (await login(server.url, 'duty1')).token;
    const filed = await api<Snapshot>(`/api/cameras/${cam.id}/snapshot`, duty, { body: { subjectType: 'incident', subjectId: theirs } });
    expect(filed.status).toBe(201);
    expect((await api<ApiError>(`/api/snapshots/${filed.body.id}`, t01)).body.code).toBe('FORBIDDEN_SCOPE');
    expect((await api<ApiError>(`/api/snapshots?subjectType=incident&subjectId=${theirs}`, t01)).body.code).toBe('FORBIDDEN_SCOPE');
    const t02 = (await login(server.url, 't02')).token;
    expect((await api<ApiError>(`/api/snapshots/${filed.body.id}`, t02)).status).toBe(403); // t02 sees the case, not t01's camera
  });

  it('keeps one wall per centre, shared by every console; bad operations get clear errors', async () => {
    const a = await open('duty1');
    const b = await open('duty2');
    const syncA = await a.wallSync();
    await b.wallSync();
    const seen: WallState[] = [];
    (b.socket as unknown as { on(e: string, f: (w: WallState) => void): void }).on('wall', (w) => seen.push(w));
    const cams = syncA.cameras;

    const r = expectOk((await a.raw('wall:op', { op: 'layout', screen: 0, layout: '9' })) as never) as { wall: WallState };
    expect(r.wall.version).toBe(syncA.wall.version + 1);
    await waitUntil(() => seen.some((w) => w.version === r.wall.version), 2000, 'the other console to get the wall');
    expect(seen.at(-1)!.screens[0]!.layout).toBe('9');
    expect(seen.at(-1)!.screens[0]!.tiles).toHaveLength(9);
    expect(seen.at(-1)!.updatedBy?.id).toBeGreaterThan(0);

    const assigned = expectOk((await a.raw('wall:op', { op: 'assign', screen: 0, tile: 8, cameraId: cams[0]!.id })) as never) as { wall: WallState };
    expect(expectError((await a.raw('wall:op', { op: 'assign', screen: 0, tile: 9, cameraId: cams[0]!.id })) as never).code).toBe('WALL_BAD_TILE');
    expect(expectError((await a.raw('wall:op', { op: 'assign', screen: 7, tile: 0, cameraId: null })) as never).code).toBe('WALL_BAD_TILE');
    expect(expectError((await a.raw('wall:op', { op: 'assign', screen: 0, tile: 0, cameraId: 999_999 })) as never).code).toBe('NOT_FOUND');
    expect(expectError((await a.raw('wall:op', { op: 'explode' })) as never).code).toBe('VALIDATION_FAILED');

    // 上墙 from a place (an incident): the nearest camera goes to the first empty tile; none within 50 m is an error.
    const remote = await addCamera('偏远·山口', 'remote1', townships[0]!.id, 25.4, 102.7);
    const near = expectOk((await a.raw('wall:op', { op: 'pushNearest', screen: 0, lat: 25.4005, lng: 102.7005, count: 1 })) as never) as { wall: WallState };
    const firstEmpty = assigned.wall.screens[0]!.tiles.indexOf(null);
    expect(firstEmpty).toBeGreaterThanOrEqual(0);
    expect(near.wall.screens[0]!.tiles[firstEmpty]).toBe(remote.id);
    expect(expectError((await a.raw('wall:op', { op: 'pushNearest', screen: 0, lat: 26.5, lng: 103.5, count: 2, radiusM: 50 })) as never).code).toBe('NOT_FOUND');

    // A tour on screen 2, a preset saved and applied.
    const tour = expectOk((await a.raw('wall:op', { op: 'tour', screen: 1, tour: { cameraIds: cams.slice(0, 6).map((c) => c.id), intervalSec: 10 } })) as never) as { wall: WallState };
    expect(tour.wall.screens[1]!.tour).toMatchObject({ intervalSec: 10, cameraIds: cams.slice(0, 6).map((c) => c.id) });
    const preset = expectOk((await a.raw('wall:preset:save', { name: '夜间巡查', screen: 0 })) as never) as { preset: { id: number; layout: string } };
    expect(preset.preset.layout).toBe('9');
    expectOk((await a.raw('wall:op', { op: 'clear', screen: 0 })) as never);
    const applied = expectOk((await a.raw('wall:op', { op: 'applyPreset', screen: 0, presetId: preset.preset.id })) as never) as { wall: WallState };
    expect(applied.wall.screens[0]!.tiles[8]).toBe(cams[0]!.id);

    // A township cannot apply the county's preset; the ledger has every change.
    const t01 = await open('t01');
    expect(expectError((await t01.raw('wall:op', { op: 'applyPreset', screen: 0, presetId: preset.preset.id })) as never).code).toBe('FORBIDDEN_SCOPE');
    const actions = (server.db.prepare("SELECT action FROM ledger WHERE subject LIKE 'wall:%' ORDER BY id").all() as { action: string }[]).map((x) => x.action);
    expect(actions).toEqual(expect.arrayContaining(['wall.layout', 'wall.assign', 'wall.pushNearest', 'wall.tour', 'wall.preset.save', 'wall.clear', 'wall.applyPreset']));
  });

  it('keeps the cameras of a layout change (9 → 1+5 → 9) for every console, and 上墙 on a full screen says what it replaced', async () => {
    const a = await open('duty1');
    const b = await open('duty2');
    const sync = await a.wallSync();
    await b.wallSync();
    const seen: WallState[] = [];
    (b.socket as unknown as { on(e: string, f: (w: WallState) => void): void }).on('wall', (w) => seen.push(w));
    const ids = sync.cameras.map((c) => c.id);
    expect(ids.length).toBeGreaterThanOrEqual(10);
    const nine = ids.slice(0, 9);
    const op = async (o: unknown) => expectOk((await a.raw('wall:op', o)) as never) as WallOpResult;
    await op({ op: 'clear', screen: 1 });
    await op({ op: 'tour', screen: 1, tour: null });
    await op({ op: 'layout', screen: 1, layout: '9' });
    await op({ op: 'push', screen: 1, cameraIds: nine });
    await op({ op: 'layout', screen: 1, layout: '1+5' });
    const back = await op({ op: 'layout', screen: 1, layout: '9' });
    await waitUntil(() => seen.some((w) => w.version === back.wall.version), 2000, 'the other console to get the wall');
    expect(visibleTiles(seen.at(-1)!.screens[1]!, Date.now())).toEqual(nine);

    // Full screen: with tile 5 selected, the tenth camera replaces it and the reply (and the ledger) names the camera.
    const pushed = await op({ op: 'push', screen: 1, cameraIds: [ids[9]!], selectedTile: 4 });
    expect(pushed.replaced).toEqual([{ tile: 4, cameraId: nine[4] }]);
    expect(pushed.wall.screens[1]!.tiles.slice(0, 9)).toEqual([...nine.slice(0, 4), ids[9], ...nine.slice(5)]);
    const entry = server.db.prepare("SELECT detail FROM ledger WHERE action = 'wall.push' ORDER BY id DESC LIMIT 1").get() as { detail: string } | undefined;
    expect(JSON.parse(entry?.detail ?? '{}')).toMatchObject({ replaced: [{ tile: 4, cameraId: nine[4] }] });
  });

  it('keeps the benchmark clock out of users’ camera lists; bench:video can still register it', async () => {
    const duty = await open('duty1');
    const names = (await duty.wallSync()).cameras.map((c) => c.name);
    for (const d of DEMO_CAMERAS) expect(names).toContain(d.name);
    expect(names.filter((n) => n === DEMO_CLOCK_CAMERA.name)).toEqual([]);
    const clock = await addCamera(DEMO_CLOCK_CAMERA.name, DEMO_CLOCK_CAMERA.key);
    const after = (await duty.wallSync()).cameras;
    expect(after.find((c) => c.name === DEMO_CLOCK_CAMERA.name)?.id).toBe(clock.id);
  });

  it('leaves no ffmpeg running once the server has stopped', async () => {
    const duty = await open('duty1');
    const cams = (await duty.wallSync()).cameras.filter((c) => c.name.startsWith('按需') || c.name.startsWith('断流'));
    for (const c of cams) await play(duty, c.id);
    await waitUntil(() => ffmpegProcesses(`:${rtmpPort}/live/`).length >= cams.length, 5000, 'pulls running');
    for (const c of consoles) c.close();
    await server.stop();
    expect(ffmpegProcesses(`:${rtmpPort}/live/`)).toEqual([]);
    expect(ffmpegProcesses(server.dataDir)).toEqual([]);
  });
});
