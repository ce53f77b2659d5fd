// County import, the writing half: what the centre has now (for the check) and applying a checked plan in one
// transaction. Areas and grids are matched by code, so ids (and everything pointing at them) survive a re-import.
import type { CentreLevel, Stationing } from '../../protocol/index.ts';
import type { ImportSummary } from '../../protocol/countyImport.ts';
import type { Area, Existing, ImportPlan } from '../domain/countyImport.ts';
import { LOCKED_PASSWORD_HASH } from '../auth/password.ts';
import type { Db } from './db.ts';
import type { Ledger } from './ledger.ts';

/** The county row a fresh install starts with, before any import names the county. */
export const PLACEHOLDER_COUNTY_CODE = '000000000000';
/** Bumped by every import: caches of boundaries and grids (the incident desk's grid lookup) reload when it moves. */
export const AREAS_VERSION_KEY = 'areas.version';

export function createCountyImportStore(db: Db) {
  const units = db.prepare<[], { code: string; level: CentreLevel; boundary: string | null; name: string; parent_code: string | null; accounts: number }>(
    `SELECT c.code, c.level, c.boundary, c.name, p.code AS parent_code, (SELECT count(*) FROM users u WHERE u.centre_id = c.id AND u.active = 1) AS accounts
     FROM centres c LEFT JOIN centres p ON p.id = c.parent_id WHERE c.retired_at IS NULL`,
  );
  const grids = db.prepare<[], { code: string; village_code: string }>(
    'SELECT g.code, v.code AS village_code FROM grids g JOIN centres v ON v.id = g.village_id WHERE g.retired_at IS NULL',
  );
  const centreByCode = db.prepare<[string], { id: number }>('SELECT id FROM centres WHERE code = ?');
  const insertCentre = db.prepare('INSERT INTO centres (parent_id, level, code, name, boundary, stationing) VALUES (?, ?, ?, ?, ?, ?)');
  const updateCentre = db.prepare('UPDATE centres SET parent_id = ?, level = ?, code = ?, name = ?, boundary = ?, stationing = ?, retired_at = NULL WHERE id = ?');
  const retireCentre = db.prepare('UPDATE centres SET retired_at = ? WHERE code = ? AND retired_at IS NULL');
  const retireGridsOf = db.prepare(
    'UPDATE grids SET retired_at = ?, member_id = NULL WHERE retired_at IS NULL AND village_id = (SELECT id FROM centres WHERE code = ?)',
  );
  const gridByCode = db.prepare<[string], { id: number }>('SELECT id FROM grids WHERE code = ?');
  const insertGrid = db.prepare('INSERT INTO grids (village_id, code, name, boundary) VALUES (?, ?, ?, ?)');
  const updateGrid = db.prepare('UPDATE grids SET village_id = ?, name = ?, boundary = ?, retired_at = NULL WHERE id = ?');
  const activeGrids = db.prepare<[], { id: number; code: string }>('SELECT id, code FROM grids WHERE retired_at IS NULL');
  const retireGrid = db.prepare('UPDATE grids SET retired_at = ?, member_id = NULL WHERE id = ?');
  const userByUsername = db.prepare<[string], { id: number }>('SELECT id FROM users WHERE username = ?');
  const insertUser = db.prepare('INSERT INTO users (username, name, role, centre_id, password_hash, phone) VALUES (?, ?, ?, ?, ?, ?)');
  const updateUser = db.prepare('UPDATE users SET name = ?, role = ?, centre_id = ?, phone = ? WHERE id = ?');
  const setMember = db.prepare('UPDATE grids SET member_id = ? WHERE code = ?');
  const state = db.prepare<[], { s: string }>(
    `SELECT (SELECT count(*) || ':' || ifnull(max(id), 0) || ':' || total(length(code) + length(level)) || ':' || count(retired_at) FROM centres) || '/' ||
            (SELECT count(*) || ':' || ifnull(max(id), 0) || ':' || count(retired_at) FROM grids) || '/' ||
            ifnull((SELECT value FROM settings WHERE key = '${AREAS_VERSION_KEY}'), '0') AS s`,
  );
  const bump = db.prepare(`INSERT INTO settings (key, value) VALUES ('${AREAS_VERSION_KEY}', '1')
    ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`);

  return {
    /** Changes whenever anything the check reads (areas, grids) may have changed: a remembered check is reused only
     *  while this stays the same. */
    state(): string {
      return state.get()?.s ?? '';
    },
    existing(): Existing {
      const all = units.all();
      const county = all.find((u) => u.level === 'county');
      return {
        countyCode: county?.code ?? null,
        countyIsPlaceholder: county?.code === PLACEHOLDER_COUNTY_CODE,
        units: new Map(all.map((u) => [u.code, { level: u.level, boundary: u.boundary ? (JSON.parse(u.boundary) as Area) : null, name: u.name, parentCode: u.parent_code, accounts: u.accounts }])),
        grids: new Map(grids.all().map((g) => [g.code, { villageCode: g.village_code }])),
      };
    },

    /** Applies a plan that checked clean: all of it or, on any error, none of it. */
    apply(plan: ImportPlan, ledger: Ledger, now: number, actorId: number | null): ImportSummary {
      return db.transaction((): ImportSummary => {
        const idOf = new Map<string, number>();
        const order: CentreLevel[] = ['county', 'department', 'township', 'village'];
        for (const level of order) {
          for (const a of plan.areas.filter((x) => x.level === level)) {
            const parentId = a.parentCode ? (idOf.get(a.parentCode) ?? centreByCode.get(a.parentCode)?.id ?? null) : null;
            const found = centreByCode.get(a.code) ?? (level === 'county' ? centreByCode.get(PLACEHOLDER_COUNTY_CODE) : undefined);
            const boundary = a.boundary ? JSON.stringify(a.boundary) : null;
            const stationing: Stationing | null = a.stationing;
            if (found) updateCentre.run(parentId, a.level, a.code, a.name, boundary, stationing, found.id);
            const id = found ? found.id : Number(insertCentre.run(parentId, a.level, a.code, a.name, boundary, stationing).lastInsertRowid);
            idOf.set(a.code, id);
          }
        }
        const centreId = (code: string) => idOf.get(code) ?? (centreByCode.get(code) as { id: number }).id;

        let gridsRetired = 0;
        if (plan.levels.has('grid')) {
          const keep = new Set<string>();
          for (const g of plan.grids) {
            const found = gridByCode.get(g.code);
            const villageId = centreId(g.villageCode);
            if (found) updateGrid.run(villageId, g.name, JSON.stringify(g.boundary), found.id);
            else insertGrid.run(villageId, g.code, g.name, JSON.stringify(g.boundary));
            keep.add(g.code);
          }
          for (const g of activeGrids.all()) {
            if (keep.has(g.code)) continue;
            retireGrid.run(now, g.id);
            gridsRetired++;
          }
        }
        // Units the files no longer have, and their grids (incidents, alerts and orders keep pointing at both).
        for (const u of plan.retire) {
          retireCentre.run(now, u.code);
          if (u.level === 'village') gridsRetired += retireGridsOf.run(now, u.code).changes;
        }

        // People log in by their mobile number. Their accounts are locked until an administrator issues a password:
        // hashing thousands of passwords nobody was told would take minutes and help no one.
        for (const p of plan.people) {
          const found = userByUsername.get(p.phone);
          const unit = centreId(p.unitCode);
          const id = found ? found.id : Number(insertUser.run(p.phone, p.name, p.role, unit, LOCKED_PASSWORD_HASH, p.phone).lastInsertRowid);
          if (found) updateUser.run(p.name, p.role, unit, p.phone, found.id);
          if (p.gridCode) setMember.run(id, p.gridCode);
        }

        bump.run();
        const county = plan.areas.find((a) => a.level === 'county');
        const summary: ImportSummary = {
          county: county?.name ?? null,
          townships: plan.areas.filter((a) => a.level === 'township').length,
          villages: plan.areas.filter((a) => a.level === 'village').length,
          grids: plan.grids.length,
          people: plan.people.length,
          departments: plan.areas.filter((a) => a.level === 'department').length,
          gridsRetired,
          unitsRetired: plan.retire,
        };
        ledger.append(now, actorId, 'county.import', county?.code ?? 'county', summary);
        return summary;
      })();
    },
  };
}
export type CountyImportStore = ReturnType<typeof createCountyImportStore>;

/** What the incident desk needs to place a report: the active grids, and a version that moves with every import. */
export function createAreasReader(db: Db) {
  const version = db.prepare<[], { value: string }>(`SELECT value FROM settings WHERE key = '${AREAS_VERSION_KEY}'`);
  const grids = db.prepare<[], { id: number; village_id: number; boundary: string }>('SELECT id, village_id, boundary FROM grids WHERE retired_at IS NULL');
  return {
    version: (): string => version.get()?.value ?? '0',
    activeGrids: () => grids.all().map((g) => ({ id: g.id, villageId: g.village_id, boundary: JSON.parse(g.boundary) as Area })),
  };
}
