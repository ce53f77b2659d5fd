// Which centre server the app talks to, how the embedded one is started, and what a window shows while the server is
// away. Pure functions: the Electron glue (main/electron/) does the I/O.
import type { DesktopSettings } from '../protocol/ipc.ts';
import { STATIC_PAGE_CSP } from './csp.ts';
import { parseServerUrl } from './navigation.ts';

export type ServerChoice =
  | { kind: 'remote'; origin: string; source: 'command line' | 'environment' | 'settings' }
  | { kind: 'embedded'; origin: string; port: number; seedDemo: boolean };

export interface ResolvedServer {
  choice: ServerChoice;
  /** Set when the command line or environment named a server: the settings page shows it cannot change it. */
  overridden: boolean;
  warnings: string[];
}

/** `--server-url=URL` or `--server-url URL` in argv. */
export function serverUrlArg(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--server-url=')) return a.slice('--server-url='.length);
    if (a === '--server-url' && i + 1 < argv.length) return argv[i + 1]!;
  }
  return null;
}

/** The command line wins (that is how `npm start` hands over its server), then ZZ_SERVER_URL, then the settings. */
export function resolveServer(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, settings: Pick<DesktopSettings, 'server'>): ResolvedServer {
  const warnings: string[] = [];
  const candidates: [string | null | undefined, 'command line' | 'environment'][] = [
    [serverUrlArg(argv), 'command line'],
    [env.ZZ_SERVER_URL, 'environment'],
  ];
  for (const [value, source] of candidates) {
    if (!value) continue;
    const parsed = parseServerUrl(value);
    if (parsed.ok) return { choice: { kind: 'remote', origin: parsed.origin, source }, overridden: true, warnings };
    warnings.push(`${source === 'command line' ? '--server-url' : 'ZZ_SERVER_URL'} ignored (${parsed.reason})`);
  }
  const s = settings.server;
  if (s.mode === 'remote') {
    const parsed = parseServerUrl(s.url);
    if (parsed.ok) return { choice: { kind: 'remote', origin: parsed.origin, source: 'settings' }, overridden: false, warnings };
    warnings.push(`settings: server url ignored (${parsed.reason})`);
    return { choice: embedded(8620, false), overridden: false, warnings };
  }
  return { choice: embedded(s.port, s.seedDemo), overridden: false, warnings };
}

function embedded(port: number, seedDemo: boolean): ServerChoice {
  // A fixed port, not 0: the console keeps its login and delivery position in storage keyed by origin.
  return { kind: 'embedded', origin: `http://127.0.0.1:${port}`, port, seedDemo };
}

/** Arguments for the built server entry (main/dist/server.mjs = app/cli.ts bundled) in the utility process. */
export function embeddedServerArgs(choice: Extract<ServerChoice, { kind: 'embedded' }>, dataDir: string): string[] {
  return ['--host', '127.0.0.1', '--port', String(choice.port), '--data', dataDir, ...(choice.seedDemo ? ['--demo'] : [])];
}

/** The server prints `LISTENING <url>` once it accepts connections. */
export function listeningUrl(output: string): string | null {
  return output.match(/^LISTENING (\S+)\s*$/m)?.[1] ?? null;
}

/** 1 s, 2 s, 4 s, 8 s, then every 10 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(10_000, 1000 * 2 ** Math.max(0, Math.min(attempt, 10)));
}

/** Chromium's ERR_ABORTED: a navigation replaced by another one, not a failure. */
export function isLoadFailure(errorCode: number): boolean {
  return errorCode !== -3 && errorCode < 0;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What a console or wall window shows while the server cannot be reached: no script; main reloads it. */
export function offlinePage(o: { server: string; attempt: number; retryInMs: number; reason: string; role: 'console' | 'wall' }): string {
  const big = o.role === 'wall';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(STATIC_PAGE_CSP)}">
<title>正在重新连接 · Reconnecting</title>
<style>
html,body{margin:0;height:100%;background:#0b1220;color:#cfd8e3;font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif}
main{height:100%;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:${big ? 24 : 12}px;text-align:center}
h1{margin:0;font-size:${big ? 56 : 28}px;color:#f5c451}
p{margin:0;font-size:${big ? 28 : 16}px}
code{color:#8fb3ff}
</style></head>
<body><main>
<h1>正在重新连接中心服务…</h1>
<p>Reconnecting to the centre server <code>${esc(o.server)}</code></p>
<p>第 ${o.attempt} 次尝试，${Math.round(o.retryInMs / 1000)} 秒后重试 · attempt ${o.attempt}, next in ${Math.round(o.retryInMs / 1000)} s</p>
<p><small>${esc(o.reason)}</small></p>
</main></body></html>`;
}

export function dataUrl(html: string): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
