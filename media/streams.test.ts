import { describe, expect, it } from 'vitest';
import { classifyExit } from './streams.ts';

describe('what a failed ffmpeg run says about the source', () => {
  it.each([
    [['method DESCRIBE failed: 401 Unauthorized'], 'error', 'auth'],
    [['Server returned 404 Not Found'], 'error', 'not_found'],
    [['rtsp://x: Invalid data found when processing input'], 'error', 'bad_stream'],
    [['Connection to tcp://10.0.0.9:554 failed: Connection refused'], 'offline', 'unreachable'],
    [['rtmp://127.0.0.1/src/a: Input/output error'], 'offline', 'ended'],
    [[], 'offline', 'failed'],
  ] as const)('%j → %s/%s', (stderr, status, reason) => {
    expect(classifyExit(1, [...stderr])).toEqual({ status, reason });
  });
  it('a clean exit is a source that ended', () => {
    expect(classifyExit(0, [])).toEqual({ status: 'offline', reason: 'ended' });
  });
});
