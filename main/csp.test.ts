import { describe, expect, it } from 'vitest';
import { APP_PAGE_CSP, buildCsp, STATIC_PAGE_CSP, withCspHeader } from './csp.ts';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

describe('buildCsp', () => {
  const csp = buildCsp({ server: 'http://127.0.0.1:8620/' });
  const d = directives(csp);

  it('is exactly this policy for a local server', () => {
    expect(csp).toBe(
      [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self' ws://127.0.0.1:8620 http://127.0.0.1:* ws://127.0.0.1:*",
        "media-src 'self' blob: http://127.0.0.1:* ws://127.0.0.1:*",
        "worker-src 'self' blob:",
        "manifest-src 'self'",
        "frame-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
  });

  it('never allows inline or evaluated script, plugins, frames or a foreign base', () => {
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(csp).not.toMatch(/unsafe-eval|strict-dynamic|unsafe-hashes/);
    // no wildcard host and no bare scheme source (which would allow any host) anywhere
    for (const [name, values] of d) for (const v of values) expect(['*', 'http:', 'https:', 'ws:', 'wss:', 'file:', 'filesystem:'], `${name} ${v}`).not.toContain(v);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('uses wss for an https server and adds remote media origins', () => {
    const remote = directives(buildCsp({ server: 'https://zz.example.gov.cn:8443', media: ['http://10.0.0.9:8000'] }));
    expect(remote.get('connect-src')).toEqual(["'self'", 'wss://zz.example.gov.cn:8443', 'https://zz.example.gov.cn:*', 'wss://zz.example.gov.cn:*', 'http://10.0.0.9:8000', 'ws://10.0.0.9:8000']);
    expect(remote.get('media-src')).toContain('http://10.0.0.9:8000');
    expect(remote.get('script-src')).toEqual(["'self'"]);
  });

  it('refuses to build a policy around a bad origin', () => {
    expect(() => buildCsp({ server: 'javascript:alert(1)' })).toThrow();
    expect(() => buildCsp({ server: 'http://127.0.0.1:8620', media: ['http://u:p@evil.com'] })).toThrow();
  });

  it('locks the app pages and the offline page down', () => {
    expect(directives(APP_PAGE_CSP).get('script-src')).toEqual(["'self'"]);
    expect(directives(STATIC_PAGE_CSP).get('default-src')).toEqual(["'none'"]);
    expect(STATIC_PAGE_CSP).not.toContain('script-src');
  });
});

describe('withCspHeader', () => {
  it('adds the policy and keeps one the server sent (both apply)', () => {
    const h = withCspHeader({ 'content-type': 'text/html', 'content-security-policy': ["default-src 'self'"] }, "default-src 'none'");
    expect(h['Content-Security-Policy']).toEqual(["default-src 'self'", "default-src 'none'"]);
    expect(h['content-type']).toEqual(['text/html']);
    expect(Object.keys(h).filter((k) => k.toLowerCase() === 'content-security-policy')).toHaveLength(1);
    expect(withCspHeader(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});
