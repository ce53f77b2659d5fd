import { describe, expect, it } from 'vitest';
import { mayCallUnit } from './callable.ts';

describe('一键通 from the directory: who sees the button', () => {
  it('county duty officers and the commander, on every unit but the county', () => {
    for (const role of ['dutyOfficer', 'commander'] as const) {
      for (const level of ['township', 'village', 'department'] as const) expect(mayCallUnit({ role, centreLevel: 'county' }, level)).toBe(true);
      expect(mayCallUnit({ role, centreLevel: 'county' }, 'county')).toBe(false);
    }
  });
  it('nobody else: a township operator, a county administrator, no session', () => {
    expect(mayCallUnit({ role: 'dutyOfficer', centreLevel: 'township' }, 'village')).toBe(false);
    expect(mayCallUnit({ role: 'admin', centreLevel: 'county' }, 'township')).toBe(false);
    expect(mayCallUnit(null, 'township')).toBe(false);
  });
});
