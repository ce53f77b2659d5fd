// Cameras, walls, wall presets and snapshots. Writers run inside the caller's transaction.
import type { Camera, CameraAdminView, CameraHealth, CameraReason, CameraStatus, PersonRef, SnapshotSubject, Snapshot, WallLayout, WallPreset, WallScreen, WallState } from '../../protocol/index.ts';
import type { Db } from './db.ts';

interface CameraRow {
  id: number; name: string; gb_code: string | null; township_id: number; township_name: string; lat: number; lng: number;
  source_url: string; status: CameraStatus; status_reason: CameraReason | null; status_since: number | null; last_seen_at: number | null;
  onvif_url: string | null; sub_source_url: string | null; codec: string | null;
}

export interface CameraRecord {
  id: number; name: string; gbCode: string | null; townshipId: number; lat: number; lng: number; sourceUrl: string;
  subSourceUrl: string | null; onvifUrl: string | null;
}

const health = (r: CameraRow): CameraHealth => ({ status: r.status, reason: r.status_reason, since: r.status_since, lastSeenAt: r.last_seen_at });

/** The console's view: no source URL. */
export function toCamera(r: CameraRow): Camera {
  return {
    id: r.id, name: r.name, gbCode: r.gb_code, townshipId: r.township_id, townshipName: r.township_name, lat: r.lat, lng: r.lng,
    sourceKind: r.source_url.startsWith('rtsp:') ? 'rtsp' : r.source_url.startsWith('http') ? 'http' : 'rtmp', health: health(r),
    ptz: r.onvif_url !== null, hasSub: r.sub_source_url !== null, codec: r.codec,
  };
}

/** The administrator's view: host and port of the source only. */
export function toAdminView(r: CameraRow): CameraAdminView {
  let sourceHost = '';
  let hasCredentials = false;
  try {
    const u = new URL(r.source_url);
    sourceHost = u.host;
    hasCredentials = u.username !== '' || u.password !== '';
  } catch {
    /* stored URLs were validated */
  }
  return { ...toCamera(r), sourceHost, hasCredentials };
}

