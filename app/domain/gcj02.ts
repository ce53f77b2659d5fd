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

/** The GCJ-02 offset at a WGS-84 point, written to out[0] (longitude) and out[1] (latitude): no allocation. */
export function gcjOffset(lon: number, lat: number, out: Float64Array): void {
  const x = lon - 105;
  const y = lat - 35;
  // gcoord's transformLat and transformLon, sharing their two longitude terms (two sines fewer a point).
  const shared = ((20 * sin(6 * x * PI) + 20 * sin(2 * x * PI)) * 2) / 3;
  let dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x)) + shared;
  dLat += ((20 * sin(y * PI) + 40 * sin((y / 3) * PI)) * 2) / 3;
  dLat += ((160 * sin((y / 12) * PI) + 320 * sin((y * PI) / 30)) * 2) / 3;
  let dLon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x)) + shared;
  dLon += ((20 * sin(x * PI) + 40 * sin((x / 3) * PI)) * 2) / 3;
  dLon += ((150 * sin((x / 12) * PI) + 300 * sin((x / 30) * PI)) * 2) / 3;
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
