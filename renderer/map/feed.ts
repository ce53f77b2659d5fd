// Feeds the map controller from the centre server: the incidents of the last 30 days (paged from GET /api/incidents),
// live `incident.updated` envelopes from the durable stream, and where high-level alerts are about.
import type { Alert, Camera, Incident, StreamEvent } from '../../protocol/index.ts';
import type { AreaProps, BBoxArray } from '../../protocol/map.ts';
import { api } from '../net/http.ts';
import { onStreamEvent } from '../stream/bus.ts';
import type { MapCamera, MapController } from './controller.ts';
import { bboxOf, unionBBox, type BBox, type LonLat } from './geo.ts';
import { WINDOW_MS, type MapIncident } from './incidentIndex.ts';

const PAGE = 5000;
/** The most the map loads at first; live updates come on top. */
export const MAX_LOAD = 100_000;

export function toMapCamera(c: Camera): MapCamera {
  return { id: c.id, name: c.name, lon: c.lng, lat: c.lat, status: c.health.status, townshipName: c.townshipName };
}

/**
 * The incidents reported in the last 30 days, newest first, page by page (the API answers at most 5,000 at a time).
 * Pages go back in time with `to`; an incident on a page edge may come twice and is kept once.
 */
export async function loadRecentIncidents(token: string, now: number, signal: AbortSignal, onPage: (page: Incident[]) => void): Promise<number> {
  const from = now - WINDOW_MS['30d'];
  let to: number | undefined;
  const seen = new Set<number>();
  while (seen.size < MAX_LOAD) {
    const q = new URLSearchParams({ from: String(from), limit: String(PAGE) });
    if (to !== undefined) q.set('to', String(to));
    const { incidents } = await api<{ incidents: Incident[] }>(`/api/incidents?${q}`, { token, signal });
    const fresh = incidents.filter((i) => !seen.has(i.id));
    for (const i of fresh) seen.add(i.id);
    if (fresh.length) onPage(fresh);
    if (incidents.length < PAGE || fresh.length === 0) break;
    to = Math.min(...incidents.map((i) => i.reportedAt)) + 1;
  }
  return seen.size;
}

export interface FeedHooks {
  /** A new incident worth looking at arrived live (complex, 督办 or sent up). */
  onNotable(i: MapIncident, why: 'complex' | 'supervise' | 'escalated'): void;
  onLoaded(count: number): void;
  onError(message: string): void;
}

/** Wires the incidents; returns the teardown. (Cameras come from the wall's slice, which the session keeps current.) */
export function attachFeed(ctl: MapController, token: string, hooks: FeedHooks): () => void {
  const ctl$ = new AbortController();
  const known = new Set<number>();
  let initialDone = false;

  // Live first, so nothing that happens during the load is missed (the index keeps the newer copy).
  const offStream = onStreamEvent('incident.updated', (e: Extract<StreamEvent, { kind: 'incident.updated' }>) => {
    const i = e.incident;
    const isNew = initialDone && !known.has(i.id) && !ctl.index.get(i.id);
    known.add(i.id);
    ctl.queueIncidents([i]);
    if (isNew && i.priority === 'complex') hooks.onNotable(i, 'complex');
    else if (e.notice === 'supervise') hooks.onNotable(i, 'supervise');
    else if (e.notice === 'escalated') hooks.onNotable(i, 'escalated');
  });

  // The first page is drawn at once; the rest (up to 100,000) go to the clustered source in one whole load at the end,
  // not as one re-cluster per page.
  let pages = 0;
  const rest: Incident[] = [];
  const finish = () => {
    initialDone = true;
    if (rest.length) ctl.loadIncidents(rest.splice(0));
  };
  void loadRecentIncidents(token, Date.now(), ctl$.signal, (page) => {
    for (const i of page) known.add(i.id);
    if (pages++ === 0) ctl.loadIncidents(page);
    else rest.push(...page);
  }).then(
    (n) => {
      finish();
      hooks.onLoaded(n);
    },
    (e: unknown) => {
      if (ctl$.signal.aborted) return;
      finish();
      hooks.onError(e instanceof Error ? e.message : String(e));
    },
  );

  return () => {
    ctl$.abort();
    offStream();
  };
}

/** Boxes of the centres' areas, from the same scoped GeoJSON the map draws. */
export type AreaBoxes = Map<number, { name: string; level: AreaProps['level']; box: BBoxArray }>;

export async function loadAreaBoxes(token: string): Promise<AreaBoxes> {
  const fc = await api<{ features: { geometry: { type: string; coordinates: LonLat[][] }; properties: AreaProps }[] }>('/api/map/areas.geojson', { token });
  const out: AreaBoxes = new Map();
  for (const f of fc.features) {
    if (f.geometry.type !== 'Polygon') continue;
    const box = bboxOf(f.geometry.coordinates[0] ?? []);
    if (box) out.set(f.properties.id, { name: f.properties.name, level: f.properties.level, box });
  }
  return out;
}

/**
 * Where a new alert "is": alerts carry no location, but one sent to particular centres is about them, so the map
 * flies to the area those centres cover. An alert to every township is about the whole county: no flight.
 */
export function alertArea(alert: Pick<Alert, 'level' | 'recipients'>, areas: AreaBoxes): { box: BBox; names: string[] } | null {
  if (alert.level !== 'red' && alert.level !== 'orange') return null;
  const ids = alert.recipients.map((r) => r.centreId);
  const townships = [...areas.values()].filter((a) => a.level === 'township').length;
  if (ids.length === 0 || (townships > 1 && ids.length >= townships)) return null;
  const hits = ids.map((id) => areas.get(id)).filter((a) => a !== undefined);
  const box = unionBBox(hits.map((h) => h.box));
  return box ? { box, names: hits.map((h) => h.name) } : null;
}
