// GCJ-02 → WGS-84 for whole rings, in place: the county import converts ~425,000 points of grid boundaries, and
// gcoord's per-point inverse (a fixed-point iteration from the GCJ-02 point itself, ~3 forward transforms and a few
// small arrays each) was the largest single cost of the dry run. Neighbouring points of a ring are metres apart and the
// offset field is smooth, so starting from the previous point's offset one forward step lands within millimetres.
// The forward formula is the published one (gcoord's, which the test holds this to); single points still use gcoord.

const A = 6378245;
const EE = 0.006693421622965823;
const { sin, cos, sqrt, abs, PI } = Math;

/** Where GCJ-02 applies (gcoord's box): outside it a point is taken as it is, as gcoord does. */
export function inGcjBox(lon: number, lat: number): boolean {
  return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

/**
 * The sines of the six angles the formula takes of one coordinate t (π·t/30, π·t/12, π·t/3, π·t, 2π·t, 6π·t) are
 * multiples of φ = π·t/60 (2φ, 5φ, 20φ, 60φ, 120φ, 360φ): one sin and one cos of φ and the multiple-angle identities
 * give all six, so a point costs six trigonometric calls instead of twelve. Each step multiplies the rounding error
 * by its factor (5 · 4 · 3 · 2 · 3 = 360): the sines stay within ~1e-13, far below a millimetre in the offset.
 */
function sines(t: number, out: Float64Array): void {
  const phi = (t * PI) / 60;
  const s1 = sin(phi);
  const c1 = cos(phi);
  const s1sq = s1 * s1;
  const c1sq = c1 * c1;
  const s5 = s1 * (16 * s1sq * s1sq - 20 * s1sq + 5);
  const c5 = c1 * (16 * c1sq * c1sq - 20 * c1sq + 5);
  const s10 = 2 * s5 * c5;
  const c10 = c5 * c5 - s5 * s5;
  const s20 = 2 * s10 * c10;
  const c20 = c10 * c10 - s10 * s10;
  const s60 = s20 * (3 - 4 * s20 * s20);
  const c60 = c20 * (4 * c20 * c20 - 3);
  const s120 = 2 * s60 * c60;
  out[0] = 2 * s1 * c1; // π·t/30
  out[1] = s5; // π·t/12
  out[2] = s20; // π·t/3
  out[3] = s60; // π·t
  out[4] = s120; // 2π·t
  out[5] = s120 * (3 - 4 * s120 * s120); // 6π·t
}
const SX = new Float64Array(6);
const SY = new Float64Array(6);

/** The GCJ-02 offset at a WGS-84 point, written to out[0] (longitude) and out[1] (latitude): no allocation. */
export function gcjOffset(lon: number, lat: number, out: Float64Array): void {
  const x = lon - 105;
  const y = lat - 35;
  sines(x, SX);
  sines(y, SY);
  // gcoord's transformLat and transformLon, sharing their two longitude terms.
  const shared = ((20 * (SX[5] as number) + 20 * (SX[4] as number)) * 2) / 3;
  let dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x)) + shared;
  dLat += ((20 * (SY[3] as number) + 40 * (SY[2] as number)) * 2) / 3;
  dLat += ((160 * (SY[1] as number) + 320 * (SY[0] as number)) * 2) / 3;
  let dLon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x)) + shared;
  dLon += ((20 * (SX[3] as number) + 40 * (SX[2] as number)) * 2) / 3;
  dLon += ((150 * (SX[1] as number) + 300 * (SX[0] as number)) * 2) / 3;
  const radLat = (lat / 180) * PI;
  let magic = sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = sqrt(magic);
  out[0] = (dLon * 180) / ((A / sqrtMagic) * cos(radLat) * PI);
  out[1] = (dLat * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * PI);
}

/**
 * gcoord's stopping rule (a residual within 1e-6°, ~10 cm), except that the last correction is applied rather than
 * dropped: the offset's slope is below 1 % of a step, so what is left is under a millimetre.
 */
const TOLERANCE = 1e-6;

/**
 * Converts [lon, lat] pairs from GCJ-02 to WGS-84 in place. Each point starts from the offset found for the point
 * before it and iterates w ← w − (forward(w) − g) until the residual is within gcoord's tolerance (one step for all but
 * the first point of a ring; at most 20, which the smoothness of the field never needs).
 */
export function gcjToWgsInPlace(points: number[][]): void {
  const d = new Float64Array(2);
  let offLon = NaN;
  let offLat = NaN;
  for (const p of points) {
    const gLon = p[0] as number;
    const gLat = p[1] as number;
    if (!inGcjBox(gLon, gLat)) continue;
    if (Number.isNaN(offLon)) {
      gcjOffset(gLon, gLat, d);
      offLon = d[0] as number;
      offLat = d[1] as number;
    }
    let wLon = gLon - offLon;
    let wLat = gLat - offLat;
    for (let i = 0; i < 20; i++) {
      gcjOffset(wLon, wLat, d);
      const rLon = wLon + (d[0] as number) - gLon;
      const rLat = wLat + (d[1] as number) - gLat;
      wLon -= rLon;
      wLat -= rLat;
      if (abs(rLon) <= TOLERANCE && abs(rLat) <= TOLERANCE) break;
    }
    offLon = gLon - wLon;
    offLat = gLat - wLat;
    p[0] = wLon;
    p[1] = wLat;
  }
}
