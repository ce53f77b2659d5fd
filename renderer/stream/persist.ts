// The cursor survives a reload: the last applied seq and its epoch, per server origin and unit. Only the cursor: the
// features' state comes back as the snapshot a page load asks for, and the envelopes after the cursor tell what is new.
import type { Cursor } from './cursor.ts';
import { NO_CURSOR } from './cursor.ts';

export function cursorKey(origin: string, centreId: number): string {
  return `zz.cursor.${origin}.${centreId}`;
}

export function loadCursor(origin: string, centreId: number): Cursor {
  try {
    const raw = localStorage.getItem(cursorKey(origin, centreId));
    if (raw === null) return NO_CURSOR;
    const v = JSON.parse(raw) as { lastSeq?: unknown; epoch?: unknown };
    if (typeof v.lastSeq !== 'number' || !Number.isInteger(v.lastSeq) || v.lastSeq < 0) return NO_CURSOR;
    return { lastSeq: v.lastSeq, epoch: typeof v.epoch === 'string' ? v.epoch : null };
  } catch {
    return NO_CURSOR;
  }
}

export function saveCursor(origin: string, centreId: number, cursor: Cursor): void {
  try {
    if (cursor.lastSeq === null) localStorage.removeItem(cursorKey(origin, centreId));
    else localStorage.setItem(cursorKey(origin, centreId), JSON.stringify(cursor));
  } catch {
    // Quota or private mode: the console still works; a reload starts from a snapshot without telling what is new.
  }
}
