// Every error, including fastify's own (router, body parser), comes back as {code, message, messageEn}; text with a lone
// surrogate or broken UTF-8 is refused with a clear error instead of being stored as U+FFFD.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../protocol/index.ts';
import { generateDemoCounty } from '../../app/domain/demoCounty.ts';
import { expectError, expectOk, login, openConsole, startTestServer } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const documented = (code: string) => ({ code, message: expect.stringMatching(/\p{Script=Han}/u), messageEn: expect.any(String) });

const demo = generateDemoCounty();
const pts = demo.townships[0]!.villages[0]!.grids[0]!.ring.slice(0, -1);
const location = { lon: pts.reduce((s, p) => s + p[0], 0) / pts.length, lat: pts.reduce((s, p) => s + p[1], 0) / pts.length, crs: 'wgs84' };
let seq = 0;
const reportJson = (description: string) =>
  `{"idempotencyKey":"errfmt-${Date.now()}-${seq++}","category":"dispute","description":"${description}","location":${JSON.stringify(location)}}`;

describe('error format', () => {
  let server: Server;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer({ video: { enabled: false } });
    token = (await login(server.url, 'g00100101')).token;
  });
  afterAll(() => server.stop());

  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as ApiError };
  };
  const post = async (path: string, body: string | Buffer, type = 'application/json') => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
    return { status: res.status, body: (await res.json()) as ApiError & { incident?: { description: string } } };
  };
  const stored = () => (server.db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n;

  it("maps fastify's router errors to our codes", async () => {
    for (const [path, status, code] of [
      [`/api/public/cases/${'A'.repeat(120)}`, 414, 'URL_TOO_LONG'],
      [`/api/incidents/${'1'.repeat(150)}`, 414, 'URL_TOO_LONG'],
      ['/api/public/cases/%E0%A4%A', 400, 'URL_INVALID'],
      ['/api/x%ZZ', 400, 'URL_INVALID'],
      ['/case/%ZZ', 400, 'URL_INVALID'],
    ] as const) {
      const r = await get(path);
      expect({ path, status: r.status, body: r.body }).toEqual({ path, status, body: documented(code) });
    }
  });

  it("maps the body parser's errors to our codes", async () => {
    const big = await post('/api/incidents', `{"description":"${'x'.repeat(1_100_000)}"}`);
    expect([big.status, big.body]).toEqual([413, documented('BODY_TOO_LARGE')]);
    const xml = await post('/api/incidents', '<report/>', 'application/xml');
    expect([xml.status, xml.body]).toEqual([415, documented('MEDIA_TYPE_UNSUPPORTED')]);
    const broken = await post('/api/incidents', '{"description":');
    expect([broken.status, broken.body]).toEqual([400, documented('BAD_REQUEST')]);
    const empty = await post('/api/incidents', '');
    expect([empty.status, empty.body]).toEqual([400, documented('BAD_REQUEST')]);
  });

  it('refuses a lone surrogate, escaped or as raw bytes, and stores nothing; a real pair (emoji) is fine', async () => {
    const before = stored();
    const escaped = await post('/api/incidents', reportJson('门口\\ud800有人争吵'));
    expect([escaped.status, escaped.body]).toEqual([400, { ...documented('TEXT_INVALID'), details: { description: expect.any(String) } }]);
    const lowAlone = await post('/api/incidents', reportJson('\\udc00'));
    expect(lowAlone.body.code).toBe('TEXT_INVALID');
    // U+D800 as (invalid) UTF-8 bytes: a lenient decoder would store three U+FFFD
    const [head, tail] = reportJson('门口@有人争吵').split('@') as [string, string];
    const raw = await post('/api/incidents', Buffer.concat([Buffer.from(head), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(tail)]));
    expect([raw.status, raw.body]).toEqual([400, documented('TEXT_INVALID')]);
    expect(stored()).toBe(before);

    const emoji = await post('/api/incidents', reportJson('门口有人争吵 \\ud83d\\ude21'));
    expect(emoji.status).toBe(201);
    expect(emoji.body.incident?.description).toBe('门口有人争吵 😡');
  });

  it('refuses a camera CSV that is not UTF-8 (a GBK export) instead of importing U+FFFD names', async () => {
    const admin = (await login(server.url, 'admin')).token;
    const gbk = Buffer.concat([Buffer.from('name,townshipId,lat,lng,sourceUrl\n'), Buffer.from([0xb6, 0xab, 0xc3, 0xc5]), Buffer.from(',2,24.9,102.1,rtsp://10.0.0.9/1\n')]);
    const res = await fetch(`${server.url}/api/cameras/import`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' }, body: gbk });
    expect([res.status, await res.json()]).toEqual([400, documented('TEXT_INVALID')]);
  });

  it('refuses a lone surrogate in a socket payload too', async () => {
    const county = await openConsole(server.url, 'duty1');
    try {
      const err = expectError(await county.request('alert:raise', { level: 'blue', title: '暴雨\ud800预警', targets: { kind: 'all' } }));
      expect(err).toMatchObject(documented('TEXT_INVALID'));
      expect(err.details).toEqual({ title: expect.any(String) });
      expectOk(await county.request('alert:raise', { level: 'blue', title: '暴雨预警', targets: { kind: 'all' } }));
    } finally {
      county.close();
    }
  });
});
