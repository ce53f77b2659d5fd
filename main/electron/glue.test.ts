// Runs the real built main process (main/electron/main.ts bundled as for Electron) against a fake `electron` module.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { IPC_INVOKE } from '../../protocol/ipc.ts';
import { createFakeElectron, type FakeDisplay, type FakeElectron } from './fakeElectron.ts';

const SERVER = 'http://127.0.0.1:8620';
const display = (id: number, x: number, label: string): FakeDisplay => ({ id, label, scaleFactor: 1, bounds: { x, y: 0, width: 1920, height: 1080 }, workArea: { x, y: 0, width: 1920, height: 1040 } });

async function bundle(dir: string): Promise<string> {
  const outfile = join(dir, 'main.cjs');
  await build({
    entryPoints: [resolve(import.meta.dirname, 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
    define: { 'import.meta.dirname': '__dirname' },
    plugins: [
      {
        name: 'fake-electron',
        setup(b) {
          b.onResolve({ filter: /^electron$/ }, () => ({ path: 'electron', namespace: 'fake' }));
          b.onLoad({ filter: /.*/, namespace: 'fake' }, () => ({ contents: 'module.exports = globalThis.__zzFakeElectron;', loader: 'js' }));
        },
      },
    ],
  });
  return outfile;
}

async function boot(opts: { env: Record<string, string | undefined>; displays: FakeDisplay[]; serverUp?: () => boolean }): Promise<FakeElectron & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'zz-glue-'));
  const fake = createFakeElectron({ userData: join(dir, 'userData'), displays: opts.displays, serverUp: opts.serverUp });
  (globalThis as { __zzFakeElectron?: unknown }).__zzFakeElectron = fake.electron;
  const saved = { ...process.env };
  Object.assign(process.env, opts.env);
  for (const [k, v] of Object.entries(opts.env)) if (v === undefined) delete process.env[k];
  try {
    const file = await bundle(dir);
    writeFileSync(join(dir, 'server.mjs'), '// stand-in for the built server entry\n');
    createRequire(import.meta.url)(file);
    expect(fake.calls.slice(0, 4)).toEqual([
      'app.enableSandbox',
      'app.setAppUserModelId cn.gov.zongzhi.console',
      'protocol.registerSchemesAsPrivileged [{"scheme":"app","privileges":{"standard":true,"secure":true}}]',
      'app.requestSingleInstanceLock',
    ]);
    fake.ready();
    await settle();
  } finally {
    process.env = saved;
  }
  return { ...fake, dir };
}

const settle = () => new Promise((r) => setTimeout(r, 50));
const event = (url: string, senderId = 1) => ({ senderFrame: { url }, sender: { id: senderId } });

