// Pan/tilt/zoom through the real server: the demo dome camera (a simulated ONVIF device on loopback, driven by the
// `onvif` client library), the control hold with its push, a commander's takeover, the hold lapsing, presets, and
// every refusal: roles, scope, a fixed camera, someone else's hold, bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Camera, PtzHoldEvent, PtzReply, PtzStatus } from '../../protocol/index.ts';
import { api, login, openConsole, startTestServer, type TestConsole } from './harness.ts';
import { NO_FFMPEG, waitUntil } from './videoHelpers.ts';

if (NO_FFMPEG) console.log(`[ptz] ${NO_FFMPEG}`);
type Server = Awaited<ReturnType<typeof startTestServer>>;

describe.skipIf(!!NO_FFMPEG)('PTZ with the simulated ONVIF dome camera', () => {
  let server: Server;
  let dome: Camera;
  let fixed: Camera;
  const HOLD_MS = 1500;
  const as: Record<string, ReturnType<typeof api>> = {};
  const consoles: TestConsole[] = [];

  beforeAll(async () => {
    server = await startTestServer({ demoCameras: true, video: { demoCameraKeys: ['dome1'], ptzHoldIdleMs: HOLD_MS, probeEveryMs: 0 } as never });
    for (const u of ['duty1', 'duty2', 'commander', 't04', 't02', 'v001001', 'admin']) as[u] = api(server.url, (await login(server.url, u)).token);
    const cams = (await as.duty1!.get<Camera[]>('/api/cameras')).body;
    dome = cams.find((c) => c.ptz)!;
    fixed = cams.find((c) => !c.ptz)!;
    expect(dome?.name).toBe('松林乡·集市云台球机');
    // The simulator's ONVIF server starts with the demo: wait until the camera answers.
    await waitUntil(async () => (await as.duty1!.get(`/api/cameras/${dome.id}/ptz`)).status === 200, 20_000, 'the dome camera answering ONVIF', 200);
  }, 60_000);
  afterAll(async () => {
    for (const c of consoles) c.close();
    await server?.stop();
  });

  const move = (who: string, v = { pan: 0.5, tilt: 0, zoom: 0 }) => as[who]!.post<PtzReply & ApiError>(`/api/cameras/${dome.id}/ptz/move`, v);

  it('gives the control to the first operator, tells everyone, and refuses a second one by name', async () => {
    const watcher = await openConsole(server.url, 'duty2');
    consoles.push(watcher);
    const pushes: PtzHoldEvent[] = [];
    watcher.socket.on('ptz:hold', (e) => pushes.push(e));

    const r = await move('duty1');
    expect(r.status).toBe(200);
    expect(r.body.hold?.holder.name).toBeTruthy();
    expect((await as.duty1!.post(`/api/cameras/${dome.id}/ptz/stop`)).status).toBe(200);
    await waitUntil(() => pushes.some((p) => p.cameraId === dome.id && p.hold?.holder.id === r.body.hold!.holder.id), 3000, 'the hold pushed to duty2');

    const refused = await move('duty2');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('PTZ_HELD');
    expect(JSON.stringify(refused.body)).toContain(r.body.hold!.holder.name);
    // A duty officer may not take it over; a commander may.
    const notYours = await as.duty2!.post<ApiError>(`/api/cameras/${dome.id}/ptz/claim`, { takeover: true });
    expect([notYours.status, notYours.body.code]).toEqual([403, 'PTZ_TAKEOVER_FORBIDDEN']);
    const taken = await as.commander!.post<PtzReply>(`/api/cameras/${dome.id}/ptz/claim`, { takeover: true });
    expect(taken.status).toBe(200);
    await waitUntil(() => pushes.at(-1)?.hold?.holder.id === taken.body.hold!.holder.id, 3000, 'the takeover pushed');
    expect((await move('duty1')).body.code).toBe('PTZ_HELD');
    const entry = server.db.prepare("SELECT action, detail FROM ledger WHERE action = 'ptz.takeover' ORDER BY id DESC LIMIT 1").get() as { detail: string } | undefined;
    expect(entry?.detail).toContain(r.body.hold!.holder.name);

    // Let go: duty2 gets it at once; then it lapses after HOLD_MS without a command, and is pushed as free.
    expect((await as.commander!.post(`/api/cameras/${dome.id}/ptz/release`)).status).toBe(200);
    expect((await move('duty2')).status).toBe(200);
    await as.duty2!.post(`/api/cameras/${dome.id}/ptz/stop`);
    await waitUntil(() => pushes.at(-1)?.hold === null, HOLD_MS + 6000, 'the idle hold lapsing');
    expect((await move('duty1')).status).toBe(200);
    await as.duty1!.post(`/api/cameras/${dome.id}/ptz/stop`);
  }, 30_000);

  it('saves a preset on the camera and goes back to it', async () => {
    const saved = await as.duty1!.post<PtzStatus>(`/api/cameras/${dome.id}/ptz/presets`, { name: '广场全景' });
    expect(saved.status).toBe(200);
    const preset = saved.body.presets.find((p) => p.name === '广场全景');
    expect(preset).toBeTruthy();
    const status = await as.duty1!.get<PtzStatus>(`/api/cameras/${dome.id}/ptz`);
    expect(status.body.presets.map((p) => p.name)).toContain('广场全景');
    expect((await as.duty1!.post(`/api/cameras/${dome.id}/ptz/preset`, { token: preset!.token })).status).toBe(200);
    const unknown = await as.duty1!.post<ApiError>(`/api/cameras/${dome.id}/ptz/preset`, { token: 'p999' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'PTZ_PRESET_UNKNOWN']);
  });

  it('refuses other roles, other townships, fixed cameras and bad velocities', async () => {
    const code = async (who: string, path: string, body?: unknown) => {
      const r = await as[who]!.post<ApiError>(path, body);
      return [r.status, r.body.code];
    };
    expect(await code('v001001', `/api/cameras/${dome.id}/ptz/move`, { pan: 1, tilt: 0, zoom: 0 })).toEqual([403, 'FORBIDDEN_ROLE']);
    expect(await code('t02', `/api/cameras/${dome.id}/ptz/move`, { pan: 1, tilt: 0, zoom: 0 })).toEqual([403, 'FORBIDDEN_SCOPE']);
    expect(await code('duty1', `/api/cameras/${fixed.id}/ptz/move`, { pan: 1, tilt: 0, zoom: 0 })).toEqual([409, 'PTZ_NOT_SUPPORTED']);
    expect(await code('duty1', `/api/cameras/999999/ptz/move`, { pan: 1, tilt: 0, zoom: 0 })).toEqual([404, 'NOT_FOUND']);
    const bad = await as.duty1!.post<ApiError>(`/api/cameras/${dome.id}/ptz/move`, { pan: 2, tilt: 0, zoom: 0 });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(JSON.stringify(bad.body)).toContain('pan');
    // The township's own operator may turn its camera (once duty1 lets go of it).
    expect((await move('t04')).body.code).toBe('PTZ_HELD');
    await as.duty1!.post(`/api/cameras/${dome.id}/ptz/release`);
    expect((await move('t04')).status).toBe(200);
    await as.t04!.post(`/api/cameras/${dome.id}/ptz/stop`);
  });
});
