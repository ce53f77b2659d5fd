// The admin's user routes and one's own password, typed by protocol/users.ts.
import type { AdminUnit, AdminUser, BatchPasswords, BatchPasswordsResult, ChangePassword, CreateUser, OneTimePassword, Role, UpdateUser } from '../../protocol/index.ts';
import { api } from '../net/http.ts';

export function listUsers(token: string, q: { q?: string; role?: Role | '' }): Promise<{ users: AdminUser[]; total: number }> {
  const params = new URLSearchParams({ limit: '500' });
  if (q.q) params.set('q', q.q);
  if (q.role) params.set('role', q.role);
  return api(`/api/admin/users?${params.toString()}`, { token });
}
export const listUnits = (token: string) => api<{ units: AdminUnit[] }>('/api/admin/units', { token });
export const createUser = (token: string, body: CreateUser) => api<OneTimePassword>('/api/admin/users', { token, body });
export const updateUser = (token: string, id: number, body: UpdateUser) => api<AdminUser>(`/api/admin/users/${id}`, { token, body, method: 'PUT' });
export const setActive = (token: string, id: number, active: boolean) => api<AdminUser>(`/api/admin/users/${id}/active`, { token, body: { active } });
export const resetPassword = (token: string, id: number) => api<OneTimePassword>(`/api/admin/users/${id}/reset-password`, { token, body: {} });
export const issueBatchPasswords = (token: string, body: BatchPasswords) => api<BatchPasswordsResult>('/api/admin/users/batch-passwords', { token, body });
export const changeOwnPassword = (token: string, body: ChangePassword) => api<void>('/api/me/password', { token, body });
