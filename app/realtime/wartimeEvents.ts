import type { CommandDesk, Result } from '../workflow/wartime.ts';
import { fail, type FeatureSockets } from './hub.ts';

/** Socket events of wartime command: the switch, command roles, orders (签收, 反馈), the daily cycle, risks. Order
 * delivery receipts arrive with the alert ones (app/stream/receipts.ts); the starting state is the stream's snapshot. */
export function wartimeEvents(desk: CommandDesk): FeatureSockets {
  return ({ handle }, publish) => {
    const done = <T>(result: Result<T>) => {
      if (!result.ok) return fail(result.code);
      publish(result.out);
      return { ok: true as const, data: result.value };
    };

    handle('wartime:staff', (_req, _now, { user }) => {
      if (user.centreLevel !== 'county') return fail('FORBIDDEN_SCOPE');
      return { ok: true, data: { users: desk.staff() } };
    });
    handle('wartime:start', (req, now, { actor }) => done(desk.start(actor, req, now)));
    handle('wartime:end', (req, now, { actor }) => done(desk.end(actor, req, now)));
    handle('wartime:command', (req, now, { actor }) => done(desk.assign(actor, req, now)));

    handle('order:issue', (req, now, { actor }) => done(desk.issue(actor, req, now)));
    handle('order:sign', (req, now, { actor }) => done(desk.sign(actor, req.orderId, now)));
    handle('order:answer', (req, now, { actor }) => done(desk.answer(actor, req.orderId, req.text, now)));

    handle('daily:submit', (req, now, { actor }) => done(desk.submitDaily(actor, req, now)));
    handle('daily:analysis', (req, now, { actor }) => done(desk.writeAnalysis(actor, req, now)));
    handle('daily:reports', (req, _now, { user }) => ({ ok: true, data: desk.reports(user.centreId, req.date) }));

    handle('risk:add', (req, now, { actor }) => done(desk.addRisk(actor, req, now)));
    handle('risk:update', (req, now, { actor }) => done(desk.updateRisk(actor, req, now)));
    handle('risk:close', (req, now, { actor }) => done(desk.closeRisk(actor, req, now)));
  };
}
