import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './db.ts';
import { createAlertStore } from './alerts.ts';
import { createWartimeStore } from './wartime.ts';
import { createRecordingStore } from './recording.ts';

const MIN = 60_000;
const T = Date.parse('2026-11-30T03:27:00Z');

/** A database of the previous version (user_version 4) holding alert and order recipients in every state. */
function previousVersion() {
  const db = new Database(':memory:');
  expect(migrate(db, 4)).toBe(4);
  db.exec(`
    INSERT INTO centres (id, parent_id, level, code, name) VALUES (1, NULL, 'county', 'c', '青岚县'), (2, 1, 'township', 't1', '城关镇'),
      (3, 1, 'township', 't2', '河口镇'), (4, 2, 'village', 'v1', '明金社区');
    INSERT INTO users (id, username, name, role, centre_id, password_hash) VALUES (10, 'duty1', '值班员甲', 'dutyOfficer', 1, 'x'),
      (20, 't01', '城关值班', 'townshipOperator', 2, 'x'), (40, 'v001001', '明金值班', 'villageOperator', 4, 'x');
    INSERT INTO settings (key, value) VALUES ('stream_epoch', 'old-epoch');
  `);
  db.prepare('INSERT INTO alerts (id, level, title, body, raised_at, raised_by) VALUES (1, ?, ?, ?, ?, 10)').run('red', '红色预警', '', T);
  const ar = db.prepare(`INSERT INTO alert_recipients (alert_id, centre_id, new_seq, state, delivered_at, acknowledged_at, acknowledged_by, due_at, escalations)
    VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)`);
  ar.run(2, 1, 'acknowledged', T + 1000, T + 2 * MIN, 20, null, 0); // signed in time
  ar.run(3, 1, 'delivered', T + 1000, null, null, T + 18 * MIN + 5 * MIN, 3); // reminded three times: due_at moved
  db.prepare(`INSERT INTO orders (id, code, period_id, title, body, priority, complete_by, issued_at, issued_by, ack_ms)
    VALUES (1, '战令〔20261130〕1号', NULL, '排查', '', 'urgent', NULL, ?, 10, ?)`).run(T, 5 * MIN);
  const or = db.prepare(`INSERT INTO order_recipients (order_id, centre_id, new_seq, state, delivered_at, acknowledged_at, acknowledged_by, due_at,
    ladder, reported_at, reported_by, report) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  or.run(2, 2, 'acknowledged', T + 1000, T + 60_000, 20, null, 0, T + 30 * MIN, 20, '已排查23户');
  or.run(4, 1, 'pending', null, null, null, T + 10 * MIN, 1, null, null, null);
  db.prepare(`INSERT INTO wartime_periods (id, started_at, started_by, reason, scope, township_ids, commander_id, ended_at, summary)
    VALUES (1, ?, 10, '演练', '{"kind":"county"}', '[2,3]', 10, ?, ?)`).run(T, T + 60 * MIN, JSON.stringify({ periodId: 1, signed: 1, reported: 1 }));
  return db;
}

describe('migration 0005: one deliveries table', () => {
  it('upgrades a database of the previous version without losing a row, with the new names', () => {
    const db = previousVersion();
    expect(migrate(db)).toBeGreaterThanOrEqual(5);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toContain('deliveries');
    expect(tables).not.toContain('alert_recipients');
    expect(tables).not.toContain('order_recipients');

    const alert = createAlertStore(db).view(1)!;
    expect(alert.wantsAnswer).toBe(false);
    expect(alert.recipients).toEqual([
      expect.objectContaining({ centreId: 2, state: 'signed', signedAt: T + 2 * MIN, signedBy: { id: 20, name: '城关值班' }, dueAt: T + 5 * MIN, nextAt: null, rung: 0, overdue: false }),
      // the moved due_at becomes the next reminder; the original deadline is rebuilt from the level's default
      expect.objectContaining({ centreId: 3, state: 'delivered', dueAt: T + 5 * MIN, nextAt: T + 23 * MIN, rung: 3, overdue: true }),
    ]);

    const order = createWartimeStore(db).orderView(1)!;
    expect(order.recipients).toEqual([
      expect.objectContaining({ centreId: 2, state: 'answered', answer: '已排查23户', answeredBy: { id: 20, name: '城关值班' }, dueAt: T + 5 * MIN, nextAt: null, wantsAnswer: true }),
      expect.objectContaining({ centreId: 4, parentId: 2, state: 'pending', dueAt: T + 5 * MIN, nextAt: T + 10 * MIN, rung: 1 }),
    ]);
    expect(createWartimeStore(db).period(1)?.summary).toMatchObject({ signed: 1, answered: 1 });
    expect(createWartimeStore(db).period(1)?.summary).not.toHaveProperty('reported');
    // consoles holding old-named envelopes take a fresh snapshot: the stream epoch is renewed
    expect(db.prepare("SELECT value FROM settings WHERE key = 'stream_epoch'").get()).toBeUndefined();
  });
});

describe('migration 0023: an evidence clip owned by an incident or a dispute', () => {
  it('keeps every incident clip with its id, and refuses a clip with no owner or two', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = OFF'); // the rows a clip points at are not the point here
    expect(migrate(db, 22)).toBe(22);
    db.exec(`INSERT INTO users (id, username, name, role, centre_id, password_hash) VALUES (10, 'duty1', '值班员甲', 'dutyOfficer', 1, 'x')`);
    const ins = db.prepare(`INSERT INTO evidence_clips (id, incident_id, camera_id, camera_name, township_id, from_ms, to_ms, file, bytes, sha256, created_at, created_by)
      VALUES (?, ?, 3, '城关·路口', 2, ?, ?, ?, 1000, ?, ?, 10)`);
    ins.run(5, 7, T, T + MIN, 'a.mp4', 'a'.repeat(64), T + 2 * MIN);
    ins.run(9, 8, T, T + MIN, 'b.mp4', 'b'.repeat(64), T + 3 * MIN);
    expect(migrate(db)).toBeGreaterThanOrEqual(23);

    const store = createRecordingStore(db);
    expect(store.clipsOf({ type: 'incident', id: 7 })).toEqual([
      expect.objectContaining({ id: 5, incidentId: 7, disputeId: null, cameraName: '城关·路口', from: T, to: T + MIN, file: 'a.mp4', sha256: 'a'.repeat(64), createdBy: { id: 10, name: '值班员甲' } }),
    ]);
    expect(store.clip(9)).toMatchObject({ incidentId: 8, disputeId: null, file: 'b.mp4' });

    const clip = { cameraId: 3, cameraName: '城关·路口', townshipId: 2, from: T, to: T + MIN, file: 'c.mp4', bytes: 1, sha256: 'c'.repeat(64), createdAt: T, createdBy: 10 };
    const id = store.insertClip({ ...clip, owner: { type: 'dispute', id: 4 } });
    expect(store.clipsOf({ type: 'dispute', id: 4 }).map((c) => [c.id, c.incidentId, c.disputeId])).toEqual([[id, null, 4]]);
    expect(store.clipsOf({ type: 'incident', id: 4 })).toEqual([]);
    const raw = db.prepare(`INSERT INTO evidence_clips (incident_id, dispute_id, camera_id, camera_name, township_id, from_ms, to_ms, file, bytes, sha256, created_at, created_by)
      VALUES (?, ?, 3, 'x', 2, 0, 1, 'd.mp4', 1, 'd', 0, 10)`);
    expect(() => raw.run(null, null)).toThrow(/CHECK/);
    expect(() => raw.run(7, 4)).toThrow(/CHECK/);
  });
});
