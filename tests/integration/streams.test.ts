// A camera's main and sub streams and the H.264 transcode of an H.265 camera, with real ffmpeg and node-media-server:
// the demo camera cam01 (main 640×360 + sub 320×180, pushed to the ingest) and the demo H.265 camera hevc1 (HTTP-TS,
// as a GB/T 28181 platform would proxy it). The server picks what a tile plays; the transcode runs once per camera.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Camera, PlayGrant } from '../../protocol/index.ts';
import { expectOk, login, openConsole, startTestServer, api, type TestConsole } from './harness.ts';
import { FlvClient, NO_FFMPEG, ffmpegProcesses, waitUntil } from './videoHelpers.ts';

if (NO_FFMPEG) console.log(`[streams] ${NO_FFMPEG}`);
type Server = Awaited<ReturnType<typeof startTestServer>>;

describe.skipIf(!!NO_FFMPEG)('main and sub streams, H.265 transcoded', () => {
  let server: Server;
  let duty: TestConsole;
  let cam: Camera;
  let hevc: Camera;
  const flv: FlvClient[] = [];

  beforeAll(async () => {
    server = await startTestServer({ demoCameras: true, video: { demoCameraKeys: ['cam01', 'hevc1'], probeEveryMs: 0 } as never });
    duty = await openConsole(server.url, 'duty1');
    const cams = (await api(server.url, (await login(server.url, 'duty1')).token).get<Camera[]>('/api/cameras')).body;
    cam = cams.find((c) => c.name === '城关镇·人民广场')!;
    hevc = cams.find((c) => c.name.includes('H.265'))!;
    expect(cam.hasSub).toBe(true);
    expect(hevc.hasSub).toBe(false);
  }, 60_000);
  afterAll(async () => {
    for (const c of flv) c.close();
    duty?.close();
    await server?.stop();
  });

  const play = async (cameraId: number, stream: 'main' | 'sub', hevcOk = false) => expectOk<PlayGrant>(await duty.request('video:play', { cameraId, transport: 'flv', stream, hevc: hevcOk }));
  const watch = (url: string) => {
    const c = new FlvClient(server.url, url);
    flv.push(c);
    return c;
  };

  it('plays the sub stream for a small tile and the main one for a big tile, each pulled once', async () => {
    if (!server.media.available) throw new Error('media unavailable');
    const media = server.media;
    const sub = await play(cam.id, 'sub');
    expect(sub.stream).toBe('sub');
    expect(sub.url).toContain(`/media/flv/${cam.id}-sub.flv`);
    const main = await play(cam.id, 'main');
    expect(main.stream).toBe('main');
    const a = watch(sub.url);
    const b = watch(main.url);
    await waitUntil(() => a.bytes > 20_000 && b.bytes > 20_000, 30_000, 'both streams flowing');
    expect(media.activePulls('sub')).toEqual([cam.id]);
    expect(media.activePulls('main')).toContain(cam.id);
    // The sub stream is the smaller one: fewer bytes over the same time.
    const [sa, mb] = await Promise.all([a.bytesAfter(3000), b.bytesAfter(3000)]);
    expect(sa).toBeLessThan(mb * 0.6);
    // A camera without a sub stream plays its main one in a small tile.
    expect((await play(hevc.id, 'sub', true)).stream).not.toBe('sub');
  }, 60_000);

  it('detects H.265 and transcodes it to H.264 once, whatever the number of viewers', async () => {
    if (!server.media.available) throw new Error('media unavailable');
    const media = server.media;
    await waitUntil(async () => {
      await media.probe(hevc.id);
      return (server.db.prepare('SELECT codec FROM cameras WHERE id = ?').get(hevc.id) as { codec: string | null }).codec === 'hevc';
    }, 40_000, 'the H.265 source probed', 500);
    expect((server.db.prepare('SELECT codec FROM cameras WHERE id = ?').get(cam.id) as { codec: string | null }).codec).not.toBe('hevc');
    const g1 = await play(hevc.id, 'main');
    expect(g1.stream).toBe('transcode');
    expect(g1.url).toContain(`/media/flv/${hevc.id}-h264.flv`);
    // A console that decodes H.265 still gets the transcode when FLV cannot carry H.265 (ffmpeg before 6.1).
    expect((await play(hevc.id, 'main', true)).stream).toBe(media.hevcPassthrough ? 'main' : 'transcode');
    const viewers = [watch(g1.url), watch((await play(hevc.id, 'sub')).url), watch((await play(hevc.id, 'main')).url)];
    await waitUntil(() => viewers.every((v) => v.sawFlvHeader && v.bytes > 20_000), 40_000, 'three viewers of the transcode');
    expect(media.activePulls('transcode')).toEqual([hevc.id]);
    expect(ffmpegProcesses(`/live/t${hevc.id}`)).toHaveLength(1);
    expect(ffmpegProcesses(`/live/t${hevc.id}`)[0]!.cmdline).toContain('libx264');
  }, 90_000);
});
