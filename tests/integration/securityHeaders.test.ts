// Security headers on the console's pages and on the API, as sent by the server (a <meta> policy cannot stop framing).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, startTestServer, tempDir } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

describe('security headers', () => {
  let server: Server;
  const site = tempDir('zz-static-');
  beforeAll(async () => {
    mkdirSync(site.dir, { recursive: true });
    writeFileSync(join(site.dir, 'index.html'), '<!doctype html><title>console</title>');
    server = await startTestServer({ staticDir: site.dir, video: { enabled: false } });
  });
  afterAll(async () => {
    await server.stop();
    site.remove();
  });

  const expectHardened = (h: Headers, what: string) => {
    const csp = h.get('content-security-policy') ?? '';
    expect(csp, what).toContain("frame-ancestors 'none'");
    // the console's policy, or the public case page's stricter one (no script at all)
    expect(csp, what).toMatch(/script-src 'self'.*object-src 'none'|^default-src 'none'/);
    expect(csp, what).not.toContain('upgrade-insecure-requests'); // the LAN console is plain HTTP
    expect(h.get('x-frame-options'), what).toBe('DENY');
    expect(h.get('x-content-type-options'), what).toBe('nosniff');
  };

  it('on the console, the wall, the API and its errors', async () => {
    for (const path of ['/', '/wall/1', '/api/health', '/api/me', '/api/nothing-here', '/case/NOT-A-CODE']) {
      const res = await fetch(`${server.url}${path}`);
      await res.arrayBuffer();
      expectHardened(res.headers, path);
    }
    // The console's policy allows what it needs: its socket and media on this origin, blob: video, data: images.
    const csp = (await fetch(`${server.url}/`)).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/connect-src 'self'/);
    expect(csp).toMatch(/media-src 'self' blob:/);
    expect(csp).toMatch(/img-src 'self' data: blob:/);
  });

  it('a photo that is a JPEG followed by HTML is served as image/jpeg with nosniff', async () => {
    const grid = api(server.url, (await login(server.url, 'g00100101')).token);
    const polyglot = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<html><script>alert(1)</script></html>')]);
    const { id } = (await grid.post<{ id: string }>('/api/photos', polyglot, { 'content-type': 'image/jpeg' })).body;
    const res = await grid.get(`/api/photos/${id}`);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expectHardened(res.headers, 'photo');
  });
});
