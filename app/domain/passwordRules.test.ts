import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { oneTimePassword, passwordProblems } from './passwordRules.ts';

describe('password rules', () => {
  it('names every problem of a weak password', () => {
    expect(passwordProblems('abc1', 'zhang')).toEqual(['length']);
    expect(passwordProblems('abcdefgh', 'zhang')).toEqual(['digits']);
    expect(passwordProblems('12345679', 'zhang')).toEqual(['letters']);
    expect(passwordProblems('Zhang2027', 'zhang')).toEqual(['username']);
    expect(passwordProblems('Demo@2026', 'zhang')).toEqual(['default']);
    expect(passwordProblems('Qinglan2027', 'zhang', 'Qinglan2027')).toEqual(['same']);
    expect(passwordProblems('Qinglan2027', 'zhang', 'old')).toEqual([]);
  });

  it('makes one-time passwords that pass the rules and differ', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = oneTimePassword((n) => randomBytes(n));
      expect(p).toMatch(/^[A-Za-z2-9]{12}$/);
      expect(p).not.toMatch(/[01lIoO]/);
      expect(passwordProblems(p, 'someone')).toEqual([]);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
