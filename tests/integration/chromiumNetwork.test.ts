// `npm start`'s Chromium fallback on a closed network: Chromium started with exactly the production arguments against a
// loopback centre server must make no request, DNS lookup or connection to any host but 127.0.0.1 (its own net log).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHROMIUM_NOWHERE, findChromium, planLaunch } from '../../main/launch.ts';
import { DEFAULT_STATIC_DIR } from '../../app/server.ts';
import { startTestServer, tempDir } from './harness.ts';

const chromium = findChromium();
if (!chromium) console.log('[chromium network] skipped: no Chromium (apt-get install chromium)');
const RUN_MS = 10_000;

interface NetEvent { type: number; source: { id: number; type: number }; params?: Record<string, unknown> }

/** Chromium writes the log's closing bracket at exit; a log cut at its last event is still read. */
function readNetLog(file: string): { events: NetEvent[]; eventName: (t: number) => string; sourceName: (t: number) => string } {
  let text = readFileSync(file, 'utf8');
  let log: { constants: { logEventTypes: Record<string, number>; logSourceType: Record<string, number> }; events: NetEvent[] };
  try {
    log = JSON.parse(text) as typeof log;
  } catch {
    text = `${text.slice(0, text.trimEnd().lastIndexOf('\n')).trimEnd().replace(/,$/, '')}]}`;
    log = JSON.parse(text) as typeof log;
  }
  const names = new Map(Object.entries(log.constants.logEventTypes).map(([k, v]) => [v, k]));
  const sources = new Map(Object.entries(log.constants.logSourceType).map(([k, v]) => [v, k]));
  return { events: log.events, eventName: (t) => names.get(t) ?? String(t), sourceName: (t) => sources.get(t) ?? String(t) };
}

/** Every host an event names as a destination: request URLs, DNS lookups, connection targets (not header text). */
function hostsOf(params: Record<string, unknown> | undefined): string[] {
  if (!params) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (key === 'request_headers' || key === 'headers' || typeof value !== 'string') continue;
    for (const m of value.matchAll(/\b(?:https?|wss?):\/\/(\[[^\]]+\]|[^/:;\s"']+)/g)) out.push(m[1] as string);
    if (key === 'host') out.push(value.replace(/^[a-z]+:\/\//, '').replace(/:\d+$/, ''));
    if (key === 'address' || key === 'remote_address') out.push(value.replace(/:\d+$/, ''));
  }
  return out;
}

describe.skipIf(!chromium)('Chromium as npm start launches it', () => {
  const cleanup: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it(`makes no request to any host but 127.0.0.1 in ${RUN_MS / 1000} s on a fresh profile`, async () => {
    const tmp = tempDir('zz-chromium-net-');
    cleanup.push(tmp.remove);
    // The built console (its login form is what autofill would report), else a page with a login form.
    let site = DEFAULT_STATIC_DIR;
    if (!existsSync(join(site, 'index.html'))) {
      site = join(tmp.dir, 'site');
      mkdirSync(site);
      writeFileSync(join(site, 'index.html'), '<!doctype html><form><input name="username"><input type="password" name="password"><button>登录</button></form>');
    }
    const server = await startTestServer({ staticDir: site, video: { enabled: false } });
    cleanup.push(() => server.stop());

    const plan = planLaunch(server.url, { electronBinary: null, electronMain: null, chromium, hasDisplay: true, isRoot: process.getuid?.() === 0, profileDir: join(tmp.dir, 'profile') });
    if (plan.kind !== 'chromium') throw new Error(`expected the Chromium plan, got ${plan.kind}`);
    const netLog = join(tmp.dir, 'net-log.json');
    // Exactly the production arguments; headless only where there is no display to open a window on.
    const args = [...plan.windows[0]!.args, ...(process.env.DISPLAY ? [] : ['--headless=new']), `--log-net-log=${netLog}`];
    const child = spawn(plan.windows[0]!.command, args, { stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    cleanup.push(() => void child.kill('SIGKILL'));
    await new Promise((r) => setTimeout(r, RUN_MS));
    child.kill('SIGTERM');
    await exited;

    const { events, eventName, sourceName } = readNetLog(netLog);
    const serverPort = new URL(server.url).port;
    const pageLoaded = events.some((e) => eventName(e.type) === 'URL_REQUEST_START_JOB' && String(e.params?.url ?? '').startsWith(`${server.url}/`));
    expect(pageLoaded, 'the net log records the console being loaded').toBe(true);

    // Chromium's IPv6 reachability check connect()s a UDP socket to a public address to learn its route: a UDP connect
    // sends nothing. Such sockets are left out, as long as not one byte was sent on them.
    const udp = new Set(events.filter((e) => sourceName(e.source.type).startsWith('UDP_')).map((e) => e.source.id));
    const udpSent = new Set(events.filter((e) => udp.has(e.source.id) && /BYTES_SENT/.test(eventName(e.type))).map((e) => e.source.id));
    const routeProbe = (e: NetEvent) => udp.has(e.source.id) && !udpSent.has(e.source.id);
    const outside = new Map<string, string>();
    for (const e of events) {
      if (routeProbe(e)) continue;
      for (const host of hostsOf(e.params)) if (host !== '127.0.0.1') outside.set(host, `${eventName(e.type)} (${sourceName(e.source.type)})`);
    }
    console.log(`chromium network: ${events.length} net-log events in ${RUN_MS / 1000} s, hosts other than 127.0.0.1: ${outside.size}`);
    expect(Object.fromEntries(outside)).toEqual({});

    // What is sent "nowhere" never opens a socket: Chromium refuses the port itself (ERR_UNSAFE_PORT, -312).
    const nowherePort = new URL(CHROMIUM_NOWHERE).port;
    const connects = events.filter((e) => /CONNECT/.test(eventName(e.type)) && String(e.params?.address ?? '').endsWith(`:${nowherePort}`));
    expect(connects).toEqual([]);
    const loopbackPorts = new Set(events.flatMap((e) => [...String(e.params?.url ?? '').matchAll(/^https?:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => m[1])));
    expect([...loopbackPorts].filter((p) => p !== serverPort && p !== nowherePort)).toEqual([]);
  }, RUN_MS + 40_000);
});
