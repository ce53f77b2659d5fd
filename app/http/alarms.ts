// GET /api/alarms: the alarm policy from config and what this unit has already acknowledged.
import type { FastifyInstance } from 'fastify';
import type { AlarmPolicy, AlarmState } from '../../protocol/index.ts';
import type { AlarmDesk } from '../workflow/alarms.ts';
import type { UserGuard } from './guard.ts';

export function registerAlarmRoutes(app: FastifyInstance, deps: { desk: AlarmDesk; policy: () => AlarmPolicy; requireUser: UserGuard; clock: () => number }): void {
  app.get('/api/alarms', async (req, reply) => {
    const user = deps.requireUser(req, reply);
    if (!user) return reply;
    const body: AlarmState = { policy: deps.policy(), acked: deps.desk.acked(user.centreId, deps.clock()) };
    return body;
  });
}
