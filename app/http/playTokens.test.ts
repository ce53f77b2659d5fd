import { describe, expect, it } from 'vitest';
import { createPlayTokens } from './playTokens.ts';

describe('play tokens', () => {
  const tokens = createPlayTokens(60_000);
  const now = 1_800_000_000_000;
  const { token, expiresAt } = tokens.sign({ cameraId: 7, transport: 'flv', userId: 3 }, now);

  it('verifies for its camera and transport until it expires', () => {
    expect(expiresAt).toBe(now + 60_000);
    expect(tokens.verify(token, 7, 'flv', now + 59_999)).toEqual({ cameraId: 7, transport: 'flv', userId: 3, expiresAt });
    expect(tokens.verify(token, 7, 'flv', now + 60_000)).toBeNull();
    expect(tokens.verify(token, 8, 'flv', now)).toBeNull();
    expect(tokens.verify(token, 7, 'hls', now)).toBeNull();
  });

  it('rejects tampering, other keys and junk', () => {
    const [cam, tr, user, exp, sig] = token.split('.');
    expect(tokens.verify([cam, tr, user, String(Number(exp) + 3_600_000), sig].join('.'), 7, 'flv', now)).toBeNull();
    expect(tokens.verify([cam, tr, '1', exp, sig].join('.'), 7, 'flv', now)).toBeNull();
    expect(createPlayTokens(60_000).verify(token, 7, 'flv', now)).toBeNull();
    for (const junk of [undefined, 42, '', 'a.b.c.d.e', 'x'.repeat(500)]) expect(tokens.verify(junk, 7, 'flv', now)).toBeNull();
  });
});
