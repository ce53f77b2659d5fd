// Which stream a tile asks for, and whether this browser decodes H.265. The server decides what actually plays
// (app/domain/streams.ts): a camera without a sub stream plays its main one, an H.265 one may be transcoded.
import type { StreamVariant, WallLayout } from '../../protocol/index.ts';

/** A single tile, or the big tile of 1+5 / 1+7, plays the main stream; tiles of a layout of 4 or more the sub stream. */
export function tileStream(layout: WallLayout, index: number): StreamVariant {
  if (layout === '1') return 'main';
  if ((layout === '1+5' || layout === '1+7') && index === 0) return 'main';
  return 'sub';
}

/** HEVC Main profile in MP4 through Media Source Extensions (what mpegts.js and hls.js would feed it). */
export const HEVC_MSE_TYPE = 'video/mp4; codecs="hvc1.1.6.L93.B0"';

let hevc: boolean | null = null;
export function consoleDecodesHevc(): boolean {
  if (hevc === null) {
    try {
      hevc = typeof MediaSource !== 'undefined' && MediaSource.isTypeSupported(HEVC_MSE_TYPE);
    } catch {
      hevc = false;
    }
  }
  return hevc;
}
