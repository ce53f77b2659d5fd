// `npm start`: runs the centre server with the demo county and opens the console. Ctrl-C stops both.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { findChromium, findElectronBinary, planLaunch } from '../main/launch.ts';

const dataDir = resolve(process.env.ZZ_DATA_DIR ?? 'data');
const server = spawn(process.execPath, ['--import', 'tsx', 'app/cli.ts', '--data', dataDir, ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'inherit'] });
let viewer: ChildProcess | null = null;

server.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  const url = chunk.toString().match(/LISTENING (\S+)/)?.[1];
  if (url) open(url);
});
server.on('exit', (code) => {
  viewer?.kill();
  process.exit(code ?? 0);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));

function open(url: string) {
  const electronMain = resolve('main/dist/main.js');
  const plan = planLaunch(url, {
    electronBinary: findElectronBinary(),
    electronMain: existsSync(electronMain) ? electronMain : null,
    chromium: findChromium(),
    hasDisplay: process.platform !== 'linux' || !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY),
    isRoot: process.getuid?.() === 0,
    profileDir: resolve(dataDir, 'chromium-profile'),
  });
  if (plan.kind === 'url') {
    console.log(`\n控制台地址 / console: ${url}\n（${plan.reason}；请在浏览器中打开 / open it in a browser）`);
    return;
  }
  console.log(`\n正在打开控制台 / opening the console (${plan.kind}): ${url}`);
  viewer = spawn(plan.command, plan.args, { stdio: 'ignore' });
  viewer.on('error', (err) => console.log(`无法打开窗口 / could not open a window (${err.message}); console: ${url}`));
}
