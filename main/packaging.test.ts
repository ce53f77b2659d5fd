// electron-builder.yml, checked without building: electron-builder's own schema validation, and the decisions we made.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId: string;
  /** electron-builder normalises the list to [{ filter: [...] }]. */
  files: { filter: string[] }[];
  asarUnpack: string[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  publish: null;
}

async function load(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
    getConfig(dir: string, file: string): Promise<BuilderConfig>;
    validateConfiguration(c: BuilderConfig, logger: { isEnabled: boolean; add(): void }): Promise<void>;
  };
  const config = await getConfig(root, resolve(root, 'electron-builder.yml'));
  await validateConfiguration(config, { isEnabled: false, add() {} }); // throws on any unknown or mistyped key
  return config;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder schema validation and targets NSIS, AppImage and deb', async () => {
    const c = await load();
    expect(c.appId).toBe('cn.gov.zongzhi.console');
    expect(c.win.target).toEqual(['nsis']);
    expect(c.linux.target).toEqual(['AppImage', 'deb']);
    expect(c.publish).toBeNull();
  });

  it('sets every fuse explicitly: run-as-node off, app only from an integrity-checked asar', async () => {
    const { electronFuses: f } = await load();
    expect(f).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('unpacks native modules, rebuilds them for Electron, and ships what the embedded server reads', async () => {
    const c = await load();
    expect(c.asarUnpack).toContain('**/*.node');
    expect(c.npmRebuild).toBe(true);
    expect(c.files.flatMap((f) => f.filter)).toEqual(expect.arrayContaining(['main/dist/**', 'dist/renderer/**', 'app/store/migrations/**', 'package.json']));
  });

  it('has its icons, and package.json points at the built main process', () => {
    const c = readFileSync(resolve(root, 'electron-builder.yml'), 'utf8');
    for (const icon of ['build/icon.ico', 'build/icons/256x256.png', 'build/icons/512x512.png', 'build/icon.png']) expect(existsSync(resolve(root, icon)), icon).toBe(true);
    expect(c).toContain('build/icon.ico');
    const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(pkg.main).toBe('main/dist/main.cjs');
    expect(pkg.scripts.dist).toContain('electron-builder');
  });
});
