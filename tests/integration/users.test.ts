// Users and roles, passwords, sessions that end on their sockets, login lockout, and units as data — on a real server,
// a real SQLite file and real socket.io clients.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import type { AdminUnit, AdminUser, ApiError, LoginResponse, OneTimePassword } from '../../protocol/index.ts';
import { migrate } from '../../app/store/db.ts';
import { expectError, expectOk, login, startTestServer, tempDir, TestConsole } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

async function call<T>(url: string, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}
const tryLogin = (url: string, username: string, password: string) => call<LoginResponse & ApiError>(url, 'POST', '/api/login', null, { username, password });

async function handshake(url: string, token: string): Promise<{ socket: Socket; error: ApiError | null }> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve) => {
    socket.on('connect', () => resolve({ socket, error: null }));
    socket.on('connect_error', (err) => {
      socket.close();
      resolve({ socket, error: (err as Error & { data: ApiError }).data });
    });
  });
}

/** Resolves with the reason and the time it took once the server closes the console's socket. */
function whenEnded(c: TestConsole): Promise<{ reason: ApiError | null; afterMs: number }> {
  const t0 = Date.now();
  let reason: ApiError | null = null;
  (c.socket as unknown as Socket).on('session:ended', (e: ApiError) => (reason = e));
  return new Promise((resolve) => c.socket.on('disconnect', () => resolve({ reason, afterMs: Date.now() - t0 })));
}

