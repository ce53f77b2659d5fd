import type { AlertDesk } from '../workflow/alerts.ts';
import { fail, type FeatureSockets } from './hub.ts';

/** Socket events of the alert desk: raise and 签收 (delivery receipts are app/stream/receipts.ts). */
export function alertEvents(desk: AlertDesk): FeatureSockets {
  return ({ handle }, publish) => {
    handle('alert:raise', (req, now, { actor }) => {
      const result = desk.raise(actor, req, now);
      if (!result.ok) return fail(result.code);
      publish(result.out);
      return { ok: true, data: result.value };
    });

    handle('alert:ack', (req, now, { actor }) => {
      const result = desk.acknowledge(actor, req.alertId, now);
      if (!result.ok) return fail(result.code);
      publish(result.out);
      return { ok: true, data: result.value };
    });
  };
}
