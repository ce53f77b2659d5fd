// The duty desk's rules: shift windows in Asia/Shanghai, which shift runs at an instant, who is on duty, who may edit a
// unit's roster, and which log times are accepted. Pure: time is an argument.
import { DELIVERY_CONFIRMERS, type CentreLevel, type ErrorCode, type OnDuty, type RosterEntry, type ShiftDef } from '../../protocol/index.ts';
import type { Actor } from './access.ts';
import { dayStart, parseHHmm, shanghaiDay } from './wartime.ts';

const DAY = 24 * 3600_000;

/** When a shift that starts on `day` begins and ends (an end not after the start is on the next day). */
export function shiftWindow(day: string, s: ShiftDef): { startsAt: number; endsAt: number } {
  const base = dayStart(day);
  const start = parseHHmm(s.start) ?? 0;
  const end = parseHHmm(s.end) ?? 0;
  return { startsAt: base + start, endsAt: base + end + (end <= start ? DAY : 0) };
}

export const addDays = (day: string, n: number): string => shanghaiDay(dayStart(day) + n * DAY + 12 * 3600_000);

/** The shift running at `now` and the day it started on (a night shift after midnight belongs to yesterday). */
export function currentShift(shifts: readonly ShiftDef[], now: number): { day: string; shift: ShiftDef; startsAt: number; endsAt: number } | null {
  const today = shanghaiDay(now);
  for (const day of [today, addDays(today, -1)])
    for (const shift of shifts) {
      const w = shiftWindow(day, shift);
      if (w.startsAt <= now && now < w.endsAt) return { day, shift, ...w };
    }
  return null;
}

/** Who is on duty at `now` by a unit's rosters (any day's; the running shift picks its day). */
export function onDutyAt(shifts: readonly ShiftDef[], rosters: ReadonlyMap<string, readonly RosterEntry[]>, now: number): OnDuty | null {
  const cur = currentShift(shifts, now);
  if (!cur) return null;
  const entries = (rosters.get(cur.day) ?? []).filter((e) => e.shift === cur.shift.code);
  if (entries.length === 0) return null;
  const person = (e: RosterEntry) => ({ name: e.name, phone: e.phone });
  return {
    day: cur.day, shift: cur.shift.code, startsAt: cur.startsAt, endsAt: cur.endsAt,
    leaders: entries.filter((e) => e.position === 'leader').map(person),
    officers: entries.filter((e) => e.position === 'officer').map(person),
  };
}

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