describe('users, roles and passwords', () => {
  let server: Server;
  let admin: string;
  const consoles: TestConsole[] = [];
  beforeAll(async () => {
    server = await startTestServer({ loginLockout: { accountMax: 3, addressMax: 1000, windowMs: 60_000 } });
    admin = (await login(server.url, 'admin')).token;
  });
  afterEach(() => {
    for (const c of consoles.splice(0)) c.close();
  });
  afterAll(async () => server.stop());
  const open = async (token: string) => {
    const c = new TestConsole(server.url, token);
    await c.connect();
    consoles.push(c);
    return c;
  };
  const unitNamed = async (name: string) => {
    const { body } = await call<{ units: AdminUnit[] }>(server.url, 'GET', '/api/admin/units', admin);
    return body.units.find((u) => u.name === name) as AdminUnit;
  };
  const create = async (username: string, role = 'townshipOperator', unit = '城关镇') =>
    call<OneTimePassword & ApiError>(server.url, 'POST', '/api/admin/users', admin, { username, name: '测试用户', role, centreId: (await unitNamed(unit)).id, phone: '13800000000' });

  it('gives every seeded account its own salt', () => {
    const db = new Database(`${server.dataDir}/centre.db`, { readonly: true });
    const r = db.prepare('SELECT count(*) AS n, count(DISTINCT password_hash) AS d, count(DISTINCT substr(password_hash, 1, 40)) AS s FROM users').get() as { n: number; d: number; s: number };
    db.close();
    expect(r.n).toBeGreaterThan(2280);
    expect(r.d).toBe(r.n);
    expect(r.s).toBe(r.n); // the salts themselves differ, not only the keys
  });

  it('creates a township operator whose one-time password must be changed before anything else, and records it', async () => {
    const made = await create('zhangsan');
    expect(made.status).toBe(201);
    expect(made.body.user).toMatchObject({ username: 'zhangsan', role: 'townshipOperator', centreName: '城关镇', active: true, mustChangePassword: true });
    expect(made.body.oneTimePassword).toMatch(/^(?=.*[A-Za-z])(?=.*\d).{12}$/);

    const first = await tryLogin(server.url, 'zhangsan', made.body.oneTimePassword);
    expect(first.status).toBe(200);
    expect(first.body.user.mustChangePassword).toBe(true);
    const token = first.body.token;
    // Until changed: no data, no socket.
    expect((await call<ApiError>(server.url, 'GET', '/api/centres', token)).body.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    expect((await call<ApiError>(server.url, 'GET', '/api/incidents', token)).body.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    expect((await handshake(server.url, token)).error?.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');

    // The rules: length, letters and digits, not the user name, not a seeded default, not the same.
    for (const bad of ['short1', '12345678901', 'onlyletters', 'zhangsan2026', 'Demo@2026', made.body.oneTimePassword]) {
      const r = await call<ApiError>(server.url, 'POST', '/api/me/password', token, { currentPassword: made.body.oneTimePassword, newPassword: bad });
      expect(r.status, bad).toBe(400);
      expect(r.body.code, bad).toBe('PASSWORD_WEAK');
      expect(r.body.details?.newPassword, bad).toBeTruthy();
    }
    const wrongCurrent = await call<ApiError>(server.url, 'POST', '/api/me/password', token, { currentPassword: 'nope', newPassword: 'Qinglan2027x' });
    expect(wrongCurrent.body.code).toBe('PASSWORD_WRONG');
    expect((await call(server.url, 'POST', '/api/me/password', token, { currentPassword: made.body.oneTimePassword, newPassword: 'Qinglan2027x' })).status).toBe(204);

    // The same session now works, socket included; the one-time password no longer logs in.
    expect((await call<unknown[]>(server.url, 'GET', '/api/centres', token)).status).toBe(200);
    const { socket, error } = await handshake(server.url, token);
    expect(error).toBeNull();
    socket.close();
    expect((await tryLogin(server.url, 'zhangsan', made.body.oneTimePassword)).body.code).toBe('AUTH_INVALID_CREDENTIALS');
    expect((await tryLogin(server.url, 'zhangsan', 'Qinglan2027x')).status).toBe(200);

    const db = new Database(`${server.dataDir}/centre.db`, { readonly: true });
    const actions = db.prepare("SELECT action FROM ledger WHERE subject = ? ORDER BY id").all(`user:${made.body.user.id}`) as { action: string }[];
    db.close();
    expect(actions.map((a) => a.action)).toEqual(['user.create', 'user.changePassword']);
  });

  it('edits a user, checks the unit fits the role, and refuses a taken name', async () => {
    const made = await create('lisi');
    const id = made.body.user.id;
    expect((await create('LISI')).body.code).toBe('USER_EXISTS');
    const village = await unitNamed('城关镇'); // a township for a village operator: does not fit
    const misfit = await call<ApiError>(server.url, 'PUT', `/api/admin/users/${id}`, admin, { role: 'villageOperator', centreId: village.id });
    expect(misfit.body.code).toBe('USER_UNIT_MISMATCH');
    const dept = await unitNamed('县公安局');
    const moved = await call<AdminUser>(server.url, 'PUT', `/api/admin/users/${id}`, admin, { role: 'departmentOperator', centreId: dept.id, name: '李四' });
    expect(moved.body).toMatchObject({ role: 'departmentOperator', centreId: dept.id, centreLevel: 'department', name: '李四' });
    const bad = await call<ApiError>(server.url, 'POST', '/api/admin/users', admin, { username: 'x y', name: '', role: 'boss', centreId: -1 });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.details ?? {})).toEqual(expect.arrayContaining(['username', 'name', 'role', 'centreId']));
    const list = await call<{ users: AdminUser[]; total: number }>(server.url, 'GET', '/api/admin/users?q=lisi', admin);
    expect(list.body.users.map((u) => u.username)).toEqual(['lisi']);
    expect(JSON.stringify(list.body)).not.toContain('scrypt');
    // The administrator cannot lock themselves out.
    const me = (await call<{ users: AdminUser[] }>(server.url, 'GET', '/api/admin/users?q=admin', admin)).body.users.find((u) => u.username === 'admin') as AdminUser;
    expect((await call<ApiError>(server.url, 'POST', `/api/admin/users/${me.id}/active`, admin, { active: false })).body.code).toBe('USER_SELF');
  });

  it('refuses every admin route to everyone but the administrator', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/admin/users'], ['GET', '/api/admin/units'], ['POST', '/api/admin/users', { username: 'evil', name: '坏人', role: 'admin', centreId: 1 }],
      ['PUT', '/api/admin/users/1', { name: 'x' }], ['POST', '/api/admin/users/1/active', { active: false }], ['POST', '/api/admin/users/1/reset-password', {}],
    ];
    for (const username of ['commander', 'duty1', 't01', 'v001001', 'g00100101', 'd01']) {
      const token = (await login(server.url, username)).token;
      for (const [method, path, body] of routes) {
        const r = await call<ApiError>(server.url, method, path, token, body);
        expect(r.status, `${username} ${method} ${path}`).toBe(403);
        expect(r.body.code).toBe('FORBIDDEN_ROLE');
      }
    }
    for (const [method, path, body] of routes) expect((await call(server.url, method, path, null, body)).status).toBe(401);
    expect((await tryLogin(server.url, 'evil', 'x')).status).toBe(401); // nothing was created
  });

  it('disabling a user closes their open console within a second, with the reason; re-enabling lets them back', async () => {
    const made = await create('wangwu');
    const token = (await tryLogin(server.url, 'wangwu', made.body.oneTimePassword)).body.token;
    await call(server.url, 'POST', '/api/me/password', token, { currentPassword: made.body.oneTimePassword, newPassword: 'Qinglan2027ok' });
    const c = await open(token);
    const ended = whenEnded(c);
    const off = await call<AdminUser>(server.url, 'POST', `/api/admin/users/${made.body.user.id}/active`, admin, { active: false });
    expect(off.body.active).toBe(false);
    const { reason, afterMs } = await ended;
    expect(reason?.code).toBe('AUTH_ACCOUNT_DISABLED');
    expect(afterMs).toBeLessThan(1000);
    expect((await call<ApiError>(server.url, 'GET', '/api/me', token)).status).toBe(401);
    expect((await handshake(server.url, token)).error?.code).toBe('AUTH_TOKEN_INVALID');
    expect((await tryLogin(server.url, 'wangwu', 'Qinglan2027ok')).body.code).toBe('AUTH_INVALID_CREDENTIALS');
    await call(server.url, 'POST', `/api/admin/users/${made.body.user.id}/active`, admin, { active: true });
    expect((await tryLogin(server.url, 'wangwu', 'Qinglan2027ok')).status).toBe(200);
  });

  it('a disabled township operator can no longer sign over the socket it had open', async () => {
    const made = await create('zhaoliu', 'townshipOperator', '城关镇');
    const token = (await tryLogin(server.url, 'zhaoliu', made.body.oneTimePassword)).body.token;
    await call(server.url, 'POST', '/api/me/password', token, { currentPassword: made.body.oneTimePassword, newPassword: 'Qinglan2028ok' });
    const t = await open(token);
    const county = await open((await login(server.url, 'duty1')).token);
    const raised = expectOk(await county.request('alert:raise', { level: 'orange', title: '停用后签收测试', body: '测试', targets: { kind: 'centres', centreIds: [(await unitNamed('城关镇')).id] } }));
    await t.waitFor(() => t.newAlerts().some((a) => a.id === raised.alert.id));
    const ended = whenEnded(t);
    await call(server.url, 'POST', `/api/admin/users/${made.body.user.id}/active`, admin, { active: false });
    await ended;
    const reply = await Promise.race([t.raw('alert:sign', { alertId: raised.alert.id }), new Promise<null>((r) => setTimeout(() => r(null), 500))]);
    expect(reply).toBeNull(); // the socket is closed: nothing reaches the server
    const after = await county.request('sync', { lastSeq: null, epoch: null });
    const alert = expectOk(after).snapshot?.alerts.find((a) => a.id === raised.alert.id);
    expect(alert?.recipients.find((r) => r.centreName === '城关镇')?.state).not.toBe('signed');
  });

  it('a password reset ends the user\'s sessions with the reason and unlocks a locked account', async () => {
    const token = (await login(server.url, 't02')).token;
    const c = await open(token);
    const ended = whenEnded(c);
    // Lock t02 first: three wrong passwords (accountMax 3).
    for (let i = 0; i < 3; i++) await tryLogin(server.url, 't02', `wrong${i}`);
    expect((await tryLogin(server.url, 't02', 'Demo@2026')).body.code).toBe('AUTH_RATE_LIMITED');
    const id = (await call<{ users: AdminUser[] }>(server.url, 'GET', '/api/admin/users?q=t02', admin)).body.users[0]!.id;
    const reset = await call<OneTimePassword>(server.url, 'POST', `/api/admin/users/${id}/reset-password`, admin, {});
    expect(reset.body.user.mustChangePassword).toBe(true);
    const { reason, afterMs } = await ended;
    expect(reason?.code).toBe('AUTH_PASSWORD_RESET');
    expect(afterMs).toBeLessThan(1000);
    expect((await call(server.url, 'GET', '/api/me', token)).status).toBe(401);
    expect((await tryLogin(server.url, 't02', 'Demo@2026')).body.code).toBe('AUTH_INVALID_CREDENTIALS');
    const again = await tryLogin(server.url, 't02', reset.body.oneTimePassword);
    expect(again.body.user.mustChangePassword).toBe(true);
    const db = new Database(`${server.dataDir}/centre.db`, { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM ledger WHERE action = 'user.resetPassword' AND subject = ?").get(`user:${id}`)).toEqual({ n: 1 });
    db.close();
  });

  it('logging out closes the sockets opened with that token, not the user\'s other sessions', async () => {
    const a = (await login(server.url, 't03')).token;
    const b = (await login(server.url, 't03')).token;
    const ca = await open(a);
    const cb = await open(b);
    const ended = whenEnded(ca);
    let otherEnded = false;
    cb.socket.on('disconnect', () => (otherEnded = true));
    await call(server.url, 'POST', '/api/logout', a);
    const { reason, afterMs } = await ended;
    expect(reason?.code).toBe('AUTH_LOGGED_OUT');
    expect(afterMs).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 200));
    expect(otherEnded).toBe(false);
    expectOk(await cb.request('sync', { lastSeq: cb.lastSeq, epoch: cb.epoch }));
  });
});

