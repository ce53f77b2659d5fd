import type { AlertDesk } from '../workflow/alerts.ts';
import { fail, type FeatureSockets } from './hub.ts';

/** Socket events of the alert desk: raise, 签收 and 反馈 (delivery receipts are app/stream/receipts.ts). */
export function alertEvents(desk: AlertDesk): FeatureSockets {
  return ({ handle }, publish) => {
    handle('alert:raise', (req, now, { actor }) => {
      const result = desk.raise(actor, req, now);
      if (!result.ok) return fail(result.code);
      publish(result.out);
      return { ok: true, data: result.value };
    });

    handle('alert:sign', (req, now, { actor }) => {
      const result = desk.sign(actor, req.alertId, now);
      if (!result.ok) return fail(result.code);
      publish(result.out);
      return { ok: true, data: result.value };
    });

    handle('alert:answer', (req, now, { actor }) => {
      const result = desk.answer(actor, req.alertId, req.text, now);
      if (!result.ok) return fail(result.code);
      publish(result.out);
      return { ok: true, data: result.value };
    });
  };
}
