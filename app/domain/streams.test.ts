import { describe, expect, it } from 'vitest';
import { chooseStream } from './streams.ts';

const base = { wanted: 'main' as const, hasSub: true, codec: 'h264', consoleHevc: false, hevcPassthrough: false };

describe('which stream a tile plays', () => {
  it('plays the sub stream in small tiles when there is one, the main one otherwise', () => {
    expect(chooseStream({ ...base, wanted: 'sub' })).toBe('sub');
    expect(chooseStream({ ...base, wanted: 'main' })).toBe('main');
    expect(chooseStream({ ...base, wanted: 'sub', hasSub: false })).toBe('main');
    expect(chooseStream({ ...base, wanted: 'sub', codec: null })).toBe('sub');
  });

  it('transcodes H.265 unless both the console and the media path handle it', () => {
    expect(chooseStream({ ...base, codec: 'hevc' })).toBe('transcode');
    expect(chooseStream({ ...base, codec: 'hevc', wanted: 'sub' })).toBe('transcode');
    expect(chooseStream({ ...base, codec: 'hevc', consoleHevc: true })).toBe('transcode');
    expect(chooseStream({ ...base, codec: 'hevc', consoleHevc: true, hevcPassthrough: true })).toBe('main');
  });
});
