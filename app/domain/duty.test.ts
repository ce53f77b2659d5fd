import { describe, expect, it } from 'vitest';
import { DEFAULT_SHIFTS, type RosterEntry } from '../../protocol/index.ts';
import { addDays, checkLogTime, currentShift, mayEditRoster, mayKeepDuty, onDutyAt, shiftWindow } from './duty.ts';

const at = (iso: string) => Date.parse(`${iso}+08:00`);
const [DAY_SHIFT, NIGHT] = DEFAULT_SHIFTS as [(typeof DEFAULT_SHIFTS)[0], (typeof DEFAULT_SHIFTS)[0]];

describe('shifts', () => {
  it('a night shift runs into the next day and belongs to the day it started', () => {
    expect(shiftWindow('2026-11-30', NIGHT)).toEqual({ startsAt: at('2026-11-30T20:00:00'), endsAt: at('2026-12-01T08:00:00') });
    expect(shiftWindow('2026-11-30', DAY_SHIFT)).toEqual({ startsAt: at('2026-11-30T08:00:00'), endsAt: at('2026-11-30T20:00:00') });
    expect(currentShift(DEFAULT_SHIFTS, at('2026-12-01T03:00:00'))).toMatchObject({ day: '2026-11-30', shift: { code: 'night' } });
    expect(currentShift(DEFAULT_SHIFTS, at('2026-12-01T08:00:00'))).toMatchObject({ day: '2026-12-01', shift: { code: 'day' } });
    expect(currentShift(DEFAULT_SHIFTS, at('2026-12-01T07:59:59'))).toMatchObject({ day: '2026-11-30', shift: { code: 'night' } });
    expect(currentShift([{ code: 'office', label: ['白天', 'Office'], start: '09:00', end: '17:00' }], at('2026-12-01T18:00:00'))).toBeNull();
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('who is on duty: the running shift’s people from the day it started; nobody rostered is null', () => {
    const e = (shift: string, position: 'leader' | 'officer', name: string): RosterEntry => ({ shift, position, name, phone: '1', userId: null });
    const rosters = new Map([['2026-11-30', [e('day', 'leader', '甲'), e('day', 'officer', '乙'), e('night', 'officer', '丙')]]]);
    expect(onDutyAt(DEFAULT_SHIFTS, rosters, at('2026-11-30T10:00:00'))).toMatchObject({ shift: 'day', leaders: [{ name: '甲' }], officers: [{ name: '乙' }] });
    expect(onDutyAt(DEFAULT_SHIFTS, rosters, at('2026-12-01T02:00:00'))).toMatchObject({ shift: 'night', leaders: [], officers: [{ name: '丙' }] });
    expect(onDutyAt(DEFAULT_SHIFTS, rosters, at('2026-12-01T10:00:00'))).toBeNull();
  });
});

describe('who may do what', () => {
  const county = { id: 1, level: 'county' as const };
  const town = { id: 7, level: 'township' as const };
  const actor = (role: Parameters<typeof mayKeepDuty>[0]['role'], centreId: number, centreLevel: 'county' | 'township' | 'village' | 'department') => ({ id: 9, role, centreId, centreLevel });
  it('the roster: commander at the county, a unit’s own operator, the administrator anywhere', () => {
    expect(mayEditRoster(actor('commander', 1, 'county'), county)).toBeNull();
    expect(mayEditRoster(actor('dutyOfficer', 1, 'county'), county)).toBe('FORBIDDEN_ROLE');
    expect(mayEditRoster(actor('admin', 1, 'county'), town)).toBeNull();
    expect(mayEditRoster(actor('townshipOperator', 7, 'township'), town)).toBeNull();
    expect(mayEditRoster(actor('townshipOperator', 8, 'township'), town)).toBe('FORBIDDEN_SCOPE');
    expect(mayEditRoster(actor('commander', 1, 'county'), town)).toBe('FORBIDDEN_SCOPE');
    expect(mayEditRoster(actor('gridMember', 7, 'village'), town)).toBe('FORBIDDEN_ROLE');
    expect(mayKeepDuty(actor('gridMember', 7, 'village'))).toBe('FORBIDDEN_ROLE');
    expect(mayKeepDuty(actor('dutyOfficer', 1, 'county'))).toBeNull();
  });
  it('log times: up to a day back, not in the future', () => {
    const now = at('2026-11-30T10:00:00');
    expect(checkLogTime(now - 3600_000, now)).toBeNull();
    expect(checkLogTime(now + 3600_000, now)).toBe('DUTY_LOG_TIME');
    expect(checkLogTime(now - 25 * 3600_000, now)).toBe('DUTY_LOG_TIME');
  });
});
