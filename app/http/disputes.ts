// The dispute window over HTTP, like incident reports: register (answered with the printed receipt), 重复访 matches,
// list and search, one case, reveal of one field (ledger), the receipt again, and the 矛盾纠纷排查化解台账 as xlsx.
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import QRCode from 'qrcode';
import { z } from 'zod';
import {
  DISPUTE_CHANNEL_LABELS, DISPUTE_STATE_LABELS, DISPUTE_TYPE_LABELS, DisputeFilter, MatchParties, RegisterDispute, RevealParty, RISK_GRADE_LABELS,
  type Dispute, type DisputeReceipt, type SessionUser,
} from '../../protocol/index.ts';
import { formatShanghai } from '../domain/time.ts';
import type { Addressed } from '../store/outbox.ts';
import type { DisputeDesk } from '../workflow/disputes.ts';
import { answer, sendError, userRoute, type UserGuard } from './guard.ts';

export interface DisputeRouteDeps {
  desk: DisputeDesk;
  publish: (out: Addressed[]) => void;
  requireUser: UserGuard;
  clock: () => number;
  publicBaseUrl: () => string;
  centreName: (id: number) => string;
}

const IdParam = z.object({ id: z.coerce.number().int().positive() });
/** The 台账 takes at most this many rows per file (a county files a month or a quarter at a time). */
const LEDGER_MAX_ROWS = 50_000;
/** The list's filters without its limit: the 台账 ignores any limit asked for and takes LEDGER_MAX_ROWS. */
const LedgerFilter = DisputeFilter.omit({ limit: true });

export function registerDisputeRoutes(app: FastifyInstance, d: DisputeRouteDeps) {
  async function receiptOf(dispute: Dispute): Promise<DisputeReceipt> {
    const publicUrl = `${d.publicBaseUrl()}/case/${dispute.code}`;
    const qr = await QRCode.toDataURL(publicUrl, { margin: 1, errorCorrectionLevel: 'M', width: 180 });
    return {
      code: dispute.code, queueTicket: dispute.queueTicket, registeredAt: dispute.registeredAt, channel: dispute.channel, type: dispute.type,
      centreName: d.centreName(dispute.holderCentreId), publicUrl, qr,
    };
  }

  const route = userRoute(d.requireUser);

  app.post('/api/disputes', route({ body: RegisterDispute }, async ({ user, body, reply }) => {
    const r = d.desk.register(user, body, d.clock());
    if (!r.ok) return sendError(reply, r.code, r.details);
    d.publish(r.out);
    return reply.code(r.value.duplicate ? 200 : 201).send({ dispute: r.value.dispute, receipt: await receiptOf(r.value.dispute) });
  }));

  app.post('/api/disputes/match', route({ body: MatchParties }, ({ user, body, reply }) => answer(reply, d.desk.match(user, body.parties))));

  app.get('/api/disputes', route({ query: DisputeFilter }, ({ user, query, reply }) => {
    const r = d.desk.list(user, query);
    return r.ok ? { disputes: r.value } : sendError(reply, r.code);
  }));

  app.get('/api/disputes/:id', route({ params: IdParam }, ({ user, params, reply }) => answer(reply, d.desk.get(user, params.id))));

  app.get('/api/disputes/:id/receipt', route({ params: IdParam }, ({ user, params, reply }) => {
    const r = d.desk.get(user, params.id);
    return r.ok ? receiptOf(r.value) : sendError(reply, r.code);
  }));

  app.post('/api/disputes/reveal', route({ body: RevealParty }, ({ user, body, reply }) =>
    answer(reply, d.desk.reveal(user, body.disputeId, body.partyId, body.field, d.clock())),
  ));

  app.get('/api/disputes/:id/reveals', route({ params: IdParam }, ({ user, params, reply }) => {
    const r = d.desk.reveals(user, params.id);
    return r.ok ? { reveals: r.value } : sendError(reply, r.code);
  }));

  // 矛盾纠纷排查化解台账: the same filters as the list; phones and ID numbers masked (a reveal is per case, logged).
  app.get('/api/exports/disputes.xlsx', route({ query: LedgerFilter }, async ({ user, query, reply }) => {
    const r = d.desk.list(user, { ...query, limit: LEDGER_MAX_ROWS });
    if (!r.ok) return sendError(reply, r.code);
    reply.header('content-disposition', `attachment; filename="disputes.xlsx"; filename*=UTF-8''${encodeURIComponent('矛盾纠纷排查化解台账')}.xlsx`);
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await disputeLedger(r.value, user));
  }));
}

export const LEDGER_COLUMNS = [
  '序号', '编号', '登记时间', '来源渠道', '当事人', '联系电话', '证件号码', '纠纷类型', '简要情况', '涉及人数', '涉及金额（元）', '风险等级', '风险研判依据',
  '化解责任单位', '状态', '化解结果', '办结时间', '登记人',
] as const;

/** One row per case, as counties file the 台账; a leading = + - @ is neutralised so a spreadsheet never runs it. */
export async function disputeLedger(disputes: Dispute[], user: SessionUser): Promise<Buffer> {
  const safe = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
  const wb = new ExcelJS.Workbook();
  wb.creator = user.name;
  const ws = wb.addWorksheet('矛盾纠纷排查化解台账');
  ws.addRow([...LEDGER_COLUMNS]).font = { bold: true };
  disputes.forEach((x, i) => {
    const who = (role: string) => x.parties.filter((p) => p.role === role).map((p) => p.name).join('、');
    ws.addRow([
      i + 1, x.code, formatShanghai(x.registeredAt), DISPUTE_CHANNEL_LABELS[x.channel][0] + (x.hotlineRef ? `（${x.hotlineRef}）` : ''),
      safe(`申请人：${who('applicant')}${who('respondent') ? `；被申请人：${who('respondent')}` : ''}`),
      x.parties.map((p) => p.phone).filter(Boolean).join('、'), x.parties.map((p) => p.idNumber).filter(Boolean).join('、'),
      DISPUTE_TYPE_LABELS[x.type][0], safe(x.summary), x.peopleCount, x.amount ?? '', RISK_GRADE_LABELS[x.riskGrade][0],
      x.riskReasons.map((r) => r.code).length ? riskText(x) : '', x.holderCentreName, DISPUTE_STATE_LABELS[x.state][0], safe(x.result ?? ''),
      x.closedAt ? formatShanghai(x.closedAt) : '', x.registeredBy.name,
    ]);
  });
  ws.columns.forEach((c, i) => (c.width = [6, 24, 17, 12, 30, 16, 22, 10, 40, 8, 12, 8, 24, 16, 10, 30, 17, 10][i] ?? 14));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const RISK_REASON_TEXT: Record<string, (v: number) => string> = {
  extremeThreat: () => '扬言极端行为',
  peopleHigh: (v) => `涉及${v}人（重大群体性）`,
  peopleMedium: (v) => `涉及${v}人`,
  groupCase: (v) => `群体性纠纷（${v}人）`,
  repeatHigh: (v) => `多次重复访（此前${v}件）`,
  repeatMedium: (v) => `重复访（此前${v}件）`,
  amountHigh: (v) => `涉及金额${v}元`,
};
const riskText = (x: Dispute) => x.riskReasons.map((r) => RISK_REASON_TEXT[r.code]?.(r.value) ?? r.code).join('；');
