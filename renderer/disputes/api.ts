// REST calls of the dispute window.
import type { Dispute, DisputeDetail, DisputeFilter, DisputeReceipt, PartyInput, PartyMatches, RegisterDispute } from '../../protocol/index.ts';
import { api } from '../net/http.ts';

export const registerDispute = (token: string, body: RegisterDispute) => api<{ dispute: Dispute; receipt: DisputeReceipt }>('/api/disputes', { token, body });
export const matchParties = (token: string, parties: PartyInput[]) => api<PartyMatches>('/api/disputes/match', { token, body: { parties } });
export const fetchDispute = (token: string, id: number) => api<DisputeDetail>(`/api/disputes/${id}`, { token });
export const fetchReceipt = (token: string, id: number) => api<DisputeReceipt>(`/api/disputes/${id}/receipt`, { token });
export const revealField = (token: string, disputeId: number, partyId: number, field: 'phone' | 'idNumber') =>
  api<{ value: string | null }>('/api/disputes/reveal', { token, body: { disputeId, partyId, field } });

export interface RevealEntry { at: number; user_name: string; party_name: string; field: 'phone' | 'idNumber' }
export const fetchReveals = (token: string, id: number) => api<{ reveals: RevealEntry[] }>(`/api/disputes/${id}/reveals`, { token });

export function filterQuery(f: DisputeFilter): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '' && v !== null) q.set(k, String(v));
  return q.toString();
}
export const searchDisputes = (token: string, f: DisputeFilter) => api<{ disputes: Dispute[] }>(`/api/disputes?${filterQuery(f)}`, { token });
