// The video wall's rules on plain values: who may watch and steer, which cameras a centre sees, and how each wall
// operation changes the wall. Pure: time and the camera facts come in as arguments.
import {
  LAYOUT_TILES, MAX_SCREENS,
  type ErrorCode, type PersonRef, type Role, type WallLayout, type WallPreset, type WallScreen, type WallState,
} from '../../protocol/index.ts';
import type { Actor } from './access.ts';
import { haversineM } from './geo.ts';

// ---- access ----

/** Everyone at a centre console watches; a grid member (field phone) does not. */
export function mayWatch(actor: Actor): ErrorCode | null {
  return actor.role === 'gridMember' ? 'FORBIDDEN_ROLE' : null;
}

const WALL_ROLES: readonly Role[] = ['dutyOfficer', 'commander', 'admin', 'townshipOperator', 'villageOperator'];

/** Steering a wall (layouts, 上墙, tours, presets): the console roles, each on its own centre's wall. */
export function maySteerWall(actor: Actor): ErrorCode | null {
  return WALL_ROLES.includes(actor.role) ? null : 'FORBIDDEN_ROLE';
}

/** The camera registry is the administrator's. */
export function mayManageCameras(actor: Actor): ErrorCode | null {
  if (actor.role !== 'admin') return 'FORBIDDEN_ROLE';
  return actor.centreLevel === 'county' ? null : 'FORBIDDEN_SCOPE';
}

/**
 * Which cameras a centre sees: the county all of them; a township those in its area; a village those of its
 * township (cameras are registered per township). `parentId` is the centre's parent (a village's township).
 */
export type CameraScope = { all: true } | { all: false; townshipId: number };

export function cameraScope(centre: { id: number; level: 'county' | 'township' | 'village' | 'department'; parentId: number | null }): CameraScope {
  // A department stationed at the centre watches the county's wall there.
  if (centre.level === 'county' || centre.level === 'department') return { all: true };
  if (centre.level === 'township') return { all: false, townshipId: centre.id };
  return { all: false, townshipId: centre.parentId ?? -1 };
}

export function inScope(scope: CameraScope, cameraTownshipId: number): boolean {
  return scope.all || scope.townshipId === cameraTownshipId;
}

// ---- the wall ----

export const DEFAULT_SCREENS = 2;
export const DEFAULT_LAYOUT: WallLayout = '4';

export function emptyScreen(layout: WallLayout = DEFAULT_LAYOUT): WallScreen {
  return { layout, tiles: Array.from({ length: LAYOUT_TILES[layout] }, () => null), tour: null };
}

export function defaultWall(centreId: number, now: number): WallState {
  return { centreId, version: 0, screens: Array.from({ length: DEFAULT_SCREENS }, () => emptyScreen()), updatedAt: now, updatedBy: null };
}

/** A wall operation after validation (protocol WallOp output), with pushNearest already resolved to camera ids. */
export type ResolvedWallOp =
  | { op: 'layout'; screen: number; layout: WallLayout }
  | { op: 'assign'; screen: number; tile: number; cameraId: number | null }
  | { op: 'swap'; screen: number; from: number; to: number }
  | { op: 'push'; screen: number; cameraIds: number[]; startTile?: number | undefined }
  | { op: 'clear'; screen: number }
  | { op: 'tour'; screen: number; tour: { cameraIds: number[]; intervalSec: number } | null }
  | { op: 'screens'; count: number }
  | { op: 'applyPreset'; screen: number; preset: WallPreset };

export interface WallContext {
  now: number;
  by: PersonRef;
  /** Null when the camera may go on this wall; otherwise why not (NOT_FOUND, FORBIDDEN_SCOPE). */
  checkCamera: (id: number) => ErrorCode | null;
}

export type WallResult = { ok: true; wall: WallState } | { ok: false; code: ErrorCode; details?: Record<string, string> };

function resize(tiles: readonly (number | null)[], n: number): (number | null)[] {
  return Array.from({ length: n }, (_, i) => tiles[i] ?? null);
}

