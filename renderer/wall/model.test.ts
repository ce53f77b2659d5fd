import { describe, expect, it } from 'vitest';
import type { CameraHealth, WallState } from '../../protocol/index.ts';
import { layoutGrid, liveEdgeTarget, newerWall, replacedNotice, retryDelayMs, tileStatus } from './model.ts';

const health = (status: CameraHealth['status'], since: number | null = 1000): CameraHealth => ({ status, reason: null, since, lastSeenAt: null });

describe('tile state', () => {
  const base = { cameraId: 1, mediaAvailable: true, health: health('online'), phase: 'connecting' as const, centreConnected: true };
  it('moving pictures win over any health report', () => {
    expect(tileStatus({ ...base, health: health('offline'), phase: 'playing' }).kind).toBe('playing');
  });
  it('explains a black tile with the server’s view of the source', () => {
    expect(tileStatus({ ...base, health: health('offline', 5000) })).toEqual({ kind: 'offline', since: 5000 });
    expect(tileStatus({ ...base, health: health('error') }).kind).toBe('error');
    expect(tileStatus({ ...base, phase: 'stalled' }).kind).toBe('stalled');
    expect(tileStatus({ ...base, phase: 'failed' }).kind).toBe('stalled');
    expect(tileStatus({ ...base, health: health('unknown'), phase: 'failed' }).kind).toBe('offline');
    expect(tileStatus(base).kind).toBe('connecting');
  });
  it('cut off from the centre: says so on every camera tile instead of 卡顿 or a stale 在线', () => {
    for (const phase of ['connecting', 'playing', 'stalled', 'failed'] as const) {
      expect(tileStatus({ ...base, phase, centreConnected: false }).kind).toBe('disconnected');
    }
    expect(tileStatus({ ...base, health: health('offline'), centreConnected: false }).kind).toBe('disconnected');
    expect(tileStatus({ ...base, cameraId: null, centreConnected: false }).kind).toBe('empty');
  });
  it('empty and unavailable', () => {
    expect(tileStatus({ ...base, cameraId: null }).kind).toBe('empty');
    expect(tileStatus({ ...base, mediaAvailable: false }).kind).toBe('unavailable');
  });
});

describe('layouts', () => {
  it('n×n grids and big-plus-small layouts cover every tile once', () => {
    for (const [layout, n, rows] of [['1', 1, 1], ['4', 4, 2], ['9', 9, 3], ['16', 16, 4], ['25', 25, 5], ['36', 36, 6], ['1+5', 6, 3], ['1+7', 8, 4]] as const) {
      const g = layoutGrid(layout);
      expect(g.areas).toHaveLength(n);
      expect(g.rows).toBe(rows);
      const cells = new Set<string>();
      for (const a of g.areas) for (let r = a.row; r < a.row + a.rowSpan; r++) for (let c = a.col; c < a.col + a.colSpan; c++) cells.add(`${r},${c}`);
      expect(cells.size).toBe(g.rows * g.cols); // no overlap, no hole
    }
    expect(layoutGrid('1+5').areas[0]).toEqual({ row: 1, col: 1, rowSpan: 2, colSpan: 2 });
  });
});

describe('live edge and retries', () => {
  it('jumps back only when more than 2 s behind', () => {
    expect(liveEdgeTarget(10, 11.9)).toBeNull();
    expect(liveEdgeTarget(10, 12.5)).toBeCloseTo(12.2);
    expect(liveEdgeTarget(10, null)).toBeNull();
  });
  it('retries quickly, then at most every 3 s', () => {
    expect([1, 2, 3, 4, 10].map(retryDelayMs)).toEqual([500, 1000, 2000, 3000, 3000]);
  });
  it('keeps the newest wall', () => {
    const w = (version: number, centreId = 1) => ({ centreId, version, screens: [], updatedAt: 0, updatedBy: null }) as unknown as WallState;
    expect(newerWall(w(3), w(2))).toBe(false);
    expect(newerWall(w(3), w(4))).toBe(true);
    expect(newerWall(null, w(0))).toBe(true);
    expect(newerWall(w(9, 1), w(1, 2))).toBe(true);
  });
});

describe('what 上墙 replaced', () => {
  const t = (key: string, v: Record<string, string | number>) => `${key}:${v.tile}:${v.name ?? ''}`;
  it('names each replaced camera with its tile number (1-based), or the tile alone if the camera is unknown', () => {
    expect(replacedNotice(t, [{ tile: 4, cameraId: 7 }, { tile: 0, cameraId: 99 }], { 7: { name: '河口大桥' } })).toBe('wall.replaced:5:河口大桥；wall.replacedUnknown:1:');
    expect(replacedNotice(t, [], {})).toBe('');
  });
});
