// Child processes (ffmpeg) that never outlive the centre server.
//
// Three layers, because any one alone has a hole:
// 1. Each child runs under `setpriv --pdeathsig KILL` (util-linux): the kernel kills it the moment the server process
//    dies, even by SIGKILL. (A child forked in the instant before its parent dies can miss this: layer 3.)
// 2. Each child leads its own process group (spawn `detached`), so stopping it stops anything it started; a normal exit
//    and `process.on('exit')` kill every live group.
// 3. Every child's pid and command line are written to a pid file; the next start sweeps the files and kills any that
//    still run the same command line (the cmdline check guards against pid reuse).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface Tools {
  ffmpeg: string;
  ffprobe: string;
  /** util-linux setpriv with --pdeathsig, or null (then layers 2 and 3 only). */
  setpriv: string | null;
}

/** Finds ffmpeg (and setpriv); null when ffmpeg is missing, which disables video. */
export function findTools(env: NodeJS.ProcessEnv = process.env): Tools | null {
  const which = (name: string): string | null => {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    const path = r.stdout.trim();
    return r.status === 0 && path ? path : null;
  };
  const ffmpeg = env.ZZ_FFMPEG ?? which('ffmpeg');
  if (!ffmpeg || !existsSync(ffmpeg)) return null;
  const ffprobe = env.ZZ_FFPROBE ?? which('ffprobe') ?? ffmpeg.replace(/ffmpeg$/, 'ffprobe');
  let setpriv = which('setpriv');
  if (setpriv && !/--pdeathsig/.test(spawnSync(setpriv, ['--help'], { encoding: 'utf8' }).stdout ?? '')) setpriv = null;
  return { ffmpeg, ffprobe, setpriv };
}

export interface ChildHandle {
  pid: number;
  proc: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM the group, SIGKILL after graceMs. */
  stop(graceMs?: number): Promise<void>;
  /** The last stderr lines (for classifying failures). */
  stderrTail(): string[];
}

export interface SpawnSpec {
  command: string;
  args: string[];
  onStdoutLine?: (line: string) => void;
  /** Raw stdout (e.g. a JPEG); takes precedence over onStdoutLine. */
  onStdoutData?: (chunk: Buffer) => void;
  onStderrLine?: (line: string) => void;
  /** stdin as a pipe (to feed frames); default ignored. */
  stdin?: boolean;
}

/** Spawns and tracks children; see the file comment. One per media service. */
export class ChildRegistry {
  private live = new Map<number, ChildHandle>();
  private readonly onExit = () => this.killAllNow();

  constructor(
    private readonly pidDir: string,
    private readonly setpriv: string | null,
  ) {
    mkdirSync(pidDir, { recursive: true });
    process.on('exit', this.onExit);
  }

