// The printable daily duty record (值班记录) of a unit as an A4 PDF: the roster with phones, the day's figures, the
// handovers with their notes and the duty log. Chinese text in Noto Sans CJK (openCjkPdf, as the 专报).
import {
  DUTY_LOG_KIND_LABELS, DUTY_POSITION_LABELS, HANDOVER_REASON_LABELS,
  type DutyLogEntry, type Handover, type RosterDay, type ShiftDef,
} from '../../protocol/index.ts';
import { formatShanghai } from '../domain/time.ts';
import { openCjkPdf } from './cjkPdf.ts';

export interface DutyRecordData {
  unitName: string;
  day: string;
  generatedAt: number;
  shifts: ShiftDef[];
  dutyPhone: string | null;
  roster: RosterDay;
  log: DutyLogEntry[];
  handovers: Handover[];
  figures: { label: string; value: string }[];
}

const MARGIN = 50;
const INK = '#111111';
const GREY = '#555555';
const LINE = '#999999';

export async function renderDutyRecord(d: DutyRecordData): Promise<Buffer> {
  const { doc, finished } = openCjkPdf({ margin: MARGIN, info: { Title: `${d.unitName} 值班记录 ${d.day}` } });
  const width = doc.page.width - MARGIN * 2;
  const left = MARGIN;
  const bottom = () => doc.page.height - MARGIN;

  const heading = (text: string) => {
    if (doc.y + 40 > bottom()) doc.addPage();
    doc.moveDown(0.5);
    doc.font('b').fontSize(12.5).fillColor(INK).text(text, left, doc.y, { width });
    doc.moveDown(0.3);
  };
  const para = (text: string, color = INK) => {
    doc.font('r').fontSize(10).fillColor(color).text(text, left, doc.y, { width, lineGap: 2 });
    doc.moveDown(0.2);
  };
  const table = (titles: string[], widths: number[], rows: string[][]) => {
    const scale = width / widths.reduce((a, b) => a + b, 0);
    const ws = widths.map((w) => w * scale);
    const draw = (cells: string[], f: string, fill: string | null) => {
      doc.font(f).fontSize(9);
      const h = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: (ws[i] as number) - 6 }))) + 6;
      if (doc.y + h > bottom()) doc.addPage();
      const y = doc.y;
      let x = left;
      if (fill) doc.rect(left, y, width, h).fill(fill);
      cells.forEach((c, i) => {
        const w = ws[i] as number;
        doc.rect(x, y, w, h).lineWidth(0.5).strokeColor(LINE).stroke();
        doc.font(f).fontSize(9).fillColor(INK).text(c, x + 3, y + 3, { width: w - 6 });
        x += w;
      });
      doc.x = left;
      doc.y = y + h;
    };
    draw(titles, 'b', '#eeeeee');
    for (const r of rows) draw(r, 'r', null);
    doc.moveDown(0.4);
  };

  doc.font('b').fontSize(20).fillColor(INK).text(`${d.unitName}值班记录`, left, MARGIN, { width, align: 'center' });
  doc.moveDown(0.2);
  doc.font('r').fontSize(10.5).fillColor(GREY).text(
    `${d.day.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$1年$2月$3日')}\u3000值班电话：${d.dutyPhone ?? '未登记'}\u3000打印时间：${formatShanghai(d.generatedAt)}`,
    { width, align: 'center' },
  );
  doc.moveDown(0.5);

  heading('一、排班');
  const shiftName = (code: string) => d.shifts.find((s) => s.code === code)?.label[0] ?? code;
  if (d.roster.entries.length === 0) para('当日未排班。', GREY);
  else
    table(['班次', '时间', '岗位', '姓名', '电话'], [1, 1.4, 1.2, 1.4, 1.6], d.roster.entries.map((e) => {
      const s = d.shifts.find((x) => x.code === e.shift);
      return [shiftName(e.shift), s ? `${s.start}–${s.end}` : '', DUTY_POSITION_LABELS[e.position][0], e.name, e.phone];
    }));

  heading('二、当日数据');
  table(['项目', '数值'], [3, 2], d.figures.map((f) => [f.label, f.value]));

  heading('三、交接班');
  if (d.handovers.length === 0) para('当日无交接班记录。', GREY);
  for (const h of d.handovers) {
    para(`${formatShanghai(h.handedAt)} ${h.from.name} 交班（${shiftName(h.shift)}）；${h.acceptedAt ? `${formatShanghai(h.acceptedAt)} ${h.to?.name ?? ''} 接班` : '尚未接班'}`);
    if (h.note.items.length === 0) para('\u3000交班时无未结事项。', GREY);
    for (const item of h.note.items) para(`\u3000【${HANDOVER_REASON_LABELS[item.reason][0]}】${item.title}\u3000${item.detail}`);
    if (h.remarks) para(`\u3000交班说明：${h.remarks}`);
    if (h.acceptRemarks) para(`\u3000接班意见：${h.acceptRemarks}`);
  }

  heading('四、值班日志');
  if (d.log.length === 0) para('当日无值班日志。', GREY);
  else table(['时间', '类别', '内容', '记录人'], [1.3, 0.8, 5, 1.1], d.log.map((l) => [formatShanghai(l.at).slice(11), DUTY_LOG_KIND_LABELS[l.kind][0], l.text, l.by.name]));

  doc.moveDown(1);
  para('带班领导（签字）：＿＿＿＿＿＿\u3000\u3000值班员（签字）：＿＿＿＿＿＿');
  doc.end();
  return finished;
}
