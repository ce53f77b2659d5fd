// The daily special report (一日一专报) as a printable A4 PDF: red-header document in the style of a government 专报,
// aggregating the day — the analysis (研判), the day's orders (交办) with each recipient's acknowledgement time, the
// daily reports received and missing, risks and incidents. Chinese text is set in Noto Sans CJK (fonts-noto-cjk).
import {
  COMMAND_ROLE_LABELS, ORDER_PRIORITY_LABELS, DELIVERY_STATE_LABELS, RISK_LEVEL_LABELS, RISK_STATUS_LABELS, INCIDENT_STATE_LABELS,
  type IncidentState, type Order,
} from '../../protocol/index.ts';
import { formatShanghai } from '../domain/time.ts';
import type { SpecialReportData } from '../workflow/wartime.ts';
import { openCjkPdf } from './cjkPdf.ts';

const RED = '#c8161d';
const INK = '#111111';
const GREY = '#555555';
const LINE = '#999999';
const MARGIN = 56;

const mins = (ms: number | null): string => {
  if (ms === null) return '—';
  if (ms < 60_000) return `${Math.round(ms / 1000)}秒`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s ? `${m}分${s}秒` : `${m}分`;
};
const hm = (t: number | null) => (t === null ? '—' : formatShanghai(t).slice(11));
const durationText = (ms: number): string => {
  const h = Math.floor(ms / 3600_000);
  const m = Math.round((ms % 3600_000) / 60_000);
  return h ? `${h}小时${m}分` : `${m}分钟`;
};

interface Column {
  title: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

export async function renderSpecialReport(data: SpecialReportData, opts: { countyName: string; issueNo: number }): Promise<Buffer> {
  const { doc, finished } = openCjkPdf({
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `${opts.countyName}综治中心 专报 ${data.day}`, Author: `${opts.countyName}综治中心`, Subject: '一日一专报' },
  });

