// REST calls of the dispute flow and the routing table.
import type { FlowAction, FlowDetail, MediationRoom, RoutingRule, RoutingTableView } from '../../protocol/index.ts';
import { api } from '../net/http.ts';

export const fetchFlow = (token: string, id: number) => api<FlowDetail>(`/api/disputes/${id}/flow`, { token });
export const flowStep = (token: string, id: number, step: FlowAction) => api<FlowDetail>(`/api/disputes/${id}/flow`, { token, body: step });
export const fetchOptions = (token: string) => api<{ rooms: MediationRoom[]; mediators: { id: number; name: string }[] }>('/api/mediation/options', { token });
export const fetchRooms = (token: string) => api<{ rooms: MediationRoom[] }>('/api/admin/mediation-rooms', { token });
export const saveRoom = (token: string, id: number | null, name: string, active: boolean) =>
  api<{ rooms: MediationRoom[] }>(id === null ? '/api/admin/mediation-rooms' : `/api/admin/mediation-rooms/${id}`, { token, method: id === null ? 'POST' : 'PUT', body: { name, active } });
export const fetchRoutingTable = (token: string) => api<RoutingTableView>('/api/admin/routing-table', { token });
export const saveRoutingTable = (token: string, baseVersion: number, rules: RoutingRule[]) =>
  api<RoutingTableView>('/api/admin/routing-table', { token, method: 'PUT', body: { baseVersion, rules } });
