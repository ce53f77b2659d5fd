// Recording, playback, 事件回溯 and evidence clips (issue 14 points 1–4). Each human change is one transaction with its
// ledger entry; the index rows come from the media service's recorder (no ledger: a machine fact, like camera health).
import {
  DEFAULT_RECORDING_POLICY, type ClipRequest, type ErrorCode, type EvidenceClip, type Lookback, type RecordedSpan,
  type RecordingPolicyInput, type RecordingStatus,
} from '../../protocol/index.ts';
import type { Actor } from '../domain/access.ts';
import { haversineM } from '../domain/geo.ts';
import { outerRing, ringCentroid } from '../domain/mapStyle.ts';
import { LOOKBACK_MS, clipCoverage, mergeSpans, playlistPosition, retentionVictims, type Seg } from '../domain/recording.ts';
import { cameraScope, inScope, mayManageCameras, mayWatch, nearestCameras } from '../domain/wall.ts';
import type { Db } from '../store/db.ts';
import type { Directory } from '../store/directory.ts';
import type { Ledger } from '../store/ledger.ts';
import { createRecordingStore, type ClipOwner, type SegmentRow } from '../store/recording.ts';
import type { VideoStore } from '../store/video.ts';

export type RecResult<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; details?: Record<string, string> };

const toSeg = (r: SegmentRow): Seg => ({ id: r.id, cameraId: r.camera_id, start: r.start_ms, end: r.end_ms, media: r.media_ms, file: r.file, bytes: r.bytes });
/** A playback playlist covers this much either side of the chosen time. */
export const PLAYBACK_WINDOW_MS = 3600_000;
/** 事件回溯 holds a case's cameras from the lookback time to this long after the report. */
const LOOKBACK_HOLD_AFTER_MS = 10 * 60_000;

