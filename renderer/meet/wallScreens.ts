// The host's choice of wall screen for 上墙: one option per screen of the unit's wall (from the wall state in the store,
// the same one 视频监控 shows), each with what 上墙 there would do. Pure, so it is unit-tested in node.
import { LAYOUT_TILES, type WallState } from '../../protocol/index.ts';

/** here: this meeting is already on it; tour: it tours (上墙 stops the tour); room: an empty tile; full: a tile is replaced. */
export type WallScreenState = 'here' | 'tour' | 'room' | 'full';

export interface WallScreenOption {
  screen: number;
  state: WallScreenState;
}

export function wallScreenOptions(wall: WallState | null, meetingId: number): WallScreenOption[] {
  return (wall?.screens ?? []).map((s, screen) => {
    const n = LAYOUT_TILES[s.layout];
    const meet = s.meet ?? [];
    // The tour is checked first: while it runs the meeting's tile is hidden, and 上墙 there stops the tour.
    if (s.tour) return { screen, state: 'tour' };
    if (meet.slice(0, n).some((m) => m?.meetingId === meetingId)) return { screen, state: 'here' };
    const room = s.tiles.slice(0, n).some((id, i) => id === null && !meet[i]) || s.tiles.length < n;
    return { screen, state: room ? 'room' : 'full' };
  });
}
