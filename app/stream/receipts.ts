import { DELIVERY_CONFIRMERS } from '../../protocol/index.ts';
import type { Db } from '../store/db.ts';
import type { Addressed, Outbox } from '../store/outbox.ts';
import type { FeatureSockets } from '../realtime/hub.ts';

/**
 * Receipts arriving within this window share one durable transaction (a burst from every console). Long enough that the
 * commit (a synchronous fsync) lands after a 300-console fan-out has gone out rather than in the middle of it:
 * bench:alerts p99 ratio 1.10–1.23 at 10 ms, 0.99–1.02 at 50 ms. The county sees "delivered" 50 ms later.
 */
const RECEIPT_BATCH_MS = 50;

/** What a feature does with a batch of fresh receipts: unit → highest seq applied there (above what it had). */
export type ReceiptHandler = (receipts: ReadonlyMap<number, number>, now: number) => Addressed[];

/**
 * Delivery receipts (`received {upTo}`), one per console per envelope burst. Only an operator console of the unit
 * confirms delivery (a grid member's phone cannot mark a village's order delivered), and never beyond the stream head.
 * The highest receipt per unit is kept in the store (streams.received_seq), so receipts another server already applied
 * cost nothing here, and the features only ever see receipts that move something.
 */
export function receiptEvents(db: Db, outbox: Outbox, handlers: readonly ReceiptHandler[], clock: () => number, log: (msg: string, err?: unknown) => void): FeatureSockets {
  const receipts = new Map<number, number>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const apply = db.transaction((batch: ReadonlyMap<number, number>, now: number): Addressed[] => {
    const fresh = new Map<number, number>();
    for (const [centreId, upTo] of batch) {
      const { headSeq, receivedSeq } = outbox.position(centreId);
      const capped = Math.min(upTo, headSeq);
      if (capped <= receivedSeq) continue;
      fresh.set(centreId, capped);
      outbox.markReceived(centreId, capped);
    }
    if (!fresh.size) return [];
    return handlers.flatMap((receive) => receive(fresh, now));
  });

  return ({ notice }, publish) => {
    const flush = () => {
      timer = null;
      const batch = new Map(receipts);
      receipts.clear();
      try {
        publish(apply(batch, clock()));
      } catch (err) {
        log('delivery receipts failed', err); // a console re-sends its receipt after every sync
      }
    };

    notice('received', (req, _now, { user }) => {
      if (!DELIVERY_CONFIRMERS.includes(user.role)) return;
      receipts.set(user.centreId, Math.max(receipts.get(user.centreId) ?? 0, req.upTo));
      timer ??= setTimeout(flush, RECEIPT_BATCH_MS);
    });
  };
}
