import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSettingsStore } from './settings.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'zz-settings-'));

describe('settings store', () => {
  it('starts with defaults: embedded server on 8620, walls not chosen yet', () => {
    const s = createSettingsStore(dir());
    expect(s.loadSettings()).toEqual({
      value: { server: { mode: 'embedded', port: 8620, seedDemo: true }, walls: { mode: 'fullscreen', assignments: null }, consoleDisplay: null },
      problem: null,
    });
  });

  it('saves and loads back what was chosen (survives a restart)', () => {
    const d = dir();
    const saved = createSettingsStore(d).saveSettings({
      server: { mode: 'remote', url: 'http://10.1.0.5:8620' },
      walls: { mode: 'kiosk', assignments: [{ wall: 2, display: { id: 7, label: 'LG TV', bounds: { x: 1920, y: 0, width: 1920, height: 1080 } } }] },
    });
    const again = createSettingsStore(d).loadSettings();
    expect(again).toEqual({ value: saved, problem: null });
    expect(again.value.walls.assignments?.[0]?.wall).toBe(2);
    expect(readdirSync(d)).toEqual(['settings.json']); // no temp file left behind
  });

  it('refuses to save an invalid value and leaves the file as it was', () => {
    const d = dir();
    const s = createSettingsStore(d);
    s.saveSettings({});
    const before = readFileSync(s.settingsFile, 'utf8');
    expect(() => s.saveSettings({ server: { mode: 'remote', url: 'javascript:alert(1)' } })).toThrow();
    expect(readFileSync(s.settingsFile, 'utf8')).toBe(before);
  });

  it('a damaged file does not stop the app: defaults, the problem, and the file kept aside', () => {
    const d = dir();
    const s = createSettingsStore(d, () => 1234);
    writeFileSync(s.settingsFile, '{"server": {"mode": "remote", "url": "http://x/", ');
    const r = s.loadSettings();
    expect(r.value.server.mode).toBe('embedded');
    expect(r.problem).toContain('settings.json');
    expect(readdirSync(d)).toEqual(['settings.json.damaged-1234']);
    writeFileSync(s.settingsFile, JSON.stringify({ walls: { mode: 'sideways' } }));
    expect(s.loadSettings().problem).toContain('walls.mode');
  });

  it('keeps the console window state separately', () => {
    const s = createSettingsStore(dir());
    expect(s.loadWindowState().value).toEqual({ bounds: null, maximized: false });
    s.saveWindowState({ bounds: { x: 1, y: 2, width: 1300, height: 900 }, maximized: true });
    expect(s.loadWindowState().value).toEqual({ bounds: { x: 1, y: 2, width: 1300, height: 900 }, maximized: true });
  });
});
