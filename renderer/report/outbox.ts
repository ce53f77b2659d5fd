// The phone's outbox of reports: kept until the server confirms, retried when the signal returns.
// Pure rules here; storage (IndexedDB) and sending live in sender.ts.
import { INCIDENT_STATE_LABELS, MAX_PHOTO_BYTES, MAX_PHOTOS, PHOTO_TYPES, type ApiError } from '../../protocol/index.ts';

export interface DraftPhoto { name: string; type: string; bytes: Blob | ArrayBuffer; size: number }

export interface QueuedReport {
  /** Also the idempotency key: a retry of this report is stored once on the server. */
  key: string;
  createdAt: number;
  category: string;
  description: string;
  location: { lon: number; lat: number; crs: 'wgs84' | 'gcj02' | 'bd09' };
  photos: DraftPhoto[];
  /** Photo ids already uploaded, by index, so a retry does not upload them again. */
  uploaded: (string | null)[];
  status: 'waiting' | 'sending' | 'sent' | 'rejected';
  attempts: number;
  nextTryAt: number;
  caseCode?: string;
  error?: ApiError;
  /** The member confirmed a place outside their own village (the server asks once, see LOCATION_OTHER_VILLAGE). */
  confirmOtherVillage?: boolean;
}

/** Checks a photo before it is queued: type and size, as the server will. */
export function checkPhoto(p: { type: string; size: number }): 'type' | 'size' | null {
  if (!(PHOTO_TYPES as readonly string[]).includes(p.type)) return 'type';
  if (p.size > MAX_PHOTO_BYTES || p.size === 0) return 'size';
  return null;
}

export function canAddPhoto(current: number): boolean {
  return current < MAX_PHOTOS;
}

/** Back-off between retries: 5 s doubling to 2 min; the 'online' event retries at once regardless. */
export function nextDelay(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 120_000);
}

export type SendOutcome = { kind: 'stored'; code: string } | { kind: 'rejected'; error: ApiError } | { kind: 'unreachable' };

/** What a send attempt means for the queued report. Errors in the report itself are final; the network is not. */
export function afterAttempt(r: QueuedReport, outcome: SendOutcome, now: number): QueuedReport {
  const attempts = r.attempts + 1;
  if (outcome.kind === 'stored') return { ...r, status: 'sent', attempts, caseCode: outcome.code, photos: [] };
  if (outcome.kind === 'rejected') return { ...r, status: 'rejected', attempts, error: outcome.error };
  return { ...r, status: 'waiting', attempts, nextTryAt: now + nextDelay(attempts) };
}

/** A server answer is final when it is about the report (4xx other than auth and rate limits); anything else is retried. */
export function isFinal(status: number, code: string | undefined): boolean {
  if (status < 400 || status >= 500) return false;
  return !['AUTH_TOKEN_EXPIRED', 'AUTH_TOKEN_INVALID', 'AUTH_REQUIRED', 'RATE_LIMITED', 'AUTH_RATE_LIMITED'].includes(code ?? '');
}

export function due(queue: readonly QueuedReport[], now: number): QueuedReport[] {
  return queue.filter((r) => r.status === 'waiting' && r.nextTryAt <= now);
}

/** The server asked whether the place is right: this report waits for the member's answer, not for a fix. */
export const needsPlaceConfirmation = (r: QueuedReport) => r.status === 'rejected' && r.error?.code === 'LOCATION_OTHER_VILLAGE';

/** The member confirmed the place: send again at once, saying so (photos already uploaded are not sent again). */
export function confirmPlace(r: QueuedReport): QueuedReport {
  const { error: _, ...rest } = r;
  return { ...rest, confirmOtherVillage: true, status: 'waiting', nextTryAt: 0 };
}

/**
 * What the outbox chip says. A stored report is 已上报 — the case's own state word — because nobody has accepted it
 * yet; the other words are about the phone's sending, from the page's strings.
 */
export function outboxLabel(r: QueuedReport, lang: 0 | 1): { key: string } | { text: string } {
  if (r.status === 'sent') return { text: INCIDENT_STATE_LABELS.reported[lang] };
  if (needsPlaceConfirmation(r)) return { key: 'report.status.confirmPlace' };
  return { key: `report.status.${r.status}` };
}
