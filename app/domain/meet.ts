// Who may call, answer, join and run a meeting. Pure: the actor and the meeting are arguments.
import { ALERT_RAISERS, DELIVERY_CONFIRMERS, type CentreLevel, type ErrorCode, type Meeting } from '../../protocol/index.ts';
import type { Actor } from './access.ts';
import { maySteerWall } from './wall.ts';

/** How long a 一键通 call rings before it is a missed call. */
export const RING_MS = 45_000;
/** Missed calls older than this no longer wait in 待办. */
export const MISSED_KEPT_MS = 7 * 24 * 3600_000;

/** The county's duty officers and commander open calls and meetings; they reach any unit below the county. */
export function mayOpen(actor: Actor): ErrorCode | null {
  if (!ALERT_RAISERS.includes(actor.role)) return 'FORBIDDEN_ROLE';
  return actor.centreLevel === 'county' ? null : 'FORBIDDEN_SCOPE';
}

export function callable(level: CentreLevel | null): ErrorCode | null {
  if (level === null) return 'TARGET_UNKNOWN';
  return level === 'county' ? 'MEET_BAD_TARGET' : null;
}

const isOperator = (actor: Actor) => DELIVERY_CONFIRMERS.includes(actor.role);

/** Answer a ringing call: an operator of the called unit, while it rings. */
export function mayAnswer(actor: Actor, m: Meeting): ErrorCode | null {
  if (!isOperator(actor)) return 'FORBIDDEN_ROLE';
  const mine = m.invitees.find((i) => i.centreId === actor.centreId);
  if (!mine) return 'FORBIDDEN_SCOPE';
  if (m.state !== 'ringing' || mine.state !== 'ringing') return 'MEET_NOT_RINGING';
  return null;
}

/** Join the room: the host's unit while it rings or is open; an invited unit once it is open (a call: the unit that answered). */
export function mayJoin(actor: Actor, m: Meeting): ErrorCode | null {
  if (!isOperator(actor)) return 'FORBIDDEN_ROLE';
  const host = actor.centreId === m.hostCentreId;
  const mine = m.invitees.find((i) => i.centreId === actor.centreId);
  if (!host && !mine) return 'FORBIDDEN_SCOPE';
  if (m.state === 'ended' || m.state === 'missed') return 'MEET_ENDED';
  if (host) return null;
  if (m.state !== 'open') return 'MEET_NOT_RINGING';
  if (m.kind === 'call' && mine!.state !== 'answered') return 'FORBIDDEN_SCOPE';
  return null;
}

/** Host actions (mute, remove, wall, end, recording): the host unit's county staff. */
export function mayHost(actor: Actor, m: Meeting): ErrorCode | null {
  if (actor.centreId !== m.hostCentreId) return 'FORBIDDEN_SCOPE';
  return ALERT_RAISERS.includes(actor.role) ? null : 'FORBIDDEN_ROLE';
}

/** Hang up: either side of a call; a meeting is ended by its host. */
export function mayEnd(actor: Actor, m: Meeting): ErrorCode | null {
  if (m.state === 'ended' || m.state === 'missed') return 'MEET_ENDED';
  if (m.kind === 'call' && isOperator(actor) && m.invitees.some((i) => i.centreId === actor.centreId && (i.state === 'answered' || i.state === 'ringing'))) return null;
  return mayHost(actor, m);
}

/**
 * A wall screen watching a participant (视频会商上墙): someone who drives the wall (wall.ts maySteerWall), at the unit
 * hosting the meeting (its wall is the one the host puts participants on), of an open meeting, watching a person of
 * a unit that is in the meeting, and only while the wall shows that person: a wall screen sees what the wall shows,
 * nothing more. `target` is the watched person (`userId`)'s unit (null: no such person); `shown`, whom the host unit's
 * wall shows of this meeting (null: nobody).
 */
export function mayWatchMeeting(actor: Actor, m: Meeting, userId: number, target: { centreId: number } | null, shown: number | null): ErrorCode | null {
  if (maySteerWall(actor)) return 'MEET_WALL_ROLE';
  if (actor.centreId !== m.hostCentreId) return 'MEET_WALL_SCOPE';
  if (m.state === 'ended' || m.state === 'missed') return 'MEET_ENDED';
  if (!target || (target.centreId !== m.hostCentreId && !m.invitees.some((i) => i.centreId === target.centreId))) return 'MEET_WALL_NOT_PARTICIPANT';
  if (shown !== userId) return 'MEET_WALL_NOT_SHOWN';
  return null;
}
