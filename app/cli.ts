// Runs the centre server from the command line: `tsx app/cli.ts [--port N] [--host H] [--data DIR] [--demo] [--demo-cameras]`.
// An empty data directory starts with no county and one administrator (password asked for on a terminal, otherwise
// generated and printed once); `--demo` seeds the demo county 青岚县 instead (what `npm start` does).
// Prints `LISTENING <url>` once ready, which scripts and tests wait for.
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { startCentreServer } from './server.ts';
import { DEMO_PASSWORD } from './store/seed.ts';
import { ROLE_LABELS } from '../protocol/index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
    demo: { type: 'boolean', default: false }, // seed the demo county into an empty data directory
    'no-seed': { type: 'boolean', default: false }, // accepted for old scripts: not seeding is now the default
    'demo-cameras': { type: 'boolean', default: false }, // run the simulated cameras of the demo county (npm start)
    static: { type: 'string' }, // serve the console from this directory instead of dist/renderer (benchmarks pin a copy)
    'no-open': { type: 'boolean', default: false }, // accepted for symmetry with `npm start`; the server itself never opens windows
  },
});

const dataDir = resolve(values.data ?? process.env.ZZ_DATA_DIR ?? 'data');
const port = values.port ?? process.env.ZZ_PORT;
const host = values.host ?? process.env.ZZ_HOST;
const demo = values.demo && !values['no-seed'];

/** On a terminal, the operator chooses the first administrator's password; elsewhere one is generated and printed. */
async function askFirstPassword(): Promise<string | undefined> {
  if (demo || existsSync(join(dataDir, 'centre.db')) || !process.stdin.isTTY || !process.stdout.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    for (;;) {
      const a = await rl.question('首次启动：设置系统管理员 admin 的密码（至少10位；直接回车则自动生成）/ first run: admin password (10+ chars; Enter to generate): ');
      if (a === '') return undefined;
      if (a.length < 10 || a === DEMO_PASSWORD) {
        console.log('密码太短或为演示密码 / too short or the demo password');
        continue;
      }
      if ((await rl.question('再次输入 / again: ')) === a) return a;
      console.log('两次输入不一致 / they differ');
    }
  } finally {
    rl.close();
  }
}
const firstAdminPassword = await askFirstPassword();

const server = await startCentreServer({
  dataDir,
  seedDemo: demo,
  ...(firstAdminPassword !== undefined ? { firstAdminPassword } : {}),
  ...(values['demo-cameras'] ? { demoCameras: true } : {}),
  ...(values.static !== undefined ? { staticDir: resolve(values.static) } : {}),
  ...(port !== undefined ? { port: Number(port) } : {}),
  ...(host !== undefined ? { host } : {}),
}).catch((err: unknown) => {
  console.error(`无法启动中心服务 / cannot start the centre server: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

if (server.demoLogins.length) {
  console.log(`演示县已生成 / demo county seeded in ${dataDir}. 演示密码 / demo password: ${DEMO_PASSWORD}`);
  for (const l of server.demoLogins) console.log(`  ${l.username.padEnd(10)} ${ROLE_LABELS[l.role][0]} · ${l.name} · ${l.centre}`);
}
if (server.publicBaseUrl === null) {
  // A receipt printed now would carry a QR code no citizen's phone can open (127.0.0.1 is the phone itself).
  console.warn(
    `警告：config.json 未设置 publicBaseUrl，回执二维码和公开查询链接将指向 ${server.url}，群众手机无法访问 / ` +
      `warning: publicBaseUrl is not set in config.json; receipt QR codes and public links point at ${server.url}`,
  );
}
if (server.firstRun) {
  console.log(`新的数据目录 / new data directory ${dataDir}: 尚未导入区划 / no county imported yet (npm run county:import).`);
  if (server.firstRun.password) {
    // Printed this once and never stored in clear: the administrator must change it at first login.
    console.log(`系统管理员 / administrator: ${server.firstRun.username}  初始密码 / initial password: ${server.firstRun.password}  (首次登录须修改 / change at first login)`);
  } else console.log(`系统管理员 / administrator: ${server.firstRun.username} (密码已设置 / password set)`);
}
if (!server.hasConsole) console.log('控制台尚未构建 / the console is not built: run `npm run build`');
// Where cameras and encoders can push (rtmp://ingest.local/src/<name> in a camera's source URL); tests read this line.
console.log(server.media.available ? `MEDIA ${server.media.ingestBase}` : `MEDIA unavailable: ${server.media.reason}`);
console.log(server.janus.available ? 'MEET janus supervised' : `MEET unavailable: ${server.janus.reason}`);
console.log(`LISTENING ${server.url}`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: 正在关闭 / shutting down`);
  await server.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
