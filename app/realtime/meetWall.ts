// The host's 上墙 of a meeting participant, seen from the meetings: the video desk changes the host unit's wall (one
// transaction with its ledger entry) and the video side pushes the new wall to its consoles and wall screens.
import type { VideoDesk } from '../workflow/video.ts';
import type { MeetWall } from './meetEvents.ts';
import type { VideoRealtime } from './videoEvents.ts';

export function meetWallOf(desk: VideoDesk, video: VideoRealtime): MeetWall {
  return {
    put(actor, meet, screen, now) {
      const r = desk.wallMeet(actor, { op: 'meetPut', screen, meet }, now);
      if (!r.ok) return r;
      video.apply(r.effects);
      return { ok: true, placed: r.value.placed, tourStopped: r.value.tourStopped };
    },
    take(actor, meetingId, now) {
      const r = desk.wallMeet(actor, { op: 'meetTake', meetingId }, now);
      if (r.ok) video.apply(r.effects);
    },
    ended(centreId, meetingId, now) {
      const effects = desk.wallMeetEnded(centreId, meetingId, now);
      if (effects) video.apply(effects);
    },
    onWall: (centreId, meetingId) => desk.meetOnWall(centreId, meetingId),
  };
}
