// REST calls of the incident feature.
import type { Category, Incident, IncidentAction, IncidentDetail, Snapshot } from '../../protocol/index.ts';
import { api } from '../net/http.ts';

export const fetchIncidents = (token: string, limit = 2000) => api<{ incidents: Incident[] }>(`/api/incidents?limit=${limit}`, { token });
export const fetchIncident = (token: string, id: number) => api<IncidentDetail>(`/api/incidents/${id}`, { token });
export const fetchCategories = (token: string) => api<Category[]>('/api/incident-categories', { token });
export const fetchSnapshots = (token: string, id: number) => api<Snapshot[]>(`/api/snapshots?subjectType=incident&subjectId=${id}`, { token });
export const takeStep = (token: string, id: number, step: IncidentAction) => api<IncidentDetail>(`/api/incidents/${id}/steps`, { token, body: step });

/** Uploads one photo as raw bytes; the server answers with its content id. */
export async function uploadPhoto(token: string, file: Blob): Promise<string> {
  const res = await fetch('/api/photos', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': file.type }, body: file });
  const body = (await res.json()) as { id?: string; message?: string };
  if (!res.ok || !body.id) throw new Error(body.message ?? `HTTP ${res.status}`);
  return body.id;
}

/** Downloads an authenticated file (exports, QR) as a blob URL. */
export async function fetchBlobUrl(token: string, path: string): Promise<string> {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return URL.createObjectURL(await res.blob());
}
