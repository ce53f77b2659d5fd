// Pure rules over the dispute cache: keep the newest copy, order the list, and say the risk reasons in words.
import type { Dispute, RiskReason, Role } from '../../protocol/index.ts';
import { upsert } from '../incidents/model.ts';

/** Mirrors app/domain/disputes.ts DISPUTE_REGISTRARS (the server refuses anyone else). */
export const REGISTRARS: readonly Role[] = ['dutyOfficer', 'commander', 'townshipOperator'];

export type DisputeMap = Readonly<Record<number, Dispute>>;

/** Stream updates and fetches can arrive in any order: the higher version wins (the incidents' rule). */
export const upsertDisputes = (map: DisputeMap, incoming: readonly Dispute[]): DisputeMap => upsert(map, incoming);

/** Newest first. */
export const newestFirst = (list: readonly Dispute[]) => [...list].sort((a, b) => b.registeredAt - a.registeredAt || b.id - a.id);

/** The i18n key and value of one reason (renderer/disputes/i18n.ts `reasons`). */
export const reasonKey = (r: RiskReason) => ({ key: `disputes.reasons.${r.code}`, v: r.value });

export const RISK_TONE = { low: 'ok', medium: 'warn', high: 'bad' } as const;

/** Where a refusal's detail points: `parties.1.idNumber` → the second party's ID number; `summary` → the summary. */
export function fieldOf(path: string): { party: number | null; field: string } {
  const m = /^parties\.(\d+)\.(\w+)$/.exec(path);
  return m ? { party: Number(m[1]), field: m[2] as string } : { party: null, field: path.split('.')[0] as string };
}

/** The form's words for a field the server names (i18n keys under `disputes.intake`); unknown fields are not shown. */
export const FIELD_KEYS: Record<string, string> = {
  name: 'name', phone: 'phone', idType: 'idType', idNumber: 'idNumber', personId: 'name', summary: 'summary', type: 'type', amount: 'amount',
  peopleCount: 'peopleCount', townshipId: 'township', sourceUnit: 'sourceUnit', hotlineRef: 'hotlineRef', incidentId: 'incident', parties: 'parties',
};

/** A fresh idempotency key per form (a resent submit is stored once). */
export function newKey(): string {
  const b = new Uint8Array(12);
  crypto.getRandomValues(b);
  return `dsp-${[...b].map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}
