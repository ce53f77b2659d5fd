// Type test of the socket contract (protocol/socket.ts): checked by `npm run check` (tsc), never run. Each
// `@ts-expect-error` line is a handler that does not match its event; if it ever compiled, tsc would fail on the unused
// directive — so this file proves that a mismatched handler fails to type-check.
import type { Handle, HandleNotice } from '../../app/realtime/hub.ts';
import { fail } from '../../app/realtime/hub.ts';
import type { Alert, RecipientStatus } from '../../protocol/index.ts';

export function contractCases(handle: Handle, notice: HandleNotice, alert: Alert, recipient: RecipientStatus): void {
  // Right: the payload is the event's validated request, the reply its reply type.
  handle('alert:raise', (req) => ({ ok: true, data: { alert: { ...alert, title: req.title } } }));
  handle('alert:sign', (req) => (req.alertId > 0 ? { ok: true, data: { recipient } } : fail('NOT_FOUND')));
  handle('wall:preset:delete', () => ({ ok: true, data: null }));
  notice('received', (req) => void req.upTo);

  // @ts-expect-error the reply of alert:raise is { alert }, not { recipient }
  handle('alert:raise', () => ({ ok: true, data: { recipient } }));
  // @ts-expect-error alert:sign's request has alertId, not orderId
  handle('alert:sign', (req) => ({ ok: true, data: { recipient: { ...recipient, alertId: req.orderId } } }));
  // @ts-expect-error an event that is not in the contract
  handle('alert:delete', () => ({ ok: true, data: null }));
  // @ts-expect-error wall:preset:delete answers null
  handle('wall:preset:delete', () => ({ ok: true, data: { deleted: true } }));
  // @ts-expect-error received is a notice: it has no reply
  handle('received', () => ({ ok: true, data: null }));
}
