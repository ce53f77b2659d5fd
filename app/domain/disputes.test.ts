import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RISK_RULES, assessRisk, idNumberError, isValidResidentId, maskIdNumber, maskPhone, queueDay, sameParties,
  type RiskFacts,
} from './disputes.ts';

const facts = (f: Partial<RiskFacts>): RiskFacts => ({ peopleCount: 1, extremeThreat: false, repeatCount: 0, amount: null, ...f });
const R = DEFAULT_RISK_RULES;

describe('风险研判 by rules', () => {
  it('a plain two-person dispute is low risk with no reasons', () => {
    expect(assessRisk(facts({ peopleCount: 2 }), R)).toEqual({ grade: 'low', reasons: [] });
  });
  it('an extreme threat alone makes it high', () => {
    expect(assessRisk(facts({ extremeThreat: true }), R)).toEqual({ grade: 'high', reasons: [{ code: 'extremeThreat', value: 1 }] });
  });
  it('people thresholds are inclusive: one below stays lower', () => {
    expect(assessRisk(facts({ peopleCount: R.groupCase - 1 }), R).grade).toBe('low');
    expect(assessRisk(facts({ peopleCount: R.groupCase }), R)).toEqual({ grade: 'medium', reasons: [{ code: 'groupCase', value: R.groupCase }] });
    expect(assessRisk(facts({ peopleCount: R.peopleMedium }), R).reasons).toEqual([{ code: 'peopleMedium', value: R.peopleMedium }]);
    expect(assessRisk(facts({ peopleCount: R.peopleHigh - 1 }), R).grade).toBe('medium');
    expect(assessRisk(facts({ peopleCount: R.peopleHigh }), R)).toEqual({ grade: 'high', reasons: [{ code: 'peopleHigh', value: R.peopleHigh }] });
  });
  it('repeat visits: one earlier case is medium, three high', () => {
    expect(assessRisk(facts({ repeatCount: 1 }), R)).toEqual({ grade: 'medium', reasons: [{ code: 'repeatMedium', value: 1 }] });
    expect(assessRisk(facts({ repeatCount: 2 }), R).grade).toBe('medium');
    expect(assessRisk(facts({ repeatCount: 3 }), R)).toEqual({ grade: 'high', reasons: [{ code: 'repeatHigh', value: 3 }] });
  });
  it('lists every reason, the high ones first', () => {
    const r = assessRisk(facts({ extremeThreat: true, peopleCount: 12, repeatCount: 1, amount: 600_000 }), R);
    expect(r.grade).toBe('high');
    expect(r.reasons.map((x) => x.code)).toEqual(['extremeThreat', 'peopleMedium', 'repeatMedium', 'amountHigh']);
  });
  it('amount is a rule only when configured', () => {
    expect(assessRisk(facts({ amount: 10_000_000 }), { ...R, amountMedium: null }).grade).toBe('low');
    expect(assessRisk(facts({ amount: R.amountMedium as number }), R).grade).toBe('medium');
  });
  it('follows the rules it is given (config), not constants', () => {
    expect(assessRisk(facts({ peopleCount: 3 }), { ...R, groupCase: 3 }).grade).toBe('medium');
  });
});

describe('masking', () => {
  it('masks a mobile to 3+4 and an 18-character ID to 6+4', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });
  it('keeps only the last two of short numbers and leaves nothing whole', () => {
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone('12')).toBe('**');
    expect(maskIdNumber('E1234567')).toBe('******67');
    expect(maskPhone(null)).toBeNull();
  });
});

describe('ID numbers', () => {
  it('checks the GB 11643 check character and the birth date', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('110105194912310021')).toBe(false);
    expect(isValidResidentId('11010519490231002X')).toBe(false);
    expect(idNumberError('resident', '110105194912310021')).toBe('number');
    expect(idNumberError(null, 'E1234567')).toBe('type');
    expect(idNumberError('passport', 'E1234567')).toBeNull();
    expect(idNumberError(null, null)).toBeNull();
  });
});

describe('重复访: same parties', () => {
  const p = (personId: number, role: string) => ({ personId, role });
  it('matches the same people on each side, and with sides swapped', () => {
    expect(sameParties([p(1, 'applicant'), p(2, 'respondent')], [p(1, 'applicant'), p(2, 'respondent')])).toBe(true);
    expect(sameParties([p(1, 'applicant'), p(2, 'respondent')], [p(2, 'applicant'), p(1, 'respondent')])).toBe(true);
  });
  it('a shared person alone is not the same dispute', () => {
    expect(sameParties([p(1, 'applicant'), p(2, 'respondent')], [p(1, 'applicant'), p(3, 'respondent')])).toBe(false);
    expect(sameParties([p(1, 'applicant')], [p(1, 'applicant'), p(2, 'respondent')])).toBe(false);
  });
});

describe('states', () => {
  it('queue days turn at local midnight', () => {
    expect(queueDay(Date.parse('2026-11-30T15:59:59Z'))).toBe('2026-11-30');
    expect(queueDay(Date.parse('2026-11-30T16:00:00Z'))).toBe('2026-12-01');
  });
});
