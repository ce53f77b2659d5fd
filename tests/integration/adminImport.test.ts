// A fresh data directory (no demo: one administrator, no county) and 管理 · 区划导入 over HTTP on a real server:
// only the administrator may check or commit, a commit with problems writes nothing, a clean one names the county.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCountyFixtures } from '../../scripts/make-county-fixtures.ts';
import type { ImportResult } from '../../protocol/countyImport.ts';
import { api, expectOk, login, startTestServer, tempDir, TestConsole } from './harness.ts';
import { hashPassword } from '../../app/auth/password.ts';

const body = (paths: string[]) => ({ files: paths.map((p) => ({ name: basename(p), data: readFileSync(p).toString('base64') })) });
const count = (db: { prepare: (s: string) => { get: () => unknown } }, sql: string) => (db.prepare(sql).get() as { n: number }).n;

describe('a fresh install', () => {
  it('starts with no county and one administrator whose generated password works once given', async () => {
    const server = await startTestServer({ seedDemo: false });
    try {
      expect(server.firstRun?.username).toBe('admin');
      const password = server.firstRun?.password as string;
      expect(password.length).toBeGreaterThanOrEqual(12);
      expect((await login(server.url, 'admin', password)).user.role).toBe('admin');
      await expect(login(server.url, 'commander')).rejects.toThrow(/401/); // no demo accounts
      expect(count(server.db, 'SELECT count(*) AS n FROM centres')).toBe(1);
      expect(count(server.db, 'SELECT count(*) AS n FROM grids')).toBe(0);
      expect(count(server.db, "SELECT must_change_password AS n FROM users WHERE username = 'admin'")).toBe(1);
    } finally {
      await server.stop();
    }
  });

  it('takes a chosen password without asking to change it, and creates nobody on the next start', async () => {
    const tmp = tempDir();
    try {
      const first = await startTestServer({ dataDir: tmp.dir, seedDemo: false, firstAdminPassword: 'Chosen-pass-2026' });
      expect(first.firstRun).toEqual({ username: 'admin', password: null });
      await first.close();
      const again = await startTestServer({ dataDir: tmp.dir, seedDemo: false });
      expect(again.firstRun).toBeNull();
      expect((await login(again.url, 'admin', 'Chosen-pass-2026')).user.role).toBe('admin');
      await again.close();
    } finally {
      tmp.remove();
    }
  });
});

