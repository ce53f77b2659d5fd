// Recording policies, the segment index, case holds and evidence clips (migration 0018). Writers run inside the
// caller's transaction.
import type { EvidenceClip, RecordingMode, RecordingPolicy } from '../../protocol/index.ts';
import type { Db } from './db.ts';

export interface SegmentRow { id: number; camera_id: number; start_ms: number; end_ms: number; media_ms: number; file: string; bytes: number }
interface PolicyRow { camera_id: number; mode: RecordingMode; before_min: number; after_min: number; retention_days: number }
interface ClipRow {
  id: number; incident_id: number | null; dispute_id: number | null; camera_id: number; camera_name: string; township_id: number; from_ms: number; to_ms: number;
  file: string; bytes: number; sha256: string; created_at: number; created_by: number; by_name: string;
}

/** The case a clip belongs to. */
export type ClipOwner = { type: 'incident' | 'dispute'; id: number };

const toPolicy = (r: PolicyRow): RecordingPolicy => ({ cameraId: r.camera_id, mode: r.mode, beforeMin: r.before_min, afterMin: r.after_min, retentionDays: r.retention_days });

export function createRecordingStore(db: Db) {
  const policies = db.prepare<[], PolicyRow>('SELECT * FROM recording_policies ORDER BY camera_id');
  const policy = db.prepare<[number], PolicyRow>('SELECT * FROM recording_policies WHERE camera_id = ?');
  const putPolicy = db.prepare(
    `INSERT INTO recording_policies (camera_id, mode, before_min, after_min, retention_days, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(camera_id) DO UPDATE SET mode = excluded.mode, before_min = excluded.before_min, after_min = excluded.after_min,
       retention_days = excluded.retention_days, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  const insertSeg = db.prepare('INSERT OR IGNORE INTO recording_segments (camera_id, start_ms, end_ms, media_ms, file, bytes) VALUES (?, ?, ?, ?, ?, ?)');
  const segsIn = db.prepare<[number, number, number], SegmentRow>(
    'SELECT * FROM recording_segments WHERE camera_id = ? AND end_ms > ? AND start_ms < ? ORDER BY start_ms',
  );
  const allKnown = db.prepare<[], { file: string; start_ms: number; end_ms: number }>('SELECT file, start_ms, end_ms FROM recording_segments');
  const oldestFirst = db.prepare<[], SegmentRow>('SELECT * FROM recording_segments ORDER BY start_ms, id');
  const ofCamera = db.prepare<[number], SegmentRow>('SELECT * FROM recording_segments WHERE camera_id = ? ORDER BY start_ms');
  const seg = db.prepare<[number], SegmentRow>('SELECT * FROM recording_segments WHERE id = ?');
  const delSeg = db.prepare('DELETE FROM recording_segments WHERE id = ?');
  const totals = db.prepare<[], { camera_id: number; bytes: number; n: number; oldest: number }>(
    'SELECT camera_id, SUM(bytes) AS bytes, COUNT(*) AS n, MIN(start_ms) AS oldest FROM recording_segments GROUP BY camera_id',
  );
  const totalBytes = db.prepare<[], { b: number | null }>('SELECT SUM(bytes) AS b FROM recording_segments');

  const addHold = db.prepare('INSERT OR IGNORE INTO recording_holds (incident_id, camera_id, from_ms, to_ms, created_at) VALUES (?, ?, ?, ?, ?)');
  const addDisputeHold = db.prepare('INSERT OR IGNORE INTO recording_holds (dispute_id, camera_id, from_ms, to_ms, created_at) VALUES (?, ?, ?, ?, ?)');
  // Open cases only: an archived or merged incident, a closed or reviewed dispute lets its recordings go.
  const openHolds = db.prepare<[], { camera_id: number; from_ms: number; to_ms: number }>(
    `SELECT h.camera_id, h.from_ms, h.to_ms FROM recording_holds h JOIN incidents i ON i.id = h.incident_id
     WHERE i.state NOT IN ('archived', 'merged')
     UNION ALL
     SELECT h.camera_id, h.from_ms, h.to_ms FROM recording_holds h JOIN disputes d ON d.id = h.dispute_id
     WHERE d.state NOT IN ('closed', 'reviewed')`,
  );
  const incidentPlace = db.prepare<[number], { lat: number | null; lon: number | null }>('SELECT lat, lon FROM incidents WHERE id = ?');
  const centreBoundary = db.prepare<[number], { boundary: string | null }>('SELECT boundary FROM centres WHERE id = ?');
  const holdsOfDispute = db.prepare<[number], { camera_id: number; from_ms: number; to_ms: number }>(
    'SELECT camera_id, from_ms, to_ms FROM recording_holds WHERE dispute_id = ? ORDER BY id',
  );

  // What "around events" keeps: incidents (with a place) and alerts (to a township or its villages) in a window.
  const incidentsIn = db.prepare<[number, number], { reported_at: number; lat: number; lon: number }>(
    'SELECT reported_at, lat, lon FROM incidents WHERE reported_at BETWEEN ? AND ?',
  );
  const alertsIn = db.prepare<[number, number], { raised_at: number; township_id: number }>(
    `SELECT DISTINCT a.raised_at, COALESCE(CASE WHEN c.level = 'township' THEN c.id END, p.id) AS township_id
     FROM alerts a JOIN deliveries r ON r.kind = 'alert' AND r.item_id = a.id JOIN centres c ON c.id = r.centre_id LEFT JOIN centres p ON p.id = c.parent_id
     WHERE a.raised_at BETWEEN ? AND ?`,
  );

  const clipInsert = db.prepare(
    `INSERT INTO evidence_clips (incident_id, dispute_id, camera_id, camera_name, township_id, from_ms, to_ms, file, bytes, sha256, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const clipSelect = 'SELECT e.*, u.name AS by_name FROM evidence_clips e JOIN users u ON u.id = e.created_by';
  const clipsOf = db.prepare<[number], ClipRow>(`${clipSelect} WHERE e.incident_id = ? ORDER BY e.id`);
  const clipsOfDispute = db.prepare<[number], ClipRow>(`${clipSelect} WHERE e.dispute_id = ? ORDER BY e.id`);
  const clipOne = db.prepare<[number], ClipRow>(`${clipSelect} WHERE e.id = ?`);

  const toClip = (r: ClipRow): EvidenceClip & { townshipId: number; file: string } => ({
    id: r.id, incidentId: r.incident_id, disputeId: r.dispute_id, cameraId: r.camera_id, cameraName: r.camera_name, from: r.from_ms, to: r.to_ms, bytes: r.bytes,
    sha256: r.sha256, createdAt: r.created_at, createdBy: { id: r.created_by, name: r.by_name }, townshipId: r.township_id, file: r.file,
  });

  return {
    policies: () => policies.all().map(toPolicy),
    policy: (cameraId: number) => {
      const r = policy.get(cameraId);
      return r ? toPolicy(r) : null;
    },
    savePolicy(p: RecordingPolicy, now: number, by: number): void {
      putPolicy.run(p.cameraId, p.mode, p.beforeMin, p.afterMin, p.retentionDays, now, by);
    },
    insertSegment(s: { cameraId: number; startMs: number; endMs: number; mediaMs: number; file: string; bytes: number }): void {
      insertSeg.run(s.cameraId, s.startMs, s.endMs, s.mediaMs, s.file, s.bytes);
    },
    segmentsIn: (cameraId: number, from: number, to: number) => segsIn.all(cameraId, from, to),
    segmentsOf: (cameraId: number) => ofCamera.all(cameraId),
    segment: (id: number) => seg.get(id) ?? null,
    known: () => new Map(allKnown.all().map((r) => [r.file, { startMs: r.start_ms, endMs: r.end_ms }])),
    oldestFirst: () => oldestFirst.all(),
    deleteSegment: (id: number) => delSeg.run(id),
    totals: () => totals.all(),
    totalBytes: () => totalBytes.get()?.b ?? 0,
    hold(incidentId: number, cameraId: number, from: number, to: number, now: number): void {
      addHold.run(incidentId, cameraId, from, to, now);
    },
    holdForDispute(disputeId: number, cameraId: number, from: number, to: number, now: number): void {
      addDisputeHold.run(disputeId, cameraId, from, to, now);
    },
    holdsOfDispute: (disputeId: number) => holdsOfDispute.all(disputeId),
    incidentPlace: (id: number) => incidentPlace.get(id),
    centreBoundary: (id: number) => centreBoundary.get(id)?.boundary,
    openHolds: () => openHolds.all(),
    incidentsIn: (from: number, to: number) => incidentsIn.all(from, to),
    alertsIn: (from: number, to: number) => alertsIn.all(from, to),
    /** A clip with its one owner (the table's CHECK refuses none or both). */
    insertClip(c: { owner: ClipOwner; cameraId: number; cameraName: string; townshipId: number; from: number; to: number; file: string; bytes: number; sha256: string; createdAt: number; createdBy: number }): number {
      const incidentId = c.owner.type === 'incident' ? c.owner.id : null;
      const disputeId = c.owner.type === 'dispute' ? c.owner.id : null;
      return Number(clipInsert.run(incidentId, disputeId, c.cameraId, c.cameraName, c.townshipId, c.from, c.to, c.file, c.bytes, c.sha256, c.createdAt, c.createdBy).lastInsertRowid);
    },
    clipsOf: (owner: ClipOwner) => (owner.type === 'incident' ? clipsOf : clipsOfDispute).all(owner.id).map(toClip),
    clip: (id: number) => {
      const r = clipOne.get(id);
      return r ? toClip(r) : null;
    },
  };
}
export type RecordingStore = ReturnType<typeof createRecordingStore>;
