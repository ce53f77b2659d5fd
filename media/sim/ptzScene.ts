// The simulated dome camera's optics, on plain values: where the lens points (pan, tilt, zoom), how a continuous move
// changes that over time, and which part of the large scene the picture shows. Pure: time comes in as an argument.

/** pan and tilt in [-1, 1] (left/down to right/up), zoom in [0, 1] (wide to tele) — ONVIF's generic spaces. */
export interface PtzPosition {
  pan: number;
  tilt: number;
  zoom: number;
}

/** ONVIF ContinuousMove velocities, each in [-1, 1]. */
export interface PtzVelocity {
  pan: number;
  tilt: number;
  zoom: number;
}

export const HOME: PtzPosition = { pan: 0, tilt: 0, zoom: 0 };
export const STILL: PtzVelocity = { pan: 0, tilt: 0, zoom: 0 };

/** At full speed a pan crosses the whole range (2 units) in 4 s, a zoom goes wide to tele in 3 s. */
const PAN_PER_S = 0.5;
const ZOOM_PER_S = 1 / 3;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Where the lens is after moving at `v` for `dtMs`, stopped at the ends of each axis. */
export function advance(p: PtzPosition, v: PtzVelocity, dtMs: number): PtzPosition {
  const s = dtMs / 1000;
  return {
    pan: clamp(p.pan + v.pan * PAN_PER_S * s, -1, 1),
    tilt: clamp(p.tilt + v.tilt * PAN_PER_S * s, -1, 1),
    zoom: clamp(p.zoom + v.zoom * ZOOM_PER_S * s, 0, 1),
  };
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The part of the scene in view: half the scene's width when wide, a sixth at full zoom (a 3× optical zoom), moved
 * across the scene by pan and tilt (tilt up = the view moves up).
 */
export function viewRect(p: PtzPosition, sceneW: number, sceneH: number): Rect {
  const scale = 0.5 / (1 + 2 * clamp(p.zoom, 0, 1));
  const w = Math.round(sceneW * scale);
  const h = Math.round(sceneH * scale);
  const cx = sceneW / 2 + (clamp(p.pan, -1, 1) * (sceneW - w)) / 2;
  const cy = sceneH / 2 - (clamp(p.tilt, -1, 1) * (sceneH - h)) / 2;
  return { x: Math.round(cx - w / 2), y: Math.round(cy - h / 2), w, h };
}

/**
 * Renders `rect` of a planar YUV 4:2:0 scene into a planar YUV 4:2:0 frame of outW × outH (nearest neighbour: the
 * simulator's picture only has to move, not to be pretty, and this keeps it to a few milliseconds a frame).
 */
export function renderView(scene: Uint8Array, sceneW: number, sceneH: number, rect: Rect, out: Uint8Array, outW: number, outH: number): void {
  const plane = (srcOff: number, srcW: number, dstOff: number, dstW: number, dstH: number, div: number) => {
    const xs = new Int32Array(dstW);
    for (let x = 0; x < dstW; x++) xs[x] = Math.min(srcW - 1, Math.floor(rect.x / div + ((x + 0.5) * rect.w) / div / dstW));
    for (let y = 0; y < dstH; y++) {
      const sy = Math.min(sceneH / div - 1, Math.floor(rect.y / div + ((y + 0.5) * rect.h) / div / dstH));
      const srcRow = srcOff + sy * srcW;
      const dstRow = dstOff + y * dstW;
      for (let x = 0; x < dstW; x++) out[dstRow + x] = scene[srcRow + xs[x]!]!;
    }
  };
  const lumaIn = sceneW * sceneH;
  const lumaOut = outW * outH;
  plane(0, sceneW, 0, outW, outH, 1);
  plane(lumaIn, sceneW / 2, lumaOut, outW / 2, outH / 2, 2);
  plane(lumaIn + lumaIn / 4, sceneW / 2, lumaOut + lumaOut / 4, outW / 2, outH / 2, 2);
}
