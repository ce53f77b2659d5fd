// `npm run ledger:verify [-- --data DIR]`: walks the audit ledger's hash chain; exits 1 naming the first broken entry.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createLedger } from '../app/store/ledger.ts';

const { values } = parseArgs({ options: { data: { type: 'string' } } });
const file = join(resolve(values.data ?? process.env.ZZ_DATA_DIR ?? 'data'), 'centre.db');
if (!existsSync(file)) {
  console.error(`找不到数据库 / no database at ${file}`);
  process.exit(2);
}
const db = new Database(file, { readonly: true });
const result = createLedger(db).verify();
db.close();
if (result.firstBroken === null) {
  console.log(`台账完整 / ledger intact: ${result.entries} entries verified`);
} else {
  console.error(`台账被篡改 / ledger broken at entry #${result.firstBroken} (checked ${result.entries} entries)`);
  process.exit(1);
}