  /** Kills children left behind by an earlier run of this data dir (layer 3). Returns how many were killed. */
  sweep(): number {
    let killed = 0;
    for (const file of readdirSync(this.pidDir)) {
      if (!file.endsWith('.pid')) continue;
      const path = join(this.pidDir, file);
      try {
        const { pid, cmdline } = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; cmdline: string };
        if (readCmdline(pid) === cmdline) {
          killGroup(pid, 'SIGKILL');
          killed++;
        }
      } catch {
        /* unreadable or already gone */
      }
      rmSync(path, { force: true });
    }
    return killed;
  }

  spawn(spec: SpawnSpec): ChildHandle {
    const [command, args] = this.setpriv ? [this.setpriv, ['--pdeathsig', 'KILL', '--', spec.command, ...spec.args]] : [spec.command, spec.args];
    const proc = spawn(command, args, { detached: true, stdio: [spec.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const pid = proc.pid;
    if (pid === undefined) {
      // spawn failed synchronously (ENOENT is reported by the 'error' event); give a handle that has exited.
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
        proc.once('error', () => resolve({ code: -1, signal: null }));
      });
      return { pid: -1, proc, exited, stop: async () => {}, stderrTail: () => ['spawn failed'] };
    }
    const pidFile = join(this.pidDir, `${pid}.pid`);
    // After exec the command line is the tool's own (setpriv execs it), which is what the sweep compares against.
    writeFileSync(pidFile, JSON.stringify({ pid, cmdline: [spec.command, ...spec.args].join('\0') }));
    const tail: string[] = [];
    createInterface({ input: proc.stderr! }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      spec.onStderrLine?.(line);
    });
    if (spec.onStdoutData) proc.stdout!.on('data', spec.onStdoutData);
    else if (spec.onStdoutLine) createInterface({ input: proc.stdout! }).on('line', spec.onStdoutLine);
    else proc.stdout?.resume();
    proc.on('error', () => {});
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      proc.once('exit', (code, signal) => {
        this.live.delete(pid);
        rmSync(pidFile, { force: true });
        // The group may still hold grandchildren (ffmpeg starts none, but be sure).
        killGroup(pid, 'SIGKILL');
        resolve({ code, signal });
      });
    });
    const handle: ChildHandle = {
      pid,
      proc,
      exited,
      stderrTail: () => tail.slice(),
      async stop(graceMs = 2000) {
        if (proc.exitCode !== null || proc.signalCode !== null) return;
        killGroup(pid, 'SIGTERM');
        const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      },
    };
    this.live.set(pid, handle);
    return handle;
  }

  count(): number {
    return this.live.size;
  }

  /** SIGKILLs every live child synchronously (process exit path). */
  killAllNow(): void {
    for (const pid of this.live.keys()) killGroup(pid, 'SIGKILL');
  }

  async close(): Promise<void> {
    await Promise.all([...this.live.values()].map((h) => h.stop(1500)));
    process.off('exit', this.onExit);
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* gone */
    }
  }
}

function readCmdline(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0$/, '');
  } catch {
    return null;
  }
}

export interface SuperviseOptions {
  registry: ChildRegistry;
  /** Built at each (re)start. */
  spec: () => SpawnSpec;
  backoffMinMs: number;
  backoffMaxMs: number;
  /** A run longer than this resets the backoff. */
  healthyAfterMs?: number;
  onStart?: (child: ChildHandle) => void;
  onExit?: (info: { code: number | null; signal: NodeJS.Signals | null; stderr: string[]; ranMs: number; stopping: boolean }) => void;
  clock?: () => number;
}

/** Keeps one child running: restarts it with exponential backoff until stop(). */
export class Supervised {
  private child: ChildHandle | null = null;
  private stopped = false;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly clock: () => number;
  restarts = 0;

  constructor(private readonly opts: SuperviseOptions) {
    this.clock = opts.clock ?? Date.now;
    this.launch();
  }

  get current(): ChildHandle | null {
    return this.child;
  }

  private launch(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const started = this.clock();
    const child = this.opts.registry.spawn(this.opts.spec());
    this.child = child;
    this.opts.onStart?.(child);
    void child.exited.then(({ code, signal }) => {
      if (this.child === child) this.child = null;
      const ranMs = this.clock() - started;
      this.opts.onExit?.({ code, signal, stderr: child.stderrTail(), ranMs, stopping: this.stopped });
      if (this.stopped) return;
      if (ranMs >= (this.opts.healthyAfterMs ?? 10_000)) this.failures = 0;
      const delay = Math.min(this.opts.backoffMaxMs, this.opts.backoffMinMs * 2 ** this.failures);
      this.failures++;
      this.restarts++;
      this.timer = setTimeout(() => this.launch(), delay);
    });
  }

  /** Kill the current child now (e.g. it stalled); the supervisor restarts it after the backoff. */
  kick(): void {
    if (this.child) void this.child.stop(500);
  }

  /** Restart right away, skipping any pending backoff (e.g. someone is waiting). */
  hurry(): void {
    if (this.stopped || this.child || !this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.launch();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.child?.stop();
  }
}