describe('session expiry on an idle socket', () => {
  let server: Server;
  afterAll(async () => server?.stop());

  it('ends an idle socket within a second of expiry, and it receives no push after', async () => {
    let now = Date.now();
    server = await startTestServer({ clock: () => now, sessionTtlMs: 60_000 });
    const t = new TestConsole(server.url, (await login(server.url, 't01')).token);
    await t.connect();
    const ended = whenEnded(t);
    now += 30_000;
    // The county logs in later: its session outlives the township's.
    const county = new TestConsole(server.url, (await login(server.url, 'duty1')).token);
    await county.connect();
    now += 31_000;
    const { reason, afterMs } = await ended;
    expect(reason?.code).toBe('AUTH_TOKEN_EXPIRED');
    expect(afterMs).toBeLessThan(1500);
    const before = t.applied.length;
    expectOk(await county.request('alert:raise', { level: 'red', title: '过期后不应收到', body: '测试', targets: { kind: 'all' } }));
    await new Promise((r) => setTimeout(r, 300));
    expect(t.applied.length).toBe(before);
    county.close();
  });
});

describe('login lockout per account and per address', () => {
  let server: Server;
  afterAll(async () => server?.stop());

  it('locks an account after its failures, but never a right password because other accounts failed from the address', async () => {
    server = await startTestServer({ loginLockout: { accountMax: 5, addressMax: 8, windowMs: 60_000 } });
    // Five wrong passwords for duty1: locked, even for the right one, with a clear code and message.
    for (let i = 0; i < 5; i++) expect((await tryLogin(server.url, 'duty1', `guess${i}`)).body.code).toBe('AUTH_INVALID_CREDENTIALS');
    const locked = await tryLogin(server.url, 'duty1', 'Demo@2026');
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('AUTH_RATE_LIMITED');
    expect(locked.body.details?.scope).toBe('account');
    expect(locked.body.message).toContain('锁定');
    // Other accounts from the same address: wrong passwords push the address over its limit…
    for (let i = 0; i < 4; i++) await tryLogin(server.url, `t0${i + 1}`, 'wrong-password1');
    const noisy = await tryLogin(server.url, 't05', 'wrong-password1');
    expect(noisy.body.code).toBe('AUTH_RATE_LIMITED');
    expect(noisy.body.details?.scope).toBe('address');
    // …yet a right password from that address still logs in, including accounts that failed once.
    expect((await tryLogin(server.url, 'duty2', 'Demo@2026')).status).toBe(200);
    expect((await tryLogin(server.url, 't01', 'Demo@2026')).status).toBe(200);
    expect((await tryLogin(server.url, 'duty1', 'Demo@2026')).status).toBe(429); // still locked itself
  });
});

