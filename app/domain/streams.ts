// Which of a camera's streams a tile plays. Pure.
// A small tile (a layout of 4 or more) asks for the sub stream, a single or enlarged tile for the main one; a camera
// without a sub stream plays its main one everywhere. An H.265 camera is transcoded to H.264 (at the sub resolution)
// for a console that cannot decode H.265, or when the media path cannot carry H.265 at all (FLV before ffmpeg 6.1).
import type { StreamVariant } from '../../protocol/index.ts';

export type PlayedStream = 'main' | 'sub' | 'transcode';

export function chooseStream(o: { wanted: StreamVariant; hasSub: boolean; codec: string | null; consoleHevc: boolean; hevcPassthrough: boolean }): PlayedStream {
  if (o.codec === 'hevc' && !(o.consoleHevc && o.hevcPassthrough)) return 'transcode';
  return o.wanted === 'sub' && o.hasSub ? 'sub' : 'main';
}
