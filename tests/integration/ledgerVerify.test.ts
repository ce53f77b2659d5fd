import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openConsole, startTestServer, expectOk } from './harness.ts';

const verify = (dataDir: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ledger-verify.ts', '--data', dataDir], { encoding: 'utf8' });

describe('npm run ledger:verify', () => {
  it('passes on an intact ledger and names the first tampered entry', async () => {
    const server = await startTestServer();
    const county = await openConsole(server.url, 'duty1');
    for (const title of ['a', 'b', 'c']) expectOk(await county.request('alert:raise', { level: 'blue', title, targets: { kind: 'all' } }));
    county.close();
    const dataDir = server.dataDir;
    await server.close();

    const ok = verify(dataDir);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('3 entries');

    const db = new Database(join(dataDir, 'centre.db'));
    db.exec('DROP TRIGGER ledger_no_update');
    db.prepare("UPDATE ledger SET actor_id = 99 WHERE id = 2").run();
    db.close();
    const broken = verify(dataDir);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('#2');
    await server.stop();
  });
});
