// `npm run evidence:verify [-- --data DIR]`: checks every stored photo and snapshot against its hash; exits 1 naming
// each damaged or missing one.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { verifyEvidence } from '../app/store/evidence.ts';
import { verifyClips } from '../app/store/clipEvidence.ts';

const { values } = parseArgs({ options: { data: { type: 'string' } } });
const dataDir = resolve(values.data ?? process.env.ZZ_DATA_DIR ?? 'data');
const file = join(dataDir, 'centre.db');
if (!existsSync(file)) {
  console.error(`找不到数据库 / no database at ${file}`);
  process.exit(2);
}
const db = new Database(file, { readonly: true });
const r = verifyEvidence(db, join(dataDir, 'photos'));
const clips = verifyClips(db, join(dataDir, 'evidence', 'clips'));
db.close();
const bad = [...r.bad, ...clips.bad];
const LABEL = { photo: '照片 photo', snapshot: '视频截图 snapshot', clip: '证据片段 clip' } as const;
const PROBLEM = { missing: '文件缺失 / file missing', corrupt: '内容与哈希不符 / does not match its hash' } as const;
for (const b of bad) console.error(`${LABEL[b.kind]} ${b.id}: ${PROBLEM[b.problem]}`);
const unhashed = r.unhashed ? `; ${r.unhashed} 张截图早于哈希记录、无法校验 / snapshots predate recorded hashes` : '';
if (bad.length === 0) {
  console.log(`证据完整 / evidence intact: ${r.photos} photos, ${r.snapshots - r.unhashed} snapshots, ${clips.clips} clips verified${unhashed}`);
} else {
  console.error(`证据受损 / evidence damaged: ${bad.length} of ${r.photos + r.snapshots + clips.clips} items${unhashed}`);
  process.exit(1);
}
