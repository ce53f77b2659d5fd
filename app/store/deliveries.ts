// The deliveries table: one row per (item, recipient centre) for alerts and orders alike (migration 0005).
import type { DeliveryState, PersonRef } from '../../protocol/index.ts';
import { isOverdue, type Delivery } from '../domain/delivery.ts';
import type { Db } from './db.ts';

export type DeliveryKind = 'alert' | 'order';

export interface DeliveryDb {
  kind: DeliveryKind; item_id: number; centre_id: number; centre_name: string; parent_id: number | null; centre_level: 'township' | 'village';
  new_seq: number; state: DeliveryState; delivered_at: number | null; signed_at: number | null; signed_by: number | null; signer_name: string | null;
  due_at: number; next_at: number | null; rung: number; reminded_at: number | null; wants_answer: number; answered_at: number | null; answered_by: number | null;
  answerer_name: string | null; answer: string | null;
}

/** The fields every delivery shows on the wire (protocol/delivery.ts DeliveryFields). */
export interface DeliveryView {
  centreId: number; centreName: string; parentId: number | null; state: DeliveryState; deliveredAt: number | null; signedAt: number | null;
  signedBy: PersonRef | null; dueAt: number; nextAt: number | null; rung: number; remindedAt: number | null; overdue: boolean; wantsAnswer: boolean;
  answeredAt: number | null; answeredBy: PersonRef | null; answer: string | null;
}

const SELECT = `SELECT d.*, c.name AS centre_name, c.parent_id, c.level AS centre_level, s.name AS signer_name, a.name AS answerer_name
  FROM deliveries d JOIN centres c ON c.id = d.centre_id LEFT JOIN users s ON s.id = d.signed_by LEFT JOIN users a ON a.id = d.answered_by`;

export function toDelivery(r: DeliveryDb): Delivery {
  return {
    state: r.state, deliveredAt: r.delivered_at, signedAt: r.signed_at, signedBy: r.signed_by, dueAt: r.due_at, nextAt: r.next_at, rung: r.rung, remindedAt: r.reminded_at,
    wantsAnswer: r.wants_answer === 1, answeredAt: r.answered_at, answeredBy: r.answered_by, answer: r.answer,
  };
}

export function toView(r: DeliveryDb): DeliveryView {
  return {
    centreId: r.centre_id, centreName: r.centre_name, parentId: r.centre_level === 'village' ? r.parent_id : null, state: r.state,
    deliveredAt: r.delivered_at, signedAt: r.signed_at, signedBy: r.signed_by === null ? null : { id: r.signed_by, name: r.signer_name ?? '' },
    dueAt: r.due_at, nextAt: r.next_at, rung: r.rung, remindedAt: r.reminded_at, overdue: isOverdue(r), wantsAnswer: r.wants_answer === 1, answeredAt: r.answered_at,
    answeredBy: r.answered_by === null ? null : { id: r.answered_by, name: r.answerer_name ?? '' }, answer: r.answer,
  };
}

export function createDeliveryStore(db: Db) {
  const insert = db.prepare(
    `INSERT INTO deliveries (kind, item_id, centre_id, new_seq, state, due_at, next_at, rung, wants_answer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const one = db.prepare<[DeliveryKind, number, number], DeliveryDb>(`${SELECT} WHERE d.kind = ? AND d.item_id = ? AND d.centre_id = ?`);
  const ofItem = db.prepare<[DeliveryKind, number], DeliveryDb>(`${SELECT} WHERE d.kind = ? AND d.item_id = ? ORDER BY d.centre_id`);
  const update = db.prepare(
    `UPDATE deliveries SET state = ?, delivered_at = ?, signed_at = ?, signed_by = ?, next_at = ?, rung = ?, reminded_at = ?, answered_at = ?, answered_by = ?,
     answer = ? WHERE kind = ? AND item_id = ? AND centre_id = ?`,
  );
  const pendingUpTo = db.prepare<[number, DeliveryKind, number], DeliveryDb>(
    `${SELECT} WHERE d.centre_id = ? AND d.kind = ? AND d.state = 'pending' AND d.new_seq <= ?`,
  );
  const due = db.prepare<[DeliveryKind, number, number], DeliveryDb>(
    `${SELECT} WHERE d.kind = ? AND d.next_at IS NOT NULL AND d.next_at <= ? ORDER BY d.next_at LIMIT ?`,
  );
  const recentFor = db.prepare<[number, DeliveryKind, number], { id: number }>(
    'SELECT item_id AS id FROM deliveries WHERE centre_id = ? AND kind = ? ORDER BY item_id DESC LIMIT ?',
  );

  return {
    insert(kind: DeliveryKind, itemId: number, centreId: number, newSeq: number, d: Delivery): void {
      insert.run(kind, itemId, centreId, newSeq, d.state, d.dueAt, d.nextAt, d.rung, d.wantsAnswer ? 1 : 0);
    },
    row: (kind: DeliveryKind, itemId: number, centreId: number): DeliveryDb | undefined => one.get(kind, itemId, centreId),
    ofItem: (kind: DeliveryKind, itemId: number): DeliveryDb[] => ofItem.all(kind, itemId),
    save(kind: DeliveryKind, itemId: number, centreId: number, d: Delivery): DeliveryDb {
      update.run(d.state, d.deliveredAt, d.signedAt, d.signedBy, d.nextAt, d.rung, d.remindedAt, d.answeredAt, d.answeredBy, d.answer, kind, itemId, centreId);
      return one.get(kind, itemId, centreId) as DeliveryDb;
    },
    /** Not yet delivered rows of a centre whose envelope is at or below `seq` (a console's receipt). */
    pendingUpTo: (kind: DeliveryKind, centreId: number, seq: number): DeliveryDb[] => pendingUpTo.all(centreId, kind, seq),
    /** Rows whose next rung is due, soonest first. */
    due: (kind: DeliveryKind, now: number, limit: number): DeliveryDb[] => due.all(kind, now, limit),
    /** The newest items a centre received. */
    recentFor: (kind: DeliveryKind, centreId: number, limit: number): number[] => recentFor.all(centreId, kind, limit).map((r) => r.id),
  };
}
export type DeliveryStore = ReturnType<typeof createDeliveryStore>;
