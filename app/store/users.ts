// Accounts as the administrator manages them, and one's own password. SQL only; the rules live in workflow/users.ts.
import type { AdminUnit, AdminUser, CentreLevel, Role, Stationing } from '../../protocol/index.ts';
import { LOCKED_PASSWORD_HASH } from '../auth/password.ts';
import type { Db } from './db.ts';

interface Row {
  id: number; username: string; name: string; role: Role; centre_id: number; centre_name: string; centre_level: CentreLevel;
  phone: string | null; active: number; must_change_password: number;
}
const SELECT = `SELECT u.id, u.username, u.name, u.role, u.centre_id, c.name AS centre_name, c.level AS centre_level, u.phone, u.active,
  u.must_change_password FROM users u JOIN centres c ON c.id = u.centre_id`;

const toUser = (r: Row): AdminUser => ({
  id: r.id, username: r.username, name: r.name, role: r.role, centreId: r.centre_id, centreName: r.centre_name, centreLevel: r.centre_level,
  phone: r.phone, active: r.active === 1, mustChangePassword: r.must_change_password === 1,
});

export interface UserQuery { q?: string; role?: Role; centreId?: number; limit: number; offset: number }

export function createUserStore(db: Db) {
  const byId = db.prepare<[number], Row>(`${SELECT} WHERE u.id = ?`);
  const byName = db.prepare<[string], { id: number }>('SELECT id FROM users WHERE username = ? COLLATE NOCASE');
  const hashOf = db.prepare<[number], { password_hash: string; username: string }>('SELECT password_hash, username FROM users WHERE id = ?');
  const insert = db.prepare(
    'INSERT INTO users (username, name, role, centre_id, password_hash, phone, active, must_change_password) VALUES (?, ?, ?, ?, ?, ?, 1, 1)',
  );
  const update = db.prepare('UPDATE users SET name = ?, role = ?, centre_id = ?, phone = ? WHERE id = ?');
  const setActive = db.prepare('UPDATE users SET active = ? WHERE id = ?');
  const setHash = db.prepare('UPDATE users SET password_hash = ?, must_change_password = ?, password_changed_at = ? WHERE id = ?');
  // A retired unit (gone from a re-import) takes no new accounts.
  const unit = db.prepare<[number], { id: number; level: CentreLevel }>('SELECT id, level FROM centres WHERE id = ? AND retired_at IS NULL');
  const units = db.prepare<[], { id: number; parent_id: number | null; level: CentreLevel; code: string; name: string; stationing: Stationing | null }>(
    'SELECT id, parent_id, level, code, name, stationing FROM centres WHERE retired_at IS NULL ORDER BY id',
  );

  // Active accounts without a usable password (imported, never issued one) in a unit or its live sub-units.
  const withoutPassword = db.prepare<[number, number, string], { id: number; username: string; name: string; unit_name: string; grid_name: string | null }>(
    `WITH RECURSIVE unit(id) AS (
       SELECT id FROM centres WHERE id = ? AND retired_at IS NULL
       UNION SELECT c.id FROM centres c JOIN unit ON c.parent_id = unit.id WHERE ? AND c.retired_at IS NULL)
     SELECT u.id, u.username, u.name, c.name AS unit_name, g.name AS grid_name
     FROM users u JOIN unit ON unit.id = u.centre_id JOIN centres c ON c.id = u.centre_id
     LEFT JOIN grids g ON g.member_id = u.id AND g.retired_at IS NULL
     WHERE u.active = 1 AND u.password_hash = ? ORDER BY c.id, g.code IS NOT NULL, g.code, u.name, u.id`,
  );
  const centreName = db.prepare<[number], { name: string }>('SELECT name FROM centres WHERE id = ?');

  return {
    /** Who a batch of one-time passwords is for, in print order (unit; its operators, then grid members by grid). */
    withoutPassword(centreId: number, includeSubunits: boolean) {
      return withoutPassword.all(centreId, includeSubunits ? 1 : 0, LOCKED_PASSWORD_HASH);
    },
    centreName(id: number): string | null {
      return centreName.get(id)?.name ?? null;
    },
    get(id: number): AdminUser | null {
      const r = byId.get(id);
      return r ? toUser(r) : null;
    },
    idOf(username: string): number | null {
      return byName.get(username)?.id ?? null;
    },
    credentials(id: number): { passwordHash: string; username: string } | null {
      const r = hashOf.get(id);
      return r ? { passwordHash: r.password_hash, username: r.username } : null;
    },
    list(f: UserQuery): { users: AdminUser[]; total: number } {
      const where: string[] = ['1'];
      const args: (string | number)[] = [];
      if (f.q) {
        where.push("(u.username LIKE ? ESCAPE '\\' OR u.name LIKE ? ESCAPE '\\' OR u.phone LIKE ? ESCAPE '\\')");
        const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        args.push(like, like, like);
      }
      if (f.role) {
        where.push('u.role = ?');
        args.push(f.role);
      }
      if (f.centreId) {
        where.push('u.centre_id = ?');
        args.push(f.centreId);
      }
      const sql = where.join(' AND ');
      const total = (db.prepare(`SELECT count(*) AS n FROM users u WHERE ${sql}`).get(...args) as { n: number }).n;
      const rows = db.prepare<(string | number)[], Row>(`${SELECT} WHERE ${sql} ORDER BY u.id LIMIT ? OFFSET ?`).all(...args, f.limit, f.offset);
      return { users: rows.map(toUser), total };
    },
    unitLevel(centreId: number): CentreLevel | null {
      return unit.get(centreId)?.level ?? null;
    },
    units(): AdminUnit[] {
      return units.all().map((u) => ({ id: u.id, parentId: u.parent_id, level: u.level, code: u.code, name: u.name, stationing: u.stationing }));
    },
    insert(u: { username: string; name: string; role: Role; centreId: number; phone: string | null }, passwordHash: string): number {
      return Number(insert.run(u.username, u.name, u.role, u.centreId, passwordHash, u.phone).lastInsertRowid);
    },
    update(id: number, u: { name: string; role: Role; centreId: number; phone: string | null }): void {
      update.run(u.name, u.role, u.centreId, u.phone, id);
    },
    setActive(id: number, active: boolean): void {
      setActive.run(active ? 1 : 0, id);
    },
    setPassword(id: number, passwordHash: string, mustChange: boolean, now: number): void {
      setHash.run(passwordHash, mustChange ? 1 : 0, now, id);
    },
  };
}
export type UserStore = ReturnType<typeof createUserStore>;
