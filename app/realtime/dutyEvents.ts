import type { DutyDesk } from '../workflow/duty.ts';
import { fail, type FeatureSockets } from './hub.ts';

/** Socket events of the duty desk: roster read and save, the handover preview, hand over, accept, the duty log. */
export function dutyEvents(desk: DutyDesk): FeatureSockets {
  return ({ handle }, publish) => {
    const answer = <T>(r: { ok: true; value: T; out: Parameters<typeof publish>[0] } | { ok: false; code: Parameters<typeof fail>[0]; details?: Record<string, string> }) => {
      if (!r.ok) return fail(r.code, r.details);
      publish(r.out);
      return { ok: true as const, data: r.value };
    };
    handle('duty:roster', (req, _now, { user }) => answer(desk.roster(user, req.centreId, req.day)));
    handle('duty:roster:save', (req, now, { user }) => answer(desk.saveRoster(user, req, now)));
    handle('duty:handover:preview', (_req, now, { user }) => answer(desk.preview(user, now)));
    handle('duty:handover', (req, now, { user }) => answer(desk.handOver(user, req.remarks, now)));
    handle('duty:handover:accept', (req, now, { user }) => answer(desk.accept(user, req.handoverId, req.remarks, now)));
    handle('duty:log', (req, now, { user }) => answer(desk.addLog(user, req, now)));
  };
}
