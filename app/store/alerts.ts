import type { Alert, AlertLevel, RecipientStatus } from '../../protocol/index.ts';
import { isOverdue, type RecipientRow } from '../domain/alerts.ts';
import type { Db } from './db.ts';

interface AlertRowDb { id: number; level: AlertLevel; title: string; body: string; raised_at: number; raised_by: number; raiser_name: string }
interface RecipientRowDb {
  alert_id: number; centre_id: number; centre_name: string; new_seq: number; state: RecipientRow['state'];
  delivered_at: number | null; acknowledged_at: number | null; acknowledged_by: number | null; acker_name: string | null;
  due_at: number | null; escalations: number;
}

const RECIPIENT_SELECT = `SELECT r.*, c.name AS centre_name, u.name AS acker_name FROM alert_recipients r
  JOIN centres c ON c.id = r.centre_id LEFT JOIN users u ON u.id = r.acknowledged_by`;

export function toRow(r: RecipientRowDb): RecipientRow {
  return { state: r.state, deliveredAt: r.delivered_at, acknowledgedAt: r.acknowledged_at, acknowledgedBy: r.acknowledged_by, dueAt: r.due_at, escalations: r.escalations };
}

export function toStatus(r: RecipientRowDb): RecipientStatus {
  return {
    alertId: r.alert_id, centreId: r.centre_id, centreName: r.centre_name, state: r.state, deliveredAt: r.delivered_at,
    acknowledgedAt: r.acknowledged_at, acknowledgedBy: r.acknowledged_by === null ? null : { id: r.acknowledged_by, name: r.acker_name ?? '' },
    dueAt: r.due_at, overdue: isOverdue(r), escalations: r.escalations,
  };
}

/** Alerts and their per-centre recipient rows. */
export function createAlertStore(db: Db) {
  const insertAlert = db.prepare('INSERT INTO alerts (level, title, body, raised_at, raised_by) VALUES (?, ?, ?, ?, ?)');
  const insertRecipient = db.prepare(
    'INSERT INTO alert_recipients (alert_id, centre_id, new_seq, state, due_at, escalations) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const alertById = db.prepare<[number], AlertRowDb>('SELECT a.*, u.name AS raiser_name FROM alerts a JOIN users u ON u.id = a.raised_by WHERE a.id = ?');
  const recipientsOf = db.prepare<[number], RecipientRowDb>(`${RECIPIENT_SELECT} WHERE r.alert_id = ? ORDER BY r.centre_id`);
  const recipient = db.prepare<[number, number], RecipientRowDb>(`${RECIPIENT_SELECT} WHERE r.alert_id = ? AND r.centre_id = ?`);
  const update = db.prepare(
    'UPDATE alert_recipients SET state = ?, delivered_at = ?, acknowledged_at = ?, acknowledged_by = ?, due_at = ?, escalations = ? WHERE alert_id = ? AND centre_id = ?',
  );
  const pendingUpTo = db.prepare<[number, number], RecipientRowDb>(
    `${RECIPIENT_SELECT} WHERE r.centre_id = ? AND r.state = 'pending' AND r.new_seq <= ?`,
  );
  const due = db.prepare<[number, number], RecipientRowDb & { level: AlertLevel }>(
    `SELECT r.*, c.name AS centre_name, NULL AS acker_name, a.level FROM alert_recipients r JOIN centres c ON c.id = r.centre_id
     JOIN alerts a ON a.id = r.alert_id WHERE r.due_at IS NOT NULL AND r.due_at <= ? ORDER BY r.due_at LIMIT ?`,
  );
  const recentIds = db.prepare<[number], { id: number }>('SELECT id FROM alerts ORDER BY id DESC LIMIT ?');
  const recentIdsFor = db.prepare<[number, number], { id: number }>(
    'SELECT alert_id AS id FROM alert_recipients WHERE centre_id = ? ORDER BY alert_id DESC LIMIT ?',
  );

  const view = (id: number, onlyCentre?: number): Alert | null => {
    const a = alertById.get(id);
    if (!a) return null;
    const recipients = recipientsOf.all(id).filter((r) => onlyCentre === undefined || r.centre_id === onlyCentre).map(toStatus);
    return { id: a.id, level: a.level, title: a.title, body: a.body, raisedAt: a.raised_at, raisedBy: { id: a.raised_by, name: a.raiser_name }, recipients };
  };

  return {
    insert(level: AlertLevel, title: string, body: string, at: number, by: number): number {
      return Number(insertAlert.run(level, title, body, at, by).lastInsertRowid);
    },
    insertRecipient(alertId: number, centreId: number, newSeq: number, r: RecipientRow): void {
      insertRecipient.run(alertId, centreId, newSeq, r.state, r.dueAt, r.escalations);
    },
    /** The alert as a given audience may see it: the county sees every recipient, a township only itself. */
    view,
    recipient(alertId: number, centreId: number): RecipientRowDb | undefined {
      return recipient.get(alertId, centreId);
    },
    save(alertId: number, centreId: number, r: RecipientRow): RecipientStatus {
      update.run(r.state, r.deliveredAt, r.acknowledgedAt, r.acknowledgedBy, r.dueAt, r.escalations, alertId, centreId);
      return toStatus(recipient.get(alertId, centreId) as RecipientRowDb);
    },
    pendingUpTo(centreId: number, seq: number): RecipientRowDb[] {
      return pendingUpTo.all(centreId, seq);
    },
    due(now: number, limit: number): (RecipientRowDb & { level: AlertLevel })[] {
      return due.all(now, limit);
    },
    exists(alertId: number): boolean {
      return alertById.get(alertId) !== undefined;
    },
    /** Newest alerts first, for a console's snapshot. */
    recent(limit: number, centreId?: number): Alert[] {
      const ids = centreId === undefined ? recentIds.all(limit) : recentIdsFor.all(centreId, limit);
      return ids.map((r) => view(r.id, centreId)).filter((a): a is Alert => a !== null);
    },
  };
}
export type AlertStore = ReturnType<typeof createAlertStore>;
