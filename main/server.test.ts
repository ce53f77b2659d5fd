import { describe, expect, it } from 'vitest';
import { DesktopSettings } from '../protocol/ipc.ts';
import { embeddedServerArgs, isLoadFailure, listeningUrl, offlinePage, reconnectDelayMs, resolveServer, serverUrlArg } from './server.ts';

const defaults = DesktopSettings.parse({});
const remote = DesktopSettings.parse({ server: { mode: 'remote', url: 'http://10.1.0.5:8620' } });

describe('resolveServer', () => {
  it('takes --server-url from the command line first (npm start), then ZZ_SERVER_URL, then the settings', () => {
    expect(resolveServer(['electron', 'main.cjs', '--server-url=http://127.0.0.1:8620/'], { ZZ_SERVER_URL: 'http://10.9.9.9' }, remote)).toEqual({
      choice: { kind: 'remote', origin: 'http://127.0.0.1:8620', source: 'command line' },
      overridden: true,
      warnings: [],
    });
    expect(resolveServer(['--server-url', 'http://a:1'], {}, defaults).choice).toMatchObject({ origin: 'http://a:1' });
    expect(resolveServer([], { ZZ_SERVER_URL: 'http://10.9.9.9' }, remote).choice).toMatchObject({ origin: 'http://10.9.9.9', source: 'environment' });
    expect(resolveServer([], {}, remote)).toMatchObject({ choice: { kind: 'remote', origin: 'http://10.1.0.5:8620', source: 'settings' }, overridden: false });
  });

  it('starts the embedded server on a fixed port by default (the console keeps its storage per origin)', () => {
    expect(resolveServer([], {}, defaults).choice).toEqual({ kind: 'embedded', origin: 'http://127.0.0.1:8620', port: 8620, seedDemo: true });
  });

  it('ignores a bad command-line URL with a warning instead of failing', () => {
    const r = resolveServer(['--server-url=http://user:pw@evil.com'], {}, defaults);
    expect(r.choice.kind).toBe('embedded');
    expect(r.warnings[0]).toContain('--server-url');
  });

  it('reads --server-url only as a whole flag', () => {
    expect(serverUrlArg(['--server-url-x=http://a'])).toBeNull();
    expect(serverUrlArg(['--server-url'])).toBeNull();
  });
});

describe('embedded server', () => {
  it('runs on loopback with its data in the given folder, seeding the demo county only if asked', () => {
    expect(embeddedServerArgs({ kind: 'embedded', origin: 'http://127.0.0.1:8620', port: 8620, seedDemo: true }, '/u/centre')).toEqual(['--host', '127.0.0.1', '--port', '8620', '--data', '/u/centre', '--demo']);
    expect(embeddedServerArgs({ kind: 'embedded', origin: 'http://127.0.0.1:9000', port: 9000, seedDemo: false }, '/d')).not.toContain('--demo');
  });
  it('finds LISTENING in the server output', () => {
    expect(listeningUrl('演示县已生成\nLISTENING http://127.0.0.1:8620\n')).toBe('http://127.0.0.1:8620');
    expect(listeningUrl('NOT LISTENING http://x\n')).toBeNull();
  });
});

describe('reconnecting', () => {
  it('backs off 1, 2, 4, 8 then every 10 seconds', () => {
    expect([0, 1, 2, 3, 4, 5, 50].map(reconnectDelayMs)).toEqual([1000, 2000, 4000, 8000, 10000, 10000, 10000]);
  });
  it('treats a refused or failed load as a failure, a replaced navigation not', () => {
    expect(isLoadFailure(-102)).toBe(true);
    expect(isLoadFailure(-105)).toBe(true);
    expect(isLoadFailure(-3)).toBe(false);
    expect(isLoadFailure(0)).toBe(false);
  });
  it('shows a script-free reconnecting page with the server, attempt and reason escaped', () => {
    const html = offlinePage({ server: 'http://127.0.0.1:8620', attempt: 3, retryInMs: 4000, reason: '<img src=x onerror=alert(1)>', role: 'console' });
    expect(html).toContain('正在重新连接');
    expect(html).toContain('http://127.0.0.1:8620');
    expect(html).toContain('第 3 次尝试');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("default-src 'none'".replace(/'/g, '&#39;'));
  });
});