describe('units as data', () => {
  let server: Server;
  afterAll(async () => server?.stop());

  it('seeds departments stationed at the centre whose operators receive and sign alerts and orders like a township', async () => {
    server = await startTestServer();
    const admin = (await login(server.url, 'admin')).token;
    const units = (await call<{ units: AdminUnit[] }>(server.url, 'GET', '/api/admin/units', admin)).body.units;
    const depts = units.filter((u) => u.level === 'department');
    expect(depts.map((d) => d.name)).toEqual(['县公安局', '县司法局', '县信访局', '县人社局', '县人民法院']);
    expect(depts.map((d) => d.stationing)).toEqual(['resident', 'resident', 'resident', 'rotating', 'onCall']);
    const police = depts[0]!;
    const d01 = await login(server.url, 'd01');
    expect(d01.user).toMatchObject({ role: 'departmentOperator', centreLevel: 'department', centreId: police.id });
    const dept = new TestConsole(server.url, d01.token);
    await dept.connect();
    const county = new TestConsole(server.url, (await login(server.url, 'duty1')).token);
    await county.connect();
    const raised = expectOk(await county.request('alert:raise', { level: 'red', title: '请公安局协助', body: '测试', targets: { kind: 'centres', centreIds: [police.id] } }));
    await dept.waitFor(() => dept.newAlerts().some((a) => a.id === raised.alert.id));
    const signed = expectOk(await dept.request('alert:sign', { alertId: raised.alert.id }));
    expect(signed.recipient.state).toBe('signed');
    // "All" still means the townships.
    const all = expectOk(await county.request('alert:raise', { level: 'blue', title: '全县', body: '测试', targets: { kind: 'all' } }));
    expect(all.alert.recipients).toHaveLength(13);
    // A township operator cannot sign for the department.
    const t01 = new TestConsole(server.url, (await login(server.url, 't01')).token);
    await t01.connect();
    const raised2 = expectOk(await county.request('alert:raise', { level: 'red', title: '再次', body: '测试', targets: { kind: 'centres', centreIds: [police.id] } }));
    expect(expectError(await t01.request('alert:sign', { alertId: raised2.alert.id })).code).toMatch(/FORBIDDEN|NOT_FOUND/);
    // Orders too: the department receives, signs (签收) and reports back (反馈) like a township.
    const commander = new TestConsole(server.url, (await login(server.url, 'commander')).token);
    await commander.connect();
    const { order } = expectOk(await commander.request('order:issue', { title: '请公安局派员到场', body: '测试', targets: { kind: 'centres', centreIds: [police.id] } }));
    await dept.waitFor((applied) => applied.some((e) => e.event.kind === 'order.new'));
    expect(expectOk(await dept.request('order:sign', { orderId: order.id })).recipient.state).toBe('signed');
    expect(expectOk(await dept.request('order:answer', { orderId: order.id, text: '已派员到场' })).recipient.state).toBe('answered');
    for (const c of [dept, county, t01, commander]) c.close();
  });

  it('migration 0008 keeps existing centres and users, and takes new kinds of unit as rows', () => {
    const tmp = tempDir();
    const db = new Database(`${tmp.dir}/centre.db`);
    db.pragma('foreign_keys = ON');
    migrate(db, 7);
    db.exec(`INSERT INTO centres (id, parent_id, level, code, name) VALUES (1, NULL, 'county', '530999', '青岚县'), (2, 1, 'township', '530999001', '城关镇');
      INSERT INTO users (id, username, name, role, centre_id, password_hash) VALUES (1, 't01', '张', 'townshipOperator', 2, 'x');
      INSERT INTO grids (village_id, code, name, boundary) VALUES (2, 'g1', '网格', '{}')`);
    expect(() => db.exec("INSERT INTO centres (parent_id, level, code, name) VALUES (1, 'department', 'D1', '公安局')")).toThrow(/CHECK/);
    expect(migrate(db)).toBeGreaterThanOrEqual(8);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare('SELECT id, parent_id, level, name FROM centres ORDER BY id').all()).toEqual([
      { id: 1, parent_id: null, level: 'county', name: '青岚县' }, { id: 2, parent_id: 1, level: 'township', name: '城关镇' },
    ]);
    db.exec("INSERT INTO centres (parent_id, level, code, name, stationing) VALUES (1, 'department', 'D1', '公安局', 'resident')");
    expect(() => db.exec("INSERT INTO centres (parent_id, level, code, name) VALUES (1, 'planet', 'P1', '火星')")).toThrow(/FOREIGN KEY/);
    db.exec("INSERT INTO unit_kinds (kind, name, name_en) VALUES ('prefecture', '地区', 'Prefecture')");
    db.exec("INSERT INTO centres (parent_id, level, code, name) VALUES (NULL, 'prefecture', 'P1', '某地区')");
    expect(() => db.exec('DELETE FROM centres WHERE id = 2')).toThrow(/FOREIGN KEY/); // the keys still hold after the rebuild
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
    tmp.remove();
  });
});
