// Who an alert will reach, for the confirmation before sending. The server decides (app/domain/alerts.ts resolveTargets,
// the order rules); this mirrors it for the preview: the chosen townships and villages, and with includeVillages every
// village of a chosen township.
import type { Centre } from '../../protocol/index.ts';

export function previewRecipients(centres: readonly Centre[], all: boolean, picked: ReadonlySet<number>, includeVillages: boolean): Centre[] {
  const byId = new Map(centres.map((c) => [c.id, c]));
  const chosen = all ? centres.filter((c) => c.level === 'township') : [...picked].map((id) => byId.get(id)).filter((c): c is Centre => c !== undefined);
  const out = new Map<number, Centre>(chosen.filter((c) => c.level !== 'county').map((c) => [c.id, c]));
  if (includeVillages) {
    const townships = new Set(chosen.filter((c) => c.level === 'township').map((c) => c.id));
    for (const c of centres) if (c.level === 'village' && c.parentId !== null && townships.has(c.parentId)) out.set(c.id, c);
  }
  return [...out.values()];
}
