// The client fleet runs in its own process (bench/lib/clients.ts) so that the clients' work is not on the server's
// event loop. This file is the typed IPC contract and the parent-side handle.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { log, withTimeout } from './util.ts';

export type FleetName = 'durable' | 'raw';

export interface FleetStats {
  clients: number;
  /** alertId → receive times (wall ms) of its first alert.new at each client. */
  receipts: Record<string, number[]>;
  duplicates: number;
  redelivered: number;
  gaps: number;
}

export interface CatchUp {
  clients: number;
  /** From the start of reconnecting until the last client had applied every expected alert; null if not all did by the deadline. */
  allMs: number | null;
  /** Per client, time until it had applied every expected alert (clients that never did are absent). */
  perClientMs: number[];
  /** Expected alert.new envelopes not applied by the deadline, summed over clients. */
  lost: number;
  duplicates: number;
  redelivered: number;
  gaps: number;
  connectRetries: number;
  /** Envelopes replayed per sync reply, summed. */
  replayed: number;
  /** How long the fleet waited when some clients never caught up. */
  waitedMs?: number;
}

export type ToFleet =
  | { type: 'open'; fleet: FleetName; url: string; tokens: string[]; count: number; batch: number; receipts: boolean }
  | { type: 'cut'; fleet: FleetName }
  | { type: 'reconnect'; fleet: FleetName; url: string; expectIds: number[]; deadlineMs: number }
  | { type: 'report'; fleet: FleetName }
  | { type: 'exit' };

export type FromFleet =
  | { type: 'opened'; fleet: FleetName; ok: number; failed: number; ms: number; firstError?: string }
  | { type: 'cut'; fleet: FleetName }
  | { type: 'complete'; fleet: FleetName; alertId: number }
  | { type: 'report'; fleet: FleetName; stats: FleetStats }
  | { type: 'caughtUp'; fleet: FleetName; result: CatchUp }
  | { type: 'error'; message: string };

const CLIENTS_ENTRY = fileURLToPath(new URL('./clients.ts', import.meta.url));

/** Parent-side handle on the fleet process. */
export class Fleet {
  private readonly child: ChildProcess;
  private readonly completed = new Set<string>();
  private waiters: { match: (m: FromFleet) => boolean; resolve: (m: FromFleet) => void }[] = [];
  private exited = false;

  constructor() {
    // One plain node process with tsx as its loader (no npx/tsx wrapper process in between).
    // The child's stdout goes to our stderr: our stdout carries only the result line.
    this.child = fork(CLIENTS_ENTRY, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 2, 2, 'ipc'] });
    this.child.on('message', (raw) => {
      const m = raw as FromFleet;
      if (m.type === 'error') log('fleet error:', m.message);
      if (m.type === 'complete') this.completed.add(`${m.fleet}:${m.alertId}`);
      this.waiters = this.waiters.filter((w) => (w.match(m) ? (w.resolve(m), false) : true));
    });
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      if (code !== 0) log(`fleet process exited with ${code ?? signal}`);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  send(m: ToFleet): void {
    this.child.send(m);
  }

  next<T extends FromFleet['type']>(type: T, fleet: FleetName | null, timeoutMs: number): Promise<Extract<FromFleet, { type: T }>> {
    const p = new Promise<FromFleet>((resolve) => {
      this.waiters.push({ match: (m) => m.type === type && (fleet === null || ('fleet' in m && m.fleet === fleet)), resolve });
    });
    return withTimeout(p, timeoutMs, `fleet ${type}`) as Promise<Extract<FromFleet, { type: T }>>;
  }

  /** Opens count consoles (tokens round-robin), each connected and synced. receipts=false is a diagnostic: no `received`. */
  async open(fleet: FleetName, url: string, tokens: string[], count: number, { batch = 50, receipts = true, timeoutMs = 60_000 } = {}) {
    const reply = this.next('opened', fleet, timeoutMs);
    this.send({ type: 'open', fleet, url, tokens, count, batch, receipts });
    return reply;
  }

  /** Resolves true once every client of the fleet has shown the alert, false after timeoutMs. */
  waitComplete(fleet: FleetName, alertId: number, timeoutMs: number): Promise<boolean> {
    const key = `${fleet}:${alertId}`;
    if (this.completed.has(key)) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const waiter = { match: (m: FromFleet) => m.type === 'complete' && this.completed.has(key), resolve: () => (clearTimeout(timer), resolve(true)) };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  async report(fleet: FleetName, timeoutMs = 30_000): Promise<FleetStats> {
    const reply = this.next('report', fleet, timeoutMs);
    this.send({ type: 'report', fleet });
    return (await reply).stats;
  }

  /** Asks the fleet to close its sockets and exit; kills it if it does not within timeoutMs. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      this.send({ type: 'exit' });
    } catch {
      /* channel already closed */
    }
    await withTimeout(exited, timeoutMs, 'fleet exit').catch(() => {
      log('fleet did not exit; killing it');
      this.kill();
    });
  }

  kill(): void {
    if (!this.exited && this.child.pid !== undefined) this.child.kill('SIGKILL');
  }
}
