// Group commit for incident intake: reports that arrive together are committed in one durable transaction
// (one fsync) instead of one each, and every sender is answered only after that commit.
import type { SessionUser } from '../../protocol/index.ts';
import type { Db } from '../store/db.ts';
import type { Addressed } from '../store/outbox.ts';
import type { IncidentDesk, ReportInput } from './incidents.ts';

type Outcome = ReturnType<IncidentDesk['report']>;

/** How long the first report of a batch waits for company: 2 ms of latency buys one fsync for many reports. */
const BATCH_WINDOW_MS = 2;
interface Pending { user: SessionUser; input: ReportInput; resolve: (r: Outcome) => void; reject: (e: unknown) => void }

export function createIntake(db: Db, desk: IncidentDesk, publish: (out: Addressed[]) => void, clock: () => number, maxBatch = 500) {
  const queue: Pending[] = [];
  let scheduled = false;

  // Each report is a savepoint inside the batch: one report's failure cannot undo the others.
  const commitBatch = db.transaction((batch: Pending[], now: number) =>
    batch.map((p) => {
      try {
        return { ok: true as const, outcome: desk.report(p.user, p.input, now) };
      } catch (err) {
        return { ok: false as const, err };
      }
    }),
  );

  function flush() {
    scheduled = false;
    const batch = queue.splice(0, maxBatch);
    if (queue.length) schedule();
    let results: ReturnType<typeof commitBatch>;
    try {
      results = commitBatch(batch, clock());
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    results.forEach((r, i) => {
      const p = batch[i] as Pending;
      if (!r.ok) return p.reject(r.err);
      if (r.outcome.ok) publish(r.outcome.out);
      p.resolve(r.outcome);
    });
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setTimeout(flush, BATCH_WINDOW_MS);
  }

  return {
    submit(user: SessionUser, input: ReportInput): Promise<Outcome> {
      return new Promise((resolve, reject) => {
        queue.push({ user, input, resolve, reject });
        schedule();
      });
    },
  };
}
export type Intake = ReturnType<typeof createIntake>;