export function createVideoStore(db: Db) {
  const cameraSelect = `SELECT c.*, t.name AS township_name FROM cameras c JOIN centres t ON t.id = c.township_id`;
  const all = db.prepare<[], CameraRow>(`${cameraSelect} ORDER BY c.township_id, c.id`);
  const one = db.prepare<[number], CameraRow>(`${cameraSelect} WHERE c.id = ?`);
  const byGb = db.prepare<[string], { id: number }>('SELECT id FROM cameras WHERE gb_code = ?');
  const insert = db.prepare(
    'INSERT INTO cameras (name, gb_code, township_id, lat, lng, source_url, sub_source_url, onvif_url, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const update = db.prepare(
    'UPDATE cameras SET name = ?, gb_code = ?, township_id = ?, lat = ?, lng = ?, source_url = ?, sub_source_url = ?, onvif_url = ?, updated_at = ? WHERE id = ?',
  );
  const setCodec = db.prepare('UPDATE cameras SET codec = ? WHERE id = ? AND codec IS NOT ?');
  const remove = db.prepare('DELETE FROM cameras WHERE id = ?');
  const setHealth = db.prepare('UPDATE cameras SET status = ?, status_reason = ?, status_since = ?, last_seen_at = ? WHERE id = ?');
  const sources = db.prepare<[], { id: number; source_url: string; sub_source_url: string | null; onvif_url: string | null }>(
    'SELECT id, source_url, sub_source_url, onvif_url FROM cameras',
  );

  const wallGet = db.prepare<[number], { centre_id: number; version: number; screens: string; updated_at: number; updated_by: number | null; by_name: string | null }>(
    'SELECT w.*, u.name AS by_name FROM walls w LEFT JOIN users u ON u.id = w.updated_by WHERE w.centre_id = ?',
  );
  const wallIds = db.prepare<[], { centre_id: number }>('SELECT centre_id FROM walls');
  const wallPut = db.prepare(
    `INSERT INTO walls (centre_id, version, screens, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(centre_id) DO UPDATE SET version = excluded.version, screens = excluded.screens, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );

  const presetSelect = 'SELECT p.*, u.name AS by_name FROM wall_presets p JOIN users u ON u.id = p.created_by';
  type PresetRow = { id: number; centre_id: number; name: string; layout: WallLayout; tiles: string; created_at: number; created_by: number; by_name: string };
  const presets = db.prepare<[number], PresetRow>(`${presetSelect} WHERE p.centre_id = ? ORDER BY p.name`);
  const preset = db.prepare<[number], PresetRow>(`${presetSelect} WHERE p.id = ?`);
  const presetByName = db.prepare<[number, string], { id: number }>('SELECT id FROM wall_presets WHERE centre_id = ? AND name = ?');
  const presetInsert = db.prepare('INSERT INTO wall_presets (centre_id, name, layout, tiles, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)');
  const presetUpdate = db.prepare('UPDATE wall_presets SET layout = ?, tiles = ?, created_at = ?, created_by = ? WHERE id = ?');
  const presetDelete = db.prepare('DELETE FROM wall_presets WHERE id = ?');
  const presetsAll = db.prepare<[], { id: number; tiles: string }>('SELECT id, tiles FROM wall_presets');
  const presetTiles = db.prepare('UPDATE wall_presets SET tiles = ? WHERE id = ?');

  const snapInsert = db.prepare(
    'INSERT INTO snapshots (subject_type, subject_id, camera_id, camera_name, township_id, taken_at, taken_by, jpeg, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  type SnapRow = { id: number; subject_type: SnapshotSubject; subject_id: number; camera_id: number; camera_name: string; township_id: number; taken_at: number; taken_by: number; by_name: string; bytes: number };
  const snapSelect = `SELECT s.id, s.subject_type, s.subject_id, s.camera_id, s.camera_name, s.township_id, s.taken_at, s.taken_by, u.name AS by_name, length(s.jpeg) AS bytes
    FROM snapshots s JOIN users u ON u.id = s.taken_by`;
  const snapsOf = db.prepare<[string, number], SnapRow>(`${snapSelect} WHERE s.subject_type = ? AND s.subject_id = ? ORDER BY s.id`);
  const snapOne = db.prepare<[number], SnapRow>(`${snapSelect} WHERE s.id = ?`);
  const snapJpeg = db.prepare<[number], { jpeg: Buffer }>('SELECT jpeg FROM snapshots WHERE id = ?');

  const toPreset = (r: PresetRow): WallPreset => ({
    id: r.id, name: r.name, layout: r.layout, tiles: JSON.parse(r.tiles) as (number | null)[], createdAt: r.created_at, createdBy: { id: r.created_by, name: r.by_name },
  });
  const toSnapshot = (r: SnapRow): Snapshot & { townshipId: number } => ({
    id: r.id, cameraId: r.camera_id, cameraName: r.camera_name, subjectType: r.subject_type, subjectId: r.subject_id, takenAt: r.taken_at,
    takenBy: { id: r.taken_by, name: r.by_name }, bytes: r.bytes, townshipId: r.township_id,
  });

  return {
    cameraRows: () => all.all(),
    cameraRow: (id: number) => one.get(id) ?? null,
    cameraIdByGbCode: (code: string) => byGb.get(code)?.id ?? null,
    sources: () => sources.all().map((r) => ({ id: r.id, sourceUrl: r.source_url, subSourceUrl: r.sub_source_url, onvifUrl: r.onvif_url })),
    insertCamera(c: Omit<CameraRecord, 'id'>, now: number): number {
      return Number(insert.run(c.name, c.gbCode, c.townshipId, c.lat, c.lng, c.sourceUrl, c.subSourceUrl, c.onvifUrl, now, now).lastInsertRowid);
    },
    updateCamera(c: CameraRecord, now: number): void {
      update.run(c.name, c.gbCode, c.townshipId, c.lat, c.lng, c.sourceUrl, c.subSourceUrl, c.onvifUrl, now, c.id);
    },
    /** True when the codec changed. */
    saveCodec: (id: number, codec: string) => setCodec.run(codec, id, codec).changes > 0,
    deleteCamera(id: number): void {
      remove.run(id);
    },
    saveHealth(id: number, h: CameraHealth): void {
      setHealth.run(h.status, h.reason, h.since, h.lastSeenAt, id);
    },

    wall(centreId: number): WallState | null {
      const r = wallGet.get(centreId);
      if (!r) return null;
      return {
        centreId: r.centre_id, version: r.version, screens: JSON.parse(r.screens) as WallScreen[], updatedAt: r.updated_at,
        updatedBy: r.updated_by === null ? null : ({ id: r.updated_by, name: r.by_name ?? '' } satisfies PersonRef),
      };
    },
    wallCentres: () => wallIds.all().map((r) => r.centre_id),
    saveWall(w: WallState): void {
      wallPut.run(w.centreId, w.version, JSON.stringify(w.screens), w.updatedAt, w.updatedBy?.id ?? null);
    },

    presets: (centreId: number) => presets.all(centreId).map(toPreset),
    preset(id: number): (WallPreset & { centreId: number }) | null {
      const r = preset.get(id);
      return r ? { ...toPreset(r), centreId: r.centre_id } : null;
    },
    /** Saving under an existing name replaces that preset. */
    savePreset(centreId: number, name: string, layout: WallLayout, tiles: (number | null)[], now: number, by: number): number {
      const existing = presetByName.get(centreId, name);
      if (existing) {
        presetUpdate.run(layout, JSON.stringify(tiles), now, by, existing.id);
        return existing.id;
      }
      return Number(presetInsert.run(centreId, name, layout, JSON.stringify(tiles), now, by).lastInsertRowid);
    },
    deletePreset: (id: number) => presetDelete.run(id),
    /** Removes a deleted camera from every preset. */
    dropFromPresets(cameraId: number): void {
      for (const p of presetsAll.all()) {
        const tiles = JSON.parse(p.tiles) as (number | null)[];
        if (tiles.includes(cameraId)) presetTiles.run(JSON.stringify(tiles.map((t) => (t === cameraId ? null : t))), p.id);
      }
    },

    insertSnapshot(s: { subjectType: SnapshotSubject; subjectId: number; cameraId: number; cameraName: string; townshipId: number; takenAt: number; takenBy: number; jpeg: Buffer; sha256: string }): number {
      return Number(snapInsert.run(s.subjectType, s.subjectId, s.cameraId, s.cameraName, s.townshipId, s.takenAt, s.takenBy, s.jpeg, s.sha256).lastInsertRowid);
    },
    snapshots: (type: SnapshotSubject, id: number) => snapsOf.all(type, id).map(toSnapshot),
    snapshot: (id: number) => {
      const r = snapOne.get(id);
      return r ? toSnapshot(r) : null;
    },
    snapshotJpeg: (id: number) => snapJpeg.get(id)?.jpeg ?? null,
  };
}
export type VideoStore = ReturnType<typeof createVideoStore>;
