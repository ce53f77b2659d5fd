// `npm start`: runs the centre server with the demo county and opens the console and one wall screen (Electron, else
// Chromium app windows, else printed URLs). Ctrl-C stops everything.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ELECTRON_MAIN, findChromium, findElectronBinary, planLaunch, urlMessage, type ViewerWindow } from '../main/launch.ts';

const dataDir = resolve(process.env.ZZ_DATA_DIR ?? 'data');
const server = spawn(process.execPath, ['--import', 'tsx', 'app/cli.ts', '--data', dataDir, '--demo', '--demo-cameras', ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'inherit'] });
const viewers: ChildProcess[] = [];
let opened = false;

server.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  const url = chunk.toString().match(/LISTENING (\S+)/)?.[1];
  if (url && !opened) {
    opened = true;
    open(url);
  }
});
server.on('exit', (code) => {
  for (const v of viewers) v.kill();
  process.exit(code ?? 0);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));

function open(url: string) {
  const electronMain = resolve(ELECTRON_MAIN);
  const plan = planLaunch(url, {
    electronBinary: findElectronBinary(),
    electronMain: existsSync(electronMain) ? electronMain : null,
    chromium: findChromium(),
    hasDisplay: process.platform !== 'linux' || !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY),
    isRoot: process.getuid?.() === 0,
    profileDir: resolve(dataDir, 'chromium-profile'),
  });
  if (plan.kind === 'url') {
    console.log(urlMessage(plan));
    return;
  }
  if (plan.kind === 'electron') {
    console.log(`\n正在打开桌面版 / opening the desktop app (Electron): ${url}`);
    spawnViewer(plan.command, plan.args, url);
    return;
  }
  const [first, ...rest] = plan.windows;
  if (!first) return;
  console.log(`\n正在打开控制台和大屏 / opening the console and wall ${rest.map((w) => w.url).join(', ')} (Chromium): ${first.url}`);
  spawnViewer(first.command, first.args, first.url);
  // The next windows go to the same Chromium (same profile) once it is up; the extra processes hand over and exit.
  rest.forEach((w: ViewerWindow, i) => setTimeout(() => spawnViewer(w.command, w.args, w.url), 1500 * (i + 1)));
}

function spawnViewer(command: string, args: string[], url: string) {
  const viewer = spawn(command, args, { stdio: 'ignore' });
  viewers.push(viewer);
  viewer.on('error', (err) => console.log(`无法打开窗口 / could not open a window (${err.message}); 请在浏览器中打开 / open in a browser: ${url}`));
}
