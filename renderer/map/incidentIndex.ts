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

/**
 * Two layers of truth: `want` is what the map should show now (every incident in the time window, with its current
 * marks); `base` is what the big clustered source holds. A live change updates `want` at once (the console draws it in a
 * small "hot" overlay in the same frame) and marks the incident dirty; `syncBase` later brings the clustered source up
 * to date with one diff for everything dirty, because every change to a clustered source re-clusters all of it.
 */
export class IncidentIndex {
  private readonly all = new Map<number, MapIncident>();
  private readonly want = new Map<number, Shown>();
  private readonly base = new Map<number, Shown>();
  private readonly dirty = new Set<number>();
  private windowKey: TimeWindow;
  private category: string | null = null;
  private now: number;

  constructor(window: TimeWindow, now: number) {
    this.windowKey = window;
    this.now = now;
  }

  get window(): TimeWindow {
    return this.windowKey;
  }
  /** Incidents known (any age). */
  get size(): number {
    return this.all.size;
  }
  /** Incidents the map shows (in the time window). */
  get shownCount(): number {
    return this.want.size;
  }
  /** Incidents whose clustered copy is behind. */
  get dirtyCount(): number {
    return this.dirty.size;
  }
  get(id: number): MapIncident | undefined {
    return this.all.get(id);
  }
  values(): IterableIterator<MapIncident> {
    return this.all.values();
  }
  /** The incidents the map shows now (inside the time window). */
  *visible(): Generator<MapIncident> {
    for (const id of this.want.keys()) {
      const i = this.all.get(id);
      if (i) yield i;
    }
  }
  isShown(id: number): boolean {
    return this.want.has(id);
  }

  private inWindow(i: MapIncident): boolean {
    return i.reportedAt >= this.now - WINDOW_MS[this.windowKey] && i.state !== 'merged' && (this.category === null || i.category === this.category);
  }

  /** Recomputes what the map should show for one incident; true when that changed. */
  private refresh(i: MapIncident): boolean {
    const had = this.want.get(i.id);
    if (!this.inWindow(i)) {
      if (!had) return false;
      this.want.delete(i.id);
      this.dirty.add(i.id);
      return true;
    }
    const next: Shown = { lon: i.lon, lat: i.lat, props: propsOf(i, this.now) };
    if (had && sameShown(had, next)) return false;
    this.want.set(i.id, next);
    this.dirty.add(i.id);
    return true;
  }

  /**
   * Takes new or changed incidents (an older copy than the one held is ignored). Returns the ids whose drawing changed
   * (they are dirty until the next syncBase).
   */
  upsert(list: Iterable<MapIncident>, now: number): number[] {
    this.now = now;
    const changed: number[] = [];
    for (const i of list) {
      const held = this.all.get(i.id);
      if (held && !isNewer(i, held)) continue;
      this.all.set(i.id, i);
      if (this.refresh(i)) changed.push(i.id);
    }
    return changed;
  }

  remove(ids: Iterable<number>): number[] {
    const changed: number[] = [];
    for (const id of ids) {
      this.all.delete(id);
      if (this.want.delete(id)) {
        this.dirty.add(id);
        changed.push(id);
      }
    }
    return changed;
  }

  /** Another time window; returns how many incidents changed (then syncBase). */
  setWindow(window: TimeWindow, now: number): number {
    this.windowKey = window;
    return this.tick(now);
  }

  /** Only one category (null: all); returns how many incidents changed (then syncBase). */
  setCategory(category: string | null, now: number): number {
    this.category = category;
    return this.tick(now);
  }

  /** Time moved on: incidents age out of the window and stop being new. Returns how many changed. */
  tick(now: number): number {
    this.now = now;
    let n = 0;
    for (const i of this.all.values()) if (this.refresh(i)) n++;
    return n;
  }

  /** The current drawing of one incident (for the hot overlay), or null when the map does not show it. */
  featureOf(id: number): PointFeature | null {
    const w = this.want.get(id);
    return w ? { type: 'Feature', id, geometry: { type: 'Point', coordinates: [w.lon, w.lat] }, properties: w.props } : null;
  }

  /** The smallest diff that brings the clustered source to what the map should show; the base is then in sync. */
  syncBase(): SourceDiff {
    const diff = emptyDiff();
    for (const id of this.dirty) {
      const w = this.want.get(id);
      const b = this.base.get(id);
      if (!w) {
        if (b) {
          this.base.delete(id);
          diff.remove.push(id);
        }
        continue;
      }
      if (!b) {
        this.base.set(id, w);
        diff.add.push({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [w.lon, w.lat] }, properties: w.props });
        continue;
      }
      const change: FeatureDiff = { id };
      if (b.lon !== w.lon || b.lat !== w.lat) change.newGeometry = { type: 'Point', coordinates: [w.lon, w.lat] };
      const props: { key: string; value: unknown }[] = [];
      for (const k of Object.keys(w.props) as (keyof IncidentProps)[]) if (b.props[k] !== w.props[k]) props.push({ key: k, value: w.props[k] });
      if (props.length) change.addOrUpdateProperties = props;
      if (change.newGeometry || change.addOrUpdateProperties) {
        this.base.set(id, w);
        diff.update.push(change);
      }
    }
    this.dirty.clear();
    return diff;
  }

  /** Everything to show, for a whole load of the clustered source (then only diffs); the base is then in sync. */
  features(): PointFeature[] {
    this.base.clear();
    this.dirty.clear();
    const out: PointFeature[] = [];
    for (const [id, w] of this.want) {
      this.base.set(id, w);
      out.push({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [w.lon, w.lat] }, properties: w.props });
    }
    return out;
  }

  clear(): void {
    this.all.clear();
    this.want.clear();
    this.base.clear();
    this.dirty.clear();
  }
}

function sameShown(a: Shown, b: Shown): boolean {
  if (a.lon !== b.lon || a.lat !== b.lat) return false;
  for (const k of Object.keys(a.props) as (keyof IncidentProps)[]) if (a.props[k] !== b.props[k]) return false;
  return true;
}
