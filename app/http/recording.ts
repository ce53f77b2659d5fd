// Recording, playback, 事件回溯 and evidence clips over HTTP, and the recording runtime: at start the index takes in
// what a crash left (whole segments only), then the recorder records the cameras whose policy says so, every finished
// segment is indexed, and retention runs on a timer.
//
// Playback is HLS (VOD) built from the index: `POST /api/recordings/:id/playback {at}` checks the scope and answers a
// signed playlist URL for an hour either side of `at` with where `at` falls in it; the console plays it with hls.js.
// The playlist and segment requests carry the token (`?t=`), signed with a key of their own so a live link cannot
// open a recording.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  apiError, ClipRequest, PlaybackRequest, RecordingPolicyInput, SpansQuery, type ErrorCode, type PlaybackGrant, type SessionUser,
} from '../../protocol/index.ts';
import type { MediaService, MediaUnavailable, RecordedSegment } from '../../media/index.ts';
import { recordingPlaylist } from '../domain/recording.ts';
import type { RecordingConfig } from '../recordingConfig.ts';
import { PLAYBACK_WINDOW_MS, clipOwner, ownerOf, type RecordingDesk } from '../workflow/recording.ts';
import type { ClipOwner } from '../store/recording.ts';
import { actorOf } from '../realtime/videoEvents.ts';
import { createPlayTokens } from './playTokens.ts';
import { answer, sendError, userRoute, type UserGuard } from './guard.ts';
import { validate } from '../validation.ts';

export interface RecordingDeps {
  desk: RecordingDesk;
  media: MediaService | MediaUnavailable;
  config: RecordingConfig;
  requireUser: UserGuard;
  /** The incident as this user may see it (scope checked), or why not. */
  incident: (u: SessionUser, id: number) => { ok: true; value: { id: number; lat: number; lon: number; reportedAt: number } } | { ok: false; code: ErrorCode };
  /** The dispute as this user may see it (scope checked), or why not. */
  dispute: (u: SessionUser, id: number) => { ok: true; value: { id: number; incidentId: number | null; townshipId: number | null; registeredAt: number } } | { ok: false; code: ErrorCode };
  nearest: () => { radiusM: number; count: number };
  dataDir: string;
  clock: () => number;
  log: (msg: string, err?: unknown) => void;
}

const CameraParam = z.object({ id: z.coerce.number().int().positive() });
const SegParam = z.object({ id: z.coerce.number().int().positive(), seg: z.string().regex(/^\d{1,12}\.ts$/) });
const RangeQuery = z.object({ from: z.coerce.number().int(), to: z.coerce.number().int(), t: z.string().max(200) });

