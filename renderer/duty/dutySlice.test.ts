import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { DEFAULT_SHIFTS, type Handover } from '../../protocol/index.ts';
import { createDutySlice, type DutySlice } from './dutySlice.ts';

const store = () => create<DutySlice>()((...a) => createDutySlice(...(a as unknown as Parameters<typeof createDutySlice>)) as DutySlice);
const handover = (over: Partial<Handover> = {}): Handover => ({
  id: 1, centreId: 1, day: '2026-11-30', shift: 'day', from: { id: 2, name: '甲' }, handedAt: 1000, note: { computedAt: 1000, items: [] },
  remarks: '', to: null, acceptedAt: null, acceptRemarks: '', ...over,
});

describe('duty slice', () => {
  it('keeps the accepted copy of a handover when the handed-over one arrives late, and applies each log entry once', () => {
    const s = store();
    s.getState().setDuty({ shifts: DEFAULT_SHIFTS, dutyPhone: null, rosters: [], handovers: [], log: [], mayEditRoster: false });
    s.getState().applyHandover(handover({ to: { id: 3, name: '乙' }, acceptedAt: 2000 }));
    s.getState().applyHandover(handover());
    expect(s.getState().duty?.handovers).toEqual([expect.objectContaining({ id: 1, acceptedAt: 2000 })]);
    const entry = { id: 5, centreId: 1, at: 10, kind: 'call' as const, text: 'x', by: { id: 2, name: '甲' }, recordedAt: 10 };
    s.getState().applyDutyLog(entry);
    s.getState().applyDutyLog(entry);
    expect(s.getState().duty?.log).toHaveLength(1);
    // nothing is applied before the snapshot
    s.getState().clearDuty();
    s.getState().applyDutyLog(entry);
    expect(s.getState().duty).toBeNull();
  });
});
