// Fixtures for e2e: a real centre server on a fresh temp data dir per test, and login helpers.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import { noJanusUnlessAsked } from '../noJanus.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DEMO_PASSWORD = 'Demo@2026';

/** Call at the top of a spec: skips (saying why) when there is no Chromium to drive. */
export function skipWithoutChromium(): void {
  const missing = !existsSync(CHROMIUM_PATH);
  if (missing) {
    console.log(`[e2e] skipped: no Chromium at ${CHROMIUM_PATH} (install Debian's chromium or set CHROMIUM_PATH)`);
  }
  base.skip(missing, `no Chromium at ${CHROMIUM_PATH}`);
}

export interface CentreServer {
  url: string;
  dataDir: string;
  output(): string;
}

async function startServer(demo: boolean, config?: object): Promise<{ server: CentreServer; proc: ChildProcess }> {
  if (!existsSync(join(REPO_ROOT, 'dist/renderer/index.html'))) {
    throw new Error('dist/renderer is missing: run `npx vite build` before the e2e tests');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'zz-e2e-'));
  // a spec may set <dataDir>/config.json (short deadlines, a fast timer) with test.use({ serverConfig }); meetings
  // (Janus) only for a spec whose serverConfig has `meet` (tests/meet/)
  if (config) writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config));
  noJanusUnlessAsked(dataDir);
  const tsxCli = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
  // Its own process group, so stopping it also stops the node child tsx starts.
  const proc = spawn(process.execPath, [tsxCli, 'app/cli.ts', '--port', '0', '--data', dataDir, ...(demo ? ['--demo'] : []), '--no-open'], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test' },
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not print LISTENING within 30 s:\n${out}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /LISTENING (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before LISTENING:\n${out}`));
    });
  });
  return { server: { url: url.replace(/\/$/, ''), dataDir, output: () => out }, proc };
}

async function stopServer(proc: ChildProcess, dataDir: string): Promise<void> {
  const pid = proc.pid;
  if (pid !== undefined && proc.exitCode === null && proc.signalCode === null) {
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000));
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await exited;
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
}

export const test = base.extend<{ demo: boolean; server: CentreServer; serverConfig: object | undefined; cspViolations: string[] }>({
  /** Seed the demo county (default); `test.use({ demo: false })` starts a fresh install: one administrator, no county. */
  demo: [true, { option: true }],
  serverConfig: [undefined, { option: true }],
  server: async ({ demo, serverConfig }, use) => {
    const { server, proc } = await startServer(demo, serverConfig);
    try {
      await use(server);
    } finally {
      await stopServer(proc, server.dataDir);
    }
  },
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
  // The server's Content-Security-Policy header must let the console, the wall, the map and video work: any page of the
  // test's context that reports a CSP refusal fails the test.
  cspViolations: [
    async ({ context }, use) => {
      const seen: string[] = [];
      context.on('console', (msg) => {
        if (/Content Security Policy/i.test(msg.text())) seen.push(msg.text());
      });
      await use(seen);
      expect(seen, 'CSP refusals in the console').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Log in through the UI and wait until the console is connected and caught up. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('conn-state')).toHaveAttribute('data-state', 'connected');
}
