// The JSON text of a boundary, as stored: the same text JSON.stringify gives for the coordinates the import keeps
// (rounded to 1e-7°), written digit by digit. A county's commit serialises ~1,000,000 coordinates; JSON.stringify spends
// most of its time finding the shortest decimal of each double (~0.12 s), while a number that is k / 1e7 for an
// integer k is simply k's digits with the point put back.
import type { MultiPolygon, Polygon } from 'geojson';

const SCALE = 1e7;
const DOT = 46;
const MINUS = 45;
const ZERO = 48;
const OPEN = 91;
const CLOSE = 93;
const COMMA = 44;

let buf = new Uint8Array(1 << 16);
let at = 0;
const decoder = new TextDecoder();

function room(n: number): void {
  if (at + n <= buf.length) return;
  const bigger = new Uint8Array(Math.max(buf.length * 2, at + n));
  bigger.set(buf.subarray(0, at));
  buf = bigger;
}

/** The widest number written by the fast path: a sign, 9 whole digits, the point, 7 decimals. */
const WIDEST = 18;

/** Writes v; the caller has made room for WIDEST bytes (the fallback makes its own). */
function number(v: number): void {
  const k = Math.round(v * SCALE);
  // The fast path: v is k / 1e7 exactly, its whole part fits a 32-bit integer (every longitude and latitude does),
  // and it is not below 1e-6, which JSON writes with an exponent.
  const abs = k < 0 ? -k : k;
  if (!(k / SCALE === v && abs < 1e16 && (abs >= 10 || k === 0))) {
    // Not such a value (or not finite): the standard text, byte by byte (it is ASCII).
    const s = JSON.stringify(v);
    room(s.length);
    for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
    return;
  }
  if (k < 0) buf[at++] = MINUS;
  let whole = Math.floor(abs / SCALE);
  let frac = (abs - whole * SCALE) | 0;
  if (whole < 1000) {
    // Degrees: one to three digits, written directly.
    if (whole >= 100) {
      const h = (whole / 100) | 0;
      buf[at++] = ZERO + h;
      whole -= h * 100;
      const t = (whole / 10) | 0;
      buf[at++] = ZERO + t;
      buf[at++] = ZERO + whole - t * 10;
    } else if (whole >= 10) {
      const t = (whole / 10) | 0;
      buf[at++] = ZERO + t;
      buf[at++] = ZERO + whole - t * 10;
    } else buf[at++] = ZERO + whole;
  } else {
    let len = 1;
    for (let p = 10; p <= whole; p *= 10) len++;
    for (let i = at + len - 1; i >= at; i--) {
      const q = (whole / 10) | 0;
      buf[i] = ZERO + whole - q * 10;
      whole = q;
    }
    at += len;
  }
  if (frac === 0) return;
  // The point and seven decimals, then the trailing zeros taken back off (frac > 0, so a digit stays).
  buf[at] = DOT;
  for (let i = at + 7; i > at; i--) {
    const q = (frac / 10) | 0;
    buf[i] = ZERO + frac - q * 10;
    frac = q;
  }
  at += 8;
  while (buf[at - 1] === ZERO) at--;
}

/** Nested arrays of numbers (positions, rings, polygons); depth 1 is a list of positions. */
function array(a: readonly unknown[], depth: number): void {
  room(1);
  buf[at++] = OPEN;
  for (let i = 0; i < a.length; i++) {
    if (i > 0) {
      room(1);
      buf[at++] = COMMA;
    }
    if (depth > 1) array(a[i] as readonly unknown[], depth - 1);
    else position(a[i] as readonly number[]);
  }
  room(1);
  buf[at++] = CLOSE;
}

function position(p: readonly number[]): void {
  for (let i = 0; i < p.length; i++) {
    // Room for the bracket or comma before the number, the number, and the closing bracket.
    room(WIDEST + 2);
    buf[at++] = i === 0 ? OPEN : COMMA;
    number(p[i] as number);
  }
  room(2);
  if (p.length === 0) buf[at++] = OPEN;
  buf[at++] = CLOSE;
}

/** JSON.stringify(area) for a Polygon or MultiPolygon of type and coordinates (what the import plans). */
export function areaJson(area: Polygon | MultiPolygon): string {
  at = 0;
  const head = area.type === 'Polygon' ? '{"type":"Polygon","coordinates":' : '{"type":"MultiPolygon","coordinates":';
  array(area.coordinates, area.type === 'Polygon' ? 2 : 3);
  return `${head}${decoder.decode(buf.subarray(0, at))}}`;
}
