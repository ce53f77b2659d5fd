// Disputes (矛盾纠纷): the case's states and transitions, 风险研判 by rules, masking of personal data, matching of parties.
// Pure: time and the rules are arguments.
//
// The transitions after registration (先行调解, 分流, 签收, 退回, 办结, 回访) are one state machine, in
// app/domain/disputeFlow.ts; intake only creates cases in `registered`. Keep DISPUTE_STATES in protocol/disputes.ts in step.
import type { DisputeState, IdType, RiskGrade, RiskReason, Role } from '../../protocol/index.ts';

const OPEN: readonly DisputeState[] = ['registered', 'mediating', 'agreed', 'routing', 'routed', 'signed', 'handling', 'returned'];
export const isOpenDispute = (s: DisputeState) => OPEN.includes(s);

// ---- who registers ---------------------------------------------------------------------------------------------------

/**
 * The window: the county's duty officers and commander (the centre's 窗口 staff have the duty-officer role), and a
 * township's operators at the township centre's own window. Departments receive cases by routing, not at a window;
 * villages and grid members report incidents, which the county turns into disputes.
 */
export const DISPUTE_REGISTRARS: readonly Role[] = ['dutyOfficer', 'commander', 'townshipOperator'];

// ---- 风险研判 ------------------------------------------------------------------------------------------------------

/** The rules (config `disputeRisk`): explicit thresholds, so a county can read and change why a case is graded. */
export interface RiskRules {
  /** This many people or more is high risk (重大群体性). */
  peopleHigh: number;
  /** This many or more is medium risk. */
  peopleMedium: number;
  /** This many people or more is a group case (群体性纠纷): at least medium. */
  groupCase: number;
  /** Earlier cases of the same parties: this many or more is high risk (多次重复访). */
  repeatHigh: number;
  /** …this many or more medium. */
  repeatMedium: number;
  /** Yuan involved: this much or more is medium risk (null: amount is not a rule). */
  amountMedium: number | null;
}

export const DEFAULT_RISK_RULES: RiskRules = { peopleHigh: 30, peopleMedium: 10, groupCase: 5, repeatHigh: 3, repeatMedium: 1, amountMedium: 500_000 };

export interface RiskFacts {
  peopleCount: number;
  extremeThreat: boolean;
  /** Earlier cases of the same parties (重复访). */
  repeatCount: number;
  amount: number | null;
}

/** The grade and every rule that contributed (an extreme threat is high on its own). */
export function assessRisk(f: RiskFacts, r: RiskRules): { grade: RiskGrade; reasons: RiskReason[] } {
  const high: RiskReason[] = [];
  const medium: RiskReason[] = [];
  if (f.extremeThreat) high.push({ code: 'extremeThreat', value: 1 });
  if (f.peopleCount >= r.peopleHigh) high.push({ code: 'peopleHigh', value: f.peopleCount });
  else if (f.peopleCount >= r.peopleMedium) medium.push({ code: 'peopleMedium', value: f.peopleCount });
  else if (f.peopleCount >= r.groupCase) medium.push({ code: 'groupCase', value: f.peopleCount });
  if (f.repeatCount >= r.repeatHigh) high.push({ code: 'repeatHigh', value: f.repeatCount });
  else if (f.repeatCount >= r.repeatMedium) medium.push({ code: 'repeatMedium', value: f.repeatCount });
  if (r.amountMedium !== null && f.amount !== null && f.amount >= r.amountMedium) medium.push({ code: 'amountHigh', value: f.amount });
  const grade: RiskGrade = high.length ? 'high' : medium.length ? 'medium' : 'low';
  return { grade, reasons: [...high, ...medium] };
}

// ---- personal data -------------------------------------------------------------------------------------------------

/** 138****5678: the first three and last four of a mobile; a short number keeps only its last two. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  if (phone.length >= 11) return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
  if (phone.length <= 2) return '*'.repeat(phone.length);
  return `${'*'.repeat(phone.length - 2)}${phone.slice(-2)}`;
}

/** 110101********1234: region (6) and last four of an 18-digit ID; other documents keep only the last two. */
export function maskIdNumber(id: string | null): string | null {
  if (!id) return id;
  if (id.length >= 15) return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
  if (id.length <= 2) return '*'.repeat(id.length);
  return `${'*'.repeat(id.length - 2)}${id.slice(-2)}`;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643: 18 characters, a plausible birth date, and the check character. */
export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1880 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] === id[17];
}

/** An ID number fits its type (a resident ID is checked; other documents need 5–40 letters or digits). */
export function idNumberError(idType: IdType | null, idNumber: string | null): 'type' | 'number' | null {
  if (idNumber === null) return null;
  if (idType === null) return 'type';
  if (idType === 'resident') return isValidResidentId(idNumber) ? null : 'number';
  return /^[A-Z0-9()（）-]{5,40}$/.test(idNumber) ? null : 'number';
}

// ---- 重复访 --------------------------------------------------------------------------------------------------------

/** Whether an earlier case has the same set of people as the new one (each side's people, as a set; sides may swap). */
export function sameParties(
  now: readonly { personId: number; role: string }[],
  earlier: readonly { personId: number; role: string }[],
): boolean {
  if (now.length === 0 || earlier.length === 0) return false;
  const key = (ps: readonly { personId: number; role: string }[], role: string) =>
    [...new Set(ps.filter((p) => p.role === role).map((p) => p.personId))].sort((a, b) => a - b).join(',');
  const a = [key(now, 'applicant'), key(now, 'respondent')];
  const b = [key(earlier, 'applicant'), key(earlier, 'respondent')];
  return (a[0] === b[0] && a[1] === b[1]) || (a[0] === b[1] && a[1] === b[0]);
}

/** 来访 queue tickets restart every local (UTC+8) day. */
export function queueDay(now: number): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}
