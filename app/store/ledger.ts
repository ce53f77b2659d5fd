import { createHash } from 'node:crypto';
import type { Db } from './db.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface LedgerEntry {
  id: number;
  at: number;
  actorId: number | null;
  action: string;
  subject: string;
  detail: string;
  prevHash: string;
  hash: string;
}

export function entryHash(e: Omit<LedgerEntry, 'id' | 'hash'>): string {
  return createHash('sha256')
    .update(JSON.stringify([e.prevHash, e.at, e.actorId, e.action, e.subject, e.detail]))
    .digest('hex');
}

/** The audit ledger. append() must run inside the caller's transaction so the entry commits with the change. */
export function createLedger(db: Db) {
  const last = db.prepare<[], { hash: string }>('SELECT hash FROM ledger ORDER BY id DESC LIMIT 1');
  const insert = db.prepare('INSERT INTO ledger (at, actor_id, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const all = db.prepare<[], { id: number; at: number; actor_id: number | null; action: string; subject: string; detail: string; prev_hash: string; hash: string }>(
    'SELECT * FROM ledger ORDER BY id',
  );

  return {
    append(at: number, actorId: number | null, action: string, subject: string, detail: unknown): void {
      const prevHash = last.get()?.hash ?? GENESIS_HASH;
      const text = JSON.stringify(detail);
      insert.run(at, actorId, action, subject, text, prevHash, entryHash({ at, actorId, action, subject, detail: text, prevHash }));
    },

    /** Walks the chain; returns the id of the first entry whose link or hash does not hold, or null if intact. */
    verify(): { entries: number; firstBroken: number | null } {
      let prev = GENESIS_HASH;
      let entries = 0;
      for (const r of all.iterate()) {
        entries++;
        const expected = entryHash({ at: r.at, actorId: r.actor_id, action: r.action, subject: r.subject, detail: r.detail, prevHash: r.prev_hash });
        if (r.prev_hash !== prev || r.hash !== expected) return { entries, firstBroken: r.id };
        prev = r.hash;
      }
      return { entries, firstBroken: null };
    },
  };
}
export type Ledger = ReturnType<typeof createLedger>;
