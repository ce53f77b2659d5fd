// The video wall's rules on plain values: who may watch and steer, which cameras a centre sees, and how each wall
// operation changes the wall. Pure: time and the camera facts come in as arguments.
import {
  LAYOUT_TILES, MAX_SCREENS,
  type ErrorCode, type PersonRef, type ReplacedTile, type Role, type TilePlacement, type WallLayout, type WallPreset, type WallScreen,
  type WallMeetTile, type WallState,
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

export function emptyScreen(layout: WallLayout = DEFAULT_LAYOUT): WallScreen & { placed: (TilePlacement | null)[] } {
  const n = LAYOUT_TILES[layout];
  return { layout, tiles: Array.from({ length: n }, () => null), tour: null, placed: Array.from({ length: n }, () => null) };
}

export function defaultWall(centreId: number, now: number): WallState {
  return { centreId, version: 0, screens: Array.from({ length: DEFAULT_SCREENS }, () => emptyScreen()), updatedAt: now, updatedBy: null };
}

/** A wall operation after validation (protocol WallOp output), with pushNearest already resolved to camera ids. */
export type ResolvedWallOp =
  | { op: 'layout'; screen: number; layout: WallLayout }
  | { op: 'assign'; screen: number; tile: number; cameraId: number | null }
  | { op: 'swap'; screen: number; from: number; to: number }
  /** auto: placed by the system (an incident's nearest cameras), not picked by hand. */
  | { op: 'push'; screen: number; cameraIds: number[]; startTile?: number | undefined; selectedTile?: number | undefined; auto?: boolean }
  | { op: 'clear'; screen: number }
  | { op: 'tour'; screen: number; tour: { cameraIds: number[]; intervalSec: number } | null }
  | { op: 'screens'; count: number }
  | { op: 'applyPreset'; screen: number; preset: WallPreset }
  /**
   * The host's 上墙 of a meeting participant: onto `screen` (else the first screen with an empty tile, else screen 1),
   * over the tile the meeting already has there, else an empty tile, else the one tileToReplace picks. A meeting has
   * one tile on the wall: its tiles elsewhere are taken down.
   */
  | { op: 'meetPut'; screen?: number | undefined; meet: WallMeetTile }
  /** The meeting off the wall (every tile showing one of its participants). */
  | { op: 'meetTake'; meetingId: number };

export interface WallContext {
  now: number;
  by: PersonRef | null;
  /** Null when the camera may go on this wall; otherwise why not (NOT_FOUND, FORBIDDEN_SCOPE). */
  checkCamera: (id: number) => ErrorCode | null;
}

export type WallResult =
  | { ok: true; wall: WallState; replaced: ReplacedTile[]; placedAt?: { screen: number; tile: number }; tourStopped?: boolean }
  | { ok: false; code: ErrorCode; details?: Record<string, string> };

/** At least n entries: a screen's tiles past its layout are kept (hidden), never cut. */
function pad<T>(list: readonly (T | null)[], n: number): (T | null)[] {
  return Array.from({ length: Math.max(n, list.length) }, (_, i) => list[i] ?? null);
}

function resize<T>(list: readonly (T | null)[], n: number): (T | null)[] {
  return Array.from({ length: n }, (_, i) => list[i] ?? null);
}

/**
 * Which tile 上墙 replaces on a full screen: the selected tile, else the oldest automatic one, else the oldest placed
 * one. Tiles without a record count as oldest; on a tie the highest tile goes, since tile 1 is the main view (the big
 * one of 1+5 and 1+7). `taken` are tiles this operation already filled. Returns -1 when every tile is taken.
 */
export function tileToReplace(
  placed: readonly (TilePlacement | null | undefined)[],
  n: number,
  selected: number | undefined,
  taken: ReadonlySet<number>,
): number {
  if (selected !== undefined && selected < n && !taken.has(selected)) return selected;
  let best = -1;
  const key = (i: number) => placed[i]?.at ?? Number.NEGATIVE_INFINITY;
  for (const wantAuto of [true, false]) {
    for (let i = 0; i < n; i++) {
      if (taken.has(i) || (wantAuto && !placed[i]?.auto)) continue;
      if (best < 0 || key(i) <= key(best)) best = i;
    }
    if (best >= 0) return best;
  }
  return best;
}

export function applyWallOp(wall: WallState, op: ResolvedWallOp, ctx: WallContext): WallResult {
  const screens = wall.screens.map((s) => {
    const tiles = pad(s.tiles, LAYOUT_TILES[s.layout]);
    return { ...s, tiles, placed: resize(s.placed ?? [], tiles.length), meet: resize(s.meet ?? [], tiles.length) };
  });
  /** A tile with neither a camera nor a meeting participant. */
  const emptyAt = (s: (typeof screens)[number], n: number) => s.tiles.slice(0, n).findIndex((id, i) => id === null && !s.meet[i]);
  const replaced: ReplacedTile[] = [];
  const bad = (field: string): WallResult => ({ ok: false, code: 'WALL_BAD_TILE', details: { [field]: 'out of range' } });
  const check = (ids: readonly number[]): WallResult | null => {
    for (const id of ids) {
      const code = ctx.checkCamera(id);
      if (code) return { ok: false, code, details: { cameraId: String(id) } };
    }
    return null;
  };
  const placedNow = (auto = false): TilePlacement => ({ at: ctx.now, auto });

  if (op.op === 'screens') {
    if (op.count < 1 || op.count > MAX_SCREENS) return bad('count');
    while (screens.length < op.count) screens.push({ ...emptyScreen(), meet: [] });
    screens.length = op.count;
    return done(wall, screens, ctx, replaced);
  }

  if (op.op === 'meetTake' || op.op === 'meetPut') {
    const meetingId = op.op === 'meetTake' ? op.meetingId : op.meet.meetingId;
    let at: { screen: number; tile: number } | null = null;
    let tourStopped = false;
    if (op.op === 'meetPut') {
      if (op.screen !== undefined && !screens[op.screen]) return bad('screen');
      // A touring screen is taken only when asked for or when every screen tours: its tour then stops, and says so.
      const roomFor = (s: (typeof screens)[number]) => s.meet.slice(0, LAYOUT_TILES[s.layout]).some((m) => m?.meetingId === meetingId) || emptyAt(s, LAYOUT_TILES[s.layout]) >= 0;
      const pick = [screens.findIndex((s) => !s.tour && roomFor(s)), screens.findIndex((s) => !s.tour)].find((i) => i >= 0);
      const target = op.screen ?? pick ?? 0;
      const s = screens[target]!;
      const n = LAYOUT_TILES[s.layout];
      let tile = s.meet.slice(0, n).findIndex((m) => m?.meetingId === meetingId);
      if (tile < 0) tile = emptyAt(s, n);
      if (tile < 0) tile = tileToReplace(s.placed, n, undefined, new Set());
      at = { screen: target, tile };
    }
    screens.forEach((s, si) => {
      s.meet.forEach((m, i) => {
        if (m?.meetingId === meetingId && !(at && at.screen === si && at.tile === i)) {
          s.meet[i] = null;
          s.placed[i] = null;
        }
      });
    });
    if (op.op === 'meetPut' && at) {
      const s = screens[at.screen]!;
      const old = s.tiles[at.tile] ?? null;
      if (old !== null) replaced.push({ tile: at.tile, cameraId: old });
      s.tiles[at.tile] = null;
      s.meet[at.tile] = op.meet;
      s.placed[at.tile] = placedNow();
      tourStopped = s.tour !== null;
      s.tour = null;
    }
    const r = done(wall, screens, ctx, replaced);
    return r.ok && at ? { ...r, placedAt: at, ...(tourStopped ? { tourStopped } : {}) } : r;
  }

  const screen = screens[op.screen];
  if (!screen) return bad('screen');
  const n = LAYOUT_TILES[screen.layout];

  switch (op.op) {
    case 'layout':
      // A smaller layout hides the tiles it has no room for; they come back when the layout grows again.
      screen.layout = op.layout;
      screen.tiles = pad(screen.tiles, LAYOUT_TILES[op.layout]);
      screen.placed = resize(screen.placed, screen.tiles.length);
      screen.meet = resize(screen.meet, screen.tiles.length);
      break;
    case 'assign': {
      if (op.tile >= n) return bad('tile');
      if (op.cameraId !== null) {
        const denied = check([op.cameraId]);
        if (denied) return denied;
      }
      screen.tiles[op.tile] = op.cameraId;
      screen.placed[op.tile] = op.cameraId === null ? null : placedNow();
      screen.meet[op.tile] = null;
      screen.tour = null; // a hand-placed camera means "show me this", not the tour
      break;
    }
    case 'swap': {
      if (op.from >= n) return bad('from');
      if (op.to >= n) return bad('to');
      const a = screen.tiles[op.from] ?? null;
      screen.tiles[op.from] = screen.tiles[op.to] ?? null;
      screen.tiles[op.to] = a;
      const p = screen.placed[op.from] ?? null;
      screen.placed[op.from] = screen.placed[op.to] ?? null;
      screen.placed[op.to] = p;
      const m = screen.meet[op.from] ?? null;
      screen.meet[op.from] = screen.meet[op.to] ?? null;
      screen.meet[op.to] = m;
      break;
    }
    case 'push': {
      const denied = check(op.cameraIds);
      if (denied) return denied;
      if (op.startTile !== undefined && op.startTile >= n) return bad('startTile');
      // Cameras already shown stay where they are. The others go from startTile on, or else into the empty tiles in
      // order and, when none is left, over the tile tileToReplace picks (and the reply names what was replaced).
      const shown = screen.tiles.slice(0, n);
      const fresh = [...new Set(op.cameraIds)].filter((id) => !shown.includes(id));
      const taken = new Set<number>();
      let cursor = op.startTile ?? 0;
      for (const id of fresh) {
        let at: number;
        if (op.startTile !== undefined) at = cursor++;
        else {
          at = emptyAt(screen, n);
          if (at < 0) at = tileToReplace(screen.placed, n, op.selectedTile, taken);
        }
        if (at < 0 || at >= n) break;
        const old = screen.tiles[at] ?? null;
        if (old !== null) replaced.push({ tile: at, cameraId: old });
        screen.tiles[at] = id;
        screen.placed[at] = placedNow(op.auto);
        screen.meet[at] = null;
        taken.add(at);
      }
      screen.tour = null;
      break;
    }
    case 'clear':
      screen.tiles = resize([], n);
      screen.placed = resize([], n);
      screen.meet = resize([], n);
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
      screens[op.screen] = { layout, tiles, tour: null, placed: tiles.map((id) => (id === null ? null : placedNow())), meet: tiles.map(() => null) };
      break;
    }
  }
  return done(wall, screens, ctx, replaced);
}

