// npm run bench:logins [-- --users 100 --rounds 3]
// One JSON line: 100 concurrent logins over HTTP against accounts with their own salts at the STANDARD scrypt cost
// (p50/p99/max per login, wall time of the burst), beside the baseline measured in the same run: the same 100
// passwords' bare scrypt verify, run concurrently the same way (libuv's thread pool is the shared resource in both).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { startCentreServer, type CentreServer } from '../app/server.ts';
import { hashPasswordAsync, STANDARD, verifyPassword } from '../app/auth/password.ts';
import { createUserStore } from '../app/store/users.ts';
import { intFlags, log, percentile, round2, runBenchmark, wallNow } from './lib/util.ts';

const flags = intFlags({ users: 100, rounds: 3 });
const dataDir = mkdtempSync(join(tmpdir(), 'zz-bench-logins-'));
let server: CentreServer | null = null;

const stats = (xs: number[]) => ({ p50: round2(percentile(xs, 50)), p99: round2(percentile(xs, 99)), max: round2(Math.max(...xs)) });

async function run() {
  // The flood guard (300 logins/min per address) would stop the rounds: everything here comes from one address.
  server = await startCentreServer({ dataDir, port: 0, host: '127.0.0.1', staticDir: null, log: () => {}, loginRateLimit: { max: 100_000, windowMs: 60_000 } });
  const url = server.url;
  // Accounts as an administrator or the county import makes them: each its own salt, STANDARD cost.
  const store = createUserStore(server.db);
  const countyId = (server.db.prepare("SELECT id FROM centres WHERE level = 'county'").get() as { id: number }).id;
  const accounts = await Promise.all(
    Array.from({ length: flags.users }, async (_, i) => {
      const password = `Bench${i}pass${i * 7}`;
      const hash = await hashPasswordAsync(password, STANDARD);
      return { username: `bench${i}`, password, hash };
    }),
  );
  for (const a of accounts) {
    const id = store.insert({ username: a.username, name: `压测${a.username}`, role: 'dutyOfficer', centreId: countyId, phone: null }, a.hash);
    store.setPassword(id, a.hash, false, Date.now());
  }
  log(`${accounts.length} accounts with their own salts (scrypt N=${STANDARD.N}, r=${STANDARD.r}, p=${STANDARD.p})`);

  const loginOnce = async (a: (typeof accounts)[number]) => {
    const t0 = wallNow();
    const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: a.username, password: a.password }) });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`login ${a.username}: ${res.status}`);
    return wallNow() - t0;
  };
  const verifyOnce = async (a: (typeof accounts)[number]) => {
    const t0 = wallNow();
    if (!(await verifyPassword(a.password, a.hash))) throw new Error('baseline verify failed');
    return wallNow() - t0;
  };
  await loginOnce(accounts[0]!); // warm up the route and the connection pool
  await verifyOnce(accounts[0]!);

  const loginMs: number[] = [];
  const verifyMs: number[] = [];
  const loginWall: number[] = [];
  const verifyWall: number[] = [];
  for (let r = 0; r < flags.rounds; r++) {
    // Alternate which goes first, so neither always meets a warmer machine.
    const burst = async (fn: typeof loginOnce, into: number[], wall: number[]) => {
      const t0 = wallNow();
      into.push(...(await Promise.all(accounts.map(fn))));
      wall.push(wallNow() - t0);
    };
    if (r % 2 === 0) {
      await burst(verifyOnce, verifyMs, verifyWall);
      await burst(loginOnce, loginMs, loginWall);
    } else {
      await burst(loginOnce, loginMs, loginWall);
      await burst(verifyOnce, verifyMs, verifyWall);
    }
    log(`round ${r + 1}: logins p99 ${round2(percentile(loginMs.slice(-accounts.length), 99))} ms, bare verify p99 ${round2(percentile(verifyMs.slice(-accounts.length), 99))} ms`);
  }
  const singleStart = wallNow();
  await verifyOnce(accounts[1]!);
  return {
    bench: 'logins',
    concurrent: accounts.length,
    rounds: flags.rounds,
    scrypt: STANDARD,
    cores: availableParallelism(),
    loginMs: stats(loginMs),
    loginBurstWallMs: stats(loginWall),
    baselineVerifyMs: stats(verifyMs),
    baselineBurstWallMs: stats(verifyWall),
    singleVerifyMs: round2(wallNow() - singleStart),
    p99Ratio: round2(percentile(loginMs, 99) / percentile(verifyMs, 99)),
    run_s: 0,
  };
}

void runBenchmark(run, async () => {
  await server?.close().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
});
