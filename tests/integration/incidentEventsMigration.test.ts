import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from '../../app/store/db.ts';
import { createIncidentStore } from '../../app/store/incidents.ts';
import { tempDir } from './harness.ts';

const MIGRATIONS = fileURLToPath(new URL('../../app/store/migrations/', import.meta.url));

describe('migration 0009: the actor’s own unit on every timeline event', () => {
  const dirs: (() => void)[] = [];
  afterEach(() => dirs.splice(0).forEach((remove) => remove()));

  it('backfills the unit of known actors on a database written before it, and fixes 合并 notes to case codes', () => {
    const t = tempDir();
    dirs.push(t.remove);
    const db = new Database(join(t.dir, 'centre.db'));
    // The schema as it was before 0009, with a case the county routed to a township and then followed up.
    for (const f of readdirSync(MIGRATIONS).filter((x) => /^\d{4}_.+\.sql$/.test(x) && Number(x.slice(0, 4)) < 9).sort()) {
      db.exec(readFileSync(join(MIGRATIONS, f), 'utf8'));
      db.pragma(`user_version = ${Number(f.slice(0, 4))}`);
    }
    db.exec(`INSERT INTO centres (id, parent_id, level, code, name) VALUES (1, NULL, 'county', 'C', '青岚县'), (2, 1, 'township', 'T', '城关镇');
      INSERT INTO users (id, username, name, role, centre_id, password_hash) VALUES (10, 'duty1', '汪华', 'dutyOfficer', 1, 'x'), (20, 't01', '李明', 'townshipOperator', 2, 'x');`);
    const insertCase = db.prepare(`INSERT INTO incidents (id, code, reporter_id, idempotency_key, category, priority, state, description, lon, lat,
      holder_centre_id, reported_at, respond_by, attempts, updated_at) VALUES (?, ?, 10, ?, 'dispute', 'general', 'archived', 'x', 101.9, 24.8, 2, 0, 0, '{}', 0)`);
    insertCase.run(1, 'ZZ20261122-7QK3M9TA-X', 'k1');
    insertCase.run(2, 'ZZ20261122-AAAAAAAA-B', 'k2');
    const event = db.prepare('INSERT INTO incident_events (incident_id, at, kind, actor_id, centre_id, note) VALUES (?, ?, ?, ?, ?, ?)');
    event.run(1, 1, 'assign', 10, 2, '城关镇');
    event.run(1, 2, 'sign', 20, 2, '');
    event.run(1, 3, 'followUp', 10, 2, '');
    event.run(1, 4, 'urge', null, 2, '');
    event.run(2, 5, 'merge', 10, 1, '1');

    expect(migrate(db)).toBeGreaterThanOrEqual(9);
    const store = createIncidentStore(db);
    const tl = store.timeline(1).map((e) => [e.kind, e.actor?.name ?? null, e.actorCentreName, e.centreName]);
    expect(tl).toEqual([
      ['assign', '汪华', '青岚县', '城关镇'],
      ['sign', '李明', '城关镇', '城关镇'],
      ['followUp', '汪华', '青岚县', '城关镇'],
      ['urge', null, null, '城关镇'],
    ]);
    expect(store.timeline(2)[0]).toMatchObject({ kind: 'merge', note: 'ZZ20261122-7QK3M9TA-X' });
    db.close();
  });
});
