import { describe, expect, it } from 'vitest';
import { DesktopSettings, type DisplayInfo } from '../protocol/ipc.ts';
import { checkAssignments, consoleBounds, diffWalls, matchDisplay, planWindows, toDisplayRef } from './walls.ts';

const SERVER = 'http://127.0.0.1:8620';

function display(id: number, x: number, label = `DISPLAY${id}`, primary = false, width = 1920, height = 1080): DisplayInfo {
  return { id, label, primary, scaleFactor: 1, bounds: { x, y: 0, width, height }, workArea: { x, y: 0, width, height: height - 40 } };
}
const A = display(1, 0, 'Dell U2720Q', true);
const B = display(2, 1920, 'LG TV');
const C = display(3, 3840, 'LG TV 2');
const defaults = DesktopSettings.parse({});
const withWalls = (assignments: { wall: number; d: DisplayInfo }[]) => ({ ...defaults, walls: { mode: 'fullscreen' as const, assignments: assignments.map(({ wall, d }) => ({ wall, display: toDisplayRef(d) })) } });

describe('planWindows', () => {
  it('first run: console on the primary display, a wall on every other display, numbered left to right', () => {
    const plan = planWindows([C, A, B], defaults, SERVER);
    expect(plan.console).toEqual({ displayId: 1, workArea: A.workArea });
    expect(plan.walls).toEqual([
      { wall: 1, displayId: 2, bounds: B.bounds, url: `${SERVER}/wall/1` },
      { wall: 2, displayId: 3, bounds: C.bounds, url: `${SERVER}/wall/2` },
    ]);
  });

  it('one display: the console only', () => {
    expect(planWindows([A], defaults, SERVER).walls).toEqual([]);
  });

  it('no display (headless) and no server: nothing / console only', () => {
    expect(planWindows([], defaults, SERVER)).toEqual({ console: null, walls: [], missingWalls: [], skipped: [] });
    expect(planWindows([A, B], defaults, null).walls).toEqual([]);
  });

  it('follows the chosen assignment, including an empty one (no walls)', () => {
    expect(planWindows([A, B, C], withWalls([{ wall: 5, d: C }]), SERVER).walls).toEqual([{ wall: 5, displayId: 3, bounds: C.bounds, url: `${SERVER}/wall/5` }]);
    expect(planWindows([A, B, C], withWalls([]), SERVER).walls).toEqual([]);
  });

  it('remembers walls across a restart where display ids changed but monitors did not', () => {
    const settings = withWalls([{ wall: 1, d: B }, { wall: 2, d: C }]);
    const restarted = [{ ...A, id: 101 }, { ...B, id: 102 }, { ...C, id: 103 }];
    const plan = planWindows(restarted, settings, SERVER);
    expect(plan.walls.map((w) => [w.wall, w.displayId])).toEqual([
      [1, 102],
      [2, 103],
    ]);
  });

  it('finds a monitor plugged into another port (same label, new position)', () => {
    const settings = withWalls([{ wall: 1, d: C }]);
    const moved = [A, { ...C, id: 9, bounds: { ...C.bounds, x: 1920 } }];
    expect(planWindows(moved, settings, SERVER).walls).toEqual([{ wall: 1, displayId: 9, bounds: { ...C.bounds, x: 1920 }, url: `${SERVER}/wall/1` }]);
  });

  it('re-plans when a display goes away and comes back: the wall is missing, then returns', () => {
    const settings = withWalls([{ wall: 1, d: B }, { wall: 2, d: C }]);
    const without = planWindows([A, B], settings, SERVER);
    expect(without.walls.map((w) => w.wall)).toEqual([1]);
    expect(without.missingWalls).toEqual([2]);
    const back = planWindows([A, B, C], settings, SERVER);
    expect(back.walls.map((w) => w.wall)).toEqual([1, 2]);
    expect(back.missingWalls).toEqual([]);
  });

  it('never puts a wall over the console, and never two walls on one display', () => {
    const plan = planWindows([A, B], withWalls([{ wall: 1, d: A }, { wall: 2, d: B }, { wall: 2, d: B }]), SERVER);
    expect(plan.walls.map((w) => w.wall)).toEqual([2]);
    expect(plan.skipped).toEqual([
      { wall: 1, reason: 'the console is on this display' },
      { wall: 2, reason: 'duplicate wall number' },
    ]);
  });

  it('puts the console on the chosen display and frees the primary one for a wall', () => {
    const plan = planWindows([A, B], { walls: defaults.walls, consoleDisplay: toDisplayRef(B) }, SERVER);
    expect(plan.console?.displayId).toBe(2);
    expect(plan.walls.map((w) => [w.wall, w.displayId])).toEqual([[1, 1]]);
  });
});

