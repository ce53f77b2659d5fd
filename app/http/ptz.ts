// Pan/tilt/zoom routes: each waits for the camera's ONVIF answer, so they are HTTP requests, not socket messages.
// POST /api/cameras/:id/ptz/{move,stop,claim,release,presets,preset}; GET /api/cameras/:id/ptz (hold and presets).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PtzClaim, PtzGotoPreset, PtzMove, PtzSavePreset } from '../../protocol/index.ts';
import { validate } from '../validation.ts';
import type { PtzDesk, PtzResult } from '../workflow/ptz.ts';
import { actorOf } from '../realtime/videoEvents.ts';
import { sendError, type UserGuard } from './guard.ts';

const IdParam = z.object({ id: z.coerce.number().int().positive() });

export function registerPtzRoutes(app: FastifyInstance, d: { desk: PtzDesk; requireUser: UserGuard }) {
  const route = <S extends z.ZodType>(path: string, schema: S | null, run: (actor: ReturnType<typeof actorOf>, id: number, body: z.output<S>) => PtzResult<unknown> | Promise<PtzResult<unknown>>, method: 'GET' | 'POST' = 'POST') =>
    app.route({
      method,
      url: `/api/cameras/:id/ptz${path}`,
      handler: async (req, reply) => {
        const user = d.requireUser(req, reply);
        if (!user) return reply;
        const id = validate(IdParam, req.params);
        if (!id.ok) return reply.code(400).send(id.error);
        let body = undefined as z.output<S>;
        if (schema) {
          const input = validate(schema, req.body ?? {});
          if (!input.ok) return reply.code(400).send(input.error);
          body = input.data;
        }
        const r = await run(actorOf(user), id.data.id, body);
        return r.ok ? r.value : sendError(reply, r.code, r.details);
      },
    });

  route('', null, (actor, id) => d.desk.status(actor, id), 'GET');
  route('/move', PtzMove, (actor, id, v) => d.desk.move(actor, id, v));
  route('/stop', null, (actor, id) => d.desk.stop(actor, id));
  route('/claim', PtzClaim, (actor, id, b) => d.desk.claim(actor, id, b.takeover));
  route('/release', null, (actor, id) => d.desk.release(actor, id));
  route('/preset', PtzGotoPreset, (actor, id, b) => d.desk.gotoPreset(actor, id, b.token));
  route('/presets', PtzSavePreset, (actor, id, b) => d.desk.savePreset(actor, id, b.name));
}
