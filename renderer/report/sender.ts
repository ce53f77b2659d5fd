// Stores the phone's outbox in IndexedDB (photos included) and sends what is due: photos one by one, then the report.
import { createStore, del, entries, set } from 'idb-keyval';
import type { ApiError } from '../../protocol/index.ts';
import { afterAttempt, due, isFinal, type QueuedReport, type SendOutcome } from './outbox.ts';

const db = createStore('zz-report-outbox', 'reports');

/** At page load: an attempt that was cut off by closing the page is simply waiting again. */
export async function recoverQueue(): Promise<QueuedReport[]> {
  const q = await loadQueue();
  const stuck = q.filter((r) => r.status === 'sending').map((r) => ({ ...r, status: 'waiting' as const, nextTryAt: 0 }));
  await Promise.all(stuck.map(saveReport));
  return loadQueue();
}

export async function loadQueue(): Promise<QueuedReport[]> {
  return (await entries<string, QueuedReport>(db)).map(([, r]) => r).sort((a, b) => a.createdAt - b.createdAt);
}
export const saveReport = (r: QueuedReport) => set(r.key, r, db);
export const forgetReport = (key: string) => del(key, db);

class Unreachable extends Error {}
class Rejected extends Error {
  constructor(readonly error: ApiError) {
    super(error.code);
  }
}

async function post(path: string, token: string, body: BodyInit, type: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': type }, body });
  } catch {
    throw new Unreachable();
  }
  const json: unknown = await res.json().catch(() => null);
  if (res.ok) return json;
  const err = json as ApiError | null;
  if (isFinal(res.status, err?.code) && err) throw new Rejected(err);
  throw new Unreachable();
}

/** One attempt at one report; the result is saved before this returns, so a closed page loses nothing. */
export async function sendOne(r: QueuedReport, token: string, now: () => number): Promise<QueuedReport> {
  let current: QueuedReport = { ...r, status: 'sending' };
  await saveReport(current); // the periodic retry leaves it alone while this attempt runs
  let outcome: SendOutcome;
  try {
    const uploaded = [...current.uploaded];
    for (const [i, p] of current.photos.entries()) {
      if (uploaded[i]) continue;
      const { id } = (await post('/api/photos', token, p.bytes instanceof Blob ? p.bytes : new Blob([p.bytes]), p.type)) as { id: string };
      uploaded[i] = id;
      current = { ...current, uploaded };
      await saveReport(current);
    }
    const body = JSON.stringify({
      idempotencyKey: current.key, category: current.category, description: current.description, location: current.location,
      photos: uploaded.filter((x): x is string => !!x), confirmOtherVillage: current.confirmOtherVillage ?? false,
    });
    const stored = (await post('/api/incidents', token, body, 'application/json')) as { incident: { code: string } };
    outcome = { kind: 'stored', code: stored.incident.code };
  } catch (e) {
    outcome = e instanceof Rejected ? { kind: 'rejected', error: e.error } : { kind: 'unreachable' };
  }
  const next = afterAttempt(current, outcome, now());
  await saveReport(next);
  return next;
}

/** Sends every due report, one after the other. */
export async function flushQueue(token: string, now: () => number, onChange: (r: QueuedReport) => void): Promise<void> {
  for (const r of due(await loadQueue(), now())) onChange(await sendOne(r, token, now));
}
