import { describe, expect, it } from 'vitest';
import { lowLatencyPlayout, PLAYOUT_MAX_MS } from './playout.ts';

describe('lowLatencyPlayout', () => {
  it('asks every published video, and only video, for a playout delay of 0 to the cap, in 10 ms blocks', () => {
    const body = lowLatencyPlayout([
      { type: 'audio', mid: '0' },
      { type: 'video', mid: '1' },
    ]);
    expect(body).toEqual({ request: 'configure', streams: [{ mid: '1', min_delay: 0, max_delay: PLAYOUT_MAX_MS / 10 }] });
    expect(PLAYOUT_MAX_MS / 10).toBe(10);
  });

  it('asks nothing of a publisher without video (audio only)', () => {
    expect(lowLatencyPlayout([{ type: 'audio', mid: '0' }])).toBeNull();
    expect(lowLatencyPlayout([])).toBeNull();
  });
});
