import type { AlarmDesk } from '../workflow/alarms.ts';
import { fail, type FeatureSockets } from './hub.ts';

/** Socket events of the alarms: acknowledge a takeover (for the whole unit), switch this console's mute (logged). */
export function alarmEvents(desk: AlarmDesk): FeatureSockets {
  return ({ handle }, publish) => {
    handle('alarm:ack', (req, now, { actor }) => {
      const result = desk.ack(actor, req.kind, req.itemId, now);
      if (!result.ok) return fail(result.code);
      publish(result.out);
      return { ok: true, data: result.value };
    });
    handle('alarm:mute', (req, now, { actor }) => {
      const denied = desk.mute(actor, req.muted, now);
      return denied ? fail(denied) : { ok: true, data: null };
    });
  };
}
