// Smoke test of the desktop app in a real Electron (docs/architecture.md, "Electron"): the console window loads the centre
// server, the preload exposes only the named verbs, the page has no Node, IPC payloads are validated, the CSP header
// is set, navigation away is refused, and the walls are planned. Skips (saying why) where no Electron binary exists.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { ELECTRON_MAIN, findElectronBinary } from '../../main/launch.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = join(ROOT, ELECTRON_MAIN);
const SERVER_ENTRY = join(ROOT, 'main/dist/server.mjs');
const electronPath = findElectronBinary();

const why = !electronPath
  ? 'no Electron binary: set ELECTRON_PATH, or allow the electron package download (allowScripts) where the internet is reachable'
  : !existsSync(MAIN) || !existsSync(SERVER_ENTRY)
    ? `${ELECTRON_MAIN} or main/dist/server.mjs missing: run npm run build:main`
    : !existsSync(join(ROOT, 'dist/renderer/index.html'))
      ? 'dist/renderer missing: run npm run build'
      : null;
if (why) console.log(`[electron smoke] skipped: ${why}`);
test.skip(why !== null, why ?? '');

let server: ChildProcess | null = null;
let serverUrl = '';
let app: ElectronApplication | null = null;
let page: Page;

test.beforeAll(async () => {
  const data = mkdtempSync(join(tmpdir(), 'zz-electron-'));
  // the built server bundle (the embedded-server entry), under plain Node
  server = spawn(process.execPath, [SERVER_ENTRY, '--port', '0', '--data', join(data, 'centre')], { stdio: ['ignore', 'pipe', 'inherit'] });
  serverUrl = await new Promise<string>((ok, fail) => {
    let out = '';
    server!.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /LISTENING (\S+)/.exec(out);
      if (m?.[1]) ok(m[1]);
    });
    server!.once('exit', (code) => fail(new Error(`server exited ${code}: ${out}`)));
  });
  app = await electron.launch({
    executablePath: electronPath!,
    args: [MAIN, `--server-url=${serverUrl}`, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: { ...process.env, ZZ_USER_DATA_DIR: join(data, 'userData') } as Record<string, string>,
  });
  page = await app.firstWindow();
  await page.waitForURL(`${serverUrl}/`);
});

test.afterAll(async () => {
  await app?.close();
  server?.kill('SIGTERM');
});

test('the console loads the centre server, sandboxed, with only the named verbs', async () => {
  const shape = await page.evaluate(() => {
    const g = globalThis as unknown as Record<string, unknown>;
    const bridge = g.zongzhi as Record<string, Record<string, unknown>> | undefined;
    return {
      node: typeof g.require + typeof g.process + typeof g.module,
      keys: bridge ? Object.keys(bridge).sort() : null,
      attention: bridge ? Object.keys(bridge.attention ?? {}).sort() : null,
      ipc: typeof g.ipcRenderer,
    };
  });
  expect(shape).toEqual({ node: 'undefinedundefinedundefined', keys: ['app', 'attention', 'desktop', 'server', 'settings'], attention: ['onFocus', 'update'], ipc: 'undefined' });
});

test('IPC: a bad payload is refused, a good one accepted, app.info knows the window', async () => {
  const replies = await page.evaluate(async () => {
    const z = (globalThis as unknown as { zongzhi: { attention: { update(u: unknown): Promise<unknown> }; app: { info(): Promise<unknown> }; settings: { get(): Promise<unknown> } } }).zongzhi;
    return {
      bad: await z.attention.update({ unacknowledged: 'many' }),
      good: await z.attention.update({ unacknowledged: 2, latest: { kind: 'alert', id: 1, title: '冒烟测试' } }),
      info: await z.app.info(),
      settingsFromServerPage: await z.settings.get(),
    };
  });
  expect(replies.bad).toMatchObject({ ok: false, error: { code: 'BAD_PAYLOAD' } });
  expect(replies.good).toEqual({ ok: true, value: null });
  expect(replies.info).toMatchObject({ ok: true, value: { window: { role: 'console' }, serverUrl } });
  expect(replies.settingsFromServerPage).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
});

test('listeners unsubscribe for real', async () => {
  const ok = await page.evaluate(() => {
    const z = (globalThis as unknown as { zongzhi: { attention: { onFocus(l: () => void): () => void } } }).zongzhi;
    const off = z.attention.onFocus(() => {});
    return typeof off === 'function' && (off(), off(), true);
  });
  expect(ok).toBe(true);
});

test('the server pages carry the app CSP, and navigation away is refused', async () => {
  const csp = await page.evaluate(async () => (await fetch('/')).headers.get('content-security-policy'));
  expect(csp).toContain("frame-ancestors 'none'");
  await page.evaluate(() => {
    (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(new URL(page.url()).origin).toBe(serverUrl);
});

test('the main process runs sandboxed renderers and planned the walls', async () => {
  const info = await app!.evaluate(({ app: a, BrowserWindow, screen }) => ({
    ready: a.isReady(),
    windows: BrowserWindow.getAllWindows().length,
    displays: screen.getAllDisplays().length,
  }));
  expect(info.ready).toBe(true);
  expect(info.windows).toBe(info.displays); // the console, and a wall on every other display
});
