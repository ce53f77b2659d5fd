// Demo cameras for the demo county: placed near township centres, each fed by the simulator (media/sim) through the
// centre's own ingest (rtmp://ingest.local/src/<key>). The county wall starts with four of them on screen 1 and a tour
// of all of them on screen 2. The simulator also feeds the benchmark clock source, but it is not a camera anyone should
// see: bench:video registers it for its own run (DEMO_CLOCK_CAMERA).
import { INGEST_HOST, type WallScreen } from '../../protocol/index.ts';
import type { Db } from './db.ts';

export interface DemoCameraSpec {
  key: string; name: string; townshipIndex: number; dx: number; dy: number;
  /** clip (default): a looped clip with a sub stream; dome: a simulated ONVIF PTZ camera whose picture pans and zooms. */
  kind?: 'clip' | 'dome' | 'hevc';
}

export const DEMO_CAMERAS: DemoCameraSpec[] = [
  { key: 'cam01', name: '城关镇·人民广场', townshipIndex: 0, dx: 0, dy: 0 },
  { key: 'cam02', name: '城关镇·汽车客运站', townshipIndex: 0, dx: 0.006, dy: -0.004 },
  { key: 'cam03', name: '城关镇·县人民医院', townshipIndex: 0, dx: -0.005, dy: 0.003 },
  { key: 'cam04', name: '青石镇·中心小学', townshipIndex: 1, dx: 0, dy: 0 },
  { key: 'cam05', name: '河口乡·河口大桥', townshipIndex: 2, dx: 0.003, dy: 0.002 },
  { key: 'cam06', name: '松林乡·集贸市场', townshipIndex: 3, dx: 0, dy: 0 },
  { key: 'cam07', name: '白沙镇·派出所门前', townshipIndex: 4, dx: -0.002, dy: 0 },
  { key: 'cam08', name: '龙泉镇·十字路口', townshipIndex: 5, dx: 0, dy: 0.002 },
  { key: 'cam09', name: '新华乡·卫生院', townshipIndex: 6, dx: 0, dy: 0 },
  { key: 'cam10', name: '石门镇·水库大坝', townshipIndex: 7, dx: 0.004, dy: 0 },
  { key: 'cam11', name: '柳溪乡·村委会', townshipIndex: 8, dx: 0, dy: -0.003 },
  { key: 'cam12', name: '桃源镇·景区入口', townshipIndex: 9, dx: 0, dy: 0 },
  { key: 'dome1', name: '松林乡·集市云台球机', townshipIndex: 3, dx: 0.001, dy: 0.001, kind: 'dome' },
  { key: 'hevc1', name: '河口乡·渡口高清（H.265）', townshipIndex: 2, dx: -0.002, dy: 0.001, kind: 'hevc' },
];
export const DEMO_CLOCK_CAMERA: DemoCameraSpec = { key: 'clock', name: '基准时钟（测延迟）', townshipIndex: 0, dx: 0.002, dy: 0.002 };

export const demoSourceUrl = (key: string) => `rtmp://${INGEST_HOST}/src/${key}`;
const demoMainUrl = (c: DemoCameraSpec) => (c.kind === 'hevc' ? `http://${INGEST_HOST}/ts/${c.key}.ts` : demoSourceUrl(c.key));
const demoSubUrl = (c: DemoCameraSpec) => (c.kind === 'dome' || c.kind === 'hevc' ? null : `rtmp://${INGEST_HOST}/src/${c.key}-sub`);
const demoOnvifUrl = (c: DemoCameraSpec) => (c.kind === 'dome' ? `http://${INGEST_HOST}/onvif/${c.key}/device_service` : null);

/** What the simulator runs for the demo cameras (all, or only the keys given): clips with sub streams, domes, the clock. */
export function demoSimulation(keys: string[] | null) {
  const wanted = (c: DemoCameraSpec) => keys === null || keys.includes(c.key);
  return {
    clips: DEMO_CAMERAS.filter((c) => (c.kind ?? 'clip') === 'clip' && wanted(c)).map((c) => ({ key: c.key, name: c.name, sub: true })),
    domes: DEMO_CAMERAS.filter((c) => c.kind === 'dome' && wanted(c)).map((c) => ({ key: c.key, name: c.name })),
    hevc: DEMO_CAMERAS.filter((c) => c.kind === 'hevc' && wanted(c)).map((c) => ({ key: c.key, name: c.name })),
    clock: keys === null || keys.includes(DEMO_CLOCK_CAMERA.key) ? DEMO_CLOCK_CAMERA : null,
  };
}

/** Seeds the demo cameras once (a no-op when any camera exists). Returns how many were created. */
export function seedDemoCameras(db: Db, now: number): number {
  if (db.prepare('SELECT 1 FROM cameras LIMIT 1').get()) return 0;
  const townships = db.prepare<[], { id: number; boundary: string | null }>("SELECT id, boundary FROM centres WHERE level = 'township' ORDER BY id").all();
  const county = db.prepare<[], { id: number }>("SELECT id FROM centres WHERE level = 'county' ORDER BY id LIMIT 1").get();
  if (!townships.length || !county) return 0;
  const centre = (boundary: string | null): [number, number] => {
    try {
      const ring = (JSON.parse(boundary ?? '') as { coordinates: [number, number][][] }).coordinates[0] ?? [];
      const [sx, sy] = ring.reduce(([ax, ay], [x, y]) => [ax + x, ay + y], [0, 0]);
      return ring.length ? [sx / ring.length, sy / ring.length] : [0, 0];
    } catch {
      return [0, 0];
    }
  };
  const insert = db.prepare(
    'INSERT INTO cameras (name, gb_code, township_id, lat, lng, source_url, sub_source_url, onvif_url, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const ids: number[] = [];
  db.transaction(() => {
    DEMO_CAMERAS.forEach((c, i) => {
      const t = townships[c.townshipIndex % townships.length]!;
      const [lng, lat] = centre(t.boundary);
      const gb = `53262100001320${String(i + 1).padStart(6, '0')}`; // 20 digits: a made-up county code + device type 132 (camera)
      const round = (v: number) => Math.round(v * 1e6) / 1e6;
      ids.push(Number(insert.run(c.name, gb, t.id, round(lat + c.dy), round(lng + c.dx), demoMainUrl(c), demoSubUrl(c), demoOnvifUrl(c), now, now).lastInsertRowid));
    });
    // Placed by the system, not by a person: the first tiles 上墙 replaces once the screen is full.
    const four: WallScreen = { layout: '4', tiles: ids.slice(0, 4), tour: null, placed: ids.slice(0, 4).map(() => ({ at: now, auto: true })) };
    const tour: WallScreen = {
      layout: '9', tiles: ids.slice(0, 9), tour: { cameraIds: ids.slice(0, DEMO_CAMERAS.length), intervalSec: 20, startedAt: now },
      placed: ids.slice(0, 9).map(() => ({ at: now, auto: true })),
    };
    db.prepare('INSERT OR IGNORE INTO walls (centre_id, version, screens, updated_at, updated_by) VALUES (?, 1, ?, ?, NULL)').run(county.id, JSON.stringify([four, tour]), now);
  })();
  return ids.length;
}
