import { describe, expect, it } from 'vitest';
import { msToNextTourPage, visibleMeetTiles, visibleTiles, type ErrorCode, type WallState } from '../../protocol/index.ts';
import { applyWallOp, cameraScope, defaultWall, inScope, maySteerWall, nearestCameras, tileToReplace, withoutCamera, type WallContext } from './wall.ts';

const now = 1_800_000_000_000;
const by = { id: 2, name: '值班员甲' };
const known = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
const ctx: WallContext = { now, by, checkCamera: (id): ErrorCode | null => (known.has(id) ? (id === 10 ? 'FORBIDDEN_SCOPE' : null) : 'NOT_FOUND') };
const ok = (r: ReturnType<typeof applyWallOp>): WallState => {
  if (!r.ok) throw new Error(r.code);
  return r.wall;
};

describe('wall operations', () => {
  const wall = defaultWall(1, now - 1000);

  it('starts with two empty 4-tile screens at version 0', () => {
    expect(wall.version).toBe(0);
    expect(wall.screens).toHaveLength(2);
    expect(wall.screens[0]).toEqual({ layout: '4', tiles: [null, null, null, null], tour: null, placed: [null, null, null, null] });
  });

  it('changes layouts; 1+5 and 1+7 have 6 and 8 tiles; a smaller layout hides tiles without losing their cameras', () => {
    let w = ok(applyWallOp(wall, { op: 'push', screen: 0, cameraIds: [1, 2, 3, 4] }, ctx));
    w = ok(applyWallOp(w, { op: 'layout', screen: 0, layout: '1+5' }, ctx));
    expect(w.screens[0]!.tiles).toEqual([1, 2, 3, 4, null, null]);
    w = ok(applyWallOp(w, { op: 'layout', screen: 0, layout: '1+7' }, ctx));
    expect(w.screens[0]!.tiles).toHaveLength(8);
    w = ok(applyWallOp(w, { op: 'layout', screen: 0, layout: '1' }, ctx));
    expect(visibleTiles(w.screens[0]!, now)).toEqual([1]);
    expect(w.screens[0]!.tiles).toEqual([1, 2, 3, 4]);
    w = ok(applyWallOp(w, { op: 'layout', screen: 0, layout: '4' }, ctx));
    expect(visibleTiles(w.screens[0]!, now)).toEqual([1, 2, 3, 4]);
    expect(w.version).toBe(5);
    expect(w.updatedBy).toEqual(by);
    expect(w.updatedAt).toBe(now);
  });

  it('上墙 fills empty tiles in order, skips cameras already shown, then (all placed at once) spares tile 1 longest', () => {
    let w = ok(applyWallOp(wall, { op: 'assign', screen: 0, tile: 1, cameraId: 5 }, ctx));
    w = ok(applyWallOp(w, { op: 'push', screen: 0, cameraIds: [5, 6, 7] }, ctx));
    expect(w.screens[0]!.tiles).toEqual([6, 5, 7, null]);
    w = ok(applyWallOp(w, { op: 'push', screen: 0, cameraIds: [8, 9, 1] }, ctx));
    expect(w.screens[0]!.tiles).toEqual([6, 1, 9, 8]);
    w = ok(applyWallOp(w, { op: 'push', screen: 0, cameraIds: [2, 3], startTile: 3 }, ctx));
    expect(w.screens[0]!.tiles).toEqual([6, 1, 9, 2]); // only one tile from startTile 3 on
  });

  it('9 → 1+5 → 9 brings tiles 7–9 back with their cameras', () => {
    let w = ok(applyWallOp(wall, { op: 'layout', screen: 0, layout: '9' }, ctx));
    w = ok(applyWallOp(w, { op: 'push', screen: 0, cameraIds: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, ctx));
    w = ok(applyWallOp(w, { op: 'layout', screen: 0, layout: '1+5' }, ctx));
    expect(visibleTiles(w.screens[0]!, now)).toEqual([1, 2, 3, 4, 5, 6]);
    w = ok(applyWallOp(w, { op: 'layout', screen: 0, layout: '9' }, ctx));
    expect(visibleTiles(w.screens[0]!, now)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('a hidden camera put on a shown tile leaves its hidden tile, so it never comes back twice', () => {
    let w = ok(applyWallOp(wall, { op: 'layout', screen: 0, layout: '9' }, ctx));
    w = ok(applyWallOp(w, { op: 'push', screen: 0, cameraIds: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, ctx));
    w = ok(applyWallOp(w, { op: 'layout', screen: 0, layout: '4' }, ctx));
    w = ok(applyWallOp(w, { op: 'assign', screen: 0, tile: 0, cameraId: 8 }, ctx));
    w = ok(applyWallOp(w, { op: 'layout', screen: 0, layout: '9' }, ctx));
    expect(visibleTiles(w.screens[0]!, now)).toEqual([8, 2, 3, 4, 5, 6, 7, null, 9]);
    // Saving and clearing act on what is shown; 清屏 also forgets the hidden tiles.
    w = ok(applyWallOp(w, { op: 'layout', screen: 0, layout: '1' }, ctx));
    w = ok(applyWallOp(w, { op: 'clear', screen: 0 }, ctx));
    w = ok(applyWallOp(w, { op: 'layout', screen: 0, layout: '9' }, ctx));
    expect(visibleTiles(w.screens[0]!, now)).toEqual(Array(9).fill(null));
  });

  it('上墙 onto a full screen replaces the selected tile, else the oldest automatic one, else the oldest, and says which', () => {
    const at = (t: number): WallContext => ({ ...ctx, now: now + t });
    let w = ok(applyWallOp(wall, { op: 'assign', screen: 0, tile: 0, cameraId: 1 }, at(1)));
    w = ok(applyWallOp(w, { op: 'push', screen: 0, cameraIds: [2], auto: true }, at(2)));
    w = ok(applyWallOp(w, { op: 'push', screen: 0, cameraIds: [3], auto: true }, at(3)));
    w = ok(applyWallOp(w, { op: 'assign', screen: 0, tile: 3, cameraId: 4 }, at(4)));
    // Full: the oldest automatic tile (2, on tile 2 → index 1) goes, not tile 1.
    let r = applyWallOp(w, { op: 'push', screen: 0, cameraIds: [5] }, at(5));
    if (!r.ok) throw new Error(r.code);
    expect(r.wall.screens[0]!.tiles).toEqual([1, 5, 3, 4]);
    expect(r.replaced).toEqual([{ tile: 1, cameraId: 2 }]);
    // The selected tile wins.
    r = applyWallOp(r.wall, { op: 'push', screen: 0, cameraIds: [6], selectedTile: 3 }, at(6));
    if (!r.ok) throw new Error(r.code);
    expect(r.replaced).toEqual([{ tile: 3, cameraId: 4 }]);
    // Two cameras: the last automatic tile (3), then the oldest hand-placed (1, at +1).
    r = applyWallOp(r.wall, { op: 'push', screen: 0, cameraIds: [7, 8] }, at(7));
    if (!r.ok) throw new Error(r.code);
    expect(r.replaced).toEqual([{ tile: 2, cameraId: 3 }, { tile: 0, cameraId: 1 }]);
    expect(r.wall.screens[0]!.tiles).toEqual([8, 5, 7, 6]);
    // Empty tiles are filled first and nothing is replaced.
    const e = applyWallOp(wall, { op: 'push', screen: 0, cameraIds: [1] }, ctx);
    expect(e.ok && e.replaced).toEqual([]);
  });

  it('chooses the tile to replace', () => {
    const p = (at: number, auto = false) => ({ at, auto });
    const none = new Set<number>();
    expect(tileToReplace([p(5), p(3), p(4)], 3, undefined, none)).toBe(1);
    expect(tileToReplace([p(5), p(3), p(4, true)], 3, undefined, none)).toBe(2);
    expect(tileToReplace([p(5), p(3), p(4, true)], 3, 0, none)).toBe(0);
    expect(tileToReplace([p(5), p(3), p(4, true)], 3, 7, none)).toBe(2); // a selected tile the layout does not show
    expect(tileToReplace([p(5), p(3), p(4, true)], 3, 0, new Set([0, 2]))).toBe(1);
    expect(tileToReplace([null, p(3)], 2, undefined, none)).toBe(0); // no record (an older wall): oldest
    expect(tileToReplace([p(3), p(3), p(3)], 3, undefined, none)).toBe(2); // a tie spares tile 1, the main view
    expect(tileToReplace([null, null], 2, undefined, none)).toBe(1);
    expect(tileToReplace([p(1), p(2)], 2, undefined, new Set([0, 1]))).toBe(-1);
  });

  it('swaps tiles and clears a screen (and its tour)', () => {
    let w = ok(applyWallOp(wall, { op: 'push', screen: 1, cameraIds: [1, 2] }, ctx));
    w = ok(applyWallOp(w, { op: 'swap', screen: 1, from: 0, to: 3 }, ctx));
    expect(w.screens[1]!.tiles).toEqual([null, 2, null, 1]);
    w = ok(applyWallOp(w, { op: 'tour', screen: 1, tour: { cameraIds: [1, 2, 3], intervalSec: 10 } }, ctx));
    w = ok(applyWallOp(w, { op: 'clear', screen: 1 }, ctx));
    expect(w.screens[1]).toEqual({ layout: '4', tiles: [null, null, null, null], tour: null, placed: [null, null, null, null] });
  });

  it('refuses tiles and screens that do not exist, unknown cameras and cameras out of scope', () => {
    const code = (r: ReturnType<typeof applyWallOp>) => (r.ok ? 'ok' : r.code);
    expect(code(applyWallOp(wall, { op: 'assign', screen: 0, tile: 4, cameraId: 1 }, ctx))).toBe('WALL_BAD_TILE');
    expect(code(applyWallOp(wall, { op: 'assign', screen: 2, tile: 0, cameraId: 1 }, ctx))).toBe('WALL_BAD_TILE');
    expect(code(applyWallOp(wall, { op: 'assign', screen: 0, tile: 0, cameraId: 99 }, ctx))).toBe('NOT_FOUND');
    expect(code(applyWallOp(wall, { op: 'push', screen: 0, cameraIds: [1, 10] }, ctx))).toBe('FORBIDDEN_SCOPE');
    expect(code(applyWallOp(wall, { op: 'tour', screen: 0, tour: { cameraIds: [10], intervalSec: 5 } }, ctx))).toBe('FORBIDDEN_SCOPE');
  });

  it('adds and removes screens', () => {
    const w = ok(applyWallOp(wall, { op: 'screens', count: 4 }, ctx));
    expect(w.screens).toHaveLength(4);
    expect(ok(applyWallOp(w, { op: 'screens', count: 1 }, ctx)).screens).toHaveLength(1);
  });

  it('applies a preset, emptying tiles of cameras that are gone or out of scope', () => {
    const preset = { id: 1, name: '夜间', layout: '9' as const, tiles: [1, 99, 10, null, 3], createdAt: now, createdBy: by };
    const w = ok(applyWallOp(wall, { op: 'applyPreset', screen: 0, preset }, ctx));
    expect(w.screens[0]).toMatchObject({ layout: '9', tiles: [1, null, null, null, 3, null, null, null, null], tour: null });
  });

  it('takes a deleted camera off tiles and tours', () => {
    let w = ok(applyWallOp(wall, { op: 'push', screen: 0, cameraIds: [1, 2] }, ctx));
    w = ok(applyWallOp(w, { op: 'tour', screen: 1, tour: { cameraIds: [2], intervalSec: 5 } }, ctx));
    const after = withoutCamera(w, 2, now + 1)!;
    expect(after.screens[0]!.tiles).toEqual([1, null, null, null]);
    expect(after.screens[1]!.tour).toBeNull();
    expect(after.version).toBe(w.version + 1);
    expect(withoutCamera(after, 2, now + 2)).toBeNull();
  });
});

describe('meeting participants on the wall (视频会商上墙)', () => {
  const wall = defaultWall(1, now - 1000);
  const t01 = { meetingId: 7, userId: 31, centreId: 3, centreName: '城关镇' };
  const t02 = { meetingId: 7, userId: 32, centreId: 4, centreName: '青石镇' };

  it('goes to the first empty tile, is not taken for an empty tile by 上墙 of cameras, and follows the wall ops', () => {
    let w = ok(applyWallOp(wall, { op: 'push', screen: 0, cameraIds: [1] }, ctx));
    const put = applyWallOp(w, { op: 'meetPut', meet: t01 }, ctx);
    expect(put.ok && put.placedAt).toEqual({ screen: 0, tile: 1 });
    w = ok(put);
    expect(visibleMeetTiles(w.screens[0]!)).toEqual([null, t01, null, null]);
    expect(w.screens[0]!.placed?.[1]).toEqual({ at: now, auto: false });
    // Cameras pushed afterwards fill the tiles around it.
    w = ok(applyWallOp(w, { op: 'push', screen: 0, cameraIds: [2, 3] }, ctx));
    expect(w.screens[0]!.tiles).toEqual([1, null, 2, 3]);
    w = ok(applyWallOp(w, { op: 'swap', screen: 0, from: 1, to: 0 }, ctx));
    expect(visibleMeetTiles(w.screens[0]!)).toEqual([t01, null, null, null]);
    expect(w.screens[0]!.tiles).toEqual([null, 1, 2, 3]);
    // A smaller layout hides it, growing back brings it back; a tour hides it while it runs.
    w = ok(applyWallOp(w, { op: 'swap', screen: 0, from: 0, to: 3 }, ctx));
    w = ok(applyWallOp(w, { op: 'layout', screen: 0, layout: '1' }, ctx));
    expect(w.screens[0]!.meet?.[3]).toEqual(t01);
    w = ok(applyWallOp(w, { op: 'layout', screen: 0, layout: '4' }, ctx));
    expect(visibleMeetTiles(w.screens[0]!)[3]).toEqual(t01);
    // A camera assigned over it replaces it.
    w = ok(applyWallOp(w, { op: 'assign', screen: 0, tile: 3, cameraId: 4 }, ctx));
    expect(w.screens[0]!.meet).toBeUndefined();
  });

  it('a meeting has one tile: another participant takes its place; on a full screen the oldest automatic tile goes; take-down and clear remove it', () => {
    let w = ok(applyWallOp(wall, { op: 'push', screen: 0, cameraIds: [1, 2, 3, 4], auto: true }, ctx));
    w = ok(applyWallOp(w, { op: 'push', screen: 1, cameraIds: [5, 6, 7, 8] }, ctx));
    const put = applyWallOp(w, { op: 'meetPut', meet: t01 }, ctx);
    // No empty tile anywhere: screen 1, over tile 4 (automatic, and tile 1 is the main view), and the reply says so.
    expect(put.ok && [put.placedAt, put.replaced]).toEqual([{ screen: 0, tile: 3 }, [{ tile: 3, cameraId: 4 }]]);
    w = ok(put);
    w = ok(applyWallOp(w, { op: 'meetPut', meet: t02 }, ctx));
    expect(visibleMeetTiles(w.screens[0]!)).toEqual([null, null, null, t02]);
    // Onto another screen: it moves there (never on two tiles).
    w = ok(applyWallOp(w, { op: 'clear', screen: 1 }, ctx));
    w = ok(applyWallOp(w, { op: 'meetPut', screen: 1, meet: t01 }, ctx));
    expect(w.screens[0]!.meet).toBeUndefined();
    expect(w.screens[0]!.placed?.[3]).toBeNull();
    expect(visibleMeetTiles(w.screens[1]!)).toEqual([t01, null, null, null]);
    const other = { ...t01, meetingId: 8 };
    w = ok(applyWallOp(w, { op: 'meetPut', screen: 1, meet: other }, ctx));
    w = ok(applyWallOp(w, { op: 'meetTake', meetingId: 7 }, ctx));
    expect(visibleMeetTiles(w.screens[1]!)).toEqual([null, other, null, null]);
    w = ok(applyWallOp(w, { op: 'clear', screen: 1 }, ctx));
    expect(w.screens[1]!.meet).toBeUndefined();
    expect(applyWallOp(w, { op: 'meetPut', screen: 5, meet: t01 }, ctx)).toMatchObject({ ok: false, code: 'WALL_BAD_TILE' });
  });

  it('spares a touring screen unless every screen tours or it is asked for; a stopped tour is reported', () => {
    let w = ok(applyWallOp(wall, { op: 'tour', screen: 0, tour: { cameraIds: [1, 2, 3, 4, 5], intervalSec: 10 } }, ctx));
    w = ok(applyWallOp(w, { op: 'push', screen: 1, cameraIds: [5, 6, 7, 8], auto: true }, ctx));
    // Screen 2 is full but does not tour: it takes the tile, screen 1 keeps touring.
    const put = applyWallOp(w, { op: 'meetPut', meet: t01 }, ctx);
    expect(put.ok && [put.placedAt, put.tourStopped]).toEqual([{ screen: 1, tile: 3 }, undefined]);
    expect(ok(put).screens[0]!.tour).not.toBeNull();
    // Asked for the touring screen: it goes there, the tour stops, and the result says so.
    const asked = applyWallOp(w, { op: 'meetPut', screen: 0, meet: t01 }, ctx);
    expect(asked.ok && [asked.placedAt?.screen, asked.tourStopped]).toEqual([0, true]);
    expect(ok(asked).screens[0]!.tour).toBeNull();
    // Every screen touring: screen 1, and its tour stops (reported).
    w = ok(applyWallOp(w, { op: 'tour', screen: 1, tour: { cameraIds: [5, 6, 7, 8, 9], intervalSec: 10 } }, ctx));
    const all = applyWallOp(w, { op: 'meetPut', meet: t01 }, ctx);
    expect(all.ok && [all.placedAt?.screen, all.tourStopped]).toEqual([0, true]);
  });
});

describe('tours', () => {
  const screen = { layout: '4' as const, tiles: [1, null, null, null], tour: { cameraIds: [1, 2, 3, 4, 5, 6], intervalSec: 10, startedAt: now } };
  it('pages through the group every interval, wrapping around', () => {
    expect(visibleTiles(screen, now)).toEqual([1, 2, 3, 4]);
    expect(visibleTiles(screen, now + 9_999)).toEqual([1, 2, 3, 4]);
    expect(visibleTiles(screen, now + 10_000)).toEqual([5, 6, null, null]);
    expect(visibleTiles(screen, now + 20_000)).toEqual([1, 2, 3, 4]);
    expect(msToNextTourPage(screen, now + 2_500)).toBe(7_500);
    expect(visibleTiles({ ...screen, tour: null }, now)).toEqual([1, null, null, null]);
  });
});

describe('who sees and steers what', () => {
  it('county sees every camera, a township its own, a village its township’s', () => {
    const county = cameraScope({ id: 1, level: 'county', parentId: null });
    const town = cameraScope({ id: 2, level: 'township', parentId: 1 });
    const village = cameraScope({ id: 30, level: 'village', parentId: 2 });
    expect([inScope(county, 2), inScope(county, 3)]).toEqual([true, true]);
    expect([inScope(town, 2), inScope(town, 3)]).toEqual([true, false]);
    expect([inScope(village, 2), inScope(village, 3)]).toEqual([true, false]);
  });
  it('grid members do not steer walls', () => {
    expect(maySteerWall({ id: 1, role: 'gridMember', centreId: 30, centreLevel: 'village' })).toBe('FORBIDDEN_ROLE');
    expect(maySteerWall({ id: 1, role: 'dutyOfficer', centreId: 1, centreLevel: 'county' })).toBeNull();
  });
  it('finds the nearest cameras, within a radius if given', () => {
    const cams = [
      { id: 1, lat: 24.9, lng: 102.1 },
      { id: 2, lat: 24.901, lng: 102.1 }, // ~111 m north
      { id: 3, lat: 25.0, lng: 102.1 }, // ~11 km
    ];
    expect(nearestCameras(cams, { lat: 24.9, lng: 102.1 }, 2)).toEqual([1, 2]);
    expect(nearestCameras(cams, { lat: 24.9, lng: 102.1 }, 5, 500)).toEqual([1, 2]);
    expect(nearestCameras(cams, { lat: 25.0, lng: 102.1 }, 1)).toEqual([3]);
  });
});
