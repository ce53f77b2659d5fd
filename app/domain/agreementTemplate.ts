// The 人民调解协议书 as a template: the sections of the form the Ministry of Justice's model text uses, with the case's
// fields put in. Pure: the renderer (app/http/agreementPdf.ts) only lays the blocks out on paper.
import { formatShanghai } from './time.ts';

export interface AgreementParty {
  role: 'applicant' | 'respondent';
  name: string;
  /** What identifies the party on the document besides the name (address, unit); never an ID number or phone. */
  particulars: string;
}

export interface AgreementData {
  committee: string;
  number: string;
  caseCode: string;
  parties: AgreementParty[];
  facts: string;
  terms: string;
  performance: string;
  mediators: string[];
  signedAt: number;
}

export type AgreementBlock =
  | { kind: 'title'; text: string }
  | { kind: 'meta'; left: string; right: string }
  | { kind: 'party'; label: string; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'signatures'; partiesLabel: string; parties: { label: string; name: string }[]; mediatorsLabel: string; mediators: string[]; committee: string; seal: string; date: string };

const PARTY_LABEL: Record<AgreementParty['role'], string> = { applicant: '申请人', respondent: '被申请人' };

/** The document's wording: change it here, not in the renderer. `{copies}` is the parties plus the committee. */
export const AGREEMENT_TEMPLATE = {
  title: '人民调解协议书',
  number: '编号：{number}',
  caseCode: '案件编码：{caseCode}',
  facts: '纠纷主要事实、争议事项',
  terms: '经调解，自愿达成如下协议',
  performance: '履行协议的方式、地点、期限',
  closing: '本协议一式{copies}份，当事人、人民调解委员会各持一份，自各方当事人签名（盖章或按指印）、人民调解员签名并加盖人民调解委员会印章之日起生效。',
  parties: '当事人（签名、盖章或按指印）',
  mediators: '人民调解员（签名）',
  seal: '（印）',
} as const;

const CN_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const cnNumber = (n: number) => (n <= 10 ? (n === 10 ? '十' : (CN_DIGITS[n] as string)) : String(n));
const fill = (s: string, values: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_m, k: string) => values[k] ?? '');

/** 2026年11月22日, as a signature date reads. */
export function chineseDate(t: number): string {
  const [y, m, d] = formatShanghai(t).slice(0, 10).split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

export function agreementBlocks(a: AgreementData): AgreementBlock[] {
  const t = AGREEMENT_TEMPLATE;
  const copies = cnNumber(a.parties.length + 1);
  return [
    { kind: 'title', text: t.title },
    { kind: 'meta', left: fill(t.caseCode, { caseCode: a.caseCode }), right: fill(t.number, { number: a.number }) },
    ...a.parties.map((p): AgreementBlock => ({ kind: 'party', label: PARTY_LABEL[p.role], text: p.particulars ? `${p.name}，${p.particulars}` : p.name })),
    { kind: 'heading', text: t.facts },
    { kind: 'paragraph', text: a.facts },
    { kind: 'heading', text: t.terms },
    { kind: 'paragraph', text: a.terms },
    { kind: 'heading', text: t.performance },
    { kind: 'paragraph', text: a.performance },
    { kind: 'paragraph', text: fill(t.closing, { copies }) },
    {
      kind: 'signatures',
      partiesLabel: t.parties,
      mediatorsLabel: t.mediators,
      seal: t.seal,
      parties: a.parties.map((p) => ({ label: PARTY_LABEL[p.role], name: p.name })),
      mediators: a.mediators,
      committee: a.committee,
      date: chineseDate(a.signedAt),
    },
  ];
}
