import { describe, expect, it } from 'vitest';
import type { Centre } from '../../protocol/index.ts';
import { previewRecipients } from './targets.ts';

const c = (id: number, level: Centre['level'], parentId: number | null): Centre => ({ id, level, parentId, code: String(id), name: `C${id}` });
const centres = [c(1, 'county', null), c(2, 'township', 1), c(3, 'township', 1), c(21, 'village', 2), c(22, 'village', 2), c(31, 'village', 3)];

describe('previewRecipients', () => {
  it('all townships, with or without their villages', () => {
    expect(previewRecipients(centres, true, new Set(), false).map((x) => x.id)).toEqual([2, 3]);
    expect(previewRecipients(centres, true, new Set(), true).map((x) => x.id)).toEqual([2, 3, 21, 22, 31]);
  });

  it('chosen townships with their villages and a chosen village of another township, once each', () => {
    expect(previewRecipients(centres, false, new Set([2, 31, 21]), true).map((x) => x.id).sort()).toEqual([2, 21, 22, 31]);
    expect(previewRecipients(centres, false, new Set([31]), false).map((x) => x.id)).toEqual([31]);
  });
});
