// The video desk: the camera registry, each centre's wall, presets and snapshots.
// Each change is one transaction that writes the change and its ledger entry; it returns the effects (walls to push,
// cameras to push, sources for the media service), which the caller applies only after the commit.
import {
  CameraInput, CameraPatch, LAYOUT_TILES, WallLayout, WallOp, type WallOpResult,
  type Camera, type CameraAdminView, type CameraHealth, type CameraImportResult, type CameraImportRow, type ErrorCode, type PersonRef,
  type SnapshotSubject, type Snapshot, type StreamVariant, type WallPreset, type WallState,
} from '../../protocol/index.ts';
import { chooseStream, type PlayedStream } from '../domain/streams.ts';
import type { z } from 'zod';
import type { Actor } from '../domain/access.ts';
import { parseCameraCsv } from '../domain/cameraCsv.ts';
import {
  applyWallOp, cameraScope, defaultWall, inScope, mayManageCameras, maySteerWall, mayWatch, nearestCameras, withoutCamera,
  type CameraScope, type ResolvedWallOp,
} from '../domain/wall.ts';
import type { Db } from '../store/db.ts';
import type { Directory } from '../store/directory.ts';
import type { Ledger } from '../store/ledger.ts';
import { createVideoStore, toAdminView, toCamera, type CameraRecord } from '../store/video.ts';
import { sha256 } from '../store/photoFiles.ts';

/** What the media service needs of a camera: its streams and, for a dome camera, its ONVIF address. */
export interface CameraSource { id: number; sourceUrl: string; subSourceUrl: string | null; onvifUrl: string | null }
const sourceOf = (id: number, r: Omit<CameraRecord, 'id'>): CameraSource => ({ id, sourceUrl: r.sourceUrl, subSourceUrl: r.subSourceUrl, onvifUrl: r.onvifUrl });

export interface VideoEffects {
  walls: WallState[];
  presets: { centreId: number; presets: WallPreset[] }[];
  cameras: Camera[];
  removedCameras: { id: number; townshipId: number }[];
  sources: CameraSource[];
  removedSources: number[];
}
const noEffects = (): VideoEffects => ({ walls: [], presets: [], cameras: [], removedCameras: [], sources: [], removedSources: [] });

export type VideoResult<T> = { ok: true; value: T; effects: VideoEffects } | { ok: false; code: ErrorCode; details?: Record<string, string> };

type WallOpIn = z.output<typeof WallOp>;

