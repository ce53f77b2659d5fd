// The settings window's page (main/settings-page/, built into main/dist/settings/) in Chromium, with a stand-in for
// the preload bridge: it shows the displays and the server choice, and saves exactly what protocol/ipc.ts accepts.
import { readFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { DesktopSettings, type SettingsView } from '../../protocol/ipc.ts';

const DIR = resolve(import.meta.dirname, '../../main/dist/settings');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const why = !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}` : !existsSync(join(DIR, 'page.js')) ? 'main/dist/settings missing: run npm run build:main' : null;
if (why) console.log(`[settings page] skipped: ${why}`);
test.skip(why !== null, why ?? '');

const rect = (x: number) => ({ x, y: 0, width: 1920, height: 1080 });
const displays = [
  { id: 1, label: 'Dell U2720Q', bounds: rect(0), workArea: { ...rect(0), height: 1040 }, scaleFactor: 1, primary: true },
  { id: 2, label: 'LG TV', bounds: rect(1920), workArea: rect(1920), scaleFactor: 1, primary: false },
  { id: 3, label: 'LG TV 2', bounds: rect(3840), workArea: rect(3840), scaleFactor: 1, primary: false },
];
const view: SettingsView = {
  settings: DesktopSettings.parse({}),
  displays,
  consoleDisplayId: 1,
  walls: [
    { wall: 1, displayId: 2, bounds: rect(1920), url: 'http://127.0.0.1:8620/wall/1' },
    { wall: 2, displayId: 3, bounds: rect(3840), url: 'http://127.0.0.1:8620/wall/2' },
  ],
  missingWalls: [],
  serverUrl: 'http://127.0.0.1:8620',
  serverOverridden: false,
};

let server: Server;
let base = '';
let browser: Browser;

test.beforeAll(async () => {
  const types: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript', css: 'text/css' };
  server = createServer((req, res) => {
    const file = (req.url ?? '/').split('?')[0] === '/' ? 'index.html' : (req.url ?? '').slice(1);
    if (!['index.html', 'page.js', 'page.css'].includes(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[file.split('.').pop()!]! }).end(readFileSync(join(DIR, file)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
});

test.afterAll(async () => {
  await browser?.close();
  server?.close();
});

async function open(v: SettingsView): Promise<Page> {
  const page = await browser.newPage();
  await page.addInitScript((initial) => {
    const g = globalThis as unknown as Record<string, unknown>;
    const saved: unknown[] = [];
    g.__saved = saved;
    g.zongzhi = {
      desktop: true,
      settings: {
        get: async () => ({ ok: true, value: initial }),
        save: async (s: unknown) => (saved.push(s), { ok: true, value: initial }),
        onChanged: () => () => {},
      },
    };
  }, v);
  await page.goto(`${base}/index.html`);
  await expect(page.locator('#displays tr')).toHaveCount(v.displays.length);
  return page;
}

test('shows the displays with their current use, and saves what the schema accepts', async () => {
  const page = await open(view);
  const selects = page.locator('#displays select');
  await expect(selects.nth(0)).toHaveValue('console');
  await expect(selects.nth(1)).toHaveValue('wall:1');
  await expect(selects.nth(2)).toHaveValue('wall:2');
  await selects.nth(2).selectOption('none');
  await page.locator('input[name=mode][value=remote]').check();
  await page.locator('#url').fill('http://10.1.0.5:8620');
  await page.locator('#wallMode').selectOption('kiosk');
  await page.getByRole('button').click();
  await expect(page.locator('#status')).toContainText('已保存');
  const saved = await page.evaluate(() => (globalThis as unknown as { __saved: unknown[] }).__saved);
  expect(saved).toHaveLength(1);
  const parsed = DesktopSettings.parse(saved[0]);
  expect(parsed.server).toEqual({ mode: 'remote', url: 'http://10.1.0.5:8620' });
  expect(parsed.walls).toEqual({ mode: 'kiosk', assignments: [{ wall: 1, display: { id: 2, label: 'LG TV', bounds: rect(1920) } }] });
  expect(parsed.consoleDisplay).toEqual({ id: 1, label: 'Dell U2720Q', bounds: rect(0) });
});

test('refuses two console displays before asking main', async () => {
  const page = await open(view);
  await page.locator('#displays select').nth(1).selectOption('console');
  await page.getByRole('button').click();
  await expect(page.locator('#status')).toHaveClass('error');
  expect(await page.evaluate(() => (globalThis as unknown as { __saved: unknown[] }).__saved)).toEqual([]);
});

test('keeps remembered walls whose display is unplugged, and says so', async () => {
  const remembered = { wall: 3, display: { id: 9, label: 'Old TV', bounds: rect(5760) } };
  const v = { ...view, settings: { ...view.settings, walls: { mode: 'fullscreen' as const, assignments: [remembered] } }, walls: [], missingWalls: [3] };
  const page = await open(v);
  await expect(page.locator('#missing')).toContainText('3');
  await page.getByRole('button').click();
  const saved = await page.evaluate(() => (globalThis as unknown as { __saved: unknown[] }).__saved);
  expect(DesktopSettings.parse(saved[0]).walls.assignments).toEqual([remembered]);
});