export function createRecordingDesk(db: Db, ledger: Ledger, directory: Directory, video: VideoStore) {
  const store = createRecordingStore(db);
  const scopeOk = (actor: Actor, townshipId: number) => {
    const c = directory.centres().find((x) => x.id === actor.centreId);
    return c ? inScope(cameraScope(c), townshipId) : false;
  };
  const watchable = (actor: Actor, cameraId: number): ErrorCode | null => {
    const denied = mayWatch(actor);
    if (denied) return denied;
    const row = video.cameraRow(cameraId);
    if (!row) return 'NOT_FOUND';
    return scopeOk(actor, row.township_id) ? null : 'FORBIDDEN_SCOPE';
  };

  const setPolicy = db.transaction((actor: Actor, cameraId: number, input: RecordingPolicyInput, now: number): RecResult<null> => {
    const denied = mayManageCameras(actor);
    if (denied) return { ok: false, code: denied };
    if (!video.cameraRow(cameraId)) return { ok: false, code: 'NOT_FOUND' };
    store.savePolicy({ cameraId, ...input }, now, actor.id);
    ledger.append(now, actor.id, 'recording.policy', `camera:${cameraId}`, input);
    return { ok: true, value: null };
  });

  const dropSegments = db.transaction((ids: number[]) => {
    for (const id of ids) store.deleteSegment(id);
  });

  const indexMany = db.transaction((segs: { cameraId: number; startMs: number; endMs: number; mediaMs: number; file: string; bytes: number }[]) => {
    for (const s of segs) store.insertSegment(s);
  });

  /**
   * 事件回溯 for a case: the nearest cameras (in the actor's scope) that recorded around `reportedAt`, held for the case.
   * `township` limits the search to one township's cameras when the place is only that township's centre (a dispute
   * without a located report): then no radius applies, the nearest in the township are taken.
   */
  const lookbackFor = db.transaction(
    (actor: Actor, subject: { type: 'incident' | 'dispute'; id: number }, place: { lat: number; lon: number; reportedAt: number; township?: number }, radiusM: number, count: number, now: number): RecResult<Lookback> => {
      const denied = mayWatch(actor);
      if (denied) return { ok: false, code: denied };
      const at = place.reportedAt - LOOKBACK_MS;
      const until = place.reportedAt + LOOKBACK_HOLD_AFTER_MS;
      const recorded = video.cameraRows().filter(
        (c) => scopeOk(actor, c.township_id) && (place.township === undefined || c.township_id === place.township) && store.segmentsIn(c.id, at, until).length > 0,
      );
      const ids = nearestCameras(recorded, { lat: place.lat, lng: place.lon }, count, place.township === undefined ? radiusM : undefined);
      if (!ids.length) return { ok: false, code: 'REC_NOT_RECORDED', details: { cameras: '附近摄像机在该时段均无录像 / no camera nearby recorded then' } };
      const rows = new Map(recorded.map((c) => [c.id, c]));
      // The case now refers to these stretches: retention keeps them while it is open.
      for (const id of ids) {
        if (subject.type === 'incident') store.hold(subject.id, id, at, until, now);
        else store.holdForDispute(subject.id, id, at, until, now);
      }
      ledger.append(now, actor.id, 'recording.lookback', `${subject.type}:${subject.id}`, { at, cameraIds: ids });
      return {
        ok: true,
        value: { at, cameras: ids.map((id) => ({ id, name: rows.get(id)!.name, distanceM: Math.round(haversineM([rows.get(id)!.lng, rows.get(id)!.lat], [place.lon, place.lat])) })) },
      };
    },
  );

  /**
   * Where a dispute happened, for 事件回溯: its grid report's point when it was made from one (网格上报), otherwise the
   * centre of its township's boundary; neither → null.
   */
  const disputePlace = (d: { incidentId: number | null; townshipId: number | null }): { lat: number; lon: number; township?: number } | null => {
    const inc = d.incidentId === null ? undefined : store.incidentPlace(d.incidentId);
    if (inc && inc.lat !== null && inc.lon !== null) return { lat: inc.lat, lon: inc.lon };
    if (d.townshipId === null) return null;
    const ring = outerRing(store.centreBoundary(d.townshipId) ?? null);
    if (!ring) return null;
    const [lon, lat] = ringCentroid(ring);
    return { lat, lon, township: d.townshipId };
  };

  const recordClip = db.transaction(
    (actor: Actor, req: ClipRequest, file: string, bytes: number, sha256: string, now: number): EvidenceClip => {
      const row = video.cameraRow(req.cameraId)!;
      const owner = clipOwner(req);
      const id = store.insertClip({
        owner, cameraId: req.cameraId, cameraName: row.name, townshipId: row.township_id, from: req.from, to: req.to,
        file, bytes, sha256, createdAt: now, createdBy: actor.id,
      });
      if (owner.type === 'incident') store.hold(owner.id, req.cameraId, req.from, req.to, now);
      else store.holdForDispute(owner.id, req.cameraId, req.from, req.to, now);
      // The hash in the chained ledger: a clip file or row rewritten later still shows.
      ledger.append(now, actor.id, 'clip.export', `${owner.type}:${owner.id}`, { clipId: id, cameraId: req.cameraId, from: req.from, to: req.to, bytes, sha256 });
      const { townshipId: _t, file: _f, ...clip } = store.clip(id)!;
      return clip;
    },
  );

  const logDownload = db.transaction((actor: Actor, clipId: number, owner: ClipOwner, now: number) => {
    ledger.append(now, actor.id, 'clip.download', `${owner.type}:${owner.id}`, { clipId });
  });

  return {
    store,
    watchable,
    policies(actor: Actor): RecResult<RecordingStatus[]> {
      const denied = mayManageCameras(actor);
      if (denied) return { ok: false, code: denied };
      const policies = new Map(store.policies().map((p) => [p.cameraId, p]));
      const totals = new Map(store.totals().map((t) => [t.camera_id, t]));
      return {
        ok: true,
        value: video.cameraRows().map((c) => {
          const p = policies.get(c.id) ?? { cameraId: c.id, ...DEFAULT_RECORDING_POLICY };
          const t = totals.get(c.id);
          return { ...p, cameraId: c.id, cameraName: c.name, recording: p.mode !== 'none', bytes: t?.bytes ?? 0, segments: t?.n ?? 0, oldestAt: t?.oldest ?? null };
        }),
      };
    },
    setPolicy: (actor: Actor, cameraId: number, input: RecordingPolicyInput, now: number) => setPolicy(actor, cameraId, input, now),
    /** Cameras that must record now. */
    recordingSet: (): number[] => store.policies().filter((p) => p.mode !== 'none' && video.cameraRow(p.cameraId)).map((p) => p.cameraId),
    index: (segs: { cameraId: number; startMs: number; endMs: number; mediaMs: number; file: string; bytes: number }[]) => indexMany(segs),
    /**
     * Plans a retention run: what to delete now. "Around events" cameras are claimed by the incidents within radiusM of
     * them and the alerts sent to their township (or its villages), in the window that could still concern a segment.
     */
    retentionPlan(now: number, quotaBytes: number, radiusM: number): Seg[] {
      const segments = store.oldestFirst().map(toSeg);
      const policies = new Map(store.policies().map((p) => [p.cameraId, p]));
      const events = new Map<number, number[]>();
      const eventCams = [...policies.values()].filter((p) => p.mode === 'events');
      if (eventCams.length && segments.length) {
        const maxAround = Math.max(...eventCams.map((p) => (p.beforeMin + p.afterMin) * 60_000));
        const from = segments[0]!.start - maxAround;
        const incidents = store.incidentsIn(from, now);
        const alerts = store.alertsIn(from, now);
        for (const p of eventCams) {
          const cam = video.cameraRow(p.cameraId);
          if (!cam) continue;
          const times = [
            ...incidents.filter((i) => haversineM([i.lon, i.lat], [cam.lng, cam.lat]) <= radiusM).map((i) => i.reported_at),
            ...alerts.filter((a) => a.township_id === cam.township_id).map((a) => a.raised_at),
          ];
          events.set(p.cameraId, times);
        }
      }
      const holds = store.openHolds().map((h) => ({ cameraId: h.camera_id, from: h.from_ms, to: h.to_ms }));
      return retentionVictims({ segments, policies, holds, events, now, quotaBytes, defaultRetentionDays: DEFAULT_RECORDING_POLICY.retentionDays });
    },
    dropSegments: (ids: number[]) => dropSegments(ids),
    spans(actor: Actor, cameraId: number, from: number, to: number): RecResult<RecordedSpan[]> {
      const denied = watchable(actor, cameraId);
      if (denied) return { ok: false, code: denied };
      return { ok: true, value: mergeSpans(store.segmentsIn(cameraId, from, to).map(toSeg)) };
    },
    /** The segments around `at` for a playlist, and where `at` is in it. */
    playback(actor: Actor, cameraId: number, at: number): RecResult<{ segments: Seg[]; position: number }> {
      const denied = watchable(actor, cameraId);
      if (denied) return { ok: false, code: denied };
      const segments = store.segmentsIn(cameraId, at - PLAYBACK_WINDOW_MS, at + PLAYBACK_WINDOW_MS).map(toSeg);
      const position = playlistPosition(segments, at);
      if (position === null) {
        const next = segments.find((s) => s.start > at);
        return { ok: false, code: 'REC_NOT_RECORDED', details: next ? { at: String(at), next: String(next.start) } : { at: String(at) } };
      }
      return { ok: true, value: { segments, position } };
    },
    /** The segments of a playlist's range (the media route rebuilds it from the index on every request). */
    segmentsIn: (cameraId: number, from: number, to: number) => store.segmentsIn(cameraId, from, to).map(toSeg),
    segment: (id: number) => {
      const r = store.segment(id);
      return r ? toSeg(r) : null;
    },
    lookback: (actor: Actor, incident: { id: number; lat: number; lon: number; reportedAt: number }, radiusM: number, count: number, now: number) =>
      lookbackFor(actor, { type: 'incident', id: incident.id }, incident, radiusM, count, now),
    /** 事件回溯 from a dispute (its own access is checked by the caller): at registration time minus two minutes. */
    lookbackDispute(actor: Actor, dispute: { id: number; incidentId: number | null; townshipId: number | null; registeredAt: number }, radiusM: number, count: number, now: number): RecResult<Lookback> {
      const place = disputePlace(dispute);
      if (!place) return { ok: false, code: 'REC_DISPUTE_NO_PLACE', details: { townshipId: '纠纷未关联网格上报，也没有所属乡镇 / the dispute has neither a grid report nor a township' } };
      return lookbackFor(actor, { type: 'dispute', id: dispute.id }, { ...place, reportedAt: dispute.registeredAt }, radiusM, count, now);
    },
    /** Checks a clip request; returns the segments to join and the cut points. */
    planClip(actor: Actor, req: ClipRequest, maxMinutes: number): RecResult<{ parts: Seg[]; inSec: number; outSec: number }> {
      const denied = watchable(actor, req.cameraId);
      if (denied) return { ok: false, code: denied };
      if (req.to <= req.from) return { ok: false, code: 'REC_RANGE_INVALID', details: { to: 'must be after from' } };
      if (req.to - req.from > maxMinutes * 60_000) return { ok: false, code: 'REC_CLIP_TOO_LONG', details: { to: `at most ${maxMinutes} min / 最长 ${maxMinutes} 分钟` } };
      const cover = clipCoverage(store.segmentsIn(req.cameraId, req.from, req.to).map(toSeg), req.from, req.to);
      if (!cover) return { ok: false, code: 'REC_RANGE_NOT_RECORDED', details: { from: String(req.from), to: String(req.to) } };
      return { ok: true, value: cover };
    },
    recordClip: (actor: Actor, req: ClipRequest, file: string, bytes: number, sha256: string, now: number) => recordClip(actor, req, file, bytes, sha256, now),
    /** Clips of a case from cameras in the actor's scope (the case's own access is checked by the caller). */
    clips(actor: Actor, owner: ClipOwner): RecResult<EvidenceClip[]> {
      const denied = mayWatch(actor);
      if (denied) return { ok: false, code: denied };
      return { ok: true, value: store.clipsOf(owner).filter((c) => scopeOk(actor, c.townshipId)).map(({ townshipId: _t, file: _f, ...c }) => c) };
    },
    /** A clip's file for download (logged in the ledger). */
    clipFile(actor: Actor, clipId: number, now: number): RecResult<{ file: string; clip: EvidenceClip }> {
      const denied = mayWatch(actor);
      if (denied) return { ok: false, code: denied };
      const c = store.clip(clipId);
      if (!c) return { ok: false, code: 'NOT_FOUND' };
      if (!scopeOk(actor, c.townshipId)) return { ok: false, code: 'FORBIDDEN_SCOPE' };
      logDownload(actor, clipId, ownerOf(c), now);
      const { townshipId: _t, file, ...clip } = c;
      return { ok: true, value: { file, clip } };
    },
  };
}
export type RecordingDesk = ReturnType<typeof createRecordingDesk>;

/** The case a clip request names (ClipRequest's schema guarantees exactly one). */
export const clipOwner = (r: { incidentId?: number; disputeId?: number }): ClipOwner =>
  r.incidentId !== undefined ? { type: 'incident', id: r.incidentId } : { type: 'dispute', id: r.disputeId! };

/** The case a stored clip belongs to (the table's CHECK guarantees exactly one). */
export const ownerOf = (c: { incidentId: number | null; disputeId: number | null }): ClipOwner =>
  c.incidentId !== null ? { type: 'incident', id: c.incidentId } : { type: 'dispute', id: c.disputeId! };
