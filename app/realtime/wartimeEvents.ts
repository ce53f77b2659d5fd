import {
  AddRisk, AnswerOrder, AssignCommand, CloseRisk, IssueOrder, ReportsRequest, SignOrder, SubmitDailyReport, SwitchToPeacetime,
  SwitchToWartime, UpdateRisk, WartimeStateRequest, WriteAnalysis,
} from '../../protocol/index.ts';
import type { CommandDesk, Result } from '../workflow/wartime.ts';
import type { PresenceTracker } from './presence.ts';
import { fail, type Feature } from './hub.ts';

/** Socket events of wartime command: the switch, command roles, orders (签收, 反馈), the daily cycle, risks. Order
 * delivery receipts arrive with the alert ones (realtime/receipts.ts). */
export function wartimeEvents(desk: CommandDesk, presence: () => PresenceTracker | null): Feature {
  return (handle, publish) => {
    const done = <T>(result: Result<T>) => {
      if (!result.ok) return fail(result.code);
      publish(result.out);
      return { ok: true as const, data: result.value };
    };

    handle('wartime:state', WartimeStateRequest, (_req, now, { user }) => ({
      ok: true,
      data: desk.snapshot(user.centreId, now, user.centreId === desk.countyId ? (presence()?.all() ?? []) : []),
    }));
    handle('wartime:staff', WartimeStateRequest, (_req, _now, { user }) => {
      if (user.centreLevel !== 'county') return fail('FORBIDDEN_SCOPE');
      return { ok: true, data: { users: desk.staff() } };
    });
    handle('wartime:start', SwitchToWartime, (req, now, { actor }) => done(desk.start(actor, req, now)));
    handle('wartime:end', SwitchToPeacetime, (req, now, { actor }) => done(desk.end(actor, req, now)));
    handle('wartime:command', AssignCommand, (req, now, { actor }) => done(desk.assign(actor, req, now)));

    handle('order:issue', IssueOrder, (req, now, { actor }) => done(desk.issue(actor, req, now)));
    handle('order:sign', SignOrder, (req, now, { actor }) => done(desk.sign(actor, req.orderId, now)));
    handle('order:answer', AnswerOrder, (req, now, { actor }) => done(desk.answer(actor, req.orderId, req.text, now)));

    handle('daily:submit', SubmitDailyReport, (req, now, { actor }) => done(desk.submitDaily(actor, req, now)));
    handle('daily:analysis', WriteAnalysis, (req, now, { actor }) => done(desk.writeAnalysis(actor, req, now)));
    handle('daily:reports', ReportsRequest, (req, _now, { user }) => ({ ok: true, data: desk.reports(user.centreId, req.date) }));

    handle('risk:add', AddRisk, (req, now, { actor }) => done(desk.addRisk(actor, req, now)));
    handle('risk:update', UpdateRisk, (req, now, { actor }) => done(desk.updateRisk(actor, req, now)));
    handle('risk:close', CloseRisk, (req, now, { actor }) => done(desk.closeRisk(actor, req, now)));
  };
}
