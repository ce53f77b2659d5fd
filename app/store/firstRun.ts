// A production data directory's first start: no county yet (an import names it) and one administrator.
import { PLACEHOLDER_COUNTY_CODE } from './countyImport.ts';
import type { Db } from './db.ts';

export const FIRST_ADMIN_USERNAME = 'admin';

/** True until some administrator exists (a county may already have been imported from the command line). */
export function needsFirstAdministrator(db: Db): boolean {
  return !db.prepare("SELECT 1 FROM users WHERE role = 'admin' LIMIT 1").get();
}

/**
 * Creates the first administrator at the county (the placeholder county when none was imported yet: the first
 * county import takes that row over, keeping its id). Returns false, touching nothing, when an administrator exists.
 */
export function createFirstAdministrator(db: Db, passwordHash: string, mustChangePassword: boolean): boolean {
  return db.transaction(() => {
    if (!needsFirstAdministrator(db)) return false;
    const county = db.prepare<[], { id: number }>("SELECT id FROM centres WHERE level = 'county' ORDER BY id LIMIT 1").get()?.id ??
      Number(db.prepare("INSERT INTO centres (parent_id, level, code, name) VALUES (NULL, 'county', ?, '未导入的县')").run(PLACEHOLDER_COUNTY_CODE).lastInsertRowid);
    db.prepare("INSERT INTO users (username, name, role, centre_id, password_hash, must_change_password) VALUES (?, '系统管理员', 'admin', ?, ?, ?)").run(
      FIRST_ADMIN_USERNAME, county, passwordHash, mustChangePassword ? 1 : 0,
    );
    return true;
  })();
}
