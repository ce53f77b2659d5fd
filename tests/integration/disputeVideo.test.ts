// A dispute's video (issue 14 point 3, issue 15 point 3) against a real server and SQLite: 事件回溯 from a dispute opens
// the nearest recorded cameras two minutes before registration, at its grid report's point or else its township's
// centre, and holds those stretches for the dispute while it is open; 视频调解 attached to a dispute invites its
// township, and its recording's hash lands in the dispute's trail. Each refusal too.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Dispute, Incident, Lookback, PartyInput, RegisterDispute } from '../../protocol/index.ts';
import { generateDemoCounty } from '../../app/domain/demoCounty.ts';
import { outerRing, ringCentroid } from '../../app/domain/mapStyle.ts';
import { createRecordingStore } from '../../app/store/recording.ts';
import { api, expectError, expectOk, login, openConsole, startTestServer, type TestConsole } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;
let seq = 0;
const party = (over: Partial<PartyInput> = {}): PartyInput => ({ role: 'applicant', name: '赵德明', phone: '13912345678', ...over });
const dispute = (over: Partial<RegisterDispute> = {}): RegisterDispute => ({
  idempotencyKey: `dv-key-${seq++}-${Date.now()}`,
  channel: 'walk_in',
  type: 'neighbour',
  summary: '两户村民因宅基地边界砌墙发生争执',
  peopleCount: 2,
  parties: [party(), party({ role: 'respondent', name: '钱有福', phone: '13700001111' })],
  ...over,
});

