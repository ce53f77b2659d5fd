// Past alerts and orders with their delivery records (历史), filtered and paged. SQL only.
import type { Alert, HistoryQuery, Order } from '../../protocol/index.ts';
import type { z } from 'zod';
import type { HistoryQuery as HistoryQuerySchema } from '../../protocol/index.ts';
import { createAlertStore } from './alerts.ts';
import type { Db } from './db.ts';
import type { Viewer } from './dutySources.ts';
import { createWartimeStore } from './wartime.ts';

type Filter = z.output<typeof HistoryQuerySchema>;
export type { HistoryQuery };

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function createHistoryStore(db: Db) {
  const alerts = createAlertStore(db);
  const wartime = createWartimeStore(db);

  /** The WHERE of one kind: the viewer's scope, then each filter given. */
  const where = (kind: 'alert' | 'order', v: Viewer, f: Filter) => {
    const t = kind === 'alert' ? { alias: 'a', at: 'a.raised_at', level: 'a.level', text: ['a.title', 'a.body'] } : { alias: 'o', at: 'o.issued_at', level: 'o.priority', text: ['o.title', 'o.code', 'o.body'] };
    const sql: string[] = [];
    const args: (string | number)[] = [];
    const delivery = (cond: string, ...a: (string | number)[]) => {
      sql.push(`EXISTS (SELECT 1 FROM deliveries d WHERE d.kind = '${kind}' AND d.item_id = ${t.alias}.id AND ${cond})`);
      args.push(...a);
    };
    // a unit's own items: driven from its deliveries (index centre, kind, item), not by probing every item
    if (!v.county) {
      sql.push(`${t.alias}.id IN (SELECT item_id FROM deliveries WHERE centre_id = ? AND kind = '${kind}')`);
      args.push(v.centreId);
    }
    const add = (cond: string, ...a: (string | number)[]) => {
      sql.push(cond);
      args.push(...a);
    };
    if (f.from !== undefined) add(`${t.at} >= ?`, f.from);
    if (f.to !== undefined) add(`${t.at} < ?`, f.to);
    if (f.level !== undefined) add(`${t.level} = ?`, f.level);
    if (f.q) {
      sql.push(`(${t.text.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
      args.push(...t.text.map(() => like(f.q as string)));
    }
    const unit = v.county ? f.centreId : v.centreId;
    if (f.state !== undefined) {
      if (unit === undefined) delivery('d.state = ?', f.state);
      else delivery('d.centre_id = ? AND d.state = ?', unit, f.state);
    }
    else if (v.county && f.centreId !== undefined) delivery('d.centre_id = ?', f.centreId);
    return { sql: sql.length ? sql.join(' AND ') : '1', args };
  };

  const page = (kind: 'alert' | 'order', v: Viewer, f: Filter): { ids: number[]; total: number } => {
    const table = kind === 'alert' ? 'alerts a' : 'orders o';
    const at = kind === 'alert' ? 'a.raised_at' : 'o.issued_at';
    const w = where(kind, v, f);
    const total = (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${w.sql}`).get(...w.args) as { n: number }).n;
    const ids = (db.prepare(`SELECT ${kind === 'alert' ? 'a' : 'o'}.id FROM ${table} WHERE ${w.sql} ORDER BY ${at} DESC, 1 DESC LIMIT ? OFFSET ?`).all(...w.args, f.limit, f.offset) as { id: number }[]).map((r) => r.id);
    return { ids, total };
  };

  return {
    alerts(v: Viewer, f: Filter): { items: Alert[]; total: number } {
      const { ids, total } = page('alert', v, f);
      return { items: ids.map((id) => alerts.view(id, v.county ? undefined : v.centreId) as Alert), total };
    },
    orders(v: Viewer, f: Filter): { items: Order[]; total: number } {
      const { ids, total } = page('order', v, f);
      return { items: ids.map((id) => wartime.order(id, v.county ? undefined : v.centreId) as Order), total };
    },
    /** One alert with its delivery record as the viewer may see it: null when missing, 'scope' when not the viewer's. */
    alert(v: Viewer, id: number): Alert | null | 'scope' {
      if (!alerts.exists(id)) return null;
      if (!v.county && !alerts.recipient(id, v.centreId)) return 'scope';
      return alerts.view(id, v.county ? undefined : v.centreId);
    },
    order(v: Viewer, id: number): Order | null | 'scope' {
      if (!wartime.orderExists(id)) return null;
      if (!v.county && !wartime.recipient(id, v.centreId)) return 'scope';
      return wartime.order(id, v.county ? undefined : v.centreId);
    },
    /** The day's figures for the printed duty record. */
    dayFigures(v: Viewer, from: number, to: number) {
      const count = (sql: string, ...a: (number | string)[]) => (db.prepare(sql).get(...a) as { n: number }).n;
      const items = (kind: 'alert' | 'order') => {
        const table = kind === 'alert' ? 'alerts' : 'orders';
        const at = kind === 'alert' ? 'raised_at' : 'issued_at';
        const unit = v.county ? '' : 'AND d.centre_id = ?';
        const a = v.county ? [] : [v.centreId];
        return {
          items: count(`SELECT count(DISTINCT x.id) AS n FROM ${table} x JOIN deliveries d ON d.kind = '${kind}' AND d.item_id = x.id WHERE x.${at} >= ? AND x.${at} < ? ${unit}`, from, to, ...a),
          signed: count(`SELECT count(*) AS n FROM deliveries d WHERE d.kind = '${kind}' AND d.signed_at >= ? AND d.signed_at < ? ${unit}`, from, to, ...a),
          unsigned: count(`SELECT count(*) AS n FROM deliveries d JOIN ${table} x ON x.id = d.item_id WHERE d.kind = '${kind}' AND x.${at} < ? AND d.state IN ('pending', 'delivered') ${unit}`, to, ...a),
        };
      };
      return { alerts: items('alert'), orders: items('order') };
    },
  };
}
export type HistoryStore = ReturnType<typeof createHistoryStore>;