export function createVideoDesk(db: Db, ledger: Ledger, directory: Directory) {
  const store = createVideoStore(db);
  let centres = new Map(directory.centres().map((c) => [c.id, c]));
  const townships = () => [...centres.values()].filter((c) => c.level === 'township');

  const scopeOf = (centreId: number): CameraScope => {
    const c = centres.get(centreId);
    return c ? cameraScope(c) : { all: false, townshipId: -1 };
  };
  const camerasFor = (centreId: number): Camera[] => {
    const scope = scopeOf(centreId);
    return store.cameraRows().filter((r) => inScope(scope, r.township_id)).map(toCamera);
  };
  const wallOf = (centreId: number, now: number): WallState => store.wall(centreId) ?? defaultWall(centreId, now);
  const person = (actor: Actor): PersonRef => ({ id: actor.id, name: directory.user(actor.id)?.name ?? String(actor.id) });

  /** Removes a camera from every wall and preset; returns the walls that changed. */
  const dropEverywhere = (cameraId: number, now: number, effects: VideoEffects) => {
    for (const centreId of store.wallCentres()) {
      const w = store.wall(centreId);
      const next = w && withoutCamera(w, cameraId, now);
      if (next) {
        store.saveWall(next);
        effects.walls.push(next);
      }
    }
    store.dropFromPresets(cameraId);
  };

  const validateRecord = (input: z.output<typeof CameraInput>, selfId: number | null): { ok: true; record: Omit<CameraRecord, 'id'> } | { ok: false; code: ErrorCode; details: Record<string, string> } => {
    const t = centres.get(input.townshipId);
    if (!t || t.level !== 'township') return { ok: false, code: 'VALIDATION_FAILED', details: { townshipId: '乡镇不存在 / no such township' } };
    if (input.gbCode) {
      const other = store.cameraIdByGbCode(input.gbCode);
      if (other !== null && other !== selfId) return { ok: false, code: 'CAMERA_DUPLICATE', details: { gbCode: input.gbCode } };
    }
    return {
      ok: true,
      record: {
        name: input.name, gbCode: input.gbCode ?? null, townshipId: input.townshipId, lat: input.lat, lng: input.lng, sourceUrl: input.sourceUrl,
        subSourceUrl: input.subSourceUrl ?? null, onvifUrl: input.onvifUrl ?? null,
      },
    };
  };

  const create = db.transaction((actor: Actor, input: z.output<typeof CameraInput>, now: number): VideoResult<{ camera: CameraAdminView }> => {
    const denied = mayManageCameras(actor);
    if (denied) return { ok: false, code: denied };
    const v = validateRecord(input, null);
    if (!v.ok) return v;
    const id = store.insertCamera(v.record, now);
    ledger.append(now, actor.id, 'camera.create', `camera:${id}`, { name: v.record.name, gbCode: v.record.gbCode, townshipId: v.record.townshipId });
    const row = store.cameraRow(id)!;
    const effects = noEffects();
    effects.cameras.push(toCamera(row));
    effects.sources.push(sourceOf(id, v.record));
    return { ok: true, value: { camera: toAdminView(row) }, effects };
  });

  const update = db.transaction((actor: Actor, id: number, patch: z.output<typeof CameraPatch>, now: number): VideoResult<{ camera: CameraAdminView }> => {
    const denied = mayManageCameras(actor);
    if (denied) return { ok: false, code: denied };
    const row = store.cameraRow(id);
    if (!row) return { ok: false, code: 'NOT_FOUND' };
    const merged = {
      name: patch.name ?? row.name,
      gbCode: patch.gbCode === undefined ? row.gb_code : patch.gbCode,
      townshipId: patch.townshipId ?? row.township_id,
      lat: patch.lat ?? row.lat,
      lng: patch.lng ?? row.lng,
      sourceUrl: patch.sourceUrl ?? row.source_url,
      subSourceUrl: patch.subSourceUrl === undefined ? row.sub_source_url : patch.subSourceUrl,
      onvifUrl: patch.onvifUrl === undefined ? row.onvif_url : patch.onvifUrl,
    };
    const v = validateRecord(merged, id);
    if (!v.ok) return v;
    store.updateCamera({ id, ...v.record }, now);
    // Addresses may hold credentials: the ledger says that they changed, not what they are.
    const secret = ['sourceUrl', 'subSourceUrl', 'onvifUrl'];
    const changed = Object.keys(patch).filter((k) => !secret.includes(k));
    const sourceChanged = patch.sourceUrl !== undefined;
    const streamsChanged = sourceChanged || patch.subSourceUrl !== undefined || patch.onvifUrl !== undefined;
    ledger.append(now, actor.id, 'camera.update', `camera:${id}`, {
      fields: changed, sourceChanged, ...(patch.subSourceUrl !== undefined ? { subSourceChanged: true } : {}), ...(patch.onvifUrl !== undefined ? { onvifChanged: true } : {}),
    });
    const next = store.cameraRow(id)!;
    const effects = noEffects();
    effects.cameras.push(toCamera(next));
    if (row.township_id !== next.township_id) {
      // Consoles of the old township lose it: tell them, and take it off walls that may no longer show it.
      effects.removedCameras.push({ id, townshipId: row.township_id });
      for (const centreId of store.wallCentres()) {
        const w = store.wall(centreId);
        if (!w || inScope(scopeOf(centreId), next.township_id)) continue;
        const without = withoutCamera(w, id, now);
        if (without) {
          store.saveWall(without);
          effects.walls.push(without);
        }
      }
    }
    if (streamsChanged) effects.sources.push(sourceOf(id, v.record));
    return { ok: true, value: { camera: toAdminView(next) }, effects };
  });

  const remove = db.transaction((actor: Actor, id: number, now: number): VideoResult<null> => {
    const denied = mayManageCameras(actor);
    if (denied) return { ok: false, code: denied };
    const row = store.cameraRow(id);
    if (!row) return { ok: false, code: 'NOT_FOUND' };
    const effects = noEffects();
    dropEverywhere(id, now, effects);
    store.deleteCamera(id);
    ledger.append(now, actor.id, 'camera.delete', `camera:${id}`, { name: row.name, gbCode: row.gb_code });
    effects.removedCameras.push({ id, townshipId: row.township_id });
    effects.removedSources.push(id);
    return { ok: true, value: null, effects };
  });

  /** All or nothing: every row is checked; if any is wrong nothing is imported and each bad row says why. */
  const importCsv = db.transaction((actor: Actor, text: string, now: number): VideoResult<CameraImportResult> => {
    const denied = mayManageCameras(actor);
    if (denied) return { ok: false, code: denied };
    const parsed = parseCameraCsv(text);
    if (!parsed.ok) return { ok: false, code: 'CAMERA_IMPORT_INVALID', details: { file: parsed.error } };
    const byName = new Map<string, number>();
    for (const t of townships()) {
      byName.set(t.name, t.id);
      byName.set(t.code, t.id);
    }
    const rows: CameraImportRow[] = [];
    const records: Omit<CameraRecord, 'id'>[] = [];
    const seenGb = new Map<string, number>();
    for (const { line, fields } of parsed.rows) {
      const errors: Record<string, string> = {};
      const townshipId = byName.get(fields.township ?? '');
      if (townshipId === undefined) errors.township = `乡镇「${fields.township ?? ''}」不存在 / unknown township`;
      const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? Number.NaN : Number(s));
      const candidate = {
        name: fields.name ?? '',
        gbCode: fields.gbCode ? fields.gbCode : null,
        townshipId: townshipId ?? 0,
        lat: num(fields.lat),
        lng: num(fields.lng),
        sourceUrl: fields.sourceUrl ?? '',
      };
      const result = CameraInput.safeParse(candidate);
      if (!result.success) {
        for (const issue of result.error.issues) {
          const key = String(issue.path[0] ?? 'row');
          if (key === 'townshipId') continue; // reported above by name
          errors[key] ??= Number.isNaN(candidate[key as 'lat']) ? '应为数字 / must be a number' : issue.message;
        }
      }
      if (candidate.gbCode) {
        const firstLine = seenGb.get(candidate.gbCode);
        if (firstLine !== undefined) errors.gbCode = `与第 ${firstLine} 行重复 / same as line ${firstLine}`;
        else if (store.cameraIdByGbCode(candidate.gbCode) !== null) errors.gbCode = '已被其他摄像机使用 / already registered';
        seenGb.set(candidate.gbCode, line);
      }
      if (Object.keys(errors).length || !result.success) {
        rows.push({ line, ok: false, errors });
        continue;
      }
      rows.push({ line, ok: true });
      records.push({ ...result.data, gbCode: result.data.gbCode ?? null, subSourceUrl: result.data.subSourceUrl ?? null, onvifUrl: result.data.onvifUrl ?? null });
    }
    if (rows.some((r) => !r.ok)) return { ok: false, code: 'CAMERA_IMPORT_INVALID', details: Object.fromEntries(rows.filter((r) => !r.ok).map((r) => [`line ${r.line}`, Object.entries(r.errors ?? {}).map(([k, v]) => `${k}: ${v}`).join('; ')])) };
    const effects = noEffects();
    for (const rec of records) {
      const id = store.insertCamera(rec, now);
      effects.cameras.push(toCamera(store.cameraRow(id)!));
      effects.sources.push(sourceOf(id, rec));
    }
    ledger.append(now, actor.id, 'camera.import', 'cameras', { imported: records.length, ids: effects.sources.map((s) => s.id) });
    return { ok: true, value: { imported: records.length, rows }, effects };
  });

  const wallOp = db.transaction((actor: Actor, op: WallOpIn, now: number): VideoResult<WallOpResult> => {
    const denied = maySteerWall(actor);
    if (denied) return { ok: false, code: denied };
    const scope = scopeOf(actor.centreId);
    const rows = new Map(store.cameraRows().map((r) => [r.id, r]));
    const checkCamera = (id: number): ErrorCode | null => {
      const r = rows.get(id);
      if (!r) return 'NOT_FOUND';
      return inScope(scope, r.township_id) ? null : 'FORBIDDEN_SCOPE';
    };
    let resolved: ResolvedWallOp;
    if (op.op === 'pushNearest') {
      const visible = [...rows.values()].filter((r) => inScope(scope, r.township_id));
      const ids = nearestCameras(visible, { lat: op.lat, lng: op.lng }, op.count, op.radiusM);
      if (!ids.length) return { ok: false, code: 'NOT_FOUND', details: { cameras: '附近没有摄像机 / no camera nearby' } };
      resolved = { op: 'push', screen: op.screen, cameraIds: ids, startTile: op.startTile, auto: true };
    } else if (op.op === 'applyPreset') {
      const preset = store.preset(op.presetId);
      if (!preset) return { ok: false, code: 'NOT_FOUND' };
      if (preset.centreId !== actor.centreId) return { ok: false, code: 'FORBIDDEN_SCOPE' };
      resolved = { op: 'applyPreset', screen: op.screen, preset };
    } else {
      resolved = op;
    }
    const result = applyWallOp(wallOf(actor.centreId, now), resolved, { now, by: person(actor), checkCamera });
    if (!result.ok) return result;
    store.saveWall(result.wall);
    ledger.append(now, actor.id, `wall.${op.op}`, `wall:${actor.centreId}`, result.replaced.length ? { ...op, replaced: result.replaced } : op);
    const effects = noEffects();
    effects.walls.push(result.wall);
    return { ok: true, value: { wall: result.wall, replaced: result.replaced }, effects };
  });

  /** The host's 上墙 of a meeting participant onto its own centre's wall, or the meeting off it (see applyWallOp). */
  const wallMeet = db.transaction(
    (actor: Actor, op: Extract<ResolvedWallOp, { op: 'meetPut' | 'meetTake' }>, now: number): VideoResult<{ wall: WallState; placed: { screen: number; tile: number } | null; tourStopped: boolean }> => {
      const denied = maySteerWall(actor);
      if (denied) return { ok: false, code: denied };
      const result = applyWallOp(wallOf(actor.centreId, now), op, { now, by: person(actor), checkCamera: () => 'NOT_FOUND' });
      if (!result.ok) return result;
      store.saveWall(result.wall);
      ledger.append(now, actor.id, `wall.${op.op}`, `wall:${actor.centreId}`, {
        ...op, ...(result.placedAt ? { placed: result.placedAt } : {}), ...(result.replaced.length ? { replaced: result.replaced } : {}),
        ...(result.tourStopped && result.placedAt ? { tourStopped: result.placedAt.screen } : {}),
      });
      const effects = noEffects();
      effects.walls.push(result.wall);
      return { ok: true, value: { wall: result.wall, placed: result.placedAt ?? null, tourStopped: result.tourStopped ?? false }, effects };
    },
  );

  /** A meeting ended: the system takes its tile off the host unit's wall (nothing happens when it has none). */
  const wallMeetEnded = db.transaction((centreId: number, meetingId: number, now: number): VideoEffects | null => {
    const w = store.wall(centreId);
    if (!w?.screens.some((s) => s.meet?.some((m) => m?.meetingId === meetingId))) return null;
    const result = applyWallOp(w, { op: 'meetTake', meetingId }, { now, by: null, checkCamera: () => 'NOT_FOUND' });
    if (!result.ok) return null;
    store.saveWall(result.wall);
    ledger.append(now, null, 'wall.meetTake', `wall:${centreId}`, { op: 'meetTake', meetingId, reason: 'ended' });
    const effects = noEffects();
    effects.walls.push(result.wall);
    return effects;
  });

  const savePreset = db.transaction((actor: Actor, name: string, screen: number, now: number): VideoResult<{ preset: WallPreset }> => {
    const denied = maySteerWall(actor);
    if (denied) return { ok: false, code: denied };
    const s = wallOf(actor.centreId, now).screens[screen];
    if (!s) return { ok: false, code: 'WALL_BAD_TILE', details: { screen: 'out of range' } };
    const tiles = s.tiles.slice(0, LAYOUT_TILES[s.layout]); // what the screen shows, not the tiles its layout hides
    const id = store.savePreset(actor.centreId, name, WallLayout.parse(s.layout), tiles, now, actor.id);
    ledger.append(now, actor.id, 'wall.preset.save', `wall:${actor.centreId}`, { presetId: id, name, layout: s.layout, tiles });
    const effects = noEffects();
    effects.presets.push({ centreId: actor.centreId, presets: store.presets(actor.centreId) });
    return { ok: true, value: { preset: store.preset(id)! }, effects };
  });

  const deletePreset = db.transaction((actor: Actor, presetId: number, now: number): VideoResult<null> => {
    const denied = maySteerWall(actor);
    if (denied) return { ok: false, code: denied };
    const p = store.preset(presetId);
    if (!p) return { ok: false, code: 'NOT_FOUND' };
    if (p.centreId !== actor.centreId) return { ok: false, code: 'FORBIDDEN_SCOPE' };
    store.deletePreset(presetId);
    ledger.append(now, actor.id, 'wall.preset.delete', `wall:${actor.centreId}`, { presetId, name: p.name });
    const effects = noEffects();
    effects.presets.push({ centreId: actor.centreId, presets: store.presets(actor.centreId) });
    return { ok: true, value: null, effects };
  });

  const recordSnapshot = db.transaction(
    (actor: Actor, cameraId: number, subject: { subjectType: SnapshotSubject; subjectId: number }, jpeg: Buffer, now: number): VideoResult<{ snapshot: Snapshot }> => {
      const row = store.cameraRow(cameraId);
      if (!row) return { ok: false, code: 'NOT_FOUND' };
      const hash = sha256(jpeg);
      const id = store.insertSnapshot({ ...subject, cameraId, cameraName: row.name, townshipId: row.township_id, takenAt: now, takenBy: actor.id, jpeg, sha256: hash });
      // The hash in the chained ledger too: a snapshot row rewritten together with its own hash still shows.
      ledger.append(now, actor.id, 'snapshot.take', `${subject.subjectType}:${subject.subjectId}`, { snapshotId: id, cameraId, bytes: jpeg.length, sha256: hash });
      const { townshipId: _t, ...snapshot } = store.snapshot(id)!;
      return { ok: true, value: { snapshot }, effects: noEffects() };
    },
  );

  return {
    reloadCentres(): void {
      centres = new Map(directory.centres().map((c) => [c.id, c]));
    },
    scopeOf,
    /** The township a camera belongs to (for routing its events), or null if unknown. */
    cameraTownship(id: number): number | null {
      return store.cameraRow(id)?.township_id ?? null;
    },
    sources: () => store.sources(),
    initialHealth(): Map<number, CameraHealth> {
      return new Map(store.cameraRows().map((r) => [r.id, toCamera(r).health]));
    },
    /** Whether `actor` may watch this camera: null if yes, else why not. */
    mayWatchCamera(actor: Actor, cameraId: number): ErrorCode | null {
      const denied = mayWatch(actor);
      if (denied) return denied;
      const row = store.cameraRow(cameraId);
      if (!row) return 'NOT_FOUND';
      return inScope(scopeOf(actor.centreId), row.township_id) ? null : 'FORBIDDEN_SCOPE';
    },
    cameras(actor: Actor): VideoResult<Camera[]> {
      const denied = mayWatch(actor);
      if (denied) return { ok: false, code: denied };
      return { ok: true, value: camerasFor(actor.centreId), effects: noEffects() };
    },
    adminCameras(actor: Actor): VideoResult<CameraAdminView[]> {
      const denied = mayManageCameras(actor);
      if (denied) return { ok: false, code: denied };
      return { ok: true, value: store.cameraRows().map(toAdminView), effects: noEffects() };
    },
    wallSync(actor: Actor, now: number): VideoResult<{ wall: WallState; presets: WallPreset[]; cameras: Camera[] }> {
      const denied = mayWatch(actor);
      if (denied) return { ok: false, code: denied };
      return { ok: true, value: { wall: wallOf(actor.centreId, now), presets: store.presets(actor.centreId), cameras: camerasFor(actor.centreId) }, effects: noEffects() };
    },
    createCamera: (actor: Actor, input: z.output<typeof CameraInput>, now: number) => create(actor, input, now),
    updateCamera: (actor: Actor, id: number, patch: z.output<typeof CameraPatch>, now: number) => update(actor, id, patch, now),
    deleteCamera: (actor: Actor, id: number, now: number) => remove(actor, id, now),
    importCsv: (actor: Actor, text: string, now: number) => importCsv(actor, text, now),
    wallOp: (actor: Actor, op: WallOpIn, now: number) => wallOp(actor, op, now),
    wallMeet: (actor: Actor, op: Extract<ResolvedWallOp, { op: 'meetPut' | 'meetTake' }>, now: number) => wallMeet(actor, op, now),
    wallMeetEnded: (centreId: number, meetingId: number, now: number) => wallMeetEnded(centreId, meetingId, now),
    /** Whose video of this meeting a centre's wall shows (its tile may be hidden by a smaller layout), or null. */
    meetOnWall(centreId: number, meetingId: number): number | null {
      for (const s of store.wall(centreId)?.screens ?? []) {
        const m = s.meet?.find((x) => x?.meetingId === meetingId);
        if (m) return m.userId;
      }
      return null;
    },
    savePreset: (actor: Actor, name: string, screen: number, now: number) => savePreset(actor, name, screen, now),
    deletePreset: (actor: Actor, presetId: number, now: number) => deletePreset(actor, presetId, now),
    recordSnapshot: (actor: Actor, cameraId: number, subject: { subjectType: SnapshotSubject; subjectId: number }, jpeg: Buffer, now: number) =>
      recordSnapshot(actor, cameraId, subject, jpeg, now),
    /** Snapshots of a subject that this actor may see (those from cameras in its scope). */
    snapshots(actor: Actor, type: SnapshotSubject, id: number): VideoResult<Snapshot[]> {
      const denied = mayWatch(actor);
      if (denied) return { ok: false, code: denied };
      const scope = scopeOf(actor.centreId);
      return { ok: true, value: store.snapshots(type, id).filter((s) => inScope(scope, s.townshipId)).map(({ townshipId: _t, ...s }) => s), effects: noEffects() };
    },
    snapshotJpeg(actor: Actor, id: number): { ok: true; jpeg: Buffer; subjectType: SnapshotSubject; subjectId: number } | { ok: false; code: ErrorCode } {
      const denied = mayWatch(actor);
      if (denied) return { ok: false, code: denied };
      const s = store.snapshot(id);
      if (!s) return { ok: false, code: 'NOT_FOUND' };
      if (!inScope(scopeOf(actor.centreId), s.townshipId)) return { ok: false, code: 'FORBIDDEN_SCOPE' };
      return { ok: true, jpeg: store.snapshotJpeg(id)!, subjectType: s.subjectType, subjectId: s.subjectId };
    },
    /** The media service found what the camera sends: store it; the consoles' camera when it changed. */
    codecSeen(id: number, codec: string): VideoEffects | null {
      if (!store.cameraRow(id) || !store.saveCodec(id, codec)) return null;
      const effects = noEffects();
      effects.cameras.push(toCamera(store.cameraRow(id)!));
      return effects;
    },
    /** What the camera plays for a tile that wants `wanted` (see domain/streams.ts). */
    streamFor(id: number, wanted: StreamVariant, consoleHevc: boolean, media: { hevcPassthrough: boolean; hasSub(id: number): boolean }): PlayedStream {
      const row = store.cameraRow(id);
      return chooseStream({ wanted, hasSub: media.hasSub(id), codec: row?.codec ?? null, consoleHevc, hevcPassthrough: media.hevcPassthrough });
    },
    /** Persists a health change reported by the media service (not a human action: no ledger entry). */
    saveHealth(id: number, health: CameraHealth): void {
      if (store.cameraRow(id)) store.saveHealth(id, health);
    },
    store,
  };
}
export type VideoDesk = ReturnType<typeof createVideoDesk>;
