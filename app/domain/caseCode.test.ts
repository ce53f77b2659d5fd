import { describe, expect, it } from 'vitest';
import { isWellFormedCaseCode, makeCaseCode } from './caseCode.ts';

describe('一案一码 case codes', () => {
  const t = Date.UTC(2026, 10, 22, 17, 0); // 01:00 on the 23rd in Shanghai
  it('carries the local date, 40 random bits and a check character', () => {
    const code = makeCaseCode(t, new Uint8Array([1, 2, 3, 4, 5]));
    expect(code).toMatch(/^ZZ20261123-[0-9A-Z]{8}-[0-9A-Z]$/);
    expect(isWellFormedCaseCode(code)).toBe(true);
    expect(makeCaseCode(t, new Uint8Array([1, 2, 3, 4, 6]))).not.toBe(code);
  });

  it('rejects made-up and mistyped codes', () => {
    const code = makeCaseCode(t, new Uint8Array([9, 8, 7, 6, 5]));
    const body = code.slice(0, -1);
    const wrong = [...'0123456789ABCDEFGHJKMNPQRSTVWXYZ'].filter((c) => c !== code.at(-1)).map((c) => body + c);
    expect(wrong.every((w) => !isWellFormedCaseCode(w))).toBe(true);
    // one changed character in the random part is caught in most cases: check over a sample
    const mutated = [...'0123456789ABCDEF'].map((c) => code.slice(0, 11) + c + code.slice(12)).filter((m) => m !== code);
    expect(mutated.filter(isWellFormedCaseCode).length).toBeLessThanOrEqual(1);
    expect(isWellFormedCaseCode('ZZ20261123-ILOUILOU-0')).toBe(false);
    expect(isWellFormedCaseCode('')).toBe(false);
  });
});
