import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import {
  apiError, DISPUTE_STATE_LABELS, IncidentAction, IncidentFilter, INCIDENT_STATE_LABELS, MAX_PHOTO_BYTES, PHOTO_TYPES, ReportIncident, type Category, type PublicDispute,
} from '../../protocol/index.ts';
import type { Db } from '../store/db.ts';
import { createPhotoFiles, sha256 } from '../store/photoFiles.ts';
import { createPhotoStore } from '../store/photos.ts';
import type { Addressed } from '../store/outbox.ts';
import type { IncidentDesk } from '../workflow/incidents.ts';
import type { Intake } from '../workflow/intake.ts';
import { validate } from '../validation.ts';
import { formatShanghai } from '../domain/time.ts';
import { sendError, type UserGuard } from './guard.ts';

export interface IncidentRouteDeps {
  db: Db;
  desk: IncidentDesk;
  intake: Intake;
  publish: (out: Addressed[]) => void;
  requireUser: UserGuard;
  clock: () => number;
  photoDir: string;
  categories: () => Category[];
  publicBaseUrl: () => string;
  publicRateLimit: { max: number; windowMs: number };
  /** The same page for a dispute's code (一案一码 of 矛盾纠纷): steps only. */
  publicDispute?: (code: string) => PublicDispute | null;
}

const IdParam = z.object({ id: z.coerce.number().int().positive() });

/** The first bytes of each accepted image type: the declared type must match the content. */
function sniff(buf: Buffer): (typeof PHOTO_TYPES)[number] | null {
  if (buf.length > 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.length > 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (buf.length > 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

export async function registerIncidentRoutes(app: FastifyInstance, d: IncidentRouteDeps) {
  const files = createPhotoFiles(d.photoDir);
  files.removeTemps();
  const photos = createPhotoStore(d.db);

  app.get('/api/incident-categories', async (req, reply) => (d.requireUser(req, reply) ? d.categories() : reply));

  // Photos are uploaded one by one as raw bytes (a phone on a weak signal retries single photos, not whole reports).
  await app.register(async (scope) => {
    for (const type of PHOTO_TYPES) scope.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES }, (_req, body, done) => done(null, body));
    scope.post('/api/photos', async (req, reply) => {
      const user = d.requireUser(req, reply);
      if (!user) return reply;
      const body = req.body;
      const declared = req.headers['content-type']?.split(';')[0]?.trim();
      if (!Buffer.isBuffer(body) || body.length === 0 || sniff(body) !== declared) return sendError(reply, 'PHOTO_INVALID');
      const id = sha256(body);
      // The file is whole and durable before the row exists: a crash in between leaves an unreferenced file, not a row
      // pointing at half a photo. A retry after a crash rewrites a file that no longer matches its hash.
      files.save(id, body);
      photos.record(id, declared, body.length, user.id, d.clock());
      return { id };
    });
  });

  app.get('/api/photos/:id', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const id = (req.params as { id: string }).id;
    const row = /^[a-f0-9]{64}$/.test(id) ? photos.get(id) : null;
    if (!row) return sendError(reply, 'NOT_FOUND');
    // Its uploader, or whoever may see a case that carries it; the id's entropy is not an access check.
    if (row.uploaded_by !== user.id && !photos.onVisibleCase(d.desk.scopeOf(user), id)) return sendError(reply, 'FORBIDDEN_SCOPE');
    return reply.type(row.mime).header('cache-control', 'private, max-age=86400, immutable').send(createReadStream(files.path(id)));
  });

  app.post('/api/incidents', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const input = validate(ReportIncident, req.body);
    if (!input.ok) return reply.code(400).send(input.error);
    const result = await d.intake.submit(user, input.data);
    if (!result.ok) return sendError(reply, result.code, result.details);
    return reply.code(result.value.duplicate ? 200 : 201).send(result.value);
  });

  app.get('/api/incidents', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const q = validate(IncidentFilter, req.query);
    if (!q.ok) return reply.code(400).send(q.error);
    return { incidents: d.desk.list(user, q.data) };
  });

  app.get('/api/incidents/:id', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const p = validate(IdParam, req.params);
    if (!p.ok) return reply.code(400).send(p.error);
    const r = d.desk.get(user, p.data.id);
    return r.ok ? r.value : sendError(reply, r.code);
  });

  app.post('/api/incidents/:id/steps', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const p = validate(IdParam, req.params);
    if (!p.ok) return reply.code(400).send(p.error);
    const step = validate(IncidentAction, req.body);
    if (!step.ok) return reply.code(400).send(step.error);
    const r = d.desk.act(user, p.data.id, step.data, d.clock());
    if (!r.ok) return sendError(reply, r.code);
    d.publish(r.out);
    return r.value;
  });

  /** The receipt's QR code: the public progress page of this case. */
  app.get('/api/incidents/:id/qr.svg', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const p = validate(IdParam, req.params);
    if (!p.ok) return reply.code(400).send(p.error);
    const r = d.desk.get(user, p.data.id);
    if (!r.ok) return sendError(reply, r.code);
    const svg = await QRCode.toString(`${d.publicBaseUrl()}/case/${r.value.code}`, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return reply.type('image/svg+xml').send(svg);
  });

  // 一案一码, public: rate-limited, progress only.
  const limited = {
    config: {
      rateLimit: {
        max: d.publicRateLimit.max,
        timeWindow: d.publicRateLimit.windowMs,
        errorResponseBuilder: () => ({ statusCode: 429, ...apiError('RATE_LIMITED') }),
      },
    },
  };
  app.get('/api/public/cases/:code', limited, async (req, reply) => {
    const code = (req.params as { code: string }).code;
    const c = d.desk.publicCase(code) ?? d.publicDispute?.(code);
    return c ?? sendError(reply, 'CASE_CODE_INVALID');
  });
  app.get('/case/:code', limited, async (req, reply) => {
    const code = (req.params as { code: string }).code;
    const c = d.desk.publicCase(code);
    const dispute = c ? null : (d.publicDispute?.(code) ?? null);
    reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    const shown = c
      ? { code: c.code, kind: '类别', label: c.category, state: INCIDENT_STATE_LABELS[c.state][0], steps: c.steps }
      : dispute && { code: dispute.code, kind: '纠纷类型', label: dispute.type, state: DISPUTE_STATE_LABELS[dispute.state][0], steps: dispute.steps };
    if (!shown) return reply.code(404).send(publicPage('案件编码无效', '<p class="err">未找到该案件。请核对受理单上的编码。</p>'));
    const rows = shown.steps.map((s) => `<li><time>${formatShanghai(s.at)}</time><span>${escapeHtml(s.step)}</span></li>`).join('');
    return publicPage(
      `案件进度 ${shown.code}`,
      `<p class="code">${escapeHtml(shown.code)}</p><p>${shown.kind}：${escapeHtml(shown.label)}&emsp;当前状态：<b>${escapeHtml(shown.state)}</b></p><ol>${rows}</ol>`,
    );
  });
}

function publicPage(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>
body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:0;padding:16px;background:#f5f7fa;color:#1d2733}
h1{font-size:18px}.code{font-family:monospace;font-size:16px;letter-spacing:1px}ol{list-style:none;padding:0}
li{background:#fff;border-left:3px solid #2a6fdb;margin:6px 0;padding:8px 10px;display:flex;gap:12px}time{color:#5b6b7f;font-family:monospace}
.err{color:#b42318}</style></head><body><h1>综治中心 · 一案一码</h1>${body}</body></html>`;
}


function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
