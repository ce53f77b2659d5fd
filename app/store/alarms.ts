// SQL of the alarm acknowledgements (alarm_acks) and of the ownership checks they need.
import type { AlarmAck, AlarmKind } from '../../protocol/index.ts';
import type { Db } from './db.ts';

interface AckRow { kind: AlarmKind; item_id: number; at: number; user_id: number; user_name: string }
const toAck = (r: AckRow): AlarmAck => ({ kind: r.kind, itemId: r.item_id, at: r.at, by: { id: r.user_id, name: r.user_name } });

export function createAlarmStore(db: Db) {
  const insert = db.prepare('INSERT OR IGNORE INTO alarm_acks (centre_id, kind, item_id, at, user_id) VALUES (?, ?, ?, ?, ?)');
  const one = db.prepare<[number, string, number], AckRow>(
    'SELECT a.kind, a.item_id, a.at, a.user_id, u.name AS user_name FROM alarm_acks a JOIN users u ON u.id = a.user_id WHERE a.centre_id = ? AND a.kind = ? AND a.item_id = ?',
  );
  const recent = db.prepare<[number, number, number], AckRow>(
    'SELECT a.kind, a.item_id, a.at, a.user_id, u.name AS user_name FROM alarm_acks a JOIN users u ON u.id = a.user_id WHERE a.centre_id = ? AND a.at >= ? ORDER BY a.at DESC LIMIT ?',
  );
  const alertFor = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM alerts WHERE id = ?');
  const alertRecipient = db.prepare<[number, number], { n: number }>("SELECT count(*) AS n FROM deliveries WHERE kind = 'alert' AND item_id = ? AND centre_id = ?");
  const orderFor = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM orders WHERE id = ?');
  const orderRecipient = db.prepare<[number, number], { n: number }>("SELECT count(*) AS n FROM deliveries WHERE kind = 'order' AND item_id = ? AND centre_id = ?");
  const incident = db.prepare<[number], { holder_centre_id: number }>('SELECT holder_centre_id FROM incidents WHERE id = ?');
  const dispute = db.prepare<[number], { risk_grade: string }>('SELECT risk_grade FROM disputes WHERE id = ?');

  return {
    /** Records the acknowledgement; false when the unit had already acknowledged this alarm. */
    insert(centreId: number, kind: AlarmKind, itemId: number, at: number, userId: number): boolean {
      return insert.run(centreId, kind, itemId, at, userId).changes > 0;
    },
    get(centreId: number, kind: AlarmKind, itemId: number): AlarmAck | null {
      const r = one.get(centreId, kind, itemId);
      return r ? toAck(r) : null;
    },
    recent(centreId: number, since: number, limit: number): AlarmAck[] {
      return recent.all(centreId, since, limit).map(toAck);
    },
    /** Whether the item exists, and whether it is addressed to (alert, order) or held by (incident) this unit, or is the county's (high-risk dispute). */
    concerns(kind: AlarmKind, itemId: number, centreId: number, county: boolean): 'yes' | 'no' | 'missing' {
      if (kind === 'alert') return alertFor.get(itemId)?.n ? (alertRecipient.get(itemId, centreId)?.n ? 'yes' : 'no') : 'missing';
      if (kind === 'order') return orderFor.get(itemId)?.n ? (orderRecipient.get(itemId, centreId)?.n ? 'yes' : 'no') : 'missing';
      // A high-risk dispute rings at the county (the commander and duty officers).
      if (kind === 'highRisk') return dispute.get(itemId) ? (county ? 'yes' : 'no') : 'missing';
      const row = incident.get(itemId);
      if (!row) return 'missing';
      // New reports are the county's (统一受理); a 督办 rings where the case is held, and at the county that chases it.
      return county || (kind === 'supervise' && row.holder_centre_id === centreId) ? 'yes' : 'no';
    },
  };
}
export type AlarmStore = ReturnType<typeof createAlarmStore>;
