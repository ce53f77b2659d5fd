// Janus (the WebRTC SFU of 视频会商 and 一键通), started and supervised by the centre server like its ffmpeg children:
// a generated config folder (config.ts), loopback-only HTTP API and admin with secrets made at each start, restarted
// with backoff when it dies, never outliving the server (proc.ts). `state` tells the meeting service whether calls can
// be placed; every restart is a new `generation`, whose rooms must be created again.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ChildRegistry, Supervised, findTools } from '../proc.ts';
import { writeJanusConfig } from './config.ts';
import { JanusClient } from './client.ts';

export interface JanusOptions {
  dataDir: string;
  /** ICE interfaces (names or address prefixes); empty = every interface Janus finds. */
  iceInterfaces: string[];
  rtpPortRange: string;
  log: (msg: string) => void;
  /** Override discovery (tests); null = meetings disabled. */
  binary?: string | null;
}

export type JanusState = 'starting' | 'up' | 'down';

export interface JanusService {
  available: true;
  state(): JanusState;
  /** Increases at each (re)start of Janus: rooms made in an older generation are gone. */
  generation(): number;
  client(): JanusClient;
  /** The VideoRoom admin key rooms are created with. */
  roomAdminKey: string;
  /** Where Janus writes recordings (.mjr). */
  recordDir: string;
  onState(listener: (s: JanusState) => void): void;
  /** The Janus process id (bench: its CPU time). */
  pid(): number | null;
  restarts(): number;
  /** Kill Janus now (tests: the supervisor restarts it). */
  kick(): void;
  close(): Promise<void>;
}

export interface JanusUnavailable {
  available: false;
  reason: string;
}

export function findJanus(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.ZZ_JANUS) return existsSync(env.ZZ_JANUS) ? env.ZZ_JANUS : null;
  const r = spawnSync('sh', ['-c', 'command -v janus'], { encoding: 'utf8' });
  const path = r.stdout.trim();
  return r.status === 0 && path ? path : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startJanus(opts: JanusOptions): Promise<JanusService | JanusUnavailable> {
  const binary = opts.binary === undefined ? findJanus() : opts.binary;
  if (!binary) return { available: false, reason: 'janus not found (install it: apt-get install janus)' };
  const dir = join(opts.dataDir, 'janus');
  const recordDir = join(dir, 'recordings');
  const registry = new ChildRegistry(join(dir, 'pids'), findTools()?.setpriv ?? null);
  const swept = registry.sweep();
  if (swept) opts.log(`killed ${swept} janus process(es) left by an earlier run`);
  const roomAdminKey = randomBytes(18).toString('base64url');
  let state: JanusState = 'starting';
  let generation = 0;
  let client = new JanusClient('http://127.0.0.1:1/janus', '');
  let closed = false;
  const listeners: ((s: JanusState) => void)[] = [];
  const setState = (s: JanusState) => {
    if (s === state) return;
    state = s;
    for (const l of listeners) l(s);
  };
  let configured: { httpPort: number; apiSecret: string } | null = null;

  const configure = async () => {
    // Fresh ports and secrets per (re)start: an old client can never talk to the new process by mistake.
    const httpPort = await freePort();
    const adminPort = await freePort();
    const apiSecret = randomBytes(18).toString('base64url');
    writeJanusConfig({
      dir: join(dir, 'conf'), httpPort, adminPort, apiSecret, adminSecret: randomBytes(18).toString('base64url'), roomAdminKey,
      iceInterfaces: opts.iceInterfaces, rtpPortRange: opts.rtpPortRange, recordDir, debugLevel: 3,
    });
    configured = { httpPort, apiSecret };
  };
  await configure();

  const connect = async (pid: number) => {
    const c = configured!;
    const next = new JanusClient(`http://127.0.0.1:${c.httpPort}/janus`, c.apiSecret);
    for (let i = 0; i < 100 && !closed; i++) {
      if (sup.current?.pid !== pid) return;
      try {
        await next.info();
        await next.connect();
        next.onLost = (err) => {
          if (client !== next || closed) return;
          opts.log(`janus session lost: ${err.message}`);
          setState('down');
          sup.kick();
        };
        client.close();
        client = next;
        generation++;
        setState('up');
        return;
      } catch {
        await sleep(100);
      }
    }
    if (!closed) {
      opts.log('janus did not answer within 10 s; restarting it');
      sup.kick();
    }
  };

  let pendingConfig: Promise<void> = Promise.resolve();
  const sup: Supervised = new Supervised({
    registry,
    spec: () => ({
      command: binary,
      args: ['-F', join(dir, 'conf'), '--disable-colors'],
      onStderrLine: (l) => {
        if (/\[ERR\]|FATAL/i.test(l)) opts.log(`janus: ${l}`);
      },
      onStdoutLine: (l) => {
        if (/\[ERR\]|FATAL/i.test(l)) opts.log(`janus: ${l}`);
      },
    }),
    backoffMinMs: 500,
    backoffMaxMs: 10_000,
    healthyAfterMs: 10_000,
    onStart: (child) => {
      void pendingConfig.then(() => connect(child.pid));
    },
    onExit: ({ code, signal, stopping }) => {
      client.close();
      if (stopping || closed) return;
      opts.log(`janus exited (${code ?? signal}); restarting`);
      setState('down');
      // The next start gets new ports and secrets; its spawn waits for them in onStart.
      pendingConfig = configure();
    },
  });

  return {
    available: true,
    state: () => state,
    generation: () => generation,
    client: () => client,
    roomAdminKey,
    recordDir,
    onState: (l) => void listeners.push(l),
    pid: () => sup.current?.pid ?? null,
    restarts: () => sup.restarts,
    kick: () => sup.kick(),
    async close() {
      closed = true;
      client.close();
      await sup.stop();
      await registry.close();
    },
  };
}
