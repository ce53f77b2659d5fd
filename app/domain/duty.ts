// The duty desk's rules: shift windows in Asia/Shanghai, which shift runs at an instant, who is on duty, who may edit a
// unit's roster, and which log times are accepted. Pure: time is an argument.
import { DELIVERY_CONFIRMERS, addDays, currentShift, onDutyAt, shiftWindow, type CentreLevel, type ErrorCode } from '../../protocol/index.ts';
import type { Actor } from './access.ts';

const DAY = 24 * 3600_000;

// The shift arithmetic lives in the protocol (the console shows who is on duty from the same rules).
export { addDays, currentShift, onDutyAt, shiftWindow };

/**
 * Who edits a unit's roster: the administrator (any unit); at the county the commander (指挥长, the duty lead — the
 * duty officers do not set their own roster); at a township, village or department its own operator.
 */
export function mayEditRoster(actor: Actor, unit: { id: number; level: CentreLevel }): ErrorCode | null {
  if (actor.role === 'admin') return actor.centreLevel === 'county' ? null : 'FORBIDDEN_SCOPE';
  if (unit.level === 'county') {
    if (actor.role !== 'commander') return 'FORBIDDEN_ROLE';
    return actor.centreId === unit.id ? null : 'FORBIDDEN_SCOPE';
  }
  if (!['townshipOperator', 'villageOperator', 'departmentOperator', 'commander'].includes(actor.role)) return 'FORBIDDEN_ROLE';
  return actor.centreId === unit.id ? null : 'FORBIDDEN_SCOPE';
}

/** Who keeps the duty (hands over, accepts, writes the log): an operator of the unit, for the unit only. */
export function mayKeepDuty(actor: Actor): ErrorCode | null {
  return DELIVERY_CONFIRMERS.includes(actor.role) ? null : 'FORBIDDEN_ROLE';
}

export function checkLogTime(at: number, now: number): ErrorCode | null {
  return at > now + 60_000 || at < now - DAY ? 'DUTY_LOG_TIME' : null;
}
