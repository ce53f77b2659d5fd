// REST edge of wartime command: the daily special report (专报) as a PDF download for the county.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DayString } from '../../protocol/index.ts';
import { dayStart, shanghaiDay } from '../domain/wartime.ts';
import type { CommandDesk } from '../workflow/wartime.ts';
import { validate } from '../validation.ts';
import { sendError, type UserGuard } from './guard.ts';
import { renderSpecialReport } from './specialReport.ts';

export interface WartimeRouteDeps {
  desk: CommandDesk;
  requireUser: UserGuard;
  clock: () => number;
  countyName: () => string;
  log: (msg: string, err?: unknown) => void;
}

const Query = z.object({ date: DayString.optional() });
const DAY = 24 * 3600_000;

export function registerWartimeRoutes(app: FastifyInstance, deps: WartimeRouteDeps) {
  app.get('/api/wartime/special-report.pdf', async (req, reply) => {
    const user = deps.requireUser(req, reply);
    if (!user) return reply;
    if (user.centreLevel !== 'county') return sendError(reply, 'FORBIDDEN_SCOPE');
    const q = validate(Query, req.query);
    if (!q.ok) return reply.code(400).send(q.error);
    const now = deps.clock();
    const day = q.data.date ?? shanghaiDay(now);
    if (Number.isNaN(dayStart(day))) return sendError(reply, 'VALIDATION_FAILED', { date: 'YYYY-MM-DD' });
    const data = deps.desk.specialReport(day, now);
    // 第N期: the day of the running (or last) period, else the day of the year
    const p = data.state.period;
    const issueNo = p && dayStart(day) >= dayStart(shanghaiDay(p.startedAt)) && (p.endedAt === null || dayStart(day) <= p.endedAt)
      ? Math.floor((dayStart(day) - dayStart(shanghaiDay(p.startedAt))) / DAY) + 1
      : Math.floor((dayStart(day) - dayStart(`${day.slice(0, 4)}-01-01`)) / DAY) + 1;
    let pdf: Buffer;
    try {
      pdf = await renderSpecialReport(data, { countyName: deps.countyName(), issueNo });
    } catch (err) {
      deps.log('special report failed', err);
      return sendError(reply, 'INTERNAL');
    }
    const name = `专报-${day}.pdf`;
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="special-report-${day}.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });
}
