// Coordinate systems (the map's side of issue 6) against an independent reference formula, also at our county's latitude: phones send GCJ-02 (高德/腾讯) or BD-09 (百度); we store WGS-84.
import { describe, expect, it } from 'vitest';
import { haversineM, toWgs84, type LonLat } from './geo.ts';

/** The published GCJ-02 obfuscation (an independent reference, not gcoord's code) for the forward direction. */
function wgsToGcjReference([lon, lat]: LonLat): LonLat {
  const a = 6378245.0;
  const ee = 0.006693421622965943;
  const tLat = (x: number, y: number) =>
    -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x)) +
    ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3 +
    ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3 +
    ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  const tLon = (x: number, y: number) =>
    300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x)) +
    ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3 +
    ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3 +
    ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  let dLat = tLat(lon - 105, lat - 35);
  let dLon = tLon(lon - 105, lat - 35);
  const radLat = (lat / 180) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - ee * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

describe('toWgs84', () => {
  it('leaves WGS-84 alone', () => {
    expect(toWgs84(102.1, 25.0, 'wgs84')).toEqual([102.1, 25.0]);
  });

  it('converts BD-09 back to WGS-84 (gcoord README pair: Tiananmen)', () => {
    const [lon, lat] = toWgs84(116.41661560068297, 39.92196580126834, 'bd09');
    expect(haversineM([lon, lat], [116.403988, 39.914266])).toBeLessThan(1);
  });

  it('converts GCJ-02 back to WGS-84 within a metre, in Beijing and in our county', () => {
    for (const wgs of [[116.403988, 39.914266], [102.18, 25.02], [101.95, 24.85]] as LonLat[]) {
      const gcj = wgsToGcjReference(wgs);
      // The offset is hundreds of metres: converting matters.
      expect(haversineM(gcj, wgs)).toBeGreaterThan(100);
      const back = toWgs84(gcj[0], gcj[1], 'gcj02');
      expect(haversineM(back, wgs)).toBeLessThan(1);
    }
  });
});
