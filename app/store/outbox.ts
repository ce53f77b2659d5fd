import type { Envelope, StreamEvent } from '../../protocol/index.ts';
import type { Db } from './db.ts';

/**
 * The per-centre event streams. push() must run inside the transaction of the change it describes;
 * the returned envelopes are published only after that transaction commits.
 */
export function createOutbox(db: Db) {
  const bump = db.prepare<[number], { head_seq: number }>(
    'INSERT INTO streams (centre_id, head_seq) VALUES (?, 1) ON CONFLICT(centre_id) DO UPDATE SET head_seq = head_seq + 1 RETURNING head_seq',
  );
  const insert = db.prepare('INSERT INTO outbox (centre_id, seq, at, event) VALUES (?, ?, ?, ?)');
  const head = db.prepare<[number], { head_seq: number }>('SELECT head_seq FROM streams WHERE centre_id = ?');
  // The epoch names this database's streams; it is made once, so a replaced database is told apart from this one.
  db.prepare("INSERT OR IGNORE INTO settings (key, value) VALUES ('stream_epoch', lower(hex(randomblob(8))))").run();
  const epoch = (db.prepare("SELECT value FROM settings WHERE key = 'stream_epoch'").get() as { value: string }).value;
  const after = db.prepare<[number, number], { seq: number; at: number; event: string }>(
    'SELECT seq, at, event FROM outbox WHERE centre_id = ? AND seq > ? ORDER BY seq',
  );

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
      return head.get(centreId)?.head_seq ?? 0;
    },
    after(centreId: number, seq: number): Envelope[] {
      return after.all(centreId, seq).map((r) => ({ seq: r.seq, at: r.at, event: JSON.parse(r.event) as StreamEvent }));
    },
  };
}
export type Outbox = ReturnType<typeof createOutbox>;

/** An envelope addressed to a centre, ready to publish once its transaction has committed. */
export interface Addressed {
  centreId: number;
  envelope: Envelope;
}
