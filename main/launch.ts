// How `npm start` shows the console: in Electron when its binary and the built main process exist, otherwise in a
// Chromium app window, otherwise by printing the URL. Plain functions so they are tested without Electron.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

export type Launch =
  | { kind: 'electron'; command: string; args: string[] }
  | { kind: 'chromium'; command: string; args: string[] }
  | { kind: 'url'; reason: string };

export interface LaunchEnvironment {
  electronBinary: string | null;
  electronMain: string | null;
  chromium: string | null;
  hasDisplay: boolean;
  isRoot: boolean;
  profileDir: string;
}

export function planLaunch(url: string, env: LaunchEnvironment): Launch {
  if (!env.hasDisplay) return { kind: 'url', reason: '没有图形显示 (DISPLAY 未设置) / no graphical display (DISPLAY is not set)' };
  if (env.electronBinary && env.electronMain) return { kind: 'electron', command: env.electronBinary, args: [env.electronMain, `--server-url=${url}`] };
  if (env.chromium) {
    const args = [`--app=${url}`, `--user-data-dir=${env.profileDir}`, '--no-first-run', '--no-default-browser-check', '--disable-background-networking'];
    if (env.isRoot) args.push('--no-sandbox'); // Chromium refuses to run as root with its sandbox
    return { kind: 'chromium', command: env.chromium, args };
  }
  return { kind: 'url', reason: '未找到 Electron 或 Chromium / neither Electron nor Chromium was found (apt-get install chromium)' };
}

/** The Electron binary if the package's download step ran (it cannot on an isolated network). */
export function findElectronBinary(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve('electron/package.json');
    const dir = dirname(pkg);
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((c): c is string => !!c && existsSync(c)) ?? null;
}