export async function startRecording(app: FastifyInstance, d: RecordingDeps) {
  const { desk, media, config } = d;
  const tokens = createPlayTokens(config.playbackTokenTtlMs);
  const clipDir = join(d.dataDir, 'evidence', 'clips');
  mkdirSync(clipDir, { recursive: true });
  let sweepTimer: ReturnType<typeof setInterval> | undefined;
  let sweeping = false;

  /** Deletes what retention says, each file retired before its row goes and unlinked after (see Recorder.retire). */
  const sweep = (): number => {
    if (!media.available || sweeping) return 0;
    sweeping = true;
    try {
      const victims = desk.retentionPlan(d.clock(), config.quotaMB * 1024 * 1024, d.nearest().radiusM);
      if (!victims.length) return 0;
      for (const v of victims) media.recorder.retire(v.file);
      desk.dropSegments(victims.map((v) => v.id));
      for (const v of victims) media.recorder.purge(v.file);
      return victims.length;
    } catch (err) {
      d.log('recording retention failed', err);
      return 0;
    } finally {
      sweeping = false;
    }
  };
  const applyPolicies = () => {
    if (media.available) media.recorder.setRecording(desk.recordingSet());
  };

  if (media.available) {
    const known = desk.store.known();
    const missing = media.recorder.missing(known.keys());
    if (missing.length) {
      const ids = missing.flatMap((f) => desk.store.oldestFirst().filter((s) => s.file === f).map((s) => s.id));
      desk.dropSegments(ids);
      d.log(`recording: ${missing.length} indexed segment(s) missing on disk; dropped from the index`);
    }
    const found = await media.recorder.recover(known);
    if (found.length) {
      desk.index(found);
      d.log(`recording: indexed ${found.length} segment(s) left by an earlier run`);
    }
    media.recorder.onSegment((s: RecordedSegment) => {
      try {
        desk.index([s]);
      } catch (err) {
        d.log('indexing a segment failed', err);
      }
    });
    applyPolicies();
    sweep();
    // Also re-applies the policies: a camera deleted or re-pointed elsewhere stops or restarts its recorder here.
    sweepTimer = setInterval(() => {
      applyPolicies();
      sweep();
    }, config.sweepEveryMs);
    sweepTimer.unref();
  }

  const route = userRoute(d.requireUser);

  // ---- policies (administrator) ----

  app.get('/api/recording/policies', route({}, ({ user, reply }) => answer(reply, desk.policies(actorOf(user)))));

  app.put('/api/recording/policies/:id', route({ params: CameraParam, body: RecordingPolicyInput }, ({ user, params, body, reply }) => {
    const r = desk.setPolicy(actorOf(user), params.id, body, d.clock());
    if (!r.ok) return answer(reply, r);
    applyPolicies();
    return { cameraId: params.id, ...body };
  }));

  // ---- spans and playback ----

  app.get('/api/recordings/:id/spans', route({ params: CameraParam, query: SpansQuery }, ({ user, params, query, reply }) => {
    if (query.to <= query.from) return sendError(reply, 'REC_RANGE_INVALID', { to: 'must be after from' });
    return answer(reply, desk.spans(actorOf(user), params.id, query.from, query.to));
  }));

  app.post('/api/recordings/:id/playback', route({ params: CameraParam, body: PlaybackRequest }, ({ user, params, body, reply }) => {
    if (!media.available) return sendError(reply, 'MEDIA_UNAVAILABLE');
    const r = desk.playback(actorOf(user), params.id, body.at);
    if (!r.ok) return answer(reply, r);
    const now = d.clock();
    const { token, expiresAt } = tokens.sign({ cameraId: params.id, transport: 'hls', userId: user.id }, now);
    const from = body.at - PLAYBACK_WINDOW_MS;
    const to = body.at + PLAYBACK_WINDOW_MS;
    const grant: PlaybackGrant = {
      cameraId: params.id,
      url: `/media/rec/${params.id}/index.m3u8?from=${from}&to=${to}&t=${encodeURIComponent(token)}`,
      segments: r.value.segments.map((s) => ({ start: s.start, end: s.end, media: s.media })),
      position: r.value.position,
      expiresAt,
    };
    return grant;
  }));

  app.get('/media/rec/:id/index.m3u8', async (req, reply) => {
    const id = validate(CameraParam, req.params);
    const q = validate(RangeQuery, req.query);
    if (!id.ok || !q.ok) return reply.code(404).send(apiError('NOT_FOUND'));
    if (!tokens.verify(q.data.t, id.data.id, 'hls', d.clock())) return sendError(reply, 'PLAY_TOKEN_INVALID');
    const segs = desk.segmentsIn(id.data.id, q.data.from, q.data.to);
    if (!segs.length) return sendError(reply, 'REC_NOT_RECORDED');
    const t = encodeURIComponent(q.data.t);
    return reply
      .header('content-type', 'application/vnd.apple.mpegurl')
      .header('cache-control', 'no-store')
      .send(recordingPlaylist(segs, (s) => `${s.id}.ts?t=${t}`));
  });

  app.get('/media/rec/:id/:seg', async (req, reply) => {
    const p = validate(SegParam, req.params);
    const t = (req.query as Record<string, unknown>).t;
    if (!p.ok) return reply.code(404).send(apiError('NOT_FOUND'));
    if (!tokens.verify(t, p.data.id, 'hls', d.clock())) return sendError(reply, 'PLAY_TOKEN_INVALID');
    if (!media.available) return sendError(reply, 'MEDIA_UNAVAILABLE');
    const seg = desk.segment(Number(p.data.seg.slice(0, -3)));
    const path = seg && seg.cameraId === p.data.id ? media.recorder.path(seg.file) : null;
    if (!path) return reply.code(404).send(apiError('NOT_FOUND'));
    return reply.header('content-type', 'video/mp2t').header('cache-control', 'private, max-age=3600').send(createReadStream(path));
  });

  // ---- 事件回溯: the case (its own scope checked) gives the place and time; the desk finds the cameras ----

  const lookback = <C>(
    find: (u: SessionUser, id: number) => { ok: true; value: C } | { ok: false; code: ErrorCode },
    run: (actor: ReturnType<typeof actorOf>, subject: C, radiusM: number, count: number, now: number) => ReturnType<RecordingDesk['lookback']>,
  ) =>
    route({ params: CameraParam }, ({ user, params, reply }) => {
      const subject = find(user, params.id);
      if (!subject.ok) return sendError(reply, subject.code);
      const { radiusM, count } = d.nearest();
      return answer(reply, run(actorOf(user), subject.value, radiusM, Math.min(4, count), d.clock()));
    });
  app.post('/api/incidents/:id/lookback', lookback(d.incident, desk.lookback));
  app.post('/api/disputes/:id/lookback', lookback(d.dispute, desk.lookbackDispute));

  // ---- evidence clips: each belongs to one case, an incident or a dispute, whose own scope is checked first ----

  /** Whether this user may see the clip's case (the same check as the case's other routes), or why not. */
  const caseAccess = (u: SessionUser, owner: ClipOwner): ErrorCode | null => {
    const c = owner.type === 'incident' ? d.incident(u, owner.id) : d.dispute(u, owner.id);
    return c.ok ? null : c.code;
  };

  app.post('/api/recordings/clips', route({ body: ClipRequest }, async ({ user, body, reply }) => {
    const denied = caseAccess(user, clipOwner(body));
    if (denied) return sendError(reply, denied);
    if (!media.available) return sendError(reply, 'MEDIA_UNAVAILABLE');
    const actor = actorOf(user);
    const plan = desk.planClip(actor, body, config.clipMaxMinutes);
    if (!plan.ok) return answer(reply, plan);
    const tmp = join(clipDir, `export-${randomBytes(8).toString('hex')}.mp4`);
    try {
      await media.recorder.exportClip(plan.value.parts.map((p) => p.file), plan.value.inSec, plan.value.outSec, tmp);
      const sha256 = await hashFile(tmp);
      const name = `${sha256}.mp4`;
      renameSync(tmp, join(clipDir, name));
      const clip = desk.recordClip(actor, body, name, statSync(join(clipDir, name)).size, sha256, d.clock());
      return reply.code(201).send(clip);
    } catch (err) {
      rmSync(tmp, { force: true });
      d.log('exporting a clip failed', err);
      return sendError(reply, 'REC_EXPORT_FAILED');
    }
  }));

  app.get('/api/incidents/:id/clips', route({ params: CameraParam }, ({ user, params, reply }) => {
    const inc = d.incident(user, params.id);
    if (!inc.ok) return sendError(reply, inc.code);
    return answer(reply, desk.clips(actorOf(user), { type: 'incident', id: params.id }));
  }));

  app.get('/api/disputes/:id/clips', route({ params: CameraParam }, ({ user, params, reply }) => {
    const dis = d.dispute(user, params.id);
    if (!dis.ok) return sendError(reply, dis.code);
    return answer(reply, desk.clips(actorOf(user), { type: 'dispute', id: params.id }));
  }));

  app.get('/api/recordings/clips/:id/file', route({ params: CameraParam }, ({ user, params, reply }) => {
    const c = desk.store.clip(params.id);
    if (!c) return sendError(reply, 'NOT_FOUND');
    const denied = caseAccess(user, ownerOf(c)); // the case too, not only the camera
    if (denied) return sendError(reply, denied);
    const r = desk.clipFile(actorOf(user), params.id, d.clock());
    if (!r.ok) return sendError(reply, r.code);
    return reply
      .header('content-type', 'video/mp4')
      .header('content-disposition', `attachment; filename="clip-${r.value.clip.id}-${r.value.clip.sha256.slice(0, 12)}.mp4"`)
      .send(createReadStream(join(clipDir, r.value.file)));
  }));

  return {
    /** Runs retention now (tests); returns how many segments went. */
    sweep,
    close(): void {
      clearInterval(sweepTimer);
    },
  };
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}
