// 统计研判 and 考核 over HTTP: the figures of a period and area, their xlsx, the ranking with the items behind each score,
// publishing (freezing) a period, and the ranking as xlsx and PDF.
import type { FastifyInstance, FastifyReply } from 'fastify';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import {
  PeriodKey, RATE_LABELS, RATE_NAMES, STAT_KINDS, STAT_KIND_LABELS, StatsQuery, type Assessment, type KindStats, type Ratio, type StatsReport,
} from '../../protocol/index.ts';
import { formatShanghai } from '../domain/time.ts';
import type { StatsDesk } from '../workflow/stats.ts';
import { answer, userRoute, type UserGuard } from './guard.ts';
import { openCjkPdf } from './cjkPdf.ts';

const pct = (r: Ratio) => (r.value === null ? '—' : `${(r.value * 100).toFixed(1)}%`);
const minutes = (ms: number | null) => (ms === null ? '—' : `${(ms / 60_000).toFixed(1)}`);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Sheet = { name: string; header: string[]; rows: (string | number)[][] };

async function workbook(sheets: Sheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    ws.addRow(s.header).font = { bold: true };
    for (const r of s.rows) ws.addRow(r);
    ws.columns.forEach((c) => (c.width = 16));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Every chart of the view as a sheet of numbers (the same figures the page draws). */
export function reportSheets(r: StatsReport): Sheet[] {
  const kinds = STAT_KINDS.map((k) => [k, r.kinds[k]] as const);
  const label = (k: (typeof STAT_KINDS)[number]) => STAT_KIND_LABELS[k][0];
  const breakdown = (name: string, pick: (s: KindStats) => { label: string; n: number }[]): Sheet => ({
    name, header: ['类型', '项', '数量'], rows: kinds.flatMap(([k, s]) => pick(s).map((c) => [label(k), c.label, c.n])),
  });
  return [
    {
      name: '概览',
      header: ['类型', '总数', '高风险', ...RATE_NAMES.flatMap((n) => [RATE_LABELS[n][0], `${RATE_LABELS[n][0]}分子`, `${RATE_LABELS[n][0]}分母`]), '响应中位数(分)', '响应P90(分)'],
      rows: kinds.map(([k, s]) => [
        label(k), s.total, s.highRisk, ...RATE_NAMES.flatMap((n) => [pct(s.rates[n]), s.rates[n].num, s.rates[n].den]), minutes(s.response.medianMs), minutes(s.response.p90Ms),
      ]),
    },
    { name: '按日趋势', header: ['日期', ...kinds.map(([k]) => label(k))], rows: (r.kinds.incident.trend).map((t, i) => [t.day, ...kinds.map(([, s]) => s.trend[i]?.n ?? 0)]) },
    breakdown('按类别', (s) => s.byCategory),
    breakdown('按区域', (s) => s.byUnit),
    breakdown('按渠道', (s) => s.byChannel),
  ];
}

export function assessmentSheets(a: Assessment): Sheet[] {
  const rows = a.units.filter((u) => u.items > 0).map((u) => [
    u.rank ?? '—', u.name, u.level === 'township' ? '乡镇(街道)' : u.level === 'village' ? '村(社区)' : '部门', u.items,
    ...RATE_NAMES.map((n) => pct(u.rates[n])), u.score ?? '—',
  ]);
  return [
    { name: `考核${a.period}`, header: ['排名', '单位', '类别', '事项数', ...RATE_NAMES.map((n) => RATE_LABELS[n][0]), '得分'], rows },
    {
      name: '考核方案',
      header: ['指标', '权重', '满分线', '零分线'],
      rows: a.scheme.indicators.map((i) => [RATE_LABELS[i.rate][0], i.weight, `${i.target * 100}%`, `${i.floor * 100}%`]),
    },
  ];
}

export async function renderAssessmentPdf(a: Assessment, countyName: string): Promise<Buffer> {
  const { doc, finished } = openCjkPdf({ margin: 48, bufferPages: true, info: { Title: `${countyName} 综治工作考核 ${a.period}` } });
  const width = doc.page.width - 96;
  doc.font('b').fontSize(18).fillColor('#111').text(`${countyName}综治工作考核结果（${a.period}）`, { align: 'center', width });
  doc.moveDown(0.4);
  doc.font('r').fontSize(9).fillColor('#555').text(
    a.published ? `已发布 ${formatShanghai(a.published.at)} · ${a.published.by} · SHA-256 ${a.published.sha256}` : `未发布（${formatShanghai(a.computedAt)} 计算，数据仍可能变化）`,
    { width },
  );
  doc.text(`考核方案：${a.scheme.indicators.map((i) => `${RATE_LABELS[i.rate][0]} 权重${i.weight}（≥${i.target * 100}%满分，≤${i.floor * 100}%零分）`).join('；')}`, { width });
  doc.moveDown(0.6);
  const cols = [36, 150, 56, ...RATE_NAMES.map(() => 56), 46];
  const scale = width / cols.reduce((x, y) => x + y, 0);
  const ws = cols.map((c) => c * scale);
  const row = (cells: string[], bold: boolean) => {
    if (doc.y + 18 > doc.page.height - 48) doc.addPage();
    const y = doc.y;
    let x = 48;
    cells.forEach((cell, i) => {
      doc.rect(x, y, ws[i] as number, 18).lineWidth(0.5).strokeColor('#999').stroke();
      doc.font(bold ? 'b' : 'r').fontSize(8.5).fillColor('#111').text(cell, x + 3, y + 4, { width: (ws[i] as number) - 6, lineBreak: false, ellipsis: true });
      x += ws[i] as number;
    });
    doc.x = 48;
    doc.y = y + 18;
  };
  row(['排名', '单位', '事项数', ...RATE_NAMES.map((n) => RATE_LABELS[n][0]), '得分'], true);
  for (const u of a.units.filter((x) => x.items > 0)) row([String(u.rank ?? '—'), u.name, String(u.items), ...RATE_NAMES.map((n) => pct(u.rates[n])), u.score === null ? '—' : String(u.score)], false);
  doc.end();
  return finished;
}

const Period = z.object({ period: PeriodKey });
const ItemsQuery = z.object({ unitId: z.coerce.number().int().positive() });
const Recompute = z.object({ recompute: z.enum(['0', '1']).optional() });

export function registerStatsRoutes(app: FastifyInstance, d: { desk: StatsDesk; requireUser: UserGuard; clock: () => number; countyName: () => string }) {
  const route = userRoute(d.requireUser);

  app.get('/api/stats', route({ query: StatsQuery }, ({ user, query, reply }) => answer(reply, d.desk.report(user, query, d.clock()))));

  app.get('/api/stats/report.xlsx', route({ query: StatsQuery }, async ({ user, query, reply }) => {
    const r = d.desk.report(user, query, d.clock());
    if (!r.ok) return answer(reply, r);
    reply.header('content-disposition', `attachment; filename="stats-${query.from}-${query.to}.xlsx"`);
    return reply.type(XLSX).send(await workbook(reportSheets(r.value)));
  }));

  /** The period's assessment (recomputed when asked), for the view and both exports. */
  const assessment = (send: (a: Assessment, reply: FastifyReply) => unknown) =>
    route({ params: Period, query: Recompute }, ({ user, params, query, reply }) => {
      const r = d.desk.assessment(user, params.period, d.clock(), query.recompute === '1');
      return r.ok ? send(r.value, reply) : answer(reply, r);
    });

  app.get('/api/assessment/:period', assessment((a) => a));

  app.get('/api/assessment/:period/export.xlsx', assessment(async (a, reply) => {
    reply.header('content-disposition', `attachment; filename="assessment-${a.period}.xlsx"`);
    return reply.type(XLSX).send(await workbook(assessmentSheets(a)));
  }));

  app.get('/api/assessment/:period/export.pdf', assessment(async (a, reply) => {
    reply.header('content-disposition', `attachment; filename="assessment-${a.period}.pdf"`);
    return reply.type('application/pdf').send(await renderAssessmentPdf(a, d.countyName()));
  }));

  app.get('/api/assessment/:period/items', route({ params: Period, query: ItemsQuery }, ({ user, params, query, reply }) =>
    answer(reply, d.desk.items(user, params.period, query.unitId, d.clock())),
  ));

  app.post('/api/assessment/:period/publish', route({ params: Period }, ({ user, params, reply }) => answer(reply, d.desk.publish(user, params.period, d.clock()))));
}
