import { AckAlert, RaiseAlert, Received } from '../../protocol/index.ts';
import type { AlertDesk } from '../workflow/alerts.ts';
import { fail, type Feature } from './hub.ts';

/** Receipts arriving within this window share one durable transaction (a burst from every township's consoles). */
const RECEIPT_BATCH_MS = 10;

/** Socket events of the alert desk: raise, delivery receipts, 签收. */
export function alertEvents(desk: AlertDesk, clock: () => number, log: (msg: string, err?: unknown) => void): Feature {
  const receipts = new Map<number, number>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  return (handle, publish) => {
    const flush = () => {
      timer = null;
      const batch = new Map(receipts);
      receipts.clear();
      try {
        publish(desk.receive(batch, clock()));
      } catch (err) {
        log('delivery receipts failed', err); // a console re-sends its receipt after every sync
      }
    };

    handle('received', Received, (req, _now, { user }) => {
      receipts.set(user.centreId, Math.max(receipts.get(user.centreId) ?? 0, req.upTo));
      timer ??= setTimeout(flush, RECEIPT_BATCH_MS);
      return { ok: true, data: null };
    });

    handle('alert:raise', RaiseAlert, (req, now, { actor }) => {
      const result = desk.raise(actor, req, now);
      if (!result.ok) return fail(result.code);
      publish(result.out);
      return { ok: true, data: result.value };
    });

    handle('alert:ack', AckAlert, (req, now, { actor }) => {
      const result = desk.acknowledge(actor, req.alertId, now);
      if (!result.ok) return fail(result.code);
      publish(result.out);
      return { ok: true, data: result.value };
    });
  };
}
