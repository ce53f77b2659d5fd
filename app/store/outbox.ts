import type { Envelope, StreamEvent } from '../../protocol/index.ts';
import type { Db } from './db.ts';

/**
 * The per-unit event streams. push() must run inside the transaction of the change it describes;
 * the returned envelopes are published only after that transaction commits.
 */
export function createOutbox(db: Db) {
  const bump = db.prepare<[number], { head_seq: number }>(
    'INSERT INTO streams (centre_id, head_seq) VALUES (?, 1) ON CONFLICT(centre_id) DO UPDATE SET head_seq = head_seq + 1 RETURNING head_seq',
  );
  const insert = db.prepare('INSERT INTO outbox (centre_id, seq, at, event) VALUES (?, ?, ?, ?)');
  const position = db.prepare<[number], { head_seq: number; pruned_seq: number; received_seq: number }>(
    'SELECT head_seq, pruned_seq, received_seq FROM streams WHERE centre_id = ?',
  );
  // The epoch names this database's streams; it is made once, so a replaced database is told apart from this one.
  db.prepare("INSERT OR IGNORE INTO settings (key, value) VALUES ('stream_epoch', lower(hex(randomblob(8))))").run();
  const epoch = (db.prepare("SELECT value FROM settings WHERE key = 'stream_epoch'").get() as { value: string }).value;
  const after = db.prepare<[number, number, number], { seq: number; at: number; event: string }>(
    'SELECT seq, at, event FROM outbox WHERE centre_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const newest = db.prepare<[number, number, number], { seq: number; at: number; event: string }>(
    'SELECT * FROM (SELECT seq, at, event FROM outbox WHERE centre_id = ? AND seq > ? ORDER BY seq DESC LIMIT ?) ORDER BY seq',
  );
  const setReceived = db.prepare('UPDATE streams SET received_seq = max(received_seq, ?) WHERE centre_id = ?');
  const oldBatch = db.prepare<[number, number], { centre_id: number; seq: number }>(
    'SELECT centre_id, max(seq) AS seq FROM (SELECT centre_id, seq FROM outbox WHERE at < ? ORDER BY at LIMIT ?) GROUP BY centre_id',
  );
  const setPruned = db.prepare('UPDATE streams SET pruned_seq = max(pruned_seq, ?) WHERE centre_id = ?');
  const deleteUpTo = db.prepare('DELETE FROM outbox WHERE centre_id = ? AND seq <= ?');
  const parse = (r: { seq: number; at: number; event: string }): Envelope => ({ seq: r.seq, at: r.at, event: JSON.parse(r.event) as StreamEvent });

  /** Deletes envelopes older than the cutoff, a bounded batch per call so a large backlog never blocks the server long. */
  const pruneBatch = db.transaction((cutoff: number, batch: number): number => {
    let deleted = 0;
    for (const r of oldBatch.all(cutoff, batch)) {
      setPruned.run(r.seq, r.centre_id);
      deleted += deleteUpTo.run(r.centre_id, r.seq).changes;
    }
    return deleted;
  });

  return {
    epoch,
    push(centreId: number, at: number, event: StreamEvent): Envelope {
      const seq = (bump.get(centreId) as { head_seq: number }).head_seq;
      insert.run(centreId, seq, at, JSON.stringify(event));
      return { seq, at, event };
    },
    /** The same event to several centres, serialised once. */
    pushAll(centreIds: readonly number[], at: number, event: StreamEvent): Addressed[] {
      const json = JSON.stringify(event);
      return centreIds.map((centreId) => {
        const seq = (bump.get(centreId) as { head_seq: number }).head_seq;
        insert.run(centreId, seq, at, json);
        return { centreId, envelope: { seq, at, event } };
      });
    },
    head(centreId: number): number {
      return position.get(centreId)?.head_seq ?? 0;
    },
    /** Head, pruned and received seq of a unit's stream. */
    position(centreId: number): { headSeq: number; prunedSeq: number; receivedSeq: number } {
      const p = position.get(centreId);
      return { headSeq: p?.head_seq ?? 0, prunedSeq: p?.pruned_seq ?? 0, receivedSeq: p?.received_seq ?? 0 };
    },
    /** Envelopes after `seq`, oldest first, at most `limit`. */
    after(centreId: number, seq: number, limit = 1_000_000): Envelope[] {
      return after.all(centreId, seq, limit).map(parse);
    },
    /** The newest `limit` envelopes after `seq`, oldest first. */
    newestAfter(centreId: number, seq: number, limit: number): Envelope[] {
      return newest.all(centreId, seq, limit).map(parse);
    },
    /** Records a delivery receipt (inside the receipts' transaction). */
    markReceived(centreId: number, upTo: number): void {
      setReceived.run(upTo, centreId);
    },
    /** Prunes envelopes committed before `cutoff`; returns how many were deleted (call again while it returns `batch`). */
    prune(cutoff: number, batch = 5000): number {
      return pruneBatch(cutoff, batch);
    },
  };
}
export type Outbox = ReturnType<typeof createOutbox>;

/** An envelope addressed to a centre, ready to publish once its transaction has committed. */
export interface Addressed {
  centreId: number;
  envelope: Envelope;
}
