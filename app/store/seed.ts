import type { Role, Stationing } from '../../protocol/index.ts';
import { generateDemoCounty } from '../domain/demoCounty.ts';
import { DEMO, hashPasswordAsync } from '../auth/password.ts';
import type { Db } from './db.ts';
import { seedDemoRoutingTable } from './mediation.ts';

export const DEMO_PASSWORD = 'Demo@2026';

export interface DemoLogin { username: string; name: string; role: Role; centre: string }

/** Departments stationed at the demo county's centre, each with one operator (d01 … d05). */
export const DEMO_DEPARTMENTS: { name: string; stationing: Stationing; operator: string }[] = [
  { name: '县公安局', stationing: 'resident', operator: '公安局驻中心值班员' },
  { name: '县司法局', stationing: 'resident', operator: '司法局驻中心值班员' },
  { name: '县信访局', stationing: 'resident', operator: '信访局驻中心值班员' },
  { name: '县人社局', stationing: 'rotating', operator: '人社局驻中心值班员' },
  { name: '县人民法院', stationing: 'onCall', operator: '法院驻中心联络员' },
];

/**
 * Seeds the demo county into an empty database (a no-op when centres exist). Returns the logins created.
 * Every account gets its own salt; the hashes use the light DEMO strength (see password.ts) and are computed in
 * parallel on the thread pool before the one transaction that writes the county.
 */
export async function seedDemoCounty(db: Db, seed = 2026): Promise<DemoLogin[]> {
  const has = db.prepare('SELECT 1 FROM centres LIMIT 1').get();
  if (has) return [];
  const county = generateDemoCounty(seed);
  const accounts = 4 + DEMO_DEPARTMENTS.length + county.townships.reduce((n, t) => n + 1 + t.villages.reduce((m, v) => m + 1 + v.grids.length, 0), 0);
  const hashes = await Promise.all(Array.from({ length: accounts }, () => hashPasswordAsync(DEMO_PASSWORD, DEMO)));
  // Another start may have seeded while we hashed.
  if (db.prepare('SELECT 1 FROM centres LIMIT 1').get()) return [];
  const logins: DemoLogin[] = [];
  const centre = db.prepare('INSERT INTO centres (parent_id, level, code, name, boundary) VALUES (?, ?, ?, ?, ?)');
  const user = db.prepare('INSERT INTO users (username, name, role, centre_id, password_hash, phone) VALUES (?, ?, ?, ?, ?, ?)');
  const grid = db.prepare('INSERT INTO grids (village_id, code, name, boundary, member_id) VALUES (?, ?, ?, ?, ?)');
  const polygon = (ring: [number, number][]) => JSON.stringify({ type: 'Polygon', coordinates: [ring] });
  const addUser = (username: string, name: string, role: Role, centreId: number, centreName: string, phone: string, listed = true): number => {
    const hash = hashes.pop();
    if (!hash) throw new Error('demo seed: fewer hashes than accounts');
    const id = Number(user.run(username, name, role, centreId, hash, phone).lastInsertRowid);
    if (listed) logins.push({ username, name, role, centre: centreName });
    return id;
  };

  db.transaction(() => {
    const countyId = Number(centre.run(null, 'county', county.code, county.name, polygon(county.ring)).lastInsertRowid);
    const s = county.staff;
    addUser('commander', s.commander.name, 'commander', countyId, county.name, s.commander.phone);
    addUser('duty1', s.dutyOfficers[0].name, 'dutyOfficer', countyId, county.name, s.dutyOfficers[0].phone);
    addUser('duty2', s.dutyOfficers[1].name, 'dutyOfficer', countyId, county.name, s.dutyOfficers[1].phone);
    addUser('admin', s.admin.name, 'admin', countyId, county.name, s.admin.phone);
    const department = db.prepare("INSERT INTO centres (parent_id, level, code, name, stationing) VALUES (?, 'department', ?, ?, ?)");
    const departmentIds = new Map<string, number>();
    DEMO_DEPARTMENTS.forEach((d, i) => {
      const n = String(i + 1).padStart(2, '0');
      const id = Number(department.run(countyId, `${county.code}D${n}`, d.name, d.stationing).lastInsertRowid);
      departmentIds.set(d.name, id);
      addUser(`d${n}`, d.operator, 'departmentOperator', id, d.name, `0871-6${String(i + 1).padStart(6, '0')}`);
    });
    seedDemoRoutingTable(db, departmentIds);
    county.townships.forEach((t, ti) => {
      const tId = Number(centre.run(countyId, 'township', t.code, t.name, polygon(t.ring)).lastInsertRowid);
      const op = s.townshipOperators[ti] as { name: string; phone: string };
      addUser(`t${String(ti + 1).padStart(2, '0')}`, op.name, 'townshipOperator', tId, t.name, op.phone);
      t.villages.forEach((v) => {
        const vId = Number(centre.run(tId, 'village', v.code, v.name, polygon(v.ring)).lastInsertRowid);
        const lead = v.grids[0]?.member ?? { name: v.name, phone: '' };
        addUser(`v${v.code.slice(-6)}`, `${v.name}值班员`, 'villageOperator', vId, v.name, lead.phone, false);
        for (const g of v.grids) {
          const memberId = addUser(`g${g.code.slice(-8)}`, g.member.name, 'gridMember', vId, v.name, g.member.phone, false);
          grid.run(vId, g.code, g.name, polygon(g.ring), memberId);
        }
      });
    });
  })();
  return logins;
}
