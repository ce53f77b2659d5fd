// What a console has applied survives a reload: the last applied seq and the alert cache it describes, per server
// origin and centre. Both are written together; if they disagree (or the cache is unreadable) the console starts from
// nothing and asks for a snapshot — which never cues anything as new — rather than trust a half-written state.
import { z } from 'zod';
import { Alert } from '../../protocol/index.ts';
import { pruneCache, type StreamCache } from './stream.ts';

const MAX_PERSISTED_ALERTS = 300;

const Stored = z.object({ lastSeq: z.number().int().nonnegative(), epoch: z.string().optional(), alerts: z.array(Alert) });

export function lastSeqKey(origin: string, centreId: number): string {
  return `zz.lastSeq.${origin}.${centreId}`;
}

function cacheKey(origin: string, centreId: number): string {
  return `zz.alerts.${origin}.${centreId}`;
}

export function loadStreamCache(origin: string, centreId: number): StreamCache {
  try {
    const seqRaw = localStorage.getItem(lastSeqKey(origin, centreId));
    const cacheRaw = localStorage.getItem(cacheKey(origin, centreId));
    if (seqRaw === null || cacheRaw === null) return { lastSeq: null, alerts: {} };
    const lastSeq = Number(seqRaw);
    const parsed = Stored.safeParse(JSON.parse(cacheRaw));
    if (!parsed.success || parsed.data.lastSeq !== lastSeq) return { lastSeq: null, alerts: {} };
    const alerts: Record<number, Alert> = {};
    for (const a of parsed.data.alerts) alerts[a.id] = a;
    return parsed.data.epoch === undefined ? { lastSeq, alerts } : { lastSeq, alerts, epoch: parsed.data.epoch };
  } catch {
    return { lastSeq: null, alerts: {} };
  }
}

export function saveStreamCache(origin: string, centreId: number, cache: StreamCache): void {
  try {
    if (cache.lastSeq === null) {
      localStorage.removeItem(lastSeqKey(origin, centreId));
      localStorage.removeItem(cacheKey(origin, centreId));
      return;
    }
    const pruned = pruneCache(cache, MAX_PERSISTED_ALERTS);
    localStorage.setItem(
      cacheKey(origin, centreId),
      JSON.stringify({ lastSeq: pruned.lastSeq, epoch: pruned.epoch, alerts: Object.values(pruned.alerts) }),
    );
    localStorage.setItem(lastSeqKey(origin, centreId), String(cache.lastSeq));
  } catch {
    // Quota or private mode: the console still works; a reload will ask for a snapshot.
  }
}
