// 批量发放临时密码 on a real server and a real SQLite file: an imported county's people have no password; the
// administrator issues one-time passwords for a unit (and its sub-units) in one go, gets the list once, and every issue
// is in the ledger. The hashes are light (ONE_TIME) and the first login's change writes a STANDARD one. All or nothing.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCountyFixtures } from '../../scripts/make-county-fixtures.ts';
import type { AdminUnit, ApiError, BatchPasswordsResult, LoginResponse } from '../../protocol/index.ts';
import { LOCKED_PASSWORD_HASH, hashPasswordAsync, ONE_TIME } from '../../app/auth/password.ts';
import { createLedger } from '../../app/store/ledger.ts';
import { createSessions } from '../../app/store/sessions.ts';
import { createUserDesk } from '../../app/workflow/users.ts';
import { api, login, startTestServer, tempDir } from './harness.ts';

const files = (paths: string[]) => ({ files: paths.map((p) => ({ name: basename(p), data: readFileSync(p).toString('base64') })) });

describe('batch one-time passwords for imported people', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let demo: Awaited<ReturnType<typeof startTestServer>>;
  let admin: ReturnType<typeof api>;
  const fx = tempDir('zz-fx-');
  const n = (sql: string, ...args: unknown[]) => (server.db.prepare(sql).get(...args) as { n: number }).n;
  const unit = async (name: string) => ((await admin.get<{ units: AdminUnit[] }>('/api/admin/units')).body.units.find((u) => u.name === name) as AdminUnit).id;
  /** Imported accounts of a unit (and, with its sub-units) that still have no password: counted straight from the tables. */
  const locked = (centreId: number, sub: boolean) =>
    n(`SELECT count(*) AS n FROM users u JOIN centres c ON c.id = u.centre_id WHERE u.password_hash = ? AND (c.id = ? OR (? AND c.parent_id = ?))`, LOCKED_PASSWORD_HASH, centreId, sub ? 1 : 0, centreId);

  beforeAll(async () => {
    const [s, d, fixtures] = await Promise.all([startTestServer({ seedDemo: false, firstAdminPassword: 'Admin-pass-2026' }), startTestServer(), makeCountyFixtures(fx.dir)]);
    [server, demo] = [s, d];
    admin = api(server.url, (await login(server.url, 'admin', 'Admin-pass-2026')).token);
    expect((await admin.post<{ committed: boolean }>('/api/admin/import/commit', files(fixtures.files))).body.committed).toBe(true);
  });
  afterAll(async () => {
    await Promise.all([server.stop(), demo.stop()]);
    fx.remove();
  });

  it('issues a printable list for a township and its villages, light hashes that the first login replaces, every issue in the ledger', async () => {
    const t1 = await unit('第1镇');
    const expected = locked(t1, true);
    const otherTownship = locked(await unit('第2镇'), true);
    expect(expected).toBeGreaterThan(10);

    const r = await admin.post<BatchPasswordsResult>('/api/admin/users/batch-passwords', { centreId: t1, includeSubunits: true });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.body.unitName).toBe('第1镇');
    expect(r.body.issued).toHaveLength(expected);
    expect(new Set(r.body.issued.map((i) => i.oneTimePassword)).size).toBe(expected);
    for (const i of r.body.issued) {
      expect(i.oneTimePassword).toMatch(/^[A-Za-z2-9]{12}$/);
      expect(i.username).toMatch(/^1\d{10}$/); // people log in with their mobile number
    }
    // Grid members are listed with their grid, operators with their unit; the township's own operator too.
    const member = r.body.issued.find((i) => i.gridName !== null);
    expect(member?.unitName).toMatch(/^1镇\d村$/);
    expect(r.body.issued.some((i) => i.unitName === '第1镇')).toBe(true);

    // Stored: light one-time hashes, a forced change; nothing in clear; the other township is untouched.
    const ids = r.body.issued.map((i) => i.userId);
    const rows = server.db.prepare(`SELECT password_hash, must_change_password FROM users WHERE id IN (${ids.join(',')})`).all() as { password_hash: string; must_change_password: number }[];
    expect(rows.every((x) => x.password_hash.startsWith(`scrypt$${ONE_TIME.N}$`) && x.must_change_password === 1)).toBe(true);
    expect(n('SELECT count(*) AS n FROM users WHERE password_hash LIKE ?', `%${r.body.issued[0]?.oneTimePassword}%`)).toBe(0);
    expect(locked(await unit('第2镇'), true)).toBe(otherTownship);
    expect(n("SELECT count(*) AS n FROM ledger WHERE action = 'user.issuePassword'")).toBe(expected);
    expect(n("SELECT count(*) AS n FROM ledger WHERE action = 'user.issuePasswords' AND subject = ?", `centre:${t1}`)).toBe(1);

    // The grid member logs in with the printed password, must change it, and the change writes a full-cost hash.
    const first = (await login(server.url, member?.username as string, member?.oneTimePassword)) as LoginResponse;
    expect(first.user.mustChangePassword).toBe(true);
    const changed = await api(server.url, first.token).post('/api/me/password', { currentPassword: member?.oneTimePassword, newPassword: 'Grid-member-2026' });
    expect(changed.status).toBe(204);
    expect((server.db.prepare('SELECT password_hash FROM users WHERE id = ?').get(member?.userId) as { password_hash: string }).password_hash).toMatch(/^scrypt\$32768\$/);

    // Nobody of that township is left without a password: a second run issues nothing.
    expect((await admin.post<BatchPasswordsResult>('/api/admin/users/batch-passwords', { centreId: t1, includeSubunits: true })).body.issued).toEqual([]);
    // Without sub-units, only the unit's own accounts.
    const t2 = await unit('第2镇');
    const own = await admin.post<BatchPasswordsResult>('/api/admin/users/batch-passwords', { centreId: t2 });
    expect(own.body.issued.map((i) => i.unitName)).toEqual(['第2镇']);
    expect(locked(t2, true)).toBe(otherTownship - 1);
  });

  it('refuses anyone but the administrator, a bad body and an unknown unit, writing nothing', async () => {
    const before = n('SELECT count(*) AS n FROM ledger');
    const anon = await fetch(`${server.url}/api/admin/users/batch-passwords`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"centreId":1}' });
    expect(anon.status).toBe(401);
    for (const username of ['commander', 'duty1', 't01', 'v001001', 'd01']) {
      const r = await api(demo.url, (await login(demo.url, username)).token).post<ApiError>('/api/admin/users/batch-passwords', { centreId: 1, includeSubunits: true });
      expect([username, r.status, r.body.code]).toEqual([username, 403, 'FORBIDDEN_ROLE']);
    }
    const bad = await admin.post<ApiError>('/api/admin/users/batch-passwords', { centreId: 'all' });
    expect([bad.status, bad.body.code, Object.keys(bad.body.details ?? {})]).toEqual([400, 'VALIDATION_FAILED', ['centreId']]);
    const unknown = await admin.post<ApiError>('/api/admin/users/batch-passwords', { centreId: 99_999 });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'TARGET_UNKNOWN']);
    expect(n('SELECT count(*) AS n FROM ledger')).toBe(before);
  });

  it('is all or nothing: an account that changes while the hashes are made stops the whole batch; hashing runs two at a time', async () => {
    const desk = createUserDesk(server.db, createLedger(server.db), createSessions(server.db), (k) => randomBytes(k));
    const adminUser = { id: 1, username: 'admin', name: 'admin', role: 'admin' as const, centreId: 1, centreName: '临川县', centreLevel: 'county' as const };
    const county = 1;
    const before = n('SELECT count(*) AS n FROM users WHERE password_hash = ?', LOCKED_PASSWORD_HASH); // all of them are in the county
    const someone = (server.db.prepare("SELECT u.id FROM users u WHERE u.password_hash = ? AND u.role = 'gridMember' LIMIT 1").get(LOCKED_PASSWORD_HASH) as { id: number }).id;
    const ledgerBefore = n('SELECT count(*) AS n FROM ledger');
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    const hash = async (pw: string) => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Halfway through, another administrator resets one of these accounts.
      if (++calls === 5) server.db.prepare('UPDATE users SET password_hash = ?, must_change_password = 1 WHERE id = ?').run(await hashPasswordAsync('Someone-else-1'), someone);
      const h = await hashPasswordAsync(pw, ONE_TIME);
      inFlight--;
      return h;
    };
    const r = await desk.issueBatch(adminUser, county, true, () => 1_800_000_000_000, hash);
    expect(r).toEqual({ ok: false, code: 'COUNTY_PASSWORDS_CHANGED' });
    expect(calls).toBe(before); // every account was hashed for before the write was refused
    expect(most).toBe(2);
    // Nothing written: everyone but the account reset meanwhile is still without a password; no ledger entry.
    expect(n('SELECT count(*) AS n FROM users WHERE password_hash = ?', LOCKED_PASSWORD_HASH)).toBe(before - 1);
    expect(n('SELECT count(*) AS n FROM ledger')).toBe(ledgerBefore);

    // Asked again, it issues for everyone left (the reset account now has a password, so it is not among them).
    const again = await desk.issueBatch(adminUser, county, true, () => 1_800_000_000_000);
    expect(again.ok && again.value.issued.length).toBe(before - 1);
    expect(again.ok && again.value.issued.some((i) => i.userId === someone)).toBe(false);
    expect(n('SELECT count(*) AS n FROM users WHERE password_hash = ?', LOCKED_PASSWORD_HASH)).toBe(0);
  });
});
