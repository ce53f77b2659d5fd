import type { Centre, CentreLevel, Role, SessionUser } from '../../protocol/index.ts';
import type { Db } from './db.ts';

interface UserRow {
  id: number; username: string; name: string; role: Role; centre_id: number; password_hash: string; active: number; must_change_password: number;
  centre_name: string; centre_level: CentreLevel;
}

/** Centres and users: who is where. */
export function createDirectory(db: Db) {
  const centres = db.prepare<[], { id: number; parent_id: number | null; level: CentreLevel; code: string; name: string }>(
    'SELECT id, parent_id, level, code, name FROM centres WHERE retired_at IS NULL ORDER BY id',
  );
  const allCentres = db.prepare<[], { id: number; parent_id: number | null; level: CentreLevel; code: string; name: string }>(
    'SELECT id, parent_id, level, code, name FROM centres ORDER BY id',
  );
  const byLevel = db.prepare<[string], { id: number }>('SELECT id FROM centres WHERE level = ? AND retired_at IS NULL ORDER BY id');
  const centreName = db.prepare<[number], { name: string }>('SELECT name FROM centres WHERE id = ?');
  const userSelect = `SELECT u.id, u.username, u.name, u.role, u.centre_id, u.password_hash, u.active, u.must_change_password, c.name AS centre_name, c.level AS centre_level
    FROM users u JOIN centres c ON c.id = u.centre_id`;
  const byUsername = db.prepare<[string], UserRow>(`${userSelect} WHERE u.username = ?`);
  const byId = db.prepare<[number], UserRow>(`${userSelect} WHERE u.id = ?`);
  const countyId = db.prepare<[], { id: number }>("SELECT id FROM centres WHERE level = 'county' ORDER BY id LIMIT 1");

  const toSession = (r: UserRow): SessionUser => ({
    id: r.id, username: r.username, name: r.name, role: r.role, centreId: r.centre_id, centreName: r.centre_name, centreLevel: r.centre_level,
    ...(r.must_change_password ? { mustChangePassword: true } : {}),
  });

  return {
    /** The live centres: the targets of alerts and orders, the pickers. A unit a re-import retired is not among them. */
    centres(): Centre[] {
      return centres.all().map((c) => ({ id: c.id, parentId: c.parent_id, level: c.level, code: c.code, name: c.name }));
    },
    /** Every centre, retired ones included: history (incidents held by a retired village) still needs them. */
    allCentres(): Centre[] {
      return allCentres.all().map((c) => ({ id: c.id, parentId: c.parent_id, level: c.level, code: c.code, name: c.name }));
    },
    idsAt(level: CentreLevel): number[] {
      return byLevel.all(level).map((r) => r.id);
    },
    centreName(id: number): string {
      return centreName.get(id)?.name ?? String(id);
    },
    countyId(): number {
      const row = countyId.get();
      if (!row) throw new Error('the database has no county centre');
      return row.id;
    },
    credentials(username: string): { user: SessionUser; passwordHash: string } | null {
      const r = byUsername.get(username);
      return r && r.active ? { user: toSession(r), passwordHash: r.password_hash } : null;
    },
    user(id: number): SessionUser | null {
      const r = byId.get(id);
      return r && r.active ? toSession(r) : null;
    },
  };
}
export type Directory = ReturnType<typeof createDirectory>;