describe('admin import over HTTP', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let demo: Awaited<ReturnType<typeof startTestServer>>;
  let files: Awaited<ReturnType<typeof makeCountyFixtures>>;
  let admin: ReturnType<typeof api>;
  const fx = tempDir('zz-fx-');

  beforeAll(async () => {
    [server, demo, files] = await Promise.all([
      startTestServer({ seedDemo: false, firstAdminPassword: 'Admin-pass-2026' }),
      startTestServer(),
      makeCountyFixtures(fx.dir),
    ]);
    admin = api(server.url, (await login(server.url, 'admin', 'Admin-pass-2026')).token);
  });
  afterAll(async () => {
    await Promise.all([server.stop(), demo.stop()]);
    fx.remove();
  });

  it('refuses anyone but the administrator', async () => {
    for (const path of ['/api/admin/import/check', '/api/admin/import/commit']) {
      const anon = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body(files.files)) });
      expect(anon.status).toBe(401);
      for (const username of ['commander', 'duty1', 't01']) {
        const r = await api(demo.url, (await login(demo.url, username)).token).post<{ code: string }>(path, body(files.files));
        expect([username, r.status, r.body.code]).toEqual([username, 403, 'FORBIDDEN_ROLE']);
      }
    }
    expect(count(demo.db, "SELECT count(*) AS n FROM ledger WHERE action = 'county.import'")).toBe(0);
  });

  it('lists problems, refuses a commit with problems writing nothing, then commits a clean county', async () => {
    const bad = await admin.post<ImportResult>('/api/admin/import/check', body([...files.files, ...files.bad]));
    expect(bad.status).toBe(200);
    expect(bad.body.problems.length).toBe(18);
    expect(bad.body.problems.find((p) => p.code === 'GRID_OVERLAP')).toMatchObject({ file: 'bad-grids.geojson', kind: 'feature', n: 8 });

    const refused = await admin.post<{ code: string; problems: unknown[] }>('/api/admin/import/commit', body([...files.files, ...files.bad]));
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('COUNTY_IMPORT_INVALID');
    expect(refused.body.problems).toHaveLength(18);
    expect(count(server.db, 'SELECT count(*) AS n FROM centres')).toBe(1);
    expect(count(server.db, 'SELECT count(*) AS n FROM users')).toBe(1);

    const malformed = await admin.post<{ code: string }>('/api/admin/import/check', { files: [] });
    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);

    const dry = await admin.post<ImportResult>('/api/admin/import/check', body(files.files));
    expect(dry.body).toMatchObject({ committed: false, problems: [] });
    const done = await admin.post<ImportResult>('/api/admin/import/commit', body(files.files));
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ committed: true, summary: { county: '临川县', townships: 2, villages: 4, grids: files.gridCodes.length } });
    // The placeholder county became the real one, keeping its id: the administrator now sits in 临川县.
    expect(server.db.prepare("SELECT id, code, name FROM centres WHERE level = 'county'").all()).toEqual([{ id: 1, code: '530901000000', name: '临川县' }]);
    const entry = server.db.prepare("SELECT actor_id FROM ledger WHERE action = 'county.import'").get() as { actor_id: number };
    expect(entry.actor_id).toBe(1);

    // The running server places reports in the imported grids at once. Imported people have no password until an
    // administrator issues one (users' feature): here the test sets one directly.
    const code = files.gridCodes[7] as string;
    const member = server.db.prepare('SELECT u.username, g.id AS gridId FROM grids g JOIN users u ON u.id = g.member_id WHERE g.code = ?').get(code) as { username: string; gridId: number };
    expect((await login(server.url, member.username, 'whatever').catch((e: Error) => e.message))).toMatch(/401/); // locked until then
    server.db.prepare('UPDATE users SET password_hash = ? WHERE username = ?').run(hashPassword('Member-pass-2026'), member.username);
    const reporter = api(server.url, (await login(server.url, member.username, 'Member-pass-2026')).token);
    const [lon, lat] = files.gridPoints.get(code) as [number, number];
    const report = await reporter.post<{ incident: { gridId: number } }>('/api/incidents', { idempotencyKey: 'import-test-1', category: 'dispute', description: '邻里纠纷', location: { lon, lat } });
    expect(report.status).toBe(201);
    expect(report.body.incident.gridId).toBe(member.gridId);

    // An alert to all townships reaches the imported townships without a restart.
    const duty = server.db.prepare("SELECT username FROM users WHERE role = 'dutyOfficer' LIMIT 1").get() as { username: string };
    server.db.prepare('UPDATE users SET password_hash = ? WHERE username = ?').run(hashPassword('Duty-pass-2026'), duty.username);
    const county = new TestConsole(server.url, (await login(server.url, duty.username, 'Duty-pass-2026')).token);
    await county.connect();
    try {
      const raised = expectOk(await county.request('alert:raise', { level: 'blue', title: '导入后预警', targets: { kind: 'all' } }));
      expect(raised.alert.recipients.map((r) => r.centreName).sort()).toEqual(['第1镇', '第2镇']);
    } finally {
      county.close();
    }
  });

  it('a re-import without a township retires it: no longer a target of alerts, not in the live centre list, back when it returns', async () => {
    const v2 = await makeCountyFixtures(`${fx.dir}/v2`, undefined, { dropTownship: '530901002000' });
    const dry = await admin.post<ImportResult>('/api/admin/import/check', body(v2.files));
    expect(dry.body.summary.unitsRetired.map((u) => u.name).sort()).toEqual(['2镇1村', '2镇2村', '第2镇']);
    expect((await admin.post<ImportResult>('/api/admin/import/commit', body(v2.files))).body.committed).toBe(true);
    const gone = (server.db.prepare("SELECT id FROM centres WHERE code = '530901002000'").get() as { id: number }).id;

    const duty = server.db.prepare("SELECT username FROM users WHERE role = 'dutyOfficer' LIMIT 1").get() as { username: string };
    const token = (await login(server.url, duty.username, 'Duty-pass-2026')).token;
    const centres = await api(server.url, token).get<{ id: number; name: string }[]>('/api/centres');
    expect(centres.body.map((c) => c.id)).not.toContain(gone);
    const county = new TestConsole(server.url, token);
    await county.connect();
    try {
      const raised = expectOk(await county.request('alert:raise', { level: 'blue', title: '停用后预警', targets: { kind: 'all' } }));
      expect(raised.alert.recipients.map((r) => r.centreName)).toEqual(['第1镇']);
      const chosen = await county.request('alert:raise', { level: 'blue', title: '发给停用乡镇', targets: { kind: 'centres', centreIds: [gone] } });
      expect(chosen).toMatchObject({ ok: false, error: { code: 'TARGET_UNKNOWN' } });
      // The admin's unit list drops it and it takes no new account, but an account left there can still be edited.
      const units = await admin.get<{ units: { id: number }[] }>('/api/admin/units');
      expect(units.body.units.map((u) => u.id)).not.toContain(gone);
      const created = await admin.post<{ code: string }>('/api/admin/users', { username: 'late-op', name: '迟到', role: 'townshipOperator', centreId: gone });
      expect([created.status, created.body.code]).toEqual([400, 'TARGET_UNKNOWN']);
      const left = server.db.prepare('SELECT id FROM users WHERE centre_id = ? LIMIT 1').get(gone) as { id: number };
      const adminToken = (await login(server.url, 'admin', 'Admin-pass-2026')).token;
      const renamed = await fetch(`${server.url}/api/admin/users/${left.id}`, {
        method: 'PUT', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: '改名' }),
      });
      expect(renamed.status).toBe(200);
      // Brought back by the next import: the same unit is a target again.
      expect((await admin.post<ImportResult>('/api/admin/import/commit', body(files.files))).body.committed).toBe(true);
      const again = expectOk(await county.request('alert:raise', { level: 'blue', title: '恢复后预警', targets: { kind: 'centres', centreIds: [gone] } }));
      expect(again.alert.recipients.map((r) => r.centreName)).toEqual(['第2镇']);
    } finally {
      county.close();
    }
  });
});

