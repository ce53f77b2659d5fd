// 台账 exports: incidents and the audit ledger as CSV (UTF-8 with BOM, so Excel shows Chinese) or xlsx.
import type { FastifyInstance, FastifyReply } from 'fastify';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { IncidentFilter, INCIDENT_STATE_LABELS, PRIORITY_LABELS, type Category, type Incident } from '../../protocol/index.ts';
import { formatShanghai } from '../domain/time.ts';
import type { Db } from '../store/db.ts';
import type { IncidentDesk } from '../workflow/incidents.ts';
import { validate } from '../validation.ts';
import { sendError, type UserGuard } from './guard.ts';

type Cell = string | number;
interface Table { name: string; header: string[]; rows: Cell[][] }

export function toCsv(t: Table): string {
  const cell = (v: Cell) => {
    const s = String(v);
    // Quote when needed; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula.
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return '\uFEFF' + [t.header, ...t.rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

async function toXlsx(t: Table): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t.name);
  ws.addRow(t.header).font = { bold: true };
  for (const r of t.rows) ws.addRow(r);
  ws.columns.forEach((c) => (c.width = 18));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function send(reply: FastifyReply, t: Table, format: 'csv' | 'xlsx', file: string) {
  reply.header('content-disposition', `attachment; filename="${file}.${format}"`);
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(t));
  return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(t));
}

export function incidentTable(incidents: Incident[], categories: Category[]): Table {
  const label = (code: string) => categories.find((c) => c.code === code)?.label[0] ?? code;
  return {
    name: '事件台账',
    header: ['案件编码', '类别', '优先级', '状态', '上报时间', '上报人', '网格', '当前承办', '受理时间', '办结时限', '是否逾期', '处置结果', '满意度', '描述'],
    rows: incidents.map((i) => [
      i.code, label(i.category), PRIORITY_LABELS[i.priority][0], INCIDENT_STATE_LABELS[i.state][0], formatShanghai(i.reportedAt), i.reportedBy.name,
      i.gridName ?? '', i.holderCentreName, i.acceptedAt ? formatShanghai(i.acceptedAt) : '', i.resolveBy ? formatShanghai(i.resolveBy) : '',
      i.overdue ? '是' : '否', i.result ?? '', i.satisfaction ?? '', i.description,
    ]),
  };
}

const Format = z.object({ format: z.enum(['csv', 'xlsx']) });
const LedgerQuery = z.object({ from: z.coerce.number().int().optional(), to: z.coerce.number().int().optional() });

export function registerExportRoutes(app: FastifyInstance, d: { db: Db; desk: IncidentDesk; requireUser: UserGuard; categories: () => Category[] }) {
  const ledgerRows = d.db.prepare<[number, number], { id: number; at: number; actor: string | null; action: string; subject: string; detail: string; hash: string }>(
    `SELECT l.id, l.at, u.name AS actor, l.action, l.subject, l.detail, l.hash FROM ledger l LEFT JOIN users u ON u.id = l.actor_id
     WHERE l.at >= ? AND l.at < ? ORDER BY l.id`,
  );

  app.get('/api/exports/incidents.:format', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    // A grid member follows their own reports on the phone; the ledger of a village is not theirs to take away.
    if (user.role === 'gridMember') return sendError(reply, 'FORBIDDEN_ROLE');
    const f = validate(Format, req.params);
    const q = validate(IncidentFilter, { limit: 5000, ...(req.query as object) });
    if (!f.ok) return reply.code(400).send(f.error);
    if (!q.ok) return reply.code(400).send(q.error);
    return send(reply, incidentTable(d.desk.list(user, q.data), d.categories()), f.data.format, 'incidents');
  });

  // The ledger names everyone's actions: county staff only.
  app.get('/api/exports/ledger.:format', async (req, reply) => {
    const user = d.requireUser(req, reply);
    if (!user) return reply;
    if (user.centreLevel !== 'county' || user.role === 'gridMember') return sendError(reply, 'FORBIDDEN_ROLE');
    const f = validate(Format, req.params);
    const q = validate(LedgerQuery, req.query);
    if (!f.ok) return reply.code(400).send(f.error);
    if (!q.ok) return reply.code(400).send(q.error);
    const rows = ledgerRows.all(q.data.from ?? 0, q.data.to ?? Number.MAX_SAFE_INTEGER);
    const table: Table = {
      name: '操作台账',
      header: ['序号', '时间', '操作人', '操作', '对象', '详情', '校验哈希'],
      rows: rows.map((r) => [r.id, formatShanghai(r.at, true), r.actor ?? '系统', r.action, r.subject, r.detail, r.hash]),
    };
    return send(reply, table, f.data.format, 'ledger');
  });
}
