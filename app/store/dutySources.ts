// The queries behind the duty desk's item sources (app/workflow/dutySources.ts): what is open at a unit now, for the
// handover note, and what matches a search, each within what the unit may see. SQL only.
import type { AlertLevel, CentreLevel, OrderPriority, Priority, RiskLevel, Role } from '../../protocol/index.ts';
import type { Db } from './db.ts';
import { disputeScopeSql, type DisputeScope } from './disputes.ts';
import { scopeSql, type Scope } from './incidents.ts';

/** The unit a query runs for: the county sees everything, another unit what was addressed to it or lies in its area. */
export interface Viewer { centreId: number; level: CentreLevel; county: boolean }

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const OPEN_INCIDENT = "i.state IN ('reported', 'accepted', 'assigned', 'handling', 'returned')";

export function createDutySourceStore(db: Db) {
  const unsignedHere = (kind: 'alert' | 'order') => db.prepare<[number, number], { id: number; title: string; level: string; code: string | null; due_at: number; rung: number }>(
    kind === 'alert'
      ? `SELECT a.id, a.title, a.level, NULL AS code, d.due_at, d.rung FROM deliveries d JOIN alerts a ON a.id = d.item_id
         WHERE d.kind = 'alert' AND d.centre_id = ? AND d.state IN ('pending', 'delivered') ORDER BY a.id DESC LIMIT ?`
      : `SELECT o.id, o.title, o.priority AS level, o.code, d.due_at, d.rung FROM deliveries d JOIN orders o ON o.id = d.item_id
         WHERE d.kind = 'order' AND d.centre_id = ? AND d.state IN ('pending', 'delivered') ORDER BY o.id DESC LIMIT ?`,
  );
  const unsignedSent = (kind: 'alert' | 'order') => db.prepare<[number, number], { id: number; title: string; level: string; code: string | null; waiting: number; total: number }>(
    kind === 'alert'
      ? `SELECT a.id, a.title, a.level, NULL AS code, sum(d.state IN ('pending', 'delivered')) AS waiting, count(*) AS total
         FROM alerts a JOIN deliveries d ON d.kind = 'alert' AND d.item_id = a.id WHERE a.raised_at >= ?
         GROUP BY a.id HAVING waiting > 0 ORDER BY a.id DESC LIMIT ?`
      : `SELECT o.id, o.title, o.priority AS level, o.code, sum(d.state IN ('pending', 'delivered')) AS waiting, count(*) AS total
         FROM orders o JOIN deliveries d ON d.kind = 'order' AND d.item_id = o.id WHERE o.issued_at >= ?
         GROUP BY o.id HAVING waiting > 0 ORDER BY o.id DESC LIMIT ?`,
  );
  const q = {
    alertHere: unsignedHere('alert'), orderHere: unsignedHere('order'), alertSent: unsignedSent('alert'), orderSent: unsignedSent('order'),
  };
  const risks = db.prepare<[number, number, number], { id: number; description: string; level: RiskLevel; township_name: string; owner: string; due_date: string }>(
    `SELECT r.id, r.description, r.level, c.name AS township_name, r.owner, r.due_date FROM risks r JOIN centres c ON c.id = r.township_id
     WHERE r.status = 'open' AND r.level IN ('major', 'large') AND (? = 1 OR r.township_id = ?) ORDER BY r.id DESC LIMIT ?`,
  );
  const parentOf = db.prepare<[number], { parent_id: number | null }>('SELECT parent_id FROM centres WHERE id = ?');

  return {
    /** Items addressed to the unit and not signed (a lower unit); items the county sent that some recipient has not signed. */
    unsigned(kind: 'alert' | 'order', v: Viewer, now: number, limit = 50) {
      if (v.county) return { sent: (kind === 'alert' ? q.alertSent : q.orderSent).all(now - 7 * 24 * 3600_000, limit), here: [] };
      return { sent: [], here: (kind === 'alert' ? q.alertHere : q.orderHere).all(v.centreId, limit) };
    },
    overdueIncidents(scope: Scope, now: number, limit = 50) {
      const s = scopeSql(scope);
      return db
        .prepare<(number | string)[], { id: number; code: string; category: string; priority: Priority; holder_name: string; supervised_at: number | null; respond_by: number; resolve_by: number | null; accepted_at: number | null }>(
          `SELECT i.id, i.code, i.category, i.priority, h.name AS holder_name, i.supervised_at, i.respond_by, i.resolve_by, i.accepted_at
           FROM incidents i JOIN centres h ON h.id = i.holder_centre_id
           WHERE ${s.sql} AND ${OPEN_INCIDENT}
             AND (i.supervised_at IS NOT NULL OR (i.accepted_at IS NULL AND i.respond_by <= ?) OR (i.resolve_by IS NOT NULL AND i.resolve_by <= ?))
           ORDER BY i.id DESC LIMIT ?`,
        )
        .all(...s.args, now, now, limit);
    },
    /** Open major and significant risks (重大/较大) of the unit's township (the county: all). */
    highRisks(v: Viewer, limit = 50) {
      if (v.county) return risks.all(1, 0, limit);
      const township = v.level === 'township' ? v.centreId : v.level === 'village' ? (parentOf.get(v.centreId)?.parent_id ?? null) : null;
      return township === null ? [] : risks.all(0, township, limit);
    },

    /**
     * Open disputes (not settled: agreed, closed, reviewed) that are high risk or overdue — 督办 fired or the handling
     * window passed, or a routing past its 签收 deadline — in the viewer's dispute scope.
     */
    openDisputes(scope: DisputeScope, now: number, limit = 50) {
      const s = disputeScopeSql(scope);
      const overdue = `((d.state IN ('signed', 'handling') AND (d.supervised_at IS NOT NULL OR d.resolve_by <= ?))
        OR (d.state = 'routed' AND (r.rung > 0 OR r.due_at <= ?)))`;
      return db
        .prepare<(number | string)[], { id: number; code: string; type: string; state: string; risk_grade: string; holder_name: string; overdue: number; resolve_by: number | null; sign_due: number | null }>(
          `SELECT d.id, d.code, d.type, d.state, d.risk_grade, h.name AS holder_name, r.due_at AS sign_due, d.resolve_by, ${overdue} AS overdue
           FROM disputes d JOIN centres h ON h.id = d.holder_centre_id LEFT JOIN dispute_routings r ON r.id = d.routing_id
           WHERE ${s.sql} AND d.state NOT IN ('agreed', 'closed', 'reviewed') AND (d.risk_grade = 'high' OR ${overdue})
           ORDER BY d.id DESC LIMIT ?`,
        )
        .all(now, now, ...s.args, now, now, limit);
    },
    /** Incidents reported in a window, and of them those already resolved or closed (the daily record's figures). */
    incidentCounts(scope: Scope, from: number, to: number): { reported: number; open: number } {
      const s = scopeSql(scope);
      const r = db
        .prepare<(number | string)[], { reported: number; open: number }>(
          `SELECT count(*) AS reported, coalesce(sum(${OPEN_INCIDENT}), 0) AS open FROM incidents i WHERE ${s.sql} AND i.reported_at >= ? AND i.reported_at < ?`,
        )
        .get(...s.args, from, to);
      return r ?? { reported: 0, open: 0 };
    },
    searchIncidents(scope: Scope, text: string, limit: number) {
      const s = scopeSql(scope);
      return db
        .prepare<(number | string)[], { id: number; code: string; description: string; state: string; holder_name: string; reported_at: number }>(
          `SELECT i.id, i.code, i.description, i.state, h.name AS holder_name, i.reported_at FROM incidents i JOIN centres h ON h.id = i.holder_centre_id
           WHERE ${s.sql} AND (i.code LIKE ? ESCAPE '\\' OR i.description LIKE ? ESCAPE '\\') ORDER BY i.id DESC LIMIT ?`,
        )
        .all(...s.args, like(text), like(text), limit);
    },
    searchAlerts(v: Viewer, text: string, limit: number) {
      return db
        .prepare<(number | string)[], { id: number; title: string; level: AlertLevel; raised_at: number }>(
          `SELECT a.id, a.title, a.level, a.raised_at FROM alerts a
           WHERE (a.title LIKE ? ESCAPE '\\' OR a.body LIKE ? ESCAPE '\\')
             ${v.county ? '' : "AND EXISTS (SELECT 1 FROM deliveries d WHERE d.kind = 'alert' AND d.item_id = a.id AND d.centre_id = ?)"}
           ORDER BY a.id DESC LIMIT ?`,
        )
        .all(like(text), like(text), ...(v.county ? [] : [v.centreId]), limit);
    },
    searchOrders(v: Viewer, text: string, limit: number) {
      return db
        .prepare<(number | string)[], { id: number; code: string; title: string; priority: OrderPriority; issued_at: number }>(
          `SELECT o.id, o.code, o.title, o.priority, o.issued_at FROM orders o
           WHERE (o.title LIKE ? ESCAPE '\\' OR o.code LIKE ? ESCAPE '\\' OR o.body LIKE ? ESCAPE '\\')
             ${v.county ? '' : "AND EXISTS (SELECT 1 FROM deliveries d WHERE d.kind = 'order' AND d.item_id = o.id AND d.centre_id = ?)"}
           ORDER BY o.id DESC LIMIT ?`,
        )
        .all(like(text), like(text), like(text), ...(v.county ? [] : [v.centreId]), limit);
    },
    /** People: the county finds everyone; a township its own staff and its villages'; a village or department its own. */
    searchPeople(v: Viewer, text: string, limit: number) {
      const where = v.county ? '1' : v.level === 'township' ? '(u.centre_id = ? OR c.parent_id = ?)' : 'u.centre_id = ?';
      const args = v.county ? [] : v.level === 'township' ? [v.centreId, v.centreId] : [v.centreId];
      return db
        .prepare<(number | string)[], { id: number; name: string; username: string; role: Role; phone: string | null; centre_name: string }>(
          `SELECT u.id, u.name, u.username, u.role, u.phone, c.name AS centre_name FROM users u JOIN centres c ON c.id = u.centre_id
           WHERE u.active = 1 AND ${where} AND (u.name LIKE ? ESCAPE '\\' OR u.username LIKE ? ESCAPE '\\' OR u.phone LIKE ? ESCAPE '\\')
           ORDER BY u.id LIMIT ?`,
        )
        .all(...args, like(text), like(text), like(text), limit);
    },
  };
}
export type DutySourceStore = ReturnType<typeof createDutySourceStore>;