describe('matchDisplay', () => {
  it('does not guess between two monitors with the same label and size', () => {
    const twinA = display(11, 0, 'LG TV');
    const twinB = display(12, 1920, 'LG TV');
    const ref = { id: 99, label: 'LG TV', bounds: { x: 5000, y: 0, width: 1920, height: 1080 } };
    expect(matchDisplay(ref, [twinA, twinB])).toBeNull();
    expect(matchDisplay({ ...ref, bounds: twinB.bounds }, [twinA, twinB])?.id).toBe(12);
  });
  it('skips displays already taken', () => {
    expect(matchDisplay(toDisplayRef(B), [B], new Set([2]))).toBeNull();
  });
});

describe('diffWalls', () => {
  const plan = planWindows([A, B, C], defaults, SERVER).walls;
  it('opens what is missing, moves what changed display, closes what is gone', () => {
    const open = [
      { wall: 1, displayId: 3, bounds: C.bounds, url: `${SERVER}/wall/1` }, // on the wrong display now
      { wall: 7, displayId: 2, bounds: B.bounds, url: `${SERVER}/wall/7` }, // no longer planned
    ];
    expect(diffWalls(open, plan)).toEqual({ open: [plan[1]], move: [plan[0]], close: [7] });
  });
  it('changes nothing when the plan is what is open', () => {
    expect(diffWalls(plan, plan)).toEqual({ open: [], move: [], close: [] });
  });
  it('reopens a wall whose server changed', () => {
    const other = planWindows([A, B], defaults, 'http://10.0.0.2:8620').walls;
    expect(diffWalls(planWindows([A, B], defaults, SERVER).walls, other)).toEqual({ open: other, move: [], close: [1] });
  });
});

describe('checkAssignments', () => {
  it('reports duplicate walls and displays', () => {
    expect(checkAssignments([{ wall: 1, display: toDisplayRef(B) }, { wall: 2, display: toDisplayRef(C) }])).toEqual([]);
    expect(checkAssignments([{ wall: 1, display: toDisplayRef(B) }, { wall: 1, display: toDisplayRef(C) }])).toHaveLength(1);
    expect(checkAssignments([{ wall: 1, display: toDisplayRef(B) }, { wall: 2, display: toDisplayRef(B) }])).toHaveLength(1);
  });
});

describe('consoleBounds', () => {
  it('restores remembered bounds that are on a display', () => {
    const saved = { x: 100, y: 100, width: 1200, height: 800 };
    expect(consoleBounds(saved, [A, B], A.workArea)).toEqual(saved);
  });
  it('centres on the work area when the remembered place is off every display or too small', () => {
    const centred = { x: 160, y: 20, width: 1600, height: 1000 };
    expect(consoleBounds({ x: 9000, y: 0, width: 1200, height: 800 }, [A], A.workArea)).toEqual(centred);
    expect(consoleBounds({ x: 0, y: 0, width: 50, height: 50 }, [A], A.workArea)).toEqual(centred);
    expect(consoleBounds(null, [A], A.workArea)).toEqual(centred);
    const small = display(5, 0, 'x', true, 1366, 768);
    expect(consoleBounds(null, [small], small.workArea)).toEqual({ x: 0, y: 0, width: 1366, height: 728 });
  });
});
