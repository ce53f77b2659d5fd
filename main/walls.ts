// Planning the windows from the displays: the console on its display, one full-screen wall window per chosen display.
// Pure: main calls planWindows() at start and again whenever displays are added, removed or rearranged, and applies
// diffWalls() to the windows it has open.
import type { DesktopSettings, DisplayInfo, DisplayRef, PlannedWall, Rect, WallAssignment } from '../protocol/ipc.ts';

export interface WindowPlan {
  console: { displayId: number; workArea: Rect } | null;
  walls: PlannedWall[];
  /** Remembered walls whose display is not connected now (they come back when it does). */
  missingWalls: number[];
  /** Walls that cannot open, and why (e.g. their display is the console's). */
  skipped: { wall: number; reason: string }[];
}

export function wallUrl(serverOrigin: string, wall: number): string {
  return new URL(`/wall/${wall}`, serverOrigin).href;
}

export function toDisplayRef(d: Pick<DisplayInfo, 'id' | 'label' | 'bounds'>): DisplayRef {
  return { id: d.id, label: d.label, bounds: { ...d.bounds } };
}

const sameSize = (a: Rect, b: Rect) => a.width === b.width && a.height === b.height;
const sameRect = (a: Rect, b: Rect) => sameSize(a, b) && a.x === b.x && a.y === b.y;

/**
 * Find a remembered display among the connected ones. Electron's display ids survive restarts on some platforms and
 * not on others, and a monitor may come back on another port, so: same id and size; else the same (non-empty) label
 * and size, if only one display has it; else the same position and size; else the same id (resolution changed).
 */
export function matchDisplay(ref: DisplayRef, displays: readonly DisplayInfo[], taken: ReadonlySet<number> = new Set()): DisplayInfo | null {
  const free = displays.filter((d) => !taken.has(d.id));
  const byIdAndSize = free.find((d) => d.id === ref.id && sameSize(d.bounds, ref.bounds));
  if (byIdAndSize) return byIdAndSize;
  if (ref.label) {
    const byLabel = free.filter((d) => d.label === ref.label && sameSize(d.bounds, ref.bounds));
    if (byLabel.length === 1) return byLabel[0] ?? null;
  }
  const byRect = free.find((d) => sameRect(d.bounds, ref.bounds));
  if (byRect) return byRect;
  return free.find((d) => d.id === ref.id) ?? null;
}

/** Left to right, then top to bottom: how walls are numbered when nobody has chosen yet. */
function reading(a: DisplayInfo, b: DisplayInfo): number {
  return a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y || a.id - b.id;
}

export function planWindows(displays: readonly DisplayInfo[], settings: Pick<DesktopSettings, 'walls' | 'consoleDisplay'>, serverOrigin: string | null): WindowPlan {
  if (displays.length === 0) return { console: null, walls: [], missingWalls: [], skipped: [] };
  const consoleDisplay =
    (settings.consoleDisplay && matchDisplay(settings.consoleDisplay, displays)) ?? displays.find((d) => d.primary) ?? [...displays].sort(reading)[0]!;
  const plan: WindowPlan = { console: { displayId: consoleDisplay.id, workArea: { ...consoleDisplay.workArea } }, walls: [], missingWalls: [], skipped: [] };
  if (!serverOrigin) return plan;

  const put = (wall: number, d: DisplayInfo) => plan.walls.push({ wall, displayId: d.id, bounds: { ...d.bounds }, url: wallUrl(serverOrigin, wall) });

  if (settings.walls.assignments === null) {
    // Nobody has chosen yet: every display other than the console's is a wall, numbered in reading order.
    displays.filter((d) => d.id !== consoleDisplay.id).sort(reading).forEach((d, i) => put(i + 1, d));
    return plan;
  }

  const taken = new Set<number>();
  const seenWalls = new Set<number>();
  for (const a of [...settings.walls.assignments].sort((x, y) => x.wall - y.wall)) {
    if (seenWalls.has(a.wall)) {
      plan.skipped.push({ wall: a.wall, reason: 'duplicate wall number' });
      continue;
    }
    seenWalls.add(a.wall);
    const d = matchDisplay(a.display, displays, taken);
    if (!d) {
      plan.missingWalls.push(a.wall);
      continue;
    }
    if (d.id === consoleDisplay.id) {
      plan.skipped.push({ wall: a.wall, reason: 'the console is on this display' });
      continue;
    }
    taken.add(d.id);
    put(a.wall, d);
  }
  return plan;
}

/** Problems with a set of wall assignments a person is about to save; empty when fine. */
export function checkAssignments(assignments: readonly WallAssignment[]): string[] {
  const problems: string[] = [];
  const walls = new Set<number>();
  const displays = new Set<number>();
  for (const a of assignments) {
    if (walls.has(a.wall)) problems.push(`大屏 ${a.wall} 重复 / wall ${a.wall} is assigned twice`);
    if (displays.has(a.display.id)) problems.push(`显示器 ${a.display.label || a.display.id} 重复 / display ${a.display.id} has two walls`);
    walls.add(a.wall);
    displays.add(a.display.id);
  }
  return problems;
}

export interface OpenWall {
  wall: number;
  displayId: number;
  bounds: Rect;
  url: string;
}

export interface WallChanges {
  open: PlannedWall[];
  /** Walls whose window stays but goes to another display or size. */
  move: PlannedWall[];
  close: number[];
}

export function diffWalls(open: readonly OpenWall[], plan: readonly PlannedWall[]): WallChanges {
  const planned = new Map(plan.map((w) => [w.wall, w]));
  const current = new Map(open.map((w) => [w.wall, w]));
  const changes: WallChanges = { open: [], move: [], close: [] };
  for (const w of open) {
    const p = planned.get(w.wall);
    if (!p || p.url !== w.url) changes.close.push(w.wall);
    else if (p.displayId !== w.displayId || !sameRect(p.bounds, w.bounds)) changes.move.push(p);
  }
  for (const p of plan) {
    const w = current.get(p.wall);
    if (!w || w.url !== p.url) changes.open.push(p);
  }
  return changes;
}

/**
 * Where the console window goes: its remembered bounds if they are still mostly on a connected display, otherwise
 * centred on its display's work area (at most 1600×1000).
 */
export function consoleBounds(saved: Rect | null, displays: readonly DisplayInfo[], workArea: Rect): Rect {
  if (saved && displays.some((d) => overlap(saved, d.workArea) >= Math.min(saved.width * saved.height, 400 * 300) && saved.width >= 400 && saved.height >= 300)) return { ...saved };
  const width = Math.min(1600, workArea.width);
  const height = Math.min(1000, workArea.height);
  return { x: workArea.x + Math.round((workArea.width - width) / 2), y: workArea.y + Math.round((workArea.height - height) / 2), width, height };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}
