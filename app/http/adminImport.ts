// 管理 · 区划导入 over HTTP, administrators only: check the uploaded files (a dry run listing every problem), then
// commit them. A commit checks again and writes nothing unless the check is clean.
import type { FastifyInstance } from 'fastify';
import { apiError, HTTP_STATUS } from '../../protocol/index.ts';
import { ImportRequestBody } from '../../protocol/countyImport.ts';
import type { CountyImporter } from '../workflow/countyImport.ts';
import { validate } from '../validation.ts';
import { sendError, type UserGuard } from './guard.ts';

/** A 2,000-grid county's GeoJSON is ~10 MB; base64 adds a third. */
const MAX_BODY_BYTES = 96 * 1024 * 1024;

export function registerAdminImportRoutes(app: FastifyInstance, d: { importer: CountyImporter; requireUser: UserGuard; clock: () => number; onImported: () => void }) {
  for (const action of ['check', 'commit'] as const) {
    app.post(`/api/admin/import/${action}`, { bodyLimit: MAX_BODY_BYTES }, async (req, reply) => {
      const user = d.requireUser(req, reply);
      if (!user) return reply;
      if (user.role !== 'admin') return sendError(reply, 'FORBIDDEN_ROLE');
      const body = validate(ImportRequestBody, req.body);
      if (!body.ok) return reply.code(400).send(body.error);
      const files = body.data.files.map((f) => ({ name: f.name, bytes: new Uint8Array(Buffer.from(f.data, 'base64')) }));
      const result = await d.importer({ files, crs: body.data.crs, commit: action === 'commit', now: d.clock(), actorId: user.id });
      if (action === 'commit' && !result.committed) return reply.code(HTTP_STATUS.COUNTY_IMPORT_INVALID).send({ ...apiError('COUNTY_IMPORT_INVALID'), problems: result.problems });
      if (result.committed) d.onImported();
      return result;
    });
  }
}
