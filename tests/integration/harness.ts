// Test harness: a real centre server on port 0 with a real SQLite file, and console clients that speak the
// delivery protocol exactly as the renderer does (sync with lastSeq, apply each seq once, send receipts).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { ApiError, ClientToServerEvents, Envelope, LoginResponse, Reply, ServerToClientEvents, SyncReply, Alert, StreamSnapshot, LiveState, WallSync } from '../../protocol/index.ts';
import { startCentreServer, type StartOptions } from '../../app/server.ts';
import { DEMO_PASSWORD } from '../../app/store/seed.ts';
import { NO_JANUS, noJanusUnlessAsked } from '../noJanus.ts';

export function tempDir(prefix = 'zz-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The real server as its own process (`app/cli.ts`), for crash tests that SIGKILL it (without Janus: tests/noJanus.ts). */
export function startServerProcess(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  noJanusUnlessAsked(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/cli.ts', '--port', '0', '--data', dataDir, '--demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(/LISTENING (\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] as string });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

/** A centre server in this process; without Janus unless `options.meet` asks for it (tests/noJanus.ts). */
export async function startTestServer(options: Partial<StartOptions> = {}) {
  const tmp = options.dataDir ? null : tempDir();
  const server = await startCentreServer({ dataDir: tmp?.dir ?? (options.dataDir as string), port: 0, host: '127.0.0.1', staticDir: null, log: () => {}, seedDemo: true, ...NO_JANUS, ...options });
  return {
    ...server,
    dataDir: tmp?.dir ?? (options.dataDir as string),
    async stop() {
      await server.close();
      tmp?.remove();
    },
  };
}

export async function login(url: string, username: string, password = DEMO_PASSWORD): Promise<LoginResponse> {
  const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return (await res.json()) as LoginResponse;
}

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** Every event that takes a payload and answers with a Reply (sync, alert:*, wartime:*, order:*, …). */
type RequestEvent = {
  [E in keyof ClientToServerEvents]: Parameters<ClientToServerEvents[E]> extends [unknown, (r: never) => void] ? E : never;
}[keyof ClientToServerEvents];
type ReplyOf<E extends RequestEvent> = Parameters<ClientToServerEvents[E]>[1] extends (r: infer R) => void ? R : never;

/** A console as the renderer runs it: keeps lastSeq, applies every envelope once, records what it showed. */
export class TestConsole {
  socket!: ClientSocket;
  lastSeq: number | null = null;
  epoch: string | null = null;
  applied: Envelope[] = [];
  snapshot: StreamSnapshot | null = null;
  live: LiveState | null = null;
  /** Envelopes the server sent with a seq already applied: the client drops them, but we count them. */
  redelivered = 0;
  private waiters: (() => void)[] = [];

  constructor(private url: string, readonly token: string) {}

  async connect(url = this.url): Promise<SyncReply> {
    this.url = url;
    this.socket = io(url, { auth: { token: this.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    this.socket.on('stream', (env) => {
      if (this.lastSeq !== null && env.seq <= this.lastSeq) {
        this.redelivered++;
        return;
      }
      this.applied.push(env);
      this.lastSeq = env.seq;
      this.socket.emit('received', { upTo: env.seq });
      for (const w of this.waiters.splice(0)) w();
    });
    await new Promise<void>((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', (err) => reject(err));
    });
    const reply = await this.request('sync', { lastSeq: this.lastSeq, epoch: this.epoch });
    if (!reply.ok) throw new Error(reply.error.code);
    if (reply.data.snapshot) {
      this.snapshot = reply.data.snapshot;
      this.lastSeq = reply.data.headSeq;
    }
    this.live = reply.data.live;
    this.epoch = reply.data.epoch;
    return reply.data;
  }

  /** Asks for every feature's starting state, as a console does on a page load (its cursor stays where it is). */
  async startingState(): Promise<{ snapshot: StreamSnapshot; live: LiveState }> {
    const reply = await this.request('sync', { lastSeq: this.lastSeq, epoch: this.epoch, snapshot: true });
    if (!reply.ok) throw new Error(reply.error.code);
    if (!reply.data.snapshot) throw new Error('no snapshot in the reply');
    return { snapshot: reply.data.snapshot, live: reply.data.live };
  }

  request<E extends RequestEvent>(event: E, payload: Parameters<ClientToServerEvents[E]>[0]): Promise<ReplyOf<E>> {
    return new Promise((resolve) => (this.socket.emit as (e: string, p: unknown, cb: (r: unknown) => void) => void)(event, payload, resolve as (r: unknown) => void));
  }

  /** The video wall's current state, as every sync carries it (latest wins). */
  async wallSync(): Promise<WallSync> {
    const reply = await this.request('sync', { lastSeq: this.lastSeq, epoch: this.epoch });
    if (!reply.ok) throw new Error(reply.error.code);
    if (!reply.data.live.wall) throw new Error('no wall for this console');
    return reply.data.live.wall;
  }

  /** Sends anything, as a broken or hostile client would. */
  raw(event: string, payload: unknown): Promise<Reply<unknown>> {
    return new Promise((resolve) => (this.socket.emit as (e: string, p: unknown, cb: (r: Reply<unknown>) => void) => void)(event, payload, resolve));
  }

  async waitFor(pred: (applied: Envelope[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred(this.applied)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; applied: ${JSON.stringify(this.applied.map((e) => [e.seq, e.event.kind]))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  newAlerts(): Alert[] {
    return this.applied.flatMap((e) => (e.event.kind === 'alert.new' ? [e.event.alert] : []));
  }

  /** The applied events of one kind, in order (e.g. 'order.new', 'wartime.state'). */
  events<K extends Envelope['event']['kind']>(kind: K): Extract<Envelope['event'], { kind: K }>[] {
    return this.applied.flatMap((e) => (e.event.kind === kind ? [e.event as Extract<Envelope['event'], { kind: K }>] : []));
  }

  close(): void {
    this.socket?.disconnect();
  }
}

export async function openConsole(url: string, username: string): Promise<TestConsole> {
  const { token } = await login(url, username);
  const c = new TestConsole(url, token);
  await c.connect();
  return c;
}

export function expectError<T>(reply: Reply<T>): ApiError {
  if (reply.ok) throw new Error(`expected an error, got ${JSON.stringify(reply.data)}`);
  return reply.error;
}

export function expectOk<T>(reply: Reply<T>): T {
  if (!reply.ok) throw new Error(`expected ok, got ${JSON.stringify(reply.error)}`);
  return reply.data;
}

/** A JSON HTTP client for one logged-in user. */
export function api(url: string, token: string) {
  const call = async <T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${token}`, ...headers } };
    if (body !== undefined) {
      if (Buffer.isBuffer(body)) init.body = body;
      else {
        init.body = JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] = 'application/json';
      }
    }
    const res = await fetch(`${url}${path}`, init);
    const text = await res.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON (CSV, HTML, SVG): the text is the body
    }
    return { status: res.status, body: json as T, headers: res.headers };
  };
  return {
    get: <T = unknown>(path: string) => call<T>('GET', path),
    post: <T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, body, headers),
    put: <T = unknown>(path: string, body?: unknown) => call<T>('PUT', path, body),
  };
}
