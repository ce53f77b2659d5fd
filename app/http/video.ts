// REST and media routes of the video wall: the camera registry (admin), CSV import, snapshots, and the signed media
// endpoints — HLS files over HTTP and WS-FLV as a WebSocket upgrade proxied to node-media-server on loopback.
// Consoles never learn a camera's source URL or node-media-server's address: everything goes through this origin.
import { createReadStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { apiError, CameraInput, CameraPatch, SnapshotSubject, TakeSnapshot, HTTP_STATUS, type ErrorCode, type SessionUser } from '../../protocol/index.ts';
import { MediaError, type MediaService, type MediaUnavailable, type Variant } from '../../media/index.ts';
import { strictUtf8, validate } from '../validation.ts';
import type { VideoDesk } from '../workflow/video.ts';
import { actorOf, type VideoRealtime } from '../realtime/videoEvents.ts';
import type { PlayTokens } from './playTokens.ts';
import { sendError, type UserGuard } from './guard.ts';

export interface VideoRouteDeps {
  desk: VideoDesk;
  media: MediaService | MediaUnavailable;
  realtime: VideoRealtime;
  tokens: PlayTokens;
  requireUser: UserGuard;
  /** Whether the user may see the case or order a snapshot is filed under: null if yes, else why not. */
  subjectAccess: (user: SessionUser, type: SnapshotSubject, id: number) => ErrorCode | null;
  clock: () => number;
  log: (msg: string, err?: unknown) => void;
}

const IdParam = z.object({ id: z.coerce.number().int().positive() });

/** `<id>`, `<id>-sub` or `<id>-h264` in a media path (see playUrl). */
function mediaPath(s: string): { id: number; variant: Variant } | null {
  const m = /^([1-9]\d{0,9})(?:-(sub|h264))?$/.exec(s);
  return m ? { id: Number(m[1]), variant: m[2] === 'sub' ? 'sub' : m[2] === 'h264' ? 'transcode' : 'main' } : null;
}
const SnapshotQuery = z.object({ subjectType: SnapshotSubject, subjectId: z.coerce.number().int().positive() });
const MAX_CSV_BYTES = 2 << 20;

export async function registerVideoRoutes(app: FastifyInstance, d: VideoRouteDeps) {
  const { desk, media } = d;
  const who = (u: SessionUser) => actorOf(u);

  app.get('/api/cameras', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const r = desk.cameras(who(user));
    return r.ok ? r.value : sendError(reply, r.code);
  });

  app.get('/api/admin/cameras', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const r = desk.adminCameras(who(user));
    return r.ok ? r.value : sendError(reply, r.code);
  });

  app.post('/api/cameras', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const input = validate(CameraInput, req.body);
    if (!input.ok) return reply.code(400).send(input.error);
    const r = desk.createCamera(who(user), input.data, d.clock());
    if (!r.ok) return sendError(reply, r.code, r.details);
    d.realtime.apply(r.effects);
    return reply.code(201).send(r.value.camera);
  });

  app.patch('/api/cameras/:id', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const id = validate(IdParam, req.params);
    if (!id.ok) return reply.code(400).send(id.error);
    const input = validate(CameraPatch, req.body);
    if (!input.ok) return reply.code(400).send(input.error);
    const r = desk.updateCamera(who(user), id.data.id, input.data, d.clock());
    if (!r.ok) return sendError(reply, r.code, r.details);
    d.realtime.apply(r.effects);
    return r.value.camera;
  });

  app.delete('/api/cameras/:id', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const id = validate(IdParam, req.params);
    if (!id.ok) return reply.code(400).send(id.error);
    const r = desk.deleteCamera(who(user), id.data.id, d.clock());
    if (!r.ok) return sendError(reply, r.code, r.details);
    d.realtime.apply(r.effects);
    return reply.code(204).send();
  });

  // CSV import: the file as the body (text/csv), all rows or none.
  await app.register(async (scope) => {
    scope.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'buffer', bodyLimit: MAX_CSV_BYTES }, (_req, body, done) => {
      const text = strictUtf8(body as Buffer); // a GBK export, say, must be refused, not imported as U+FFFD
      if (text === null) return done(Object.assign(new Error('CSV is not valid UTF-8'), { statusCode: 400, code: 'TEXT_INVALID' }), undefined);
      done(null, text);
    });
    scope.post('/api/cameras/import', async (req, reply) => {
      const user = d.requireUser(req, reply);
      if (!user) return reply;
      if (typeof req.body !== 'string') return sendError(reply, 'BAD_REQUEST', { body: 'send the CSV file as text/csv' });
      const r = desk.importCsv(who(user), req.body, d.clock());
      if (!r.ok) return sendError(reply, r.code, r.details);
      d.realtime.apply(r.effects);
      return r.value;
    });
  });

  app.post('/api/cameras/:id/snapshot', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const id = validate(IdParam, req.params);
    if (!id.ok) return reply.code(400).send(id.error);
    const input = validate(TakeSnapshot, req.body);
    if (!input.ok) return reply.code(400).send(input.error);
    const actor = who(user);
    const denied = desk.mayWatchCamera(actor, id.data.id) ?? d.subjectAccess(user, input.data.subjectType, input.data.subjectId);
    if (denied) return sendError(reply, denied);
    if (!media.available) return sendError(reply, 'MEDIA_UNAVAILABLE');
    let jpeg: Buffer;
    try {
      jpeg = await media.snapshot(id.data.id);
    } catch (err) {
      if (err instanceof MediaError) return sendError(reply, err.code);
      throw err;
    }
    const r = desk.recordSnapshot(actor, id.data.id, input.data, jpeg, d.clock());
    if (!r.ok) return sendError(reply, r.code, r.details);
    return reply.code(201).send(r.value.snapshot);
  });

  app.get('/api/snapshots', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const q = validate(SnapshotQuery, req.query);
    if (!q.ok) return reply.code(400).send(q.error);
    const denied = d.subjectAccess(user, q.data.subjectType, q.data.subjectId);
    if (denied) return sendError(reply, denied);
    const r = desk.snapshots(who(user), q.data.subjectType, q.data.subjectId);
    return r.ok ? r.value : sendError(reply, r.code);
  });

  app.get('/api/snapshots/:id', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    const id = validate(IdParam, req.params);
    if (!id.ok) return reply.code(400).send(id.error);
    const r = desk.snapshotJpeg(who(user), id.data.id);
    if (!r.ok) return sendError(reply, r.code);
    const denied = d.subjectAccess(user, r.subjectType, r.subjectId); // the camera in scope is not enough: the case too
    if (denied) return sendError(reply, denied);
    return reply.header('content-type', 'image/jpeg').header('cache-control', 'private, max-age=86400').send(r.jpeg);
  });

  // HLS: the playlist and its segments, each request carrying a valid token (`?t=`, renewed by the tile).
  app.get('/media/hls/:id/:file', async (req, reply) => {
    const params = validate(z.object({ id: z.string().max(20), file: z.string().max(40) }), req.params);
    const stream = params.ok ? mediaPath(params.data.id) : null;
    if (!params.ok || !stream) return reply.code(404).send(apiError('NOT_FOUND'));
    const token = (req.query as Record<string, unknown>).t;
    if (!d.tokens.verify(token, stream.id, 'hls', d.clock())) return sendError(reply, 'PLAY_TOKEN_INVALID');
    if (!media.available) return sendError(reply, 'MEDIA_UNAVAILABLE');
    const path = await media.hlsFile(stream.id, params.data.file, stream.variant);
    if (!path) return reply.code(404).send(apiError('NOT_FOUND'));
    const playlist = params.data.file.endsWith('.m3u8');
    return reply
      .header('content-type', playlist ? 'application/vnd.apple.mpegurl' : 'video/mp2t')
      .header('cache-control', 'no-store')
      .send(createReadStream(path));
  });

  /** WS-FLV: `GET /media/flv/<id>.flv?t=<token>` upgraded to a WebSocket and piped to node-media-server. */
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/media\/flv\/([\w-]+)\.flv$/.exec(url.pathname);
    if (!m) return; // not ours (socket.io handles its own path)
    const stream = mediaPath(m[1]!);
    const refuse = (status: number, body: object) => {
      const text = JSON.stringify(body);
      socket.end(`HTTP/1.1 ${status} Refused\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
    };
    if (!stream) return refuse(404, apiError('NOT_FOUND'));
    if (!d.tokens.verify(url.searchParams.get('t'), stream.id, 'flv', d.clock())) return refuse(HTTP_STATUS.PLAY_TOKEN_INVALID, apiError('PLAY_TOKEN_INVALID'));
    if (!media.available) return refuse(HTTP_STATUS.MEDIA_UNAVAILABLE, apiError('MEDIA_UNAVAILABLE'));
    if (!media.proxyFlv(stream.id, req, socket, head, stream.variant)) refuse(404, apiError('NOT_FOUND'));
  };

  return { upgrade };
}
