import { describe, expect, it } from 'vitest';
import { decideNavigation, decideWindowOpen, parseServerUrl, sameOrigin, senderOf, SETTINGS_ORIGIN } from './navigation.ts';

const SERVER = 'http://127.0.0.1:8620';

describe('sameOrigin / navigation policy', () => {
  it('allows pages of the centre server itself, however the URL is spelled', () => {
    for (const url of [`${SERVER}/`, `${SERVER}/wall/1`, `${SERVER}/api/health?x=1#y`, 'HTTP://127.0.0.1:8620/', 'http://127.0.0.1:08620/login']) {
      expect(decideNavigation(url, SERVER), url).toEqual({ allow: true });
    }
  });

  it('rejects look-alike origins, userinfo tricks, other ports, hosts and schemes', () => {
    const bad = [
      'http://127.0.0.1:8620.evil.com/', // not even a valid port: the parser refuses it
      'http://127.0.0.1.evil.com:8620/',
      'http://127.0.0.1:8620@evil.com/',
      'http://user:pass@127.0.0.1:8620/', // credentials on our own origin are refused too
      'http://evil.com/#@127.0.0.1:8620',
      'http://evil.com/?http://127.0.0.1:8620',
      'http://evil.com/http://127.0.0.1:8620/',
      'http://127.0.0.1:8621/',
      'http://127.0.0.1/',
      'https://127.0.0.1:8620/',
      'ws://127.0.0.1:8620/',
      'http://localhost:8620/',
      'http://[::ffff:127.0.0.1]:8620/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      '//127.0.0.1:8620/',
      '',
      'not a url',
    ];
    for (const url of bad) {
      expect(sameOrigin(url, SERVER), url).toBe(false);
      expect(decideNavigation(url, SERVER).allow, url).toBe(false);
    }
  });

  it('a prefix check would have let these through; the parser does not', () => {
    const lookAlikes = ['http://127.0.0.1:86201/', 'http://127.0.0.1:8620.evil.com/', 'http://127.0.0.1:8620@evil.com/'];
    for (const url of lookAlikes) {
      expect(url.startsWith(SERVER)).toBe(true);
      expect(sameOrigin(url, SERVER)).toBe(false);
    }
  });

  it('refuses everything while no server is known', () => {
    expect(decideNavigation(`${SERVER}/`, null).allow).toBe(false);
  });

  it('keeps the settings window on app://settings', () => {
    expect(decideNavigation(`${SETTINGS_ORIGIN}/index.html`, SETTINGS_ORIGIN).allow).toBe(true);
    expect(decideNavigation('app://evil/index.html', SETTINGS_ORIGIN).allow).toBe(false);
    expect(decideNavigation(`${SERVER}/`, SETTINGS_ORIGIN).allow).toBe(false);
  });
});

describe('window.open', () => {
  it('lets a server page open a same-origin child (e.g. a printable receipt) and denies everything else', () => {
    expect(decideWindowOpen(`${SERVER}/cases/123/receipt`, SERVER)).toEqual({ action: 'allow-child' });
    expect(decideWindowOpen('https://example.com/', SERVER).action).toBe('deny');
    expect(decideWindowOpen('http://127.0.0.1:8620@evil.com/', SERVER).action).toBe('deny');
    expect(decideWindowOpen(`${SETTINGS_ORIGIN}/x`, SETTINGS_ORIGIN).action).toBe('deny');
  });
});

describe('senderOf', () => {
  const trusted = { server: SERVER, settings: SETTINGS_ORIGIN };
  it('names the trusted page a frame belongs to, or null', () => {
    expect(senderOf(`${SERVER}/wall/2`, trusted)).toBe('server');
    expect(senderOf(`${SETTINGS_ORIGIN}/index.html`, trusted)).toBe('settings');
    expect(senderOf('http://127.0.0.1:8620.evil.com/', trusted)).toBeNull();
    expect(senderOf('data:text/html,x', trusted)).toBeNull();
    expect(senderOf('', trusted)).toBeNull();
    expect(senderOf(null, trusted)).toBeNull();
    expect(senderOf(`${SERVER}/`, { ...trusted, server: null })).toBeNull();
  });
});

describe('parseServerUrl', () => {
  it('normalises a good address to its origin', () => {
    expect(parseServerUrl(' http://10.1.2.3:8620/ ')).toEqual({ ok: true, origin: 'http://10.1.2.3:8620' });
    expect(parseServerUrl('https://zz.county.gov.cn')).toEqual({ ok: true, origin: 'https://zz.county.gov.cn' });
  });
  it('refuses other schemes, credentials, paths and garbage', () => {
    for (const bad of ['ftp://x/', 'http://a:b@x/', 'http://x/console', 'http://x/?a=1', 'http://x/#a', 'x', 'file:///tmp']) expect(parseServerUrl(bad).ok, bad).toBe(false);
  });
});