export function applyWallOp(wall: WallState, op: ResolvedWallOp, ctx: WallContext): WallResult {
  const screens = wall.screens.map((s) => ({ ...s, tiles: resize(s.tiles, LAYOUT_TILES[s.layout]) }));
  const bad = (field: string): WallResult => ({ ok: false, code: 'WALL_BAD_TILE', details: { [field]: 'out of range' } });
  const check = (ids: readonly number[]): WallResult | null => {
    for (const id of ids) {
      const code = ctx.checkCamera(id);
      if (code) return { ok: false, code, details: { cameraId: String(id) } };
    }
    return null;
  };

  if (op.op === 'screens') {
    if (op.count < 1 || op.count > MAX_SCREENS) return bad('count');
    while (screens.length < op.count) screens.push(emptyScreen());
    screens.length = op.count;
    return done(wall, screens, ctx);
  }

  const screen = screens[op.screen];
  if (!screen) return bad('screen');
  const n = LAYOUT_TILES[screen.layout];

  switch (op.op) {
    case 'layout':
      screen.layout = op.layout;
      screen.tiles = resize(screen.tiles, LAYOUT_TILES[op.layout]);
      break;
    case 'assign': {
      if (op.tile >= n) return bad('tile');
      if (op.cameraId !== null) {
        const denied = check([op.cameraId]);
        if (denied) return denied;
      }
      screen.tiles[op.tile] = op.cameraId;
      screen.tour = null; // a hand-placed camera means "show me this", not the tour
      break;
    }
    case 'swap': {
      if (op.from >= n) return bad('from');
      if (op.to >= n) return bad('to');
      const a = screen.tiles[op.from] ?? null;
      screen.tiles[op.from] = screen.tiles[op.to] ?? null;
      screen.tiles[op.to] = a;
      break;
    }
    case 'push': {
      const denied = check(op.cameraIds);
      if (denied) return denied;
      if (op.startTile !== undefined && op.startTile >= n) return bad('startTile');
      // Cameras already on the screen stay where they are. The others go from startTile on, or else into the empty
      // tiles in order and, when none is left, over the tiles from the first one on.
      const fresh = [...new Set(op.cameraIds)].filter((id) => !screen.tiles.includes(id));
      let cursor = op.startTile ?? 0;
      for (const id of fresh) {
        const empty = op.startTile === undefined ? screen.tiles.indexOf(null) : -1;
        const at = empty >= 0 ? empty : cursor++;
        if (at >= n) break;
        screen.tiles[at] = id;
      }
      screen.tour = null;
      break;
    }
    case 'clear':
      screen.tiles = resize([], n);
      screen.tour = null;
      break;
    case 'tour': {
      if (op.tour) {
        const denied = check(op.tour.cameraIds);
        if (denied) return denied;
        screen.tour = { cameraIds: [...new Set(op.tour.cameraIds)], intervalSec: op.tour.intervalSec, startedAt: ctx.now };
      } else {
        screen.tour = null;
      }
      break;
    }
    case 'applyPreset': {
      const layout = op.preset.layout;
      // Cameras removed or out of scope since the preset was saved become empty tiles.
      const tiles = resize(op.preset.tiles, LAYOUT_TILES[layout]).map((id) => (id !== null && ctx.checkCamera(id) === null ? id : null));
      screens[op.screen] = { layout, tiles, tour: null };
      break;
    }
  }
  return done(wall, screens, ctx);
}

function done(wall: WallState, screens: WallScreen[], ctx: WallContext): WallResult {
  return { ok: true, wall: { ...wall, version: wall.version + 1, screens, updatedAt: ctx.now, updatedBy: ctx.by } };
}

/** The wall without a camera (it was deleted); null if the camera was not on it. */
export function withoutCamera(wall: WallState, cameraId: number, now: number): WallState | null {
  let touched = false;
  const screens = wall.screens.map((s) => {
    const tiles = s.tiles.map((id) => (id === cameraId ? ((touched = true), null) : id));
    let tour = s.tour;
    if (tour?.cameraIds.includes(cameraId)) {
      touched = true;
      const left = tour.cameraIds.filter((id) => id !== cameraId);
      tour = left.length ? { ...tour, cameraIds: left } : null;
    }
    return { ...s, tiles, tour };
  });
  return touched ? { ...wall, version: wall.version + 1, screens, updatedAt: now, updatedBy: null } : null;
}

/** The `count` cameras nearest to a place (within radiusM if given), nearest first. */
export function nearestCameras(
  cameras: readonly { id: number; lat: number; lng: number }[],
  at: { lat: number; lng: number },
  count: number,
  radiusM?: number,
): number[] {
  return cameras
    .map((c) => ({ id: c.id, d: haversineM([c.lng, c.lat], [at.lng, at.lat]) }))
    .filter((c) => radiusM === undefined || c.d <= radiusM)
    .sort((a, b) => a.d - b.d || a.id - b.id)
    .slice(0, count)
    .map((c) => c.id);
}
