import { describe, expect, it } from 'vitest';
import { CHROMIUM_QUIET, consoleAndWallUrls, findElectronBinary, planLaunch, urlMessage, type LaunchEnvironment } from './launch.ts';

const base: LaunchEnvironment = { electronBinary: null, electronMain: null, chromium: null, hasDisplay: true, isRoot: false, profileDir: '/tmp/p' };
const URL = 'http://127.0.0.1:8620';

describe('planLaunch', () => {
  it('prefers Electron when its binary and the built main process both exist', () => {
    const plan = planLaunch(URL, { ...base, electronBinary: '/e/electron', electronMain: '/m/main.cjs', chromium: '/usr/bin/chromium' });
    expect(plan).toEqual({ kind: 'electron', command: '/e/electron', args: ['/m/main.cjs', `--server-url=${URL}`] });
  });

  it('falls back to Chromium app windows for the console and wall 1, sharing one profile, --no-sandbox only as root', () => {
    const plan = planLaunch(URL, { ...base, electronBinary: '/e/electron', chromium: '/usr/bin/chromium' });
    if (plan.kind !== 'chromium') throw new Error(plan.kind);
    expect(plan.windows.map((w) => [w.name, w.url])).toEqual([
      ['console', `${URL}/`],
      ['wall', `${URL}/wall/1`],
    ]);
    expect(plan.windows[0]!.args).toContain(`--app=${URL}/`);
    expect(plan.windows[1]!.args).toContain(`--app=${URL}/wall/1`);
    for (const w of plan.windows) {
      expect(w.command).toBe('/usr/bin/chromium');
      expect(w.args).toContain('--user-data-dir=/tmp/p');
      expect(w.args).not.toContain('--no-sandbox');
      expect(w.args).toEqual(expect.arrayContaining([...CHROMIUM_QUIET])); // both windows stay off Google (chromiumNetwork.test.ts)
    }
    const asRoot = planLaunch(URL, { ...base, chromium: '/usr/bin/chromium', isRoot: true });
    expect(asRoot.kind === 'chromium' && asRoot.windows.every((w) => w.args.includes('--no-sandbox'))).toBe(true);
  });

  it('prints both URLs with a reason when nothing can show a window', () => {
    const none = planLaunch(URL, base);
    expect(none).toMatchObject({ kind: 'url', reason: expect.stringContaining('Chromium'), urls: { console: `${URL}/`, wall: `${URL}/wall/1` } });
    expect(planLaunch(URL, { ...base, chromium: '/usr/bin/chromium', hasDisplay: false })).toMatchObject({ kind: 'url', reason: expect.stringContaining('DISPLAY') });
    if (none.kind !== 'url') throw new Error(none.kind);
    const text = urlMessage(none);
    expect(text).toContain(`${URL}/wall/1`);
    expect(text).toContain(`${URL}/`);
  });

  it('builds the wall URL from the origin, whatever the server printed', () => {
    expect(consoleAndWallUrls('http://[::1]:9000')).toEqual({ console: 'http://[::1]:9000/', wall: 'http://[::1]:9000/wall/1' });
  });

  it('takes ELECTRON_PATH only when it exists', () => {
    expect(findElectronBinary({ ELECTRON_PATH: '/nonexistent/electron' })).toBeNull();
    expect(findElectronBinary({ ELECTRON_PATH: process.execPath })).toBe(process.execPath);
  });
});
