import { describe, expect, it } from 'vitest';
import type { WallScreen, WallState } from '../../protocol/index.ts';
import { wallScreenOptions } from './wallScreens.ts';

const wall = (screens: WallScreen[]): WallState => ({ centreId: 1, version: 1, screens, updatedAt: 0, updatedBy: null });
const meet = (meetingId: number) => ({ meetingId, userId: 7, centreId: 2, centreName: '城关镇' });

describe('the host picks the wall screen for 上墙: one option per screen, with its state', () => {
  it('the demo wall: screen 1 full of cameras, screen 2 touring', () => {
    const w = wall([
      { layout: '4', tiles: [1, 2, 3, 4], tour: null },
      { layout: '9', tiles: [1, 2, 3], tour: { cameraIds: [1, 2, 3], intervalSec: 20, startedAt: 0 } },
    ]);
    expect(wallScreenOptions(w, 5)).toEqual([
      { screen: 0, state: 'full' },
      { screen: 1, state: 'tour' },
    ]);
  });
  it('an empty tile is room; a meeting tile is not; the tile of this meeting is here', () => {
    const w = wall([
      { layout: '4', tiles: [1, 2, 3, null], tour: null, meet: [null, null, null, meet(9)] },
      { layout: '4', tiles: [1, null, 3, 4], tour: null },
      { layout: '4', tiles: [1, 2, 3, null], tour: null, meet: [null, null, null, meet(5)] },
      { layout: '4', tiles: [1], tour: null },
    ]);
    expect(wallScreenOptions(w, 5).map((o) => o.state)).toEqual(['full', 'room', 'here', 'room']);
  });
  it('tiles hidden by a smaller layout do not count', () => {
    const w = wall([{ layout: '1', tiles: [1, null, null, null], tour: null, meet: [null, meet(5), null, null] }]);
    expect(wallScreenOptions(w, 5)).toEqual([{ screen: 0, state: 'full' }]);
  });
  it('no wall yet: no screens to offer (上墙 stays automatic)', () => {
    expect(wallScreenOptions(null, 5)).toEqual([]);
  });
});
