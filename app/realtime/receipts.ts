import { Received } from '../../protocol/index.ts';
import type { Addressed } from '../store/outbox.ts';
import type { Feature } from './hub.ts';

/**
 * Receipts arriving within this window share one durable transaction per desk (a burst from every console). Long enough
 * that the commit (a synchronous fsync) lands after a 300-console fan-out has gone out rather than in the middle of it:
 * bench:alerts p99 ratio 1.10–1.23 at 10 ms, 0.99–1.02 at 50 ms. The county sees "delivered" 50 ms later.
 */
const RECEIPT_BATCH_MS = 50;

/** What a desk does with a batch of receipts: centre → highest seq applied there. */
export type ReceiptHandler = (receipts: ReadonlyMap<number, number>, now: number) => Addressed[];

/**
 * Delivery receipts (`received {upTo}`): one per console per envelope burst, for every desk whose deliveries the stream
 * carries (alerts, orders). Collected for a few milliseconds, then handed to each desk as one batch.
 */
export function receiptEvents(handlers: readonly ReceiptHandler[], clock: () => number, log: (msg: string, err?: unknown) => void): Feature {
  const receipts = new Map<number, number>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  return (handle, publish) => {
    const flush = () => {
      timer = null;
      const batch = new Map(receipts);
      receipts.clear();
      const now = clock();
      for (const receive of handlers) {
        try {
          publish(receive(batch, now));
        } catch (err) {
          log('delivery receipts failed', err); // a console re-sends its receipt after every sync
        }
      }
    };

    handle('received', Received, (req, _now, { user }) => {
      receipts.set(user.centreId, Math.max(receipts.get(user.centreId) ?? 0, req.upTo));
      timer ??= setTimeout(flush, RECEIPT_BATCH_MS);
      return { ok: true, data: null };
    });
  };
}
