// The wall's console-side rules as pure functions (no DOM, no socket): unit-tested in node.
import { LAYOUT_TILES, type Camera, type CameraHealth, type ReplacedTile, type WallLayout, type WallState } from '../../protocol/index.ts';

/** What the player itself observes. */
export type PlayerPhase = 'idle' | 'connecting' | 'playing' | 'stalled' | 'failed';

export type TileKind = 'empty' | 'unavailable' | 'disconnected' | 'connecting' | 'playing' | 'stalled' | 'offline' | 'error';

export interface TileStatus {
  kind: TileKind;
  /** For offline: since when (ms). */
  since: number | null;
}

/**
 * A tile's state with its reason. Cut off from the centre, the console knows nothing current about any camera (its
 * health reports are stale, and a dead server stalls every tile at once): it says so rather than blame the cameras.
 * Otherwise moving pictures win: a tile whose video advances is playing whatever the last health report said; then
 * the server's view of the source (offline since…, source error) explains a black tile better than the player can.
 */
export function tileStatus(input: {
  cameraId: number | null; mediaAvailable: boolean; health: CameraHealth | undefined; phase: PlayerPhase; centreConnected: boolean;
}): TileStatus {
  if (input.cameraId === null) return { kind: 'empty', since: null };
  if (!input.mediaAvailable) return { kind: 'unavailable', since: null };
  if (!input.centreConnected) return { kind: 'disconnected', since: null };
  if (input.phase === 'playing') return { kind: 'playing', since: null };
  const h = input.health;
  if (h?.status === 'error') return { kind: 'error', since: h.since };
  if (h?.status === 'offline') return { kind: 'offline', since: h.since };
  if (input.phase === 'stalled') return { kind: 'stalled', since: null };
  if (input.phase === 'failed') return { kind: h?.status === 'online' ? 'stalled' : 'offline', since: h?.since ?? null };
  return { kind: 'connecting', since: null };
}

export interface TileArea {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

/** CSS grid placement of each tile of a layout (1-based lines): n×n grids, and one big tile with small ones around it. */
export function layoutGrid(layout: WallLayout): { rows: number; cols: number; areas: TileArea[] } {
  const one = (row: number, col: number): TileArea => ({ row, col, rowSpan: 1, colSpan: 1 });
  if (layout === '1+5') {
    return { rows: 3, cols: 3, areas: [{ row: 1, col: 1, rowSpan: 2, colSpan: 2 }, one(1, 3), one(2, 3), one(3, 1), one(3, 2), one(3, 3)] };
  }
  if (layout === '1+7') {
    return { rows: 4, cols: 4, areas: [{ row: 1, col: 1, rowSpan: 3, colSpan: 3 }, one(1, 4), one(2, 4), one(3, 4), one(4, 1), one(4, 2), one(4, 3), one(4, 4)] };
  }
  const n = Math.sqrt(LAYOUT_TILES[layout]);
  const areas: TileArea[] = [];
  for (let i = 0; i < n * n; i++) areas.push(one(Math.floor(i / n) + 1, (i % n) + 1));
  return { rows: n, cols: n, areas };
}

/** Latest state wins: an older version (a late broadcast) never replaces a newer one. */
export function newerWall(current: WallState | null, incoming: WallState): boolean {
  return current === null || current.centreId !== incoming.centreId || incoming.version >= current.version;
}

/** How far behind the live edge a player may fall before it jumps back (seconds). */
export const LIVE_EDGE_MAX_LAG_S = 2;

/** Where to jump to when the buffered live edge is too far ahead of playback; null when within bounds. */
export function liveEdgeTarget(currentTime: number, bufferedEnd: number | null, keepS = 0.3): number | null {
  if (bufferedEnd === null) return null;
  return bufferedEnd - currentTime > LIVE_EDGE_MAX_LAG_S ? Math.max(0, bufferedEnd - keepS) : null;
}

/** Backoff for reconnecting a tile: quick at first (a source that comes back plays again within seconds). */
export function retryDelayMs(attempt: number): number {
  return Math.min(3000, 500 * 2 ** Math.max(0, attempt - 1));
}

/**
 * What 上墙 onto a full screen replaced, in words: 「屏幕已满，第 3 格的「城关镇·人民广场」已被替换」, one sentence per tile
 * (tiles 1-based). `t` is i18next's translate function.
 */
export function replacedNotice(
  t: (key: string, values: Record<string, string | number>) => string,
  replaced: readonly ReplacedTile[],
  cameras: Readonly<Record<number, Pick<Camera, 'name'>>>,
): string {
  return replaced
    .map((r) => {
      const name = cameras[r.cameraId]?.name;
      return name ? t('wall.replaced', { tile: r.tile + 1, name }) : t('wall.replacedUnknown', { tile: r.tile + 1 });
    })
    .join('；');
}