  const width = doc.page.width - MARGIN * 2;
  const left = MARGIN;
  const bottom = () => doc.page.height - MARGIN;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };

  // ---- red header (红头) ----
  doc.font('b').fontSize(30).fillColor(RED).text(`${opts.countyName}综治中心`, left, MARGIN, { width, align: 'center', characterSpacing: 4 });
  doc.moveDown(0.1);
  doc.font('b').fontSize(34).fillColor(RED).text('专    报', { width, align: 'center' });
  doc.moveDown(0.3);
  doc.font('r').fontSize(11).fillColor(INK);
  const metaY = doc.y;
  doc.text(`第 ${opts.issueNo} 期`, left, metaY, { width: width / 2 });
  doc.text(`${data.day.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$1年$2月$3日')}`, left + width / 2, metaY, { width: width / 2, align: 'right' });
  doc.moveDown(0.3);
  doc.moveTo(left, doc.y).lineTo(left + width, doc.y).lineWidth(2).strokeColor(RED).stroke();
  doc.moveTo(left, doc.y + 3).lineTo(left + width, doc.y + 3).lineWidth(0.6).strokeColor(RED).stroke();
  doc.moveDown(1);

  const s = data.state;
  const period = s.period;
  const wartime = s.mode === 'wartime' && period !== null;
  doc.font('b').fontSize(16).fillColor(INK).text(`关于${data.day.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$1年$2月$3日')}全县综治工作情况的专报`, left, doc.y, { width, align: 'center' });
  doc.moveDown(0.8);

  const heading = (text: string) => {
    ensure(40);
    doc.moveDown(0.4);
    doc.font('b').fontSize(13).fillColor(INK).text(text, left, doc.y, { width });
    doc.moveDown(0.3);
  };
  const para = (text: string, color = INK) => {
    doc.font('r').fontSize(10.5).fillColor(color).text(text, left, doc.y, { width, lineGap: 3, indent: 21 });
    doc.moveDown(0.3);
  };

  const table = (cols: Column[], rows: string[][], opt: { header?: boolean; highlight?: (row: number) => string | null } = {}) => {
    const scale = width / cols.reduce((a, c) => a + c.width, 0);
    const ws = cols.map((c) => c.width * scale);
    const pad = 3;
    const fontSize = 9;
    const rowHeight = (cells: string[], f: string) => {
      doc.font(f).fontSize(fontSize);
      return Math.max(...cells.map((cell, i) => doc.heightOfString(cell || ' ', { width: (ws[i] as number) - pad * 2 }))) + pad * 2;
    };
    const drawRow = (cells: string[], f: string, fill: string | null, color: string) => {
      const h = rowHeight(cells, f);
      if (doc.y + h > bottom()) {
        doc.addPage();
        if (opt.header !== false) drawRow(cols.map((c) => c.title), 'b', '#eeeeee', INK);
      }
      const y = doc.y;
      let x = left;
      if (fill) doc.rect(left, y, width, h).fill(fill);
      cells.forEach((cell, i) => {
        const w = ws[i] as number;
        doc.rect(x, y, w, h).lineWidth(0.5).strokeColor(LINE).stroke();
        doc.font(f).fontSize(fontSize).fillColor(color).text(cell, x + pad, y + pad, { width: w - pad * 2, align: cols[i]?.align ?? 'left' });
        x += w;
      });
      doc.x = left;
      doc.y = y + h;
    };
    if (opt.header !== false) drawRow(cols.map((c) => c.title), 'b', '#eeeeee', INK);
    rows.forEach((r, i) => {
      const hl = opt.highlight?.(i) ?? null;
      drawRow(r, 'r', null, hl ?? INK);
    });
    doc.moveDown(0.5);
  };

  // ---- 一、总体情况 ----
  heading('一、总体情况');
  if (wartime && period) {
    const c = period.command;
    const staff = [
      `${COMMAND_ROLE_LABELS.commander[0]}：${c.commander.name}`,
      c.executiveDeputy ? `${COMMAND_ROLE_LABELS.executiveDeputy[0]}：${c.executiveDeputy.name}` : null,
      c.deputy ? `${COMMAND_ROLE_LABELS.deputy[0]}：${c.deputy.name}` : null,
    ].filter(Boolean).join('；');
    para(
      `全县自${formatShanghai(period.startedAt)}起进入战时状态（事由：${period.reason}），范围：${period.scope.kind === 'county' ? '全县' : `${period.townshipIds.length}个乡镇`}。${staff}。`,
    );
  } else {
    para('全县处于平时状态。');
  }
  const signedAll = data.orders.flatMap((o) => o.recipients).filter((r) => r.signedAt !== null).length;
  const recipientsAll = data.orders.reduce((a, o) => a + o.recipients.length, 0);
  para(
    `当日县综治中心共下达指令${data.orders.length}条（涉及${recipientsAll}个单位次，已签收${signedAll}个单位次）；` +
      `收到乡镇报表${data.reports.length}份${data.missing.length ? `，${data.missing.length}个乡镇未报` : '，全部按时报送'}；` +
      `新登记事件${data.incidents.reported}件，办结${data.incidents.resolved}件；` +
      `在管风险隐患${data.risks.filter((r) => r.status === 'open').length}项。`,
  );

  // ---- 二、研判 ----
  heading('二、形势研判');
  if (data.analysis) {
    for (const line of data.analysis.text.split(/\n+/).filter((l) => l.trim())) para(line.trim());
    doc.font('r').fontSize(9).fillColor(GREY).text(`（${data.analysis.writtenBy.name} ${formatShanghai(data.analysis.writtenAt)}）`, { width, align: 'right' });
    doc.moveDown(0.3);
  } else {
    para('当日研判尚未录入。', GREY);
  }

  // ---- 三、交办事项 ----
  heading('三、交办事项（当日指令及签收情况）');
  if (data.orders.length === 0) para('当日无指令。', GREY);
  data.orders.forEach((o: Order, i) => {
    ensure(70);
    doc.font('b').fontSize(10.5).fillColor(INK).text(`${i + 1}. ${o.code}【${ORDER_PRIORITY_LABELS[o.priority][0]}】${o.title}`, left, doc.y, { width });
    doc.font('r').fontSize(9).fillColor(GREY).text(
      `下达：${formatShanghai(o.issuedAt)} ${o.issuedBy.name}；签收时限${mins(o.ackDeadlineMs)}${o.completeBy ? `；完成时限${formatShanghai(o.completeBy)}` : ''}`,
      { width },
    );
    if (o.body) doc.font('r').fontSize(9.5).fillColor(INK).text(o.body, { width, lineGap: 2 });
    doc.moveDown(0.3);
    table(
      [
        { title: '单位', width: 3 },
        { title: '状态', width: 2, align: 'center' },
        { title: '送达', width: 1.6, align: 'center' },
        { title: '签收', width: 1.6, align: 'center' },
        { title: '签收用时', width: 2, align: 'center' },
        { title: '签收人', width: 1.8, align: 'center' },
        { title: '反馈', width: 4 },
      ],
      o.recipients.map((r) => [
        r.centreName,
        `${DELIVERY_STATE_LABELS[r.state][0]}${r.rung >= 3 ? '（超时）' : r.rung > 0 && r.signedAt === null ? '（催签）' : ''}`,
        hm(r.deliveredAt),
        hm(r.signedAt),
        r.signedAt === null ? '—' : mins(r.signedAt - o.issuedAt),
        r.signedBy?.name ?? '—',
        r.answer ?? '—',
      ]),
      { highlight: (k) => ((o.recipients[k]?.rung ?? 0) >= 3 ? RED : null) },
    );
  });

  // ---- 四、报表 ----
  heading('四、一日一报表报送情况');
  if (data.reports.length) {
    table(
      [
        { title: '乡镇', width: 2.2 },
        { title: '报送时间', width: 1.6, align: 'center' },
        { title: '排查风险', width: 1.3, align: 'center' },
        { title: '化解矛盾', width: 1.3, align: 'center' },
        { title: '今日情况', width: 5 },
        { title: '需县级协调', width: 3 },
      ],
      data.reports.map((r) => [r.centreName, `${hm(r.submittedAt)}${r.late ? '（迟报）' : ''}`, String(r.risksChecked), String(r.disputesResolved), r.summary, r.needsCounty || '—']),
      { highlight: (k) => (data.reports[k]?.late ? RED : null) },
    );
  }
  para(data.missing.length ? `未报送：${data.missing.map((m) => m.centreName).join('、')}。` : '各乡镇均已报送。', data.missing.length ? RED : INK);

  // ---- 五、风险 ----
  heading('五、风险隐患清单');
  if (data.risks.length === 0) para('无在管风险隐患。', GREY);
  else {
    table(
      [
        { title: '乡镇', width: 1.8 },
        { title: '风险隐患', width: 5 },
        { title: '等级', width: 1, align: 'center' },
        { title: '责任人', width: 1.4, align: 'center' },
        { title: '时限', width: 1.8, align: 'center' },
        { title: '状态', width: 1.3, align: 'center' },
        { title: '最新进展 / 结果', width: 4 },
      ],
      data.risks.map((r) => [
        r.townshipName, r.description, RISK_LEVEL_LABELS[r.level][0], r.owner, r.dueDate, RISK_STATUS_LABELS[r.status][0],
        r.status === 'closed' ? (r.result ?? '') : (r.updates[r.updates.length - 1]?.note ?? '—'),
      ]),
      { highlight: (k) => (data.risks[k]?.level === 'major' && data.risks[k]?.status === 'open' ? RED : null) },
    );
  }

  // ---- 六、事件 ----
  heading('六、事件受理情况');
  if (data.incidents.byTownship.length === 0) para('当日无新登记事件。', GREY);
  else {
    const byT = new Map<string, { total: number; states: string[] }>();
    for (const r of data.incidents.byTownship) {
      const key = r.township ?? '（未定位）';
      const e = byT.get(key) ?? { total: 0, states: [] };
      e.total += r.n;
      const label = INCIDENT_STATE_LABELS[r.state as IncidentState]?.[0] ?? r.state;
      e.states.push(`${label}${r.n}`);
      byT.set(key, e);
    }
    table(
      [{ title: '乡镇', width: 2 }, { title: '新登记', width: 1, align: 'center' }, { title: '当前状态', width: 6 }],
      [...byT.entries()].map(([k, v]) => [k, String(v.total), v.states.join('、')]),
    );
  }

  if (period?.summary && !wartime) {
    heading('附：上一战时期总结');
    const sm = period.summary;
    para(`持续${durationText(sm.durationMs)}，下达指令${sm.orders}条，签收${sm.signed}/${sm.recipients}，超时未签收${sm.timedOut}，签收用时中位数${mins(sm.ackP50Ms)}、最长${mins(sm.ackMaxMs)}。`);
  }

  // ---- footer on every page ----
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // the footer sits in the margin: do not let it start a new page
    const y = doc.page.height - MARGIN + 16;
    doc.font('r').fontSize(8).fillColor(GREY);
    doc.text(`${opts.countyName}综治中心 · 综治指挥台生成于 ${formatShanghai(data.generatedAt)}`, left, y, { width: width / 2, lineBreak: false });
    doc.text(`第 ${i + 1} 页 / 共 ${range.count} 页`, left + width / 2, y, { width: width / 2, align: 'right', lineBreak: false });
  }
  doc.end();
  return finished;
}
