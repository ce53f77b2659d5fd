// The recording of a 视频调解 (MP4), for the units that took part: the host's and the invited units' operators. Its
// SHA-256 is in the ledger (meet.recording.done), so a copy handed over later can be checked against it.
import { createReadStream, existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DELIVERY_CONFIRMERS } from '../../protocol/index.ts';
import type { MeetDesk } from '../workflow/meet.ts';
import { sendError, userRoute, type UserGuard } from './guard.ts';

const Params = z.object({ id: z.coerce.number().int().positive() });

export function registerMeetRoutes(app: FastifyInstance, deps: { desk: MeetDesk; requireUser: UserGuard }) {
  app.get('/api/meetings/:id/recording', userRoute(deps.requireUser)({ params: Params }, ({ user, params, reply }) => {
    const m = deps.desk.get(params.id);
    if (!m) return sendError(reply, 'NOT_FOUND');
    if (!DELIVERY_CONFIRMERS.includes(user.role)) return sendError(reply, 'FORBIDDEN_ROLE');
    if (m.hostCentreId !== user.centreId && !m.invitees.some((i) => i.centreId === user.centreId)) return sendError(reply, 'FORBIDDEN_SCOPE');
    const file = deps.desk.store.recordingFile(m.id);
    if (m.recording?.state !== 'done' || !file || !existsSync(file)) return sendError(reply, 'NOT_FOUND');
    return reply
      .header('content-type', 'video/mp4')
      .header('content-disposition', `attachment; filename="meeting-${m.id}.mp4"`)
      .header('x-content-sha256', m.recording.sha256 ?? '')
      .send(createReadStream(file));
  }));
}
