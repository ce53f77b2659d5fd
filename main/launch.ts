// How `npm start` shows the console: in Electron when its binary and the built main process exist (Electron then opens
// the console and the wall windows itself); otherwise the console and one wall screen in Chromium app windows;
// otherwise by printing both URLs. Plain functions so they are tested without Electron.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

export interface ViewerWindow {
  name: 'console' | 'wall';
  url: string;
  command: string;
  args: string[];
}

export type Launch =
  | { kind: 'electron'; command: string; args: string[] }
  | { kind: 'chromium'; windows: ViewerWindow[] }
  | { kind: 'url'; reason: string; urls: { console: string; wall: string } };

export interface LaunchEnvironment {
  electronBinary: string | null;
  electronMain: string | null;
  chromium: string | null;
  hasDisplay: boolean;
  isRoot: boolean;
  profileDir: string;
}

/** The wall screen `npm start` opens next to the console (the wall UI is served by the centre server as the SPA). */
export const DEMO_WALL = 1;

export function consoleAndWallUrls(serverUrl: string): { console: string; wall: string } {
  const origin = new URL(serverUrl).origin;
  return { console: `${origin}/`, wall: `${origin}/wall/${DEMO_WALL}` };
}

/**
 * A loopback port Chromium refuses to connect to at all (9, discard, is on its list of unsafe ports: ERR_UNSAFE_PORT).
 * Google endpoints that no switch turns off are pointed here, so those requests end inside Chromium, before any socket.
 */
export const CHROMIUM_NOWHERE = 'http://127.0.0.1:9/';

/**
 * The console runs on a closed network: Chromium must not call Google (a Debian Chromium with these flags missing made
 * 37 requests in its first minutes: accounts, autofill, component and dictionary updates, network time). Each flag
 * stops one source; tests/integration/chromiumNetwork.test.ts runs Chromium with exactly these and reads its net log.
 */
export const CHROMIUM_QUIET: readonly string[] = [
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions', // Debian's wrapper loads /usr/share/chromium/extensions, which update themselves
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-breakpad',
  '--no-pings',
  '--metrics-recording-only', // metrics are kept locally, never uploaded
  '--disable-field-trial-config',
  '--lang=zh-CN', // also: no Hunspell dictionary exists for Chinese, so none is downloaded
  '--disable-features=AutofillServerCommunication,NetworkTimeServiceQuerying,OptimizationHints,OptimizationHintsFetching,OptimizationGuideModelDownloading,OptimizationTargetPrediction,Translate,MediaRouter,DialMediaRouteProvider,CertificateTransparencyComponentUpdater',
  // No switch stops the account-cookie check (ListAccounts) or on-demand component installs: send them nowhere.
  `--gaia-url=${CHROMIUM_NOWHERE}`,
  `--google-apis-url=${CHROMIUM_NOWHERE}`,
  `--component-updater=url-source=${CHROMIUM_NOWHERE}`,
];

export function planLaunch(url: string, env: LaunchEnvironment): Launch {
  const urls = consoleAndWallUrls(url);
  if (!env.hasDisplay) return { kind: 'url', urls, reason: '没有图形显示 (DISPLAY 未设置) / no graphical display (DISPLAY is not set)' };
  if (env.electronBinary && env.electronMain) return { kind: 'electron', command: env.electronBinary, args: [env.electronMain, `--server-url=${new URL(url).origin}`] };
  if (env.chromium) {
    // One profile for both windows: they share the login. The second invocation hands its window to the first
    // Chromium process (its process singleton) and exits.
    const common = [`--user-data-dir=${env.profileDir}`, ...CHROMIUM_QUIET, '--autoplay-policy=no-user-gesture-required'];
    if (env.isRoot) common.push('--no-sandbox'); // Chromium refuses to run as root with its sandbox
    const window = (name: ViewerWindow['name'], target: string, extra: string[]): ViewerWindow => ({ name, url: target, command: env.chromium!, args: [`--app=${target}`, ...common, ...extra] });
    return { kind: 'chromium', windows: [window('console', urls.console, ['--window-size=1440,900']), window('wall', urls.wall, ['--window-size=1280,720'])] };
  }
  return { kind: 'url', urls, reason: '未找到 Electron 或 Chromium / neither Electron nor Chromium was found (apt-get install chromium)' };
}

/** What `npm start` prints when it cannot open windows. */
export function urlMessage(plan: Extract<Launch, { kind: 'url' }>): string {
  return [
    '',
    `控制台 / console:  ${plan.urls.console}`,
    `大屏 / wall ${DEMO_WALL}:  ${plan.urls.wall}`,
    `（${plan.reason}；请在浏览器中打开 / open them in a browser）`,
  ].join('\n');
}

/**
 * The Electron binary: ELECTRON_PATH if set and present, else the one the `electron` package's download step puts in
 * node_modules (that step cannot run on an isolated network).
 */
export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.ELECTRON_PATH) return existsSync(env.ELECTRON_PATH) ? env.ELECTRON_PATH : null;
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

/** The built main process (`npm run build:main`). */
export const ELECTRON_MAIN = 'main/dist/main.cjs';
