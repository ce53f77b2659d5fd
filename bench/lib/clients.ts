// The client fleet process: holds N console connections per fleet, records when each alert.new is shown, and answers
// the benchmark driver over IPC (see fleet.ts). Nothing here writes to stdout.
import type { CatchUp, FleetName, FleetStats, FromFleet, ToFleet } from './fleet.ts';
import { DurableConsole } from './console.ts';
import { sleep, wallNow } from './util.ts';

interface FleetState {
  consoles: DurableConsole[];
  /** alertId → receive times, one per client that showed it. */
  receipts: Map<number, number[]>;
}

const fleets = new Map<FleetName, FleetState>();

const send = (m: FromFleet): void => {
  process.send?.(m);
};

function fleetOf(name: FleetName): FleetState {
  let f = fleets.get(name);
  if (!f) {
    f = { consoles: [], receipts: new Map() };
    fleets.set(name, f);
  }
  return f;
}

async function open(name: FleetName, url: string, tokens: string[], count: number, batch: number, receipts: boolean): Promise<void> {
  const f = fleetOf(name);
  const started = wallNow();
  let ok = 0;
  let failed = 0;
  let firstError: string | undefined;
  const fresh: DurableConsole[] = [];
  for (let i = 0; i < count; i++) {
    const c = new DurableConsole(tokens[i % tokens.length] as string);
    c.sendReceipts = receipts;
    c.onAlertNew = (alert, at) => {
      let times = f.receipts.get(alert.id);
      if (!times) f.receipts.set(alert.id, (times = []));
      times.push(at);
      if (times.length === f.consoles.length) send({ type: 'complete', fleet: name, alertId: alert.id });
    };
    fresh.push(c);
  }
  for (let i = 0; i < fresh.length; i += batch) {
    await Promise.all(
      fresh.slice(i, i + batch).map((c) =>
        c.connect(url).then(
          () => void ok++,
          (err: unknown) => {
            failed++;
            firstError ??= err instanceof Error ? err.message : String(err);
            c.close();
          },
        ),
      ),
    );
  }
  f.consoles.push(...fresh.filter((c) => c.connected));
  send({ type: 'opened', fleet: name, ok, failed, ms: wallNow() - started, ...(firstError ? { firstError } : {}) });
}

function stats(name: FleetName): FleetStats {
  const f = fleetOf(name);
  const sum = (k: 'duplicates' | 'redelivered' | 'gaps') => f.consoles.reduce((s, c) => s + c[k], 0);
  return {
    clients: f.consoles.length,
    receipts: Object.fromEntries(f.receipts),
    duplicates: sum('duplicates'),
    redelivered: sum('redelivered'),
    gaps: sum('gaps'),
  };
}

/**
 * Reconnects every console of the fleet to url at once (each syncs from its own lastSeq) and measures until each has
 * shown every expected alert. A console whose connection fails retries, as a real one would, until the deadline.
 */
async function reconnect(name: FleetName, url: string, expectIds: number[], deadlineMs: number): Promise<CatchUp> {
  const f = fleetOf(name);
  const n = f.consoles.length;
  const missing = f.consoles.map((c) => new Set(expectIds.filter((id) => !c.shown.has(id))));
  const perClientMs: number[] = [];
  let connectRetries = 0;
  let replayed = 0;
  let stopped = false;
  let finish!: () => void;
  const allDone = new Promise<void>((resolve) => (finish = resolve));
  let remaining = missing.filter((m) => m.size > 0).length;
  const start = wallNow();
  if (remaining === 0) finish();

  f.consoles.forEach((c, i) => {
    const want = missing[i] as Set<number>;
    const previous = c.onAlertNew;
    c.onAlertNew = (alert, at) => {
      previous?.(alert, at);
      if (want.delete(alert.id) && want.size === 0) {
        // Applied now (replayed envelopes wait for the sync reply), which may be later than `at`, when it arrived.
        perClientMs.push(wallNow() - start);
        if (--remaining === 0) finish();
      }
    };
  });

  const connectOne = async (c: DurableConsole): Promise<void> => {
    while (!stopped) {
      try {
        const reply = await c.connect(url);
        replayed += reply.replayed; // not `replayed += await …`: that would read replayed before the await
        return;
      } catch {
        connectRetries++;
        await sleep(100 + Math.random() * 400);
      }
    }
  };
  // All at once: every connection attempt starts in this tick.
  const connecting = f.consoles.map((c) => connectOne(c));
  const timer = setTimeout(finish, deadlineMs);
  await allDone;
  const end = wallNow();
  clearTimeout(timer);
  stopped = true;
  // When all caught up, the last connect() calls are only returning (their counters are not added yet): wait for them.
  if (remaining === 0) await Promise.allSettled(connecting);
  const lost = missing.reduce((s, m) => s + m.size, 0);
  const s = stats(name);
  return {
    clients: n,
    allMs: lost === 0 ? Math.max(0, ...perClientMs) : null,
    perClientMs,
    lost,
    duplicates: s.duplicates,
    redelivered: s.redelivered,
    gaps: s.gaps,
    connectRetries,
    replayed,
    ...(lost > 0 ? { waitedMs: end - start } : {}),
  };
}

async function handle(m: ToFleet): Promise<void> {
  switch (m.type) {
    case 'open':
      return open(m.fleet, m.url, m.tokens, m.count, m.batch, m.receipts);
    case 'cut':
      for (const c of fleetOf(m.fleet).consoles) c.close();
      return send({ type: 'cut', fleet: m.fleet });
    case 'reconnect':
      return send({ type: 'caughtUp', fleet: m.fleet, result: await reconnect(m.fleet, m.url, m.expectIds, m.deadlineMs) });
    case 'report':
      return send({ type: 'report', fleet: m.fleet, stats: stats(m.fleet) });
    case 'exit':
      for (const f of fleets.values()) for (const c of f.consoles) c.close();
      // Let the close frames go out, then leave.
      setTimeout(() => process.exit(0), 200);
      return;
  }
}

process.on('message', (m) => {
  handle(m as ToFleet).catch((err: unknown) => send({ type: 'error', message: err instanceof Error ? err.stack ?? err.message : String(err) }));
});
// The driver went away: do not linger.
process.on('disconnect', () => process.exit(0));
