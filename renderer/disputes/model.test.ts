import { describe, expect, it } from 'vitest';
import { FIELD_KEYS, fieldOf } from './model.ts';
import { disputesEn, disputesZh } from './i18n.ts';

describe('naming the refused field', () => {
  it('points a party path at the party and its field, any other path at its first segment', () => {
    expect(fieldOf('parties.1.idNumber')).toEqual({ party: 1, field: 'idNumber' });
    expect(fieldOf('summary')).toEqual({ party: null, field: 'summary' });
    expect(fieldOf('parties')).toEqual({ party: null, field: 'parties' });
  });
  it('has words in both languages for every field the server may name', () => {
    for (const key of Object.values(FIELD_KEYS)) {
      expect(typeof (disputesZh.intake as Record<string, unknown>)[key], key).toBe('string');
      expect(typeof (disputesEn.intake as Record<string, unknown>)[key], key).toBe('string');
    }
  });
});
