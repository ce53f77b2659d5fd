// `npm run evidence:verify` for evidence clips: every clip file against the SHA-256 in its row and in its chained
// `clip.export` ledger entry. Read-only.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db.ts';

export interface ClipProblem { kind: 'clip'; id: string; problem: 'missing' | 'corrupt' }

export function verifyClips(db: Db, clipDir: string): { clips: number; bad: ClipProblem[] } {
  const ledgerHash = new Map<number, string>();
  for (const e of db.prepare<[], { detail: string }>("SELECT detail FROM ledger WHERE action = 'clip.export'").iterate()) {
    const d = JSON.parse(e.detail) as { clipId?: number; sha256?: string };
    if (d.clipId !== undefined && d.sha256) ledgerHash.set(d.clipId, d.sha256);
  }
  const bad: ClipProblem[] = [];
  let clips = 0;
  for (const c of db.prepare<[], { id: number; file: string; sha256: string }>('SELECT id, file, sha256 FROM evidence_clips ORDER BY id').iterate()) {
    clips++;
    const path = join(clipDir, c.file);
    if (!existsSync(path)) {
      bad.push({ kind: 'clip', id: String(c.id), problem: 'missing' });
      continue;
    }
    const actual = createHash('sha256').update(readFileSync(path)).digest('hex');
    if (actual !== c.sha256 || ledgerHash.get(c.id) !== actual) bad.push({ kind: 'clip', id: String(c.id), problem: 'corrupt' });
  }
  return { clips, bad };
}
