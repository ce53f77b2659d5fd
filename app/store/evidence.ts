// `npm run evidence:verify`: every stored photo against its name (its sha256) and size, every snapshot against the hash
// recorded when it was taken (in its row and in its chained ledger entry). Read-only.
import type { Db } from './db.ts';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { checkPhotoFile, sha256 } from './photoFiles.ts';

export interface EvidenceProblem {
  kind: 'photo' | 'snapshot';
  id: string;
  problem: 'missing' | 'corrupt';
}
export interface EvidenceReport {
  photos: number;
  snapshots: number;
  /** Snapshots taken before hashes were recorded: nothing to check them against. */
  unhashed: number;
  bad: EvidenceProblem[];
}

export function verifyEvidence(db: Db, photoDir: string): EvidenceReport {
  const bad: EvidenceProblem[] = [];
  const photos = db.prepare<[], { id: string; bytes: number }>('SELECT id, bytes FROM photos ORDER BY uploaded_at, id').all();
  for (const p of photos) {
    let problem = checkPhotoFile(photoDir, p.id);
    if (problem === 'ok' && statSync(join(photoDir, p.id)).size !== p.bytes) problem = 'corrupt';
    if (problem !== 'ok') bad.push({ kind: 'photo', id: p.id, problem });
  }

  const ledgerHash = new Map<number, string>();
  const takes = db.prepare<[], { detail: string }>("SELECT detail FROM ledger WHERE action = 'snapshot.take'");
  for (const t of takes.iterate()) {
    const d = JSON.parse(t.detail) as { snapshotId?: number; sha256?: string };
    if (d.snapshotId !== undefined && d.sha256) ledgerHash.set(d.snapshotId, d.sha256);
  }
  let snapshots = 0;
  let unhashed = 0;
  const snaps = db.prepare<[], { id: number; sha256: string | null; jpeg: Buffer }>('SELECT id, sha256, jpeg FROM snapshots ORDER BY id');
  for (const s of snaps.iterate()) {
    snapshots++;
    const recorded = s.sha256 ?? ledgerHash.get(s.id) ?? null;
    if (recorded === null) {
      unhashed++;
      continue;
    }
    const actual = sha256(s.jpeg);
    if (actual !== recorded || (ledgerHash.has(s.id) && ledgerHash.get(s.id) !== actual)) bad.push({ kind: 'snapshot', id: String(s.id), problem: 'corrupt' });
  }
  return { photos: photos.length, snapshots, unhashed, bad };
}
