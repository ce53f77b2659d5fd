import { describe, expect, it } from 'vitest';
import { planSync, pruneCutoff } from './stream.ts';

const at = { epoch: 'e1', headSeq: 100, prunedSeq: 40 };

describe('planSync', () => {
  it('replays what a console missed while every envelope is kept', () => {
    expect(planSync({ lastSeq: 90, epoch: 'e1', snapshot: false }, at)).toEqual({ snapshot: false, replayAfter: 90 });
    expect(planSync({ lastSeq: 100, epoch: 'e1', snapshot: false }, at)).toEqual({ snapshot: false, replayAfter: 100 });
    // exactly at the pruned boundary: seq 41 onwards are all there
    expect(planSync({ lastSeq: 40, epoch: 'e1', snapshot: false }, at)).toEqual({ snapshot: false, replayAfter: 40 });
  });
  it('answers a cursor older than the pruned rows with a snapshot and no replay', () => {
    expect(planSync({ lastSeq: 39, epoch: 'e1', snapshot: false }, at)).toEqual({ snapshot: true, replayAfter: null });
    expect(planSync({ lastSeq: 0, epoch: 'e1', snapshot: false }, at)).toEqual({ snapshot: true, replayAfter: null });
  });
  it('gives a snapshot to a fresh console, another database, or a cursor beyond the head', () => {
    expect(planSync({ lastSeq: null, epoch: null, snapshot: false }, at)).toEqual({ snapshot: true, replayAfter: null });
    expect(planSync({ lastSeq: 50, epoch: 'other', snapshot: false }, at)).toEqual({ snapshot: true, replayAfter: null });
    expect(planSync({ lastSeq: 101, epoch: 'e1', snapshot: false }, at)).toEqual({ snapshot: true, replayAfter: null });
  });
  it('trusts a cursor without an epoch when it is plausible', () => {
    expect(planSync({ lastSeq: 60, epoch: null, snapshot: false }, at)).toEqual({ snapshot: false, replayAfter: 60 });
  });
  it('gives both to a console that asks for its starting state with a good cursor (a page load)', () => {
    expect(planSync({ lastSeq: 60, epoch: 'e1', snapshot: true }, at)).toEqual({ snapshot: true, replayAfter: 60 });
  });
});

describe('pruneCutoff', () => {
  it('is the retention before now', () => {
    expect(pruneCutoff(30 * 86_400_000 + 5, 30)).toBe(5);
  });
});
