// Who may turn a dome camera, and the control hold: one operator at a time. Pure: time is an argument.
// A command from someone while nobody holds the control (or the hold has lapsed) takes it; the hold lapses after a
// quiet spell (no command), so a forgotten console does not lock a camera; a commander can take it over at any time.
import type { ErrorCode, PersonRef, Role } from '../../protocol/index.ts';
import type { Actor } from './access.ts';

/** The console roles that steer cameras: the county's officers and commanders, township operators (their own cameras), the administrator. */
export const PTZ_ROLES: readonly Role[] = ['dutyOfficer', 'commander', 'townshipOperator', 'admin'];

export function mayControlPtz(actor: Actor): ErrorCode | null {
  return PTZ_ROLES.includes(actor.role) ? null : 'FORBIDDEN_ROLE';
}

export interface Hold {
  cameraId: number;
  holder: PersonRef;
  centreId: number;
  since: number;
  lastActiveAt: number;
}

export const expiresAt = (h: Hold, idleMs: number) => h.lastActiveAt + idleMs;
export const lapsed = (h: Hold | null, now: number, idleMs: number): boolean => h === null || now >= expiresAt(h, idleMs);

export type ClaimResult = { ok: true; hold: Hold; took: 'new' | 'kept' | 'takeover' } | { ok: false; code: ErrorCode; holder: Hold };

/**
 * `actor` wants the control (a command, or 接管 with takeover). Free or lapsed: theirs. Their own: kept and refreshed.
 * Someone else's: refused (PTZ_HELD), unless a commander asks to take it over.
 */
export function claim(current: Hold | null, actor: Actor, person: PersonRef, cameraId: number, now: number, idleMs: number, takeover: boolean): ClaimResult {
  if (current && !lapsed(current, now, idleMs)) {
    if (current.holder.id === actor.id) return { ok: true, hold: { ...current, lastActiveAt: now }, took: 'kept' };
    if (!takeover) return { ok: false, code: 'PTZ_HELD', holder: current };
    if (actor.role !== 'commander') return { ok: false, code: 'PTZ_TAKEOVER_FORBIDDEN', holder: current };
    return { ok: true, hold: { cameraId, holder: person, centreId: actor.centreId, since: now, lastActiveAt: now }, took: 'takeover' };
  }
  return { ok: true, hold: { cameraId, holder: person, centreId: actor.centreId, since: now, lastActiveAt: now }, took: 'new' };
}