describe('main process glue (fake electron)', () => {
  let fx: FakeElectron & { dir: string };
  beforeAll(async () => {
    fx = await boot({ env: { ZZ_SERVER_URL: SERVER }, displays: [display(1, 0, 'Console'), display(2, 1920, 'Wall TV'), display(3, 3840, 'Wall TV 2')] });
  });

  it('switches the sandbox on for every renderer before anything else, and before ready', () => {
    expect(fx.calls[0]).toBe('app.enableSandbox');
  });

  it('opens the console and one full-screen wall window per other display, all hardened', () => {
    const live = fx.windows.filter((w) => !w.destroyed);
    expect(live).toHaveLength(3);
    for (const w of live) {
      expect(w.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
      expect(String(w.options.webPreferences?.preload)).toMatch(/preload\.cjs$/);
    }
    expect(live.map((w) => w.loaded.at(-1))).toEqual([`${SERVER}/`, `${SERVER}/wall/1`, `${SERVER}/wall/2`]);
    expect(live.slice(1).map((w) => [w.options.x, w.options.fullscreen, w.options.frame])).toEqual([
      [1920, true, false],
      [3840, true, false],
    ]);
  });

  it('registers a handler for every channel of the map, and each refuses a foreign sender and a bad payload', async () => {
    expect([...fx.ipcHandlers.keys()].sort()).toEqual(Object.keys(IPC_INVOKE).sort());
    const update = fx.ipcHandlers.get('attention:update')!;
    expect(await update(event('http://127.0.0.1:8620.evil.com/'), { unacknowledged: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(await update(event(`${SERVER}/`), { unacknowledged: 'lots' })).toMatchObject({ ok: false, error: { code: 'BAD_PAYLOAD' } });
    expect(fx.calls.filter((c) => c.startsWith('app.setBadgeCount'))).toEqual([]);
  });

  it('attention: badge, one notification for a new item, taskbar flash', async () => {
    const update = fx.ipcHandlers.get('attention:update')!;
    const payload = { unacknowledged: 3, latest: { kind: 'alert', id: 9, title: '防汛预警', level: 'orange', from: '青岚县' } };
    const consoleId = fx.windows[0]!.webContents.id;
    const wallId = fx.windows[1]!.webContents.id;
    expect(await update(event(`${SERVER}/wall/1`, wallId), payload)).toEqual({ ok: true, value: null }); // a wall: ignored
    expect(fx.notifications).toEqual([]);
    expect(await update(event(`${SERVER}/`, consoleId), payload)).toEqual({ ok: true, value: null });
    expect(await update(event(`${SERVER}/`, consoleId), payload)).toEqual({ ok: true, value: null });
    expect(fx.calls).toContain('app.setBadgeCount 3');
    expect(fx.notifications).toEqual([{ title: '【橙色预警】防汛预警', body: '青岚县' }]);
    expect(fx.calls).toContain('flashFrame true');
  });

  it('app:info tells a wall page which wall it is', async () => {
    const wall2 = fx.windows.find((w) => w.loaded.at(-1) === `${SERVER}/wall/2`)!;
    const info = (await fx.ipcHandlers.get('app:info')!(event(`${SERVER}/wall/2`, wall2.webContents.id))) as { ok: true; value: { window: unknown; serverUrl: string } };
    expect(info.value.window).toEqual({ role: 'wall', wall: 2 });
    expect(info.value.serverUrl).toBe(SERVER);
  });

  it('locks navigation and window.open to the server origin', () => {
    const console_ = fx.windows[0]!;
    const nav = (url: string) => {
      let prevented = false;
      console_.webContents.emit('will-navigate', { url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(nav(`${SERVER}/login`)).toBe(false);
    expect(nav('http://127.0.0.1:8620@evil.com/')).toBe(true);
    expect(nav('https://example.com/')).toBe(true);
    expect(console_.webContents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(console_.webContents.windowOpenHandler!({ url: `${SERVER}/cases/1/receipt` })).toMatchObject({ action: 'allow' });
    let webview = false;
    console_.webContents.emit('will-attach-webview', { preventDefault: () => (webview = true) });
    expect(webview).toBe(true);
  });

  it('adds the CSP header to the server responses only, and answers permissions by policy', () => {
    let headers: Record<string, string[]> | undefined;
    fx.session.headers!({ url: `${SERVER}/`, responseHeaders: { 'content-type': ['text/html'] } }, (r) => (headers = r.responseHeaders));
    expect(headers?.['Content-Security-Policy']?.[0]).toContain("script-src 'self'");
    fx.session.headers!({ url: 'https://example.com/', responseHeaders: {} }, (r) => (headers = r.responseHeaders));
    expect(headers).toBeUndefined();
    const ask = (permission: string, url: string) => {
      let granted: boolean | null = null;
      fx.session.permissionRequest!({ getURL: () => url }, permission, (ok) => (granted = ok), { requestingUrl: url, isMainFrame: true });
      return granted;
    };
    expect(ask('notifications', `${SERVER}/`)).toBe(true);
    expect(ask('media', `${SERVER}/`)).toBe(false);
    expect(ask('notifications', 'https://example.com/')).toBe(false);
    expect(fx.session.permissionCheck!(null, 'geolocation', SERVER, { requestingUrl: `${SERVER}/`, isMainFrame: true })).toBe(false);
  });

  it('re-plans walls when a display is removed and added back', async () => {
    const displays = fx.electron.screen.getAllDisplays();
    const removed = displays.pop()!;
    fx.screen.emit('display-removed', {}, removed);
    await new Promise((r) => setTimeout(r, 800));
    expect(fx.windows.filter((w) => !w.destroyed).map((w) => w.loaded.at(-1))).toEqual([`${SERVER}/`, `${SERVER}/wall/1`]);
    displays.push(removed);
    fx.screen.emit('display-added', {}, removed);
    await new Promise((r) => setTimeout(r, 800));
    expect(fx.windows.filter((w) => !w.destroyed).map((w) => w.loaded.at(-1))).toEqual([`${SERVER}/`, `${SERVER}/wall/1`, `${SERVER}/wall/2`]);
    // a display is moved in the OS arrangement: its wall window follows, without reloading
    const wall2 = fx.windows.filter((w) => !w.destroyed).find((w) => w.loaded.at(-1) === `${SERVER}/wall/2`)!;
    const loads = wall2.loaded.length;
    removed.bounds = { ...removed.bounds, x: 5000 };
    fx.screen.emit('display-metrics-changed', {}, removed, ['bounds']);
    await new Promise((r) => setTimeout(r, 800));
    expect(wall2.bounds.x).toBe(5000);
    expect(wall2.loaded.length).toBe(loads);
  });
});

describe('main process glue: single seat and server away', () => {
  it('starts the embedded server in a utility process and shows the reconnecting page until it answers', async () => {
    let up = false;
    const fx = await boot({ env: { ZZ_SERVER_URL: undefined }, displays: [display(1, 0, 'Only')], serverUp: () => up });
    expect(fx.forks.map(({ entry, args }) => ({ entry, args }))).toEqual([{ entry: join(fx.dir, 'server.mjs'), args: ['--host', '127.0.0.1', '--port', '8620', '--data', join(fx.dir, 'userData', 'centre'), '--demo'] }]);
    const console_ = fx.windows[0]!;
    expect(console_.loaded.at(-1)).toMatch(/^data:text\/html/);
    expect(decodeURIComponent(console_.loaded.at(-1)!)).toContain('正在重新连接');
    // the server says LISTENING: the console loads its page at once
    up = true;
    fx.forks[0]!.proc.stdout.emit('data', Buffer.from('LISTENING http://127.0.0.1:8620\n'));
    await settle();
    expect(console_.loaded.at(-1)).toBe('http://127.0.0.1:8620/');
    // the server goes away and the page fails to load: the reconnecting page again, never Chromium's error page
    up = false;
    console_.webContents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', 'http://127.0.0.1:8620/', true);
    expect(decodeURIComponent(console_.loaded.at(-1)!)).toContain('ERR_CONNECTION_REFUSED');
    // quitting stops the embedded server first
    let prevented = false;
    fx.electron.app.emit('before-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });
});
