import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judge, loadConfig, scan, type Config, type Finding } from './electronegativity.ts';

const finding = (id: string, file: string, sample = ''): Finding => ({ id, file, sample, line: 1, description: '', severity: 'HIGH', confidence: 'FIRM' });
const reason = 'reviewed: this is why it is acceptable here';

describe('judge', () => {
  const config: Config = { excludeChecks: [], justified: [{ id: 'SANDBOX_JS_CHECK', file: 'main/electron/main.ts', sample: 'new BrowserWindow(', reason }] };

  it('passes when every finding is justified', () => {
    expect(judge([finding('SANDBOX_JS_CHECK', 'main/electron/main.ts', 'const w = new BrowserWindow({')], config)).toMatchObject({ ok: true, justified: 1 });
  });

  it('fails on a finding in another file, with another id, or another sample', () => {
    for (const f of [finding('SANDBOX_JS_CHECK', 'main/other.ts', 'new BrowserWindow('), finding('NODE_INTEGRATION_JS_CHECK', 'main/electron/main.ts', 'new BrowserWindow('), finding('SANDBOX_JS_CHECK', 'main/electron/main.ts', 'new BrowserView(')]) {
      const v = judge([finding('SANDBOX_JS_CHECK', 'main/electron/main.ts', 'new BrowserWindow('), f], config);
      expect(v.ok).toBe(false);
      expect(v.unjustified).toEqual([f]);
    }
  });

  it('fails on a justification that matches nothing (stale)', () => {
    expect(judge([], config)).toMatchObject({ ok: false, stale: config.justified });
  });

  it('refuses a justification without a reason', () => {
    expect(() => judge([], { excludeChecks: [], justified: [{ id: 'X', file: 'y', reason: 'ok' }] })).toThrow(/reason/);
  });
});

describe('scan (electronegativity itself)', () => {
  it('finds an insecure window in code it has not seen, and the house config does not excuse it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'zz-en-fixture-'));
    mkdirSync(join(root, 'main'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'x', devDependencies: { electron: '^41.0.0' } }));
    writeFileSync(
      join(root, 'main', 'bad.ts'),
      "import { BrowserWindow, shell } from 'electron';\nconst w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\nw.webContents.on('new-window', (e, url) => shell.openExternal(url));\n",
    );
    const config = loadConfig(resolve(import.meta.dirname, '../main/electronegativity.json'));
    const { findings, parseErrors } = await scan(root, config, ['main']);
    expect(parseErrors).toEqual([]);
    const ids = new Set(findings.map((f) => f.id));
    // (and the global checks: no navigation limit, no permission handler, no CSP — all of which main/ has)
    for (const id of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'OPEN_EXTERNAL_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK', 'CSP_GLOBAL_CHECK']) expect(ids, id).toContain(id);
    const verdict = judge(findings, { ...config, justified: [] });
    expect(verdict.ok).toBe(false);
    expect(verdict.unjustified.some((f) => f.id === 'CONTEXT_ISOLATION_JS_CHECK' && f.file === 'main/bad.ts')).toBe(true);
    // the house justifications are for main/electron/main.ts: they do not excuse the same finding elsewhere
    expect(judge(findings, config).unjustified.some((f) => f.id === 'SANDBOX_JS_CHECK' && f.file === 'main/bad.ts')).toBe(true);
  });
});
