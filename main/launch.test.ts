import { describe, expect, it } from 'vitest';
import { planLaunch, type LaunchEnvironment } from './launch.ts';

const base: LaunchEnvironment = { electronBinary: null, electronMain: null, chromium: null, hasDisplay: true, isRoot: false, profileDir: '/tmp/p' };
const URL = 'http://127.0.0.1:8620';

describe('planLaunch', () => {
  it('prefers Electron when its binary and the built main process both exist', () => {
    const plan = planLaunch(URL, { ...base, electronBinary: '/e/electron', electronMain: '/m/main.js', chromium: '/usr/bin/chromium' });
    expect(plan).toEqual({ kind: 'electron', command: '/e/electron', args: ['/m/main.js', `--server-url=${URL}`] });
  });

  it('falls back to a Chromium app window, with --no-sandbox only as root', () => {
    const plan = planLaunch(URL, { ...base, electronBinary: '/e/electron', chromium: '/usr/bin/chromium' });
    expect(plan.kind).toBe('chromium');
    expect(plan.kind === 'chromium' && plan.args).toContain(`--app=${URL}`);
    expect(plan.kind === 'chromium' && plan.args).not.toContain('--no-sandbox');
    const asRoot = planLaunch(URL, { ...base, chromium: '/usr/bin/chromium', isRoot: true });
    expect(asRoot.kind === 'chromium' && asRoot.args).toContain('--no-sandbox');
  });

  it('prints the URL with a reason when nothing can show a window', () => {
    expect(planLaunch(URL, base)).toMatchObject({ kind: 'url', reason: expect.stringContaining('Chromium') });
    expect(planLaunch(URL, { ...base, chromium: '/usr/bin/chromium', hasDisplay: false })).toMatchObject({ kind: 'url', reason: expect.stringContaining('DISPLAY') });
  });
});
