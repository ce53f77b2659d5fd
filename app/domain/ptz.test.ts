import { describe, expect, it } from 'vitest';
import type { Actor } from './access.ts';
import { claim, lapsed, mayControlPtz } from './ptz.ts';

const duty: Actor = { id: 1, role: 'dutyOfficer', centreId: 1, centreLevel: 'county' };
const duty2: Actor = { id: 2, role: 'dutyOfficer', centreId: 1, centreLevel: 'county' };
const boss: Actor = { id: 3, role: 'commander', centreId: 1, centreLevel: 'county' };
const p = (a: Actor) => ({ id: a.id, name: `u${a.id}` });
const IDLE = 60_000;

describe('PTZ control hold', () => {
  it('gives a free camera to the first, keeps it for them, refuses the second', () => {
    const a = claim(null, duty, p(duty), 7, 1000, IDLE, false);
    expect(a).toMatchObject({ ok: true, took: 'new', hold: { holder: { id: 1 }, since: 1000 } });
    if (!a.ok) throw new Error();
    const again = claim(a.hold, duty, p(duty), 7, 5000, IDLE, false);
    expect(again).toMatchObject({ ok: true, took: 'kept', hold: { since: 1000, lastActiveAt: 5000 } });
    expect(claim(a.hold, duty2, p(duty2), 7, 5000, IDLE, false)).toMatchObject({ ok: false, code: 'PTZ_HELD', holder: { holder: { id: 1 } } });
  });

  it('lets only a commander take over, and anyone have a lapsed hold', () => {
    const a = claim(null, duty, p(duty), 7, 0, IDLE, false);
    if (!a.ok) throw new Error();
    expect(claim(a.hold, duty2, p(duty2), 7, 10, IDLE, true)).toMatchObject({ ok: false, code: 'PTZ_TAKEOVER_FORBIDDEN' });
    expect(claim(a.hold, boss, p(boss), 7, 10, IDLE, true)).toMatchObject({ ok: true, took: 'takeover', hold: { holder: { id: 3 } } });
    expect(lapsed(a.hold, IDLE - 1, IDLE)).toBe(false);
    expect(claim(a.hold, duty2, p(duty2), 7, IDLE, IDLE, false)).toMatchObject({ ok: true, took: 'new', hold: { holder: { id: 2 } } });
  });

  it('keeps village, department and grid roles off the lens', () => {
    for (const role of ['villageOperator', 'departmentOperator', 'gridMember'] as const) expect(mayControlPtz({ ...duty, role })).toBe('FORBIDDEN_ROLE');
    for (const role of ['dutyOfficer', 'commander', 'townshipOperator', 'admin'] as const) expect(mayControlPtz({ ...duty, role })).toBeNull();
  });
});
