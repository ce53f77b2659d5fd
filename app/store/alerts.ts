import type { Alert, AlertLevel, RecipientStatus } from '../../protocol/index.ts';
import type { Delivery } from '../domain/delivery.ts';
import type { Db } from './db.ts';
import { createDeliveryStore, toView, type DeliveryDb } from './deliveries.ts';

interface AlertRowDb { id: number; level: AlertLevel; title: string; body: string; raised_at: number; raised_by: number; raiser_name: string; wants_answer: number }

export const toStatus = (r: DeliveryDb): RecipientStatus => ({ alertId: r.item_id, ...toView(r) });

/** Alerts and their deliveries (store/deliveries.ts, kind 'alert'). */
export function createAlertStore(db: Db) {
  const deliveries = createDeliveryStore(db);
  const insertAlert = db.prepare('INSERT INTO alerts (level, title, body, raised_at, raised_by, wants_answer) VALUES (?, ?, ?, ?, ?, ?)');
  const alertById = db.prepare<[number], AlertRowDb>('SELECT a.*, u.name AS raiser_name FROM alerts a JOIN users u ON u.id = a.raised_by WHERE a.id = ?');
  const recentIds = db.prepare<[number], { id: number }>('SELECT id FROM alerts ORDER BY id DESC LIMIT ?');
  const levelOf = db.prepare<[number], { level: AlertLevel }>('SELECT level FROM alerts WHERE id = ?');

  const view = (id: number, onlyCentre?: number): Alert | null => {
    const a = alertById.get(id);
    if (!a) return null;
    const rows = onlyCentre === undefined ? deliveries.ofItem('alert', id) : [deliveries.row('alert', id, onlyCentre)].filter((r) => r !== undefined);
    return {
      id: a.id, level: a.level, title: a.title, body: a.body, raisedAt: a.raised_at, raisedBy: { id: a.raised_by, name: a.raiser_name },
      wantsAnswer: a.wants_answer === 1, recipients: rows.map(toStatus),
    };
  };

  return {
    insert(level: AlertLevel, title: string, body: string, wantsAnswer: boolean, at: number, by: number): number {
      return Number(insertAlert.run(level, title, body, at, by, wantsAnswer ? 1 : 0).lastInsertRowid);
    },
    insertRecipient(alertId: number, centreId: number, newSeq: number, d: Delivery): void {
      deliveries.insert('alert', alertId, centreId, newSeq, d);
    },
    /** The alert as a given audience may see it: the county sees every recipient, a township or village only itself. */
    view,
    recipient: (alertId: number, centreId: number) => deliveries.row('alert', alertId, centreId),
    save(alertId: number, centreId: number, d: Delivery): RecipientStatus {
      return toStatus(deliveries.save('alert', alertId, centreId, d));
    },
    pendingUpTo: (centreId: number, seq: number) => deliveries.pendingUpTo('alert', centreId, seq),
    /** Deliveries whose next reminder is due, with their alert's level (for the ladder's step). */
    due(now: number, limit: number): (DeliveryDb & { level: AlertLevel })[] {
      return deliveries.due('alert', now, limit).map((r) => ({ ...r, level: (levelOf.get(r.item_id) as { level: AlertLevel }).level }));
    },
    exists(alertId: number): boolean {
      return alertById.get(alertId) !== undefined;
    },
    /** Newest alerts first, for a console's snapshot. */
    recent(limit: number, centreId?: number): Alert[] {
      const ids = centreId === undefined ? recentIds.all(limit).map((r) => r.id) : deliveries.recentFor('alert', centreId, limit);
      return ids.map((id) => view(id, centreId)).filter((a): a is Alert => a !== null);
    },
  };
}
export type AlertStore = ReturnType<typeof createAlertStore>;