/**
 * A screen in its stored form: a hidden tile never repeats a camera that is shown (it would come back twice), hidden
 * tiles that are empty are dropped, and the placement records line up with the tiles.
 */
export function tidyScreen(s: WallScreen): WallScreen {
  const n = LAYOUT_TILES[s.layout];
  const shown = new Set(s.tiles.slice(0, n));
  const seen = new Set<number>();
  const tiles = pad(s.tiles, n).map((id, i) => {
    if (i < n || id === null) return id;
    if (shown.has(id) || seen.has(id)) return null;
    seen.add(id);
    return id;
  });
  // A meeting tile sits where there is no camera; it is kept hidden like a camera (a meeting has one tile at most).
  const meet = pad(s.meet ?? [], tiles.length).slice(0, tiles.length).map((m, i) => (tiles[i] === null ? m : null));
  let length = tiles.length;
  while (length > n && tiles[length - 1] === null && !meet[length - 1]) length--;
  const kept = tiles.slice(0, length);
  const keptMeet = meet.slice(0, length);
  const placed = kept.map((id, i) => (id === null && !keptMeet[i] ? null : (s.placed?.[i] ?? null)));
  const { meet: _m, ...rest } = s;
  // Walls without a meeting tile keep their old shape (no `meet` key).
  return { ...rest, tiles: kept, placed, ...(keptMeet.some(Boolean) ? { meet: keptMeet } : {}) };
}

function done(wall: WallState, screens: WallScreen[], ctx: WallContext, replaced: ReplacedTile[]): WallResult {
  return { ok: true, wall: { ...wall, version: wall.version + 1, screens: screens.map(tidyScreen), updatedAt: ctx.now, updatedBy: ctx.by }, replaced };
}

/** The wall without a camera (it was deleted); null if the camera was not on it. */
export function withoutCamera(wall: WallState, cameraId: number, now: number): WallState | null {
  let touched = false;
  const screens = wall.screens.map((s) => {
    const tiles = s.tiles.map((id) => (id === cameraId ? ((touched = true), null) : id));
    const placed = s.placed?.map((p, i) => (tiles[i] === null && !s.meet?.[i] ? null : p));
    let tour = s.tour;
    if (tour?.cameraIds.includes(cameraId)) {
      touched = true;
      const left = tour.cameraIds.filter((id) => id !== cameraId);
      tour = left.length ? { ...tour, cameraIds: left } : null;
    }
    return tidyScreen({ ...s, tiles, tour, ...(placed ? { placed } : {}) });
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
