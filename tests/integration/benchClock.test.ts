// Issue 16 point 11: the benchmark clock is not a camera of the demo county any more, and migration 0012 takes the one
// an older demo database holds out of users' lists, unless someone has put it on a wall or in a preset.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { migrate, openDatabase } from '../../app/store/db.ts';
import { seedDemoCounty } from '../../app/store/seed.ts';
import { DEMO_CAMERAS, DEMO_CLOCK_CAMERA, demoSourceUrl, seedDemoCameras } from '../../app/store/seedCameras.ts';
import { tempDir } from './harness.ts';

describe('the benchmark clock camera', () => {
  const dirs: (() => void)[] = [];
  afterEach(() => dirs.splice(0).forEach((remove) => remove()));
  const demoDb = async () => {
    const t = tempDir();
    dirs.push(t.remove);
    const db = openDatabase(join(t.dir, 'centre.db'));
    await seedDemoCounty(db);
    return db;
  };
  const names = (db: ReturnType<typeof openDatabase>) => (db.prepare('SELECT name FROM cameras ORDER BY id').all() as { name: string }[]).map((r) => r.name);

  it('is not seeded: the demo county has its 12 cameras', async () => {
    const db = await demoDb();
    expect(seedDemoCameras(db, 1_800_000_000_000)).toBe(DEMO_CAMERAS.length);
    expect(names(db)).toEqual(DEMO_CAMERAS.map((c) => c.name));
    db.close();
  });

  it('migration 0012 removes an older seed’s clock camera unless it is on a wall, in a tour or in a preset', async () => {
    const db = await demoDb();
    seedDemoCameras(db, 1_800_000_000_000);
    const township = (db.prepare("SELECT id FROM centres WHERE level = 'township' ORDER BY id LIMIT 1").get() as { id: number }).id;
    const county = (db.prepare("SELECT id FROM centres WHERE level = 'county'").get() as { id: number }).id;
    const user = (db.prepare('SELECT id FROM users ORDER BY id LIMIT 1').get() as { id: number }).id;
    const insert = db.prepare('INSERT INTO cameras (name, township_id, lat, lng, source_url, created_at, updated_at) VALUES (?, ?, 24.9, 102.1, ?, 0, 0)');
    const clock = () => Number(insert.run(DEMO_CLOCK_CAMERA.name, township, demoSourceUrl(DEMO_CLOCK_CAMERA.key)).lastInsertRowid);
    const free = clock();
    const onWall = clock();
    const inTour = clock();
    const inPreset = clock();
    const screens = JSON.parse((db.prepare('SELECT screens FROM walls WHERE centre_id = ?').get(county) as { screens: string }).screens) as { tiles: (number | null)[]; tour: { cameraIds: number[] } | null }[];
    screens[0]!.tiles[3] = onWall;
    screens[1]!.tour!.cameraIds.push(inTour);
    db.prepare('UPDATE walls SET screens = ? WHERE centre_id = ?').run(JSON.stringify(screens), county);
    db.prepare('INSERT INTO wall_presets (centre_id, name, layout, tiles, created_at, created_by) VALUES (?, ?, ?, ?, 0, ?)').run(county, '测试', '4', JSON.stringify([inPreset, null]), user);

    db.pragma('user_version = 11');
    migrate(db, 12); // only 0012 again: later migrations (ALTER TABLE … ADD COLUMN) are not meant to run twice
    const left = (db.prepare('SELECT id FROM cameras WHERE name = ?').all(DEMO_CLOCK_CAMERA.name) as { id: number }[]).map((r) => r.id);
    expect(left).toEqual([onWall, inTour, inPreset]);
    expect(left).not.toContain(free);
    expect(names(db).filter((n) => n !== DEMO_CLOCK_CAMERA.name)).toEqual(DEMO_CAMERAS.map((c) => c.name));
    db.close();
  });
});
