// REST calls of the playback feature (app/http/recording.ts).
import type { EvidenceClip, Lookback, PlaybackGrant, RecordedSpan, RecordingPolicyInput, RecordingStatus } from '../../protocol/index.ts';
import { api } from '../net/http.ts';

export const fetchSpans = (token: string, cameraId: number, from: number, to: number) =>
  api<RecordedSpan[]>(`/api/recordings/${cameraId}/spans?from=${Math.round(from)}&to=${Math.round(to)}`, { token });
export const openPlayback = (token: string, cameraId: number, at: number) => api<PlaybackGrant>(`/api/recordings/${cameraId}/playback`, { token, body: { at: Math.round(at) } });
export const lookback = (token: string, incidentId: number) => api<Lookback>(`/api/incidents/${incidentId}/lookback`, { token, body: {} });
export const disputeLookback = (token: string, disputeId: number) => api<Lookback>(`/api/disputes/${disputeId}/lookback`, { token, body: {} });
export const exportClip = (token: string, req: { cameraId: number; incidentId?: number; disputeId?: number; from: number; to: number }) => api<EvidenceClip>('/api/recordings/clips', { token, body: req });
export const fetchClips = (token: string, incidentId: number) => api<EvidenceClip[]>(`/api/incidents/${incidentId}/clips`, { token });
export const fetchDisputeClips = (token: string, disputeId: number) => api<EvidenceClip[]>(`/api/disputes/${disputeId}/clips`, { token });
export const fetchPolicies = (token: string) => api<RecordingStatus[]>('/api/recording/policies', { token });
export const savePolicy = (token: string, cameraId: number, p: RecordingPolicyInput) => api(`/api/recording/policies/${cameraId}`, { token, method: 'PUT', body: p });