describe('a dispute\'s video: 事件回溯 and 视频调解', () => {
  let server: Server;
  let now = Date.UTC(2026, 10, 30, 2, 0, 0);
  const consoles: TestConsole[] = [];
  const county = generateDemoCounty();
  const cams: Record<string, number> = {};
  beforeAll(async () => {
    server = await startTestServer({ clock: () => now, meet: { enabled: false }, video: { enabled: false } });
    const admin = api(server.url, (await login(server.url, 'admin')).token);
    const [cx, cy] = ringCentroid(outerRing(boundaryOf('t01'))!);
    const [gx, gy] = gridPoint(0);
    const [ox, oy] = gridPoint(1);
    // near: 100 m from t01's centre; grid: t01's first grid (the grid report's place); other: in t02.
    for (const [key, township, lng, lat] of [['near', 't01', cx + 0.001, cy], ['grid', 't01', gx, gy], ['other', 't02', ox, oy]] as const) {
      const r = await admin.post<{ id: number }>('/api/cameras', { name: `回溯·${key}`, townshipId: centreOf(township), lat, lng, sourceUrl: `rtsp://127.0.0.1:1/${key}` });
      expect(r.status).toBe(201);
      cams[key] = r.body.id;
    }
    // The recorder's index: every camera recorded from 5 min before `now` to 5 min after (the index is the input here;
    // the recorder writing it is covered by recording.test.ts).
    const ins = server.db.prepare('INSERT INTO recording_segments (camera_id, start_ms, end_ms, media_ms, file, bytes) VALUES (?, ?, ?, ?, ?, ?)');
    for (const id of Object.values(cams)) for (let t = now - 300_000; t < now + 300_000; t += 60_000) ins.run(id, t, t + 60_000, 60_000, `c${id}/${t}.ts`, 1000);
  });
  afterAll(async () => {
    for (const c of consoles) c.close();
    await server?.stop();
  });
  const centreOf = (username: string) => (server.db.prepare('SELECT centre_id AS id FROM users WHERE username = ?').get(username) as { id: number }).id;
  const boundaryOf = (username: string) => (server.db.prepare('SELECT boundary FROM centres WHERE id = ?').get(centreOf(username)) as { boundary: string }).boundary;
  const gridPoint = (t: number): [number, number] => {
    const pts = county.townships[t]!.villages[0]!.grids[0]!.ring.slice(0, -1);
    return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
  };
  const as = async (username: string) => api(server.url, (await login(server.url, username)).token);
  const holds = (disputeId: number) => server.db.prepare('SELECT camera_id, from_ms, to_ms FROM recording_holds WHERE dispute_id = ? ORDER BY camera_id').all(disputeId) as { camera_id: number; from_ms: number; to_ms: number }[];
  const ledger = (action: string) => server.db.prepare('SELECT subject, detail FROM ledger WHERE action = ? ORDER BY id').all(action) as { subject: string; detail: string }[];

  it('事件回溯 from a dispute with only a township: that township\'s cameras nearest its centre, two minutes before registration, held while open', async () => {
    const duty = await as('duty1');
    const made = (await duty.post<{ dispute: Dispute }>('/api/disputes', dispute({ townshipId: centreOf('t01') }))).body.dispute;
    expect(made.registeredAt).toBe(now);
    const r = await duty.post<Lookback>(`/api/disputes/${made.id}/lookback`, {});
    expect(r.status).toBe(200);
    expect(r.body.at).toBe(now - 120_000);
    // The camera in t02 is not the dispute's township's, however near; the grid camera is farther than `near`.
    expect(r.body.cameras.map((c) => c.id)).toEqual([cams.near, cams.grid]);
    expect(holds(made.id).map((h) => [h.camera_id, h.from_ms, h.to_ms])).toEqual([
      [cams.near, now - 120_000, now + 600_000],
      [cams.grid, now - 120_000, now + 600_000],
    ].sort((a, b) => a[0]! - b[0]!));
    expect(ledger('recording.lookback').at(-1)!.subject).toBe(`dispute:${made.id}`);
    // Retention keeps them while the dispute is open, and lets them go once it is closed.
    const open = () => createRecordingStore(server.db).openHolds().filter((h) => h.camera_id === cams.near);
    expect(open().length).toBeGreaterThan(0);
    server.db.prepare("UPDATE disputes SET state = 'closed' WHERE id = ?").run(made.id);
    expect(open()).toHaveLength(0);
    server.db.prepare("UPDATE disputes SET state = 'registered' WHERE id = ?").run(made.id);

    // Another township cannot look back at this dispute; nothing is held or logged for it.
    const before = ledger('recording.lookback').length;
    const t02 = await as('t02');
    const refused = await t02.post<ApiError>(`/api/disputes/${made.id}/lookback`, {});
    expect(refused.status).toBe(403);
    expect(ledger('recording.lookback')).toHaveLength(before);
    // Its own township can, and sees its own cameras.
    const t01 = await as('t01');
    expect((await t01.post<Lookback>(`/api/disputes/${made.id}/lookback`, {})).body.cameras.map((c) => c.id)).toEqual([cams.near, cams.grid]);
  });

  it('事件回溯 from a dispute made from a grid report looks at the report\'s point; a dispute with no place says so', async () => {
    const duty = await as('duty1');
    const grid = await as('g00100101');
    const [lon, lat] = gridPoint(0);
    const inc = (await grid.post<{ incident: Incident }>('/api/incidents', { idempotencyKey: `dv-inc-${seq++}`, category: 'dispute', description: '邻里因排水沟争吵', location: { lon, lat } })).body.incident;
    const made = (await duty.post<{ dispute: Dispute }>('/api/disputes', dispute({ channel: 'grid_report', incidentId: inc.id }))).body.dispute;
    const r = await duty.post<Lookback>(`/api/disputes/${made.id}/lookback`, {});
    expect(r.status).toBe(200);
    expect(r.body.cameras[0]).toMatchObject({ id: cams.grid, distanceM: 0 });

    // Registered at the county window with no township and no report: no place, the error names the field.
    const nowhere = (await duty.post<{ dispute: Dispute }>('/api/disputes', dispute())).body.dispute;
    expect(nowhere.townshipId).toBeNull();
    const e = await duty.post<ApiError>(`/api/disputes/${nowhere.id}/lookback`, {});
    expect(e.status).toBe(409);
    expect(e.body.code).toBe('REC_DISPUTE_NO_PLACE');
    expect(e.body.details).toHaveProperty('townshipId');
    expect(holds(nowhere.id)).toHaveLength(0);
  });

  it('视频调解 attached to a dispute: its township is invited, outsiders refused, the recording\'s hash in the dispute\'s trail', async () => {
    const duty = await as('duty1');
    const made = (await duty.post<{ dispute: Dispute }>('/api/disputes', dispute({ townshipId: centreOf('t03') }))).body.dispute;
    const county = await openConsole(server.url, 'duty1');
    const t03 = await openConsole(server.url, 't03');
    const t04 = await openConsole(server.url, 't04');
    consoles.push(county, t03, t04);
    const { meeting } = expectOk(await county.request('meet:open', { kind: 'mediation', title: `视频调解 · ${made.code}`, disputeId: made.id }));
    expect(meeting).toMatchObject({ kind: 'mediation', disputeId: made.id, incidentId: null, recording: { state: 'consent' } });
    expect(meeting.invitees.map((i) => i.centreId)).toEqual([centreOf('t03')]);
    await t03.waitFor(() => t03.events('meet.updated').some((e) => e.meeting.id === meeting.id));
    expect(JSON.parse(ledger('meet.open').at(-1)!.detail)).toMatchObject({ kind: 'mediation', disputeId: made.id });

    // Refusals: both subjects at once, an unknown dispute, a township opening one, another township joining or consenting.
    expect(expectError(await county.request('meet:open', { kind: 'mediation', title: 'x', disputeId: made.id, incidentId: 1 }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { disputeId: expect.any(String) } });
    expect(expectError(await county.request('meet:open', { kind: 'mediation', title: 'x', disputeId: 999_999 }))).toMatchObject({ code: 'NOT_FOUND', details: { disputeId: '999999' } });
    expect(expectError(await t03.request('meet:open', { kind: 'mediation', title: 'x', disputeId: made.id })).code).toBe('FORBIDDEN_ROLE');
    expect(expectError(await t04.request('meet:join', { meetingId: meeting.id })).code).toBe('FORBIDDEN_SCOPE');
    expect(expectError(await t04.request('meet:consent', { meetingId: meeting.id })).code).toBe('FORBIDDEN_SCOPE');

    // The finished recording (what Janus and ffmpeg hand over; the browser part is tests/meet/mediation.spec.ts).
    const dir = join(server.dataDir, 'recordings');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `meeting-${meeting.id}.mp4`);
    const bytes = Buffer.from(`mediation ${made.code}`);
    writeFileSync(path, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    now += 60_000;
    expect(server.meet.desk.recording(null, meeting.id, 'done', now, { path, sha256, bytes: bytes.length }).ok).toBe(true);
    expect(JSON.parse(ledger('meet.recording.done').at(-1)!.detail)).toMatchObject({ sha256, disputeId: made.id });
    const attached = ledger('meet.recording.attached').at(-1)!;
    expect(attached.subject).toBe(`dispute:${made.id}`);
    expect(JSON.parse(attached.detail)).toEqual({ meetingId: meeting.id, sha256, bytes: bytes.length });
    const t03api = await as('t03');
    const file = await t03api.get<string>(`/api/meetings/${meeting.id}/recording`);
    expect(file.status).toBe(200);
    expect(file.headers.get('x-content-sha256')).toBe(sha256);
    expect((await (await as('t04')).get<ApiError>(`/api/meetings/${meeting.id}/recording`)).status).toBe(403);
  });
});
