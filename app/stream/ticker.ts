import { randomBytes } from 'node:crypto';
import type { Leases } from '../store/leases.ts';

export interface TickerDeps {
  leases: Leases;
  clock: () => number;
  log: (msg: string, err?: unknown) => void;
  everyMs: number;
  /** Run every tick by the lease holder (due timers: they are rows with due times, so nothing is lost between ticks). */
  jobs: Record<string, (now: number) => void>;
  /** Run at most once an hour by the lease holder (pruning). */
  hourly: Record<string, (now: number) => void>;
}

const HOUR = 3600_000;

/**
 * The server's clock work. Each named job runs on one server only: the one that holds its lease row. A lease lapses
 * three ticks (at least 3 s) after its holder stopped renewing it, so another server — or the same one restarted after a
 * crash — takes over then. The holder renews when a third is left; the lease rows are written without an fsync (see
 * app/store/leases.ts), since a lease lost in a power cut only lapses.
 */
const LEASE_MIN_MS = 3000;

export function createTicker(deps: TickerDeps) {
  const holder = randomBytes(8).toString('hex');
  const ttl = Math.max(3 * deps.everyMs, LEASE_MIN_MS);
  const lastHourly = new Map<string, number>();
  /** Until when this server holds each lease (as far as it knows). */
  const held = new Map<string, number>();

  const hold = (name: string, now: number): boolean => {
    const until = held.get(name);
    if (until !== undefined && until - now > ttl / 3) return true;
    if (!deps.leases.take(name, holder, now, now + ttl)) {
      held.delete(name);
      return false;
    }
    held.set(name, now + ttl);
    return true;
  };

  const run = (name: string, job: (now: number) => void, now: number) => {
    try {
      if (!hold(name, now)) return false;
      job(now);
      return true;
    } catch (err) {
      deps.log(`${name} failed`, err);
      return false;
    }
  };

  const tick = () => {
    const now = deps.clock();
    for (const [name, job] of Object.entries(deps.jobs)) run(name, job, now);
    for (const [name, job] of Object.entries(deps.hourly)) {
      if (now - (lastHourly.get(name) ?? -Infinity) < HOUR) continue;
      if (run(name, job, now)) lastHourly.set(name, now);
    }
  };
  tick();
  const timer = setInterval(tick, deps.everyMs);

  return {
    holder,
    /** Runs one tick now (tests, and after a clock jump). */
    tick,
    stop() {
      clearInterval(timer);
      try {
        for (const name of [...Object.keys(deps.jobs), ...Object.keys(deps.hourly)]) deps.leases.release(name, holder);
      } catch {
        // the database may already be closing; the lease lapses by itself
      }
    },
  };
}
