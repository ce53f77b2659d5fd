// The incident layer's feature index: every incident the console knows, which of them the map source holds now
// (the time window), and the smallest change (GeoJSON source diff) that brings the source up to date. Pure: time is
// an argument, so the rules are unit tests.
import type { Incident, IncidentState, Priority } from '../../protocol/index.ts';

/** What the map needs of an incident. */
export type MapIncident = Pick<
  Incident,
  'id' | 'code' | 'category' | 'priority' | 'state' | 'lon' | 'lat' | 'overdue' | 'reportedAt' | 'updatedAt' | 'description' | 'gridName' | 'holderCentreName'
> & { version?: number; supervisedAt?: number | null };

export const TIME_WINDOWS = ['24h', '7d', '30d'] as const;
export type TimeWindow = (typeof TIME_WINDOWS)[number];
export const WINDOW_MS: Record<TimeWindow, number> = { '24h': 24 * 3600_000, '7d': 7 * 24 * 3600_000, '30d': 30 * 24 * 3600_000 };
/** An incident is "new" on the map for this long after it was reported. */
export const NEW_MS = 30 * 60_000;

export const PRIORITY_RANK: Record<Priority, number> = { simple: 0, general: 1, complex: 2 };
const CLOSED: ReadonlySet<IncidentState> = new Set(['resolved', 'followedUp', 'archived', 'merged']);
export const isClosed = (s: IncidentState): boolean => CLOSED.has(s);

/** Short property names: 100,000 of these cross to the map's worker. */
export interface IncidentProps {
  /** priority rank 0 simple, 1 general, 2 complex */
  p: number;
  /** 1 when closed (办结/回访/归档/合并): drawn muted */
  c: number;
  /** 1 when overdue */
  o: number;
  /** 1 when new */
  n: number;
  /** state, for the filter and the legend */
  s: IncidentState;
}

export interface PointFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: IncidentProps;
}

export interface FeatureDiff {
  id: number;
  newGeometry?: { type: 'Point'; coordinates: [number, number] };
  addOrUpdateProperties?: { key: string; value: unknown }[];
}

/** The shape maplibre's GeoJSONSource.updateData takes. */
export interface SourceDiff {
  add: PointFeature[];
  update: FeatureDiff[];
  remove: number[];
}

export const emptyDiff = (): SourceDiff => ({ add: [], update: [], remove: [] });
export const diffSize = (d: SourceDiff): number => d.add.length + d.update.length + d.remove.length;

export function propsOf(i: MapIncident, now: number): IncidentProps {
  return { p: PRIORITY_RANK[i.priority], c: isClosed(i.state) ? 1 : 0, o: i.overdue ? 1 : 0, n: now - i.reportedAt < NEW_MS && i.reportedAt <= now + 60_000 ? 1 : 0, s: i.state };
}

export function toFeature(i: MapIncident, now: number): PointFeature {
  return { type: 'Feature', id: i.id, geometry: { type: 'Point', coordinates: [i.lon, i.lat] }, properties: propsOf(i, now) };
}

interface Shown { lon: number; lat: number; props: IncidentProps }

/** Which is newer: the higher version, else the later updatedAt; an equal copy is not newer. */
export function isNewer(a: MapIncident, b: MapIncident): boolean {
  if (a.version !== undefined && b.version !== undefined && a.version !== b.version) return a.version > b.version;
  return a.updatedAt > b.updatedAt;
}

export class IncidentIndex {
  private readonly all = new Map<number, MapIncident>();
  /** What the map source holds now, by id. */
  private readonly shown = new Map<number, Shown>();
  private windowKey: TimeWindow;
  private now: number;

  constructor(window: TimeWindow, now: number) {
    this.windowKey = window;
    this.now = now;
  }

  get window(): TimeWindow {
    return this.windowKey;
  }
  get size(): number {
    return this.all.size;
  }
  get shownCount(): number {
    return this.shown.size;
  }
  get(id: number): MapIncident | undefined {
    return this.all.get(id);
  }
  values(): IterableIterator<MapIncident> {
    return this.all.values();
  }
  /** The incidents the map shows now (inside the time window). */
  *visible(): Generator<MapIncident> {
    for (const id of this.shown.keys()) {
      const i = this.all.get(id);
      if (i) yield i;
    }
  }
  isShown(id: number): boolean {
    return this.shown.has(id);
  }

  private inWindow(i: MapIncident): boolean {
    return i.reportedAt >= this.now - WINDOW_MS[this.windowKey] && i.state !== 'merged';
  }

  /** Brings one incident's presence in the source up to date, recording the change in `diff`. */
  private reconcile(i: MapIncident, diff: SourceDiff): void {
    const want = this.inWindow(i);
    const had = this.shown.get(i.id);
    if (!want) {
      if (had) {
        this.shown.delete(i.id);
        diff.remove.push(i.id);
      }
      return;
    }
    const props = propsOf(i, this.now);
    if (!had) {
      this.shown.set(i.id, { lon: i.lon, lat: i.lat, props });
      diff.add.push({ type: 'Feature', id: i.id, geometry: { type: 'Point', coordinates: [i.lon, i.lat] }, properties: props });
      return;
    }
    const change: FeatureDiff = { id: i.id };
    if (had.lon !== i.lon || had.lat !== i.lat) change.newGeometry = { type: 'Point', coordinates: [i.lon, i.lat] };
    const changed: { key: string; value: unknown }[] = [];
    for (const k of Object.keys(props) as (keyof IncidentProps)[]) if (had.props[k] !== props[k]) changed.push({ key: k, value: props[k] });
    if (changed.length) change.addOrUpdateProperties = changed;
    if (change.newGeometry || change.addOrUpdateProperties) {
      this.shown.set(i.id, { lon: i.lon, lat: i.lat, props });
      diff.update.push(change);
    }
  }

  /**
   * Takes new or changed incidents (an older copy than the one held is ignored) and returns the source diff.
   * The caller batches a burst (one animation frame) into one call, so one burst is one updateData.
   */
  upsert(list: Iterable<MapIncident>, now: number, diff: SourceDiff = emptyDiff()): SourceDiff {
    this.now = now;
    for (const i of list) {
      const held = this.all.get(i.id);
      if (held && !isNewer(i, held)) continue;
      this.all.set(i.id, i);
      this.reconcile(i, diff);
    }
    return diff;
  }

  remove(ids: Iterable<number>, diff: SourceDiff = emptyDiff()): SourceDiff {
    for (const id of ids) {
      this.all.delete(id);
      if (this.shown.delete(id)) diff.remove.push(id);
    }
    return diff;
  }

  /** Another time window: only what enters or leaves it changes. */
  setWindow(window: TimeWindow, now: number): SourceDiff {
    this.windowKey = window;
    return this.tick(now);
  }

  /** Time moved on: incidents age out of the window and stop being new. */
  tick(now: number): SourceDiff {
    this.now = now;
    const diff = emptyDiff();
    for (const i of this.all.values()) this.reconcile(i, diff);
    return diff;
  }

  /** Everything the source should hold, for the first load (then only diffs). */
  features(): PointFeature[] {
    const out: PointFeature[] = [];
    for (const [id, s] of this.shown) out.push({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [s.lon, s.lat] }, properties: s.props });
    return out;
  }

  clear(): void {
    this.all.clear();
    this.shown.clear();
  }
}
