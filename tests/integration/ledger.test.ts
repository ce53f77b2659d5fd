import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { createLedger } from '../../app/store/ledger.ts';
import { openDatabase, migrate } from '../../app/store/db.ts';
import { tempDir } from './harness.ts';

describe('store: migrations and the audit ledger', () => {
  const dirs: (() => void)[] = [];
  afterEach(() => dirs.splice(0).forEach((remove) => remove()));
  const fresh = () => {
    const t = tempDir();
    dirs.push(t.remove);
    return join(t.dir, 'centre.db');
  };

  it('migrates once, records the version, runs in WAL with full sync', () => {
    const db = openDatabase(fresh());
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(1);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    const version = db.pragma('user_version', { simple: true });
    expect(migrate(db)).toBe(version);
    db.close();
  });

  it('chains entries by hash, refuses edits, and names the first tampered entry', () => {
    const file = fresh();
    const db = openDatabase(file);
    const ledger = createLedger(db);
    for (let i = 1; i <= 5; i++) ledger.append(1000 + i, 1, 'test.action', `thing:${i}`, { i });
    expect(ledger.verify()).toEqual({ entries: 5, firstBroken: null });
    expect(() => db.prepare("UPDATE ledger SET detail = '{}' WHERE id = 3").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM ledger WHERE id = 3').run()).toThrow(/append-only/);
    db.close();

    // Someone with file access drops the guard and rewrites entry 3.
    const raw = new Database(file);
    raw.exec('DROP TRIGGER ledger_no_update');
    raw.prepare(`UPDATE ledger SET detail = '{"i":99}' WHERE id = 3`).run();
    raw.close();
    const reopened = openDatabase(file);
    expect(createLedger(reopened).verify().firstBroken).toBe(3);
    reopened.close();
  });
});
