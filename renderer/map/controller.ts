// Owns one maplibre map: the server's style plus the live layers, the incident feature index, batched incremental
// updates (one GeoJSONSource.updateData per animation frame, never a rebuild per change), hover/click, drawing, flying.
import { Map as MlMap, setWorkerUrl, type GeoJSONSource, type MapGeoJSONFeature, type MapMouseEvent } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { CameraStatus } from '../../protocol/video.ts';
import type { GridProps, MapView } from '../../protocol/map.ts';
import { MAP_SOURCES } from '../../protocol/map.ts';
import { circleRing, inShape, shapeBBox, inBBox, type BBox, type LonLat, type Shape } from './geo.ts';
import { IncidentIndex, diffSize, type MapIncident, type TimeWindow } from './incidentIndex.ts';
import { CAMERA_COLOURS, CLUSTER_OPTIONS, LAYER_GROUPS, SRC, cameraLayers, drawCameraIcon, incidentLayers, selectionLayers, type LayerGroup } from './layers.ts';

setWorkerUrl(workerUrl);

export interface MapCamera { id: number; name: string; lon: number; lat: number; status: CameraStatus; townshipName: string }

export interface HoverGrid { props: GridProps; x: number; y: number }

export interface ControllerEvents {
  onHoverGrid(h: HoverGrid | null): void;
  onSelectIncident(id: number | null): void;
  onSelectCamera(id: number | null): void;
  onDrawn(shape: Shape | null): void;
  /** Counts for the legend and status line, after each applied change. */
  onCounts(c: { known: number; shown: number }): void;
  onError(message: string): void;
  /** The clustered source caught up. */
  onSynced?(): void;
}

export type DrawMode = 'none' | 'circle' | 'polygon';

const EMPTY_FC = { type: 'FeatureCollection' as const, features: [] };
/** Live changes go to the clustered source in one diff once they pause this long (the overlay shows them at once)… */
const BASE_QUIET_MS = 700;
/** …or at the latest this long after the first of them. */
const BASE_MAX_WAIT_MS = 5000;
/** The overlay is redrawn at most this often: a burst of changes is one redraw. */
const HOT_MIN_MS = 150;
/** A live burst bigger than this goes straight to the clustered source. */
const HOT_MAX = 2000;

export interface ControllerStats {
  /** updateData calls made, and the changes they carried. */
  diffs: number;
  changes: number;
  /** setData calls made on the clustered source (the first load, and nothing else in normal operation). */
  fullLoads: number;
  /** Redraws of the small live overlay. */
  hotUpdates: number;
  lastFlushMs: number;
}

export class MapController {
  readonly map: MlMap;
  readonly index: IncidentIndex;
  readonly ready: Promise<void>;
  readonly stats: ControllerStats = { diffs: 0, changes: 0, fullLoads: 0, hotUpdates: 0, lastFlushMs: 0 };
  private readonly cameras = new Map<number, MapCamera>();
  private pending = new Map<number, MapIncident>();
  private pendingTick = false;
  /** An updateData the worker has not finished yet. */
  private inFlight = false;
  private syncAgain = false;
  private baseTimer: ReturnType<typeof setTimeout> | null = null;
  private baseDirtySince: number | null = null;
  /** Live-changed incidents the clustered source is behind on, and those in the diff being applied. */
  private hotIds = new Set<number>();
  private readonly syncingIds = new Set<number>();
  private hotShown = 0;
  private hotTimer: ReturnType<typeof setTimeout> | null = null;
  private hotBusy = false;
  private hotAgain = false;
  private lastHotAt = -Infinity;
  private flushHandle: number | null = null;
  private loaded = false;
  private hoveredGrid: number | null = null;
  private drawMode: DrawMode = 'none';
  private drawPoints: LonLat[] = [];
  private circleCenter: LonLat | null = null;
  private selected: { kind: 'incident' | 'camera'; id: number } | null = null;
  private selectionRadiusM = 0;
  private destroyed = false;
  private tickTimer: ReturnType<typeof setInterval>;

  constructor(
    container: HTMLElement,
    readonly view: MapView,
    private readonly token: string,
    window: TimeWindow,
    private readonly events: ControllerEvents,
    now: () => number = Date.now,
  ) {
    this.now = now;
    this.index = new IncidentIndex(window, now());
    const [w, s, e, n] = view.bounds;
    const origin = globalThis.location?.origin ?? '';
    this.map = new MlMap({
      container,
      style: view.styleUrl,
      bounds: [[w, s], [e, n]],
      fitBoundsOptions: { padding: 24 },
      // Chinese labels drawn locally with the installed CJK font: no glyph download, nothing from the internet.
      localIdeographFontFamily: "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif",
      attributionControl: false,
      maxZoom: 19,
      fadeDuration: 0,
      canvasContextAttributes: { preserveDrawingBuffer: true },
      // Our own API wants the session; nothing else is ever requested.
      transformRequest: (url) => (url.startsWith(`${origin}/api/`) ? { url, headers: { Authorization: `Bearer ${this.token}` } } : { url }),
    });
    this.ready = new Promise((resolve) => {
      this.map.once('load', () => {
        if (this.destroyed) return;
        this.loaded = true;
        this.installLayers();
        this.wireEvents();
        resolve();
        this.scheduleFlush();
      });
    });
    this.map.on('error', (e) => {
      const msg = (e as unknown as { error?: { message?: string } }).error?.message ?? 'map error';
      if (!/aborted|AbortError/i.test(msg)) events.onError(msg);
    });
    this.tickTimer = setInterval(() => {
      this.pendingTick = true;
      this.scheduleFlush();
    }, 60_000);
  }

  private readonly now: () => number;

  private installLayers(): void {
    const m = this.map;
    for (const status of Object.keys(CAMERA_COLOURS) as CameraStatus[]) {
      const img = drawCameraIcon(CAMERA_COLOURS[status]);
      if (img && !m.hasImage(`zz-cam-${status}`)) m.addImage(`zz-cam-${status}`, img, { pixelRatio: 2 });
    }
    m.addSource(SRC.incidents, { type: 'geojson', data: EMPTY_FC, ...CLUSTER_OPTIONS } as never);
    m.addSource(SRC.hot, { type: 'geojson', data: EMPTY_FC });
    m.addSource(SRC.cameras, { type: 'geojson', data: EMPTY_FC });
    m.addSource(SRC.selection, { type: 'geojson', data: EMPTY_FC });
    m.addSource(SRC.draw, { type: 'geojson', data: EMPTY_FC });
    // A township's (or village's) own map names every one of its villages at whatever zoom it opens — on a small screen
    // that is below the style's 11, which stays for the county map, where 150 village names would crowd out the townships.
    if (this.view.level !== 'county' && m.getLayer('zz-village-label')) m.setLayerZoomRange('zz-village-label', 0, 24);
    // Beneath the style's first label layer: names stay readable over camera icons and incident dots (labels win).
    const beforeLabels = m.getStyle().layers.find((l) => l.type === 'symbol')?.id;
    for (const l of [...selectionLayers().slice(0, 2), ...incidentLayers(), ...cameraLayers(), ...selectionLayers().slice(2)]) m.addLayer(l as never, beforeLabels);
    // First load of whatever arrived before the map: one setData, then diffs only.
    if (this.index.size) this.loadBase();
    this.pushCameras();
  }

  // ---- incidents ----
  //
  // A live change is drawn in the same frame in a small unclustered "hot" overlay; the big clustered source catches up
  // with one updateData diff for everything changed since (when the changes pause, never two at once), because
  // every change to a clustered source re-clusters all of it. The whole source is set only on a first load.

  /** Queue new or changed incidents; they reach the map on the next animation frame. */
  queueIncidents(list: Iterable<MapIncident>): void {
    for (const i of list) {
      const prev = this.pending.get(i.id);
      if (!prev || i.updatedAt >= prev.updatedAt) this.pending.set(i.id, i);
    }
    this.scheduleFlush();
  }

  /** Load a whole data set at once (a first load): the index takes it, the clustered source gets one setData. */
  loadIncidents(list: Iterable<MapIncident>): void {
    this.index.upsert(list, this.now());
    if (!this.loaded) return; // installLayers loads it
    this.loadBase();
  }

  private loadBase(): void {
    (this.map.getSource(SRC.incidents) as GeoJSONSource).setData({ type: 'FeatureCollection', features: this.index.features() } as never);
    this.stats.fullLoads++;
    this.hotIds.clear();
    this.renderHot();
    this.events.onCounts({ known: this.index.size, shown: this.index.shownCount });
  }

  setWindow(w: TimeWindow): void {
    if (this.index.setWindow(w, this.now()) > 0) this.syncBase();
    this.renderHot();
    this.events.onCounts({ known: this.index.size, shown: this.index.shownCount });
  }

  setCategory(category: string | null): void {
    if (this.index.setCategory(category, this.now()) > 0) this.syncBase();
    this.renderHot();
    this.events.onCounts({ known: this.index.size, shown: this.index.shownCount });
  }

  private scheduleFlush(): void {
    if (this.flushHandle !== null || this.destroyed) return;
    this.flushHandle = requestAnimationFrame(() => {
      this.flushHandle = null;
      this.flush();
    });
  }

  /** Applies everything queued since the last frame: the hot overlay now, the clustered source soon. */
  flush(): void {
    if (!this.loaded) return;
    const t0 = performance.now();
    let changed = 0;
    if (this.pending.size) {
      const batch = this.pending;
      this.pending = new Map();
      for (const id of this.index.upsert(batch.values(), this.now())) {
        this.hotIds.add(id);
        changed++;
      }
    }
    if (this.pendingTick) {
      this.pendingTick = false;
      // Ageing is a bulk change: straight to the clustered source.
      if (this.index.tick(this.now()) > 0) this.syncBase();
    }
    if (changed) {
      this.scheduleHot();
      // A huge burst goes to the clustered source at once rather than through a huge overlay.
      if (this.hotIds.size > HOT_MAX) this.syncBase();
      else this.scheduleBaseSync();
      this.events.onCounts({ known: this.index.size, shown: this.index.shownCount });
      if (this.selected?.kind === 'incident') this.refreshSelection();
    }
    this.stats.lastFlushMs = performance.now() - t0;
  }

  /**
   * The clustered source catches up once live changes pause (BASE_QUIET_MS), or after BASE_MAX_WAIT_MS in a long
   * stream of them: during a burst only the cheap overlay is redrawn, and the burst is one re-cluster afterwards.
   */
  private scheduleBaseSync(): void {
    if (this.destroyed) return;
    const now = performance.now();
    if (this.baseDirtySince === null) this.baseDirtySince = now;
    if (this.baseTimer !== null) clearTimeout(this.baseTimer);
    const wait = Math.max(0, Math.min(BASE_QUIET_MS, this.baseDirtySince + BASE_MAX_WAIT_MS - now));
    this.baseTimer = setTimeout(() => {
      this.baseTimer = null;
      this.syncBase();
    }, wait);
  }

  /** One diff for everything the clustered source is behind on; waits while the map's worker is still busy. */
  private syncBase(): void {
    if (!this.loaded || this.index.dirtyCount === 0) return;
    if (this.inFlight) {
      this.syncAgain = true;
      return;
    }
    this.baseDirtySince = null;
    const diff = this.index.syncBase();
    // Overlay entries stay until the clustered source has them, so nothing blinks.
    const syncing = this.hotIds;
    this.hotIds = new Set();
    for (const id of syncing) this.syncingIds.add(id);
    if (diffSize(diff) === 0) return this.afterSync(syncing);
    this.inFlight = true;
    this.stats.diffs++;
    this.stats.changes += diffSize(diff);
    void (this.map.getSource(SRC.incidents) as GeoJSONSource)
      .updateData(diff as never)
      .catch((e: unknown) => this.events.onError(e instanceof Error ? e.message : String(e)))
      .finally(() => {
        this.inFlight = false;
        this.afterSync(syncing);
      });
  }

  private afterSync(synced: Set<number>): void {
    for (const id of synced) this.syncingIds.delete(id);
    this.renderHot();
    if (this.syncAgain || this.index.dirtyCount > 0) {
      this.syncAgain = false;
      this.scheduleBaseSync();
    }
    this.events.onSynced?.();
  }

  /** Redraws the overlay now, or as soon as HOT_MIN_MS has passed since the last redraw (a burst is one redraw). */
  private scheduleHot(): void {
    if (this.hotTimer !== null) return;
    const wait = this.lastHotAt + HOT_MIN_MS - performance.now();
    if (wait <= 0) return this.renderHot();
    this.hotTimer = setTimeout(() => {
      this.hotTimer = null;
      this.renderHot();
    }, wait);
  }

  /** The overlay: current drawings of the incidents the clustered source is behind on. */
  private renderHot(): void {
    if (!this.loaded) return;
    if (this.hotBusy) {
      this.hotAgain = true;
      return;
    }
    if (this.hotTimer !== null) {
      clearTimeout(this.hotTimer);
      this.hotTimer = null;
    }
    this.lastHotAt = performance.now();
    const features = [];
    for (const id of new Set([...this.syncingIds, ...this.hotIds])) {
      const f = this.index.featureOf(id);
      if (f) features.push(f);
    }
    if (features.length === 0 && this.hotShown === 0) return;
    this.hotShown = features.length;
    // Back-pressure: one overlay update in the works at a time (on a slow renderer a frame is expensive).
    this.hotBusy = true;
    this.stats.hotUpdates++;
    void (this.map.getSource(SRC.hot) as GeoJSONSource)
      .setData({ type: 'FeatureCollection', features } as never)
      .catch(() => {})
      .finally(() =>
        requestAnimationFrame(() => {
          this.hotBusy = false;
          if (this.hotAgain) {
            this.hotAgain = false;
            this.scheduleHot();
          }
        }),
      );
  }

  /** True when the clustered source holds everything (tests and the benchmark wait for this). */
  get settled(): boolean {
    return this.pending.size === 0 && this.index.dirtyCount === 0 && !this.inFlight && this.hotIds.size === 0 && this.syncingIds.size === 0 && this.hotTimer === null && !this.hotBusy && !this.hotAgain;
  }

  // ---- cameras ----

  setCameras(list: readonly MapCamera[]): void {
    this.cameras.clear();
    for (const c of list) this.cameras.set(c.id, c);
    this.pushCameras();
  }

  upsertCamera(c: MapCamera): void {
    this.cameras.set(c.id, c);
    this.pushCameras();
  }

  removeCamera(id: number): void {
    if (this.cameras.delete(id)) this.pushCameras();
  }

  cameraList(): MapCamera[] {
    return [...this.cameras.values()];
  }

  getCamera(id: number): MapCamera | undefined {
    return this.cameras.get(id);
  }

  private pushCameras(): void {
    if (!this.loaded) return;
    // A few hundred points: a plain setData is cheaper than keeping a diff.
    const features = [...this.cameras.values()].map((c) => ({
      type: 'Feature' as const, id: c.id, geometry: { type: 'Point' as const, coordinates: [c.lon, c.lat] }, properties: { id: c.id, st: c.status, name: c.name },
    }));
    (this.map.getSource(SRC.cameras) as GeoJSONSource).setData({ type: 'FeatureCollection', features } as never);
  }

  // ---- layers ----

  setGroupVisible(group: LayerGroup, visible: boolean): void {
    const apply = () => {
      for (const id of LAYER_GROUPS[group]) if (this.map.getLayer(id)) this.map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
    };
    if (this.loaded) apply();
    else void this.ready.then(apply);
  }

  // ---- selection, flying ----

  select(sel: { kind: 'incident' | 'camera'; id: number } | null, radiusM = 0): void {
    this.selected = sel;
    this.selectionRadiusM = radiusM;
    this.refreshSelection();
  }

  private refreshSelection(): void {
    if (!this.loaded) return;
    const src = this.map.getSource(SRC.selection) as GeoJSONSource | undefined;
    if (!src) return;
    const sel = this.selected;
    const at: LonLat | null =
      sel?.kind === 'incident' ? ((i) => (i ? [i.lon, i.lat] : null))(this.index.get(sel.id)) : sel ? ((c) => (c ? [c.lon, c.lat] : null))(this.cameras.get(sel.id)) : null;
    const features: unknown[] = [];
    if (at) {
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: {} });
      if (sel?.kind === 'incident' && this.selectionRadiusM > 0)
        features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [circleRing(at, this.selectionRadiusM)] }, properties: {} });
    }
    src.setData({ type: 'FeatureCollection', features } as never);
  }

  flyTo(p: LonLat, zoom = 15): void {
    this.map.flyTo({ center: p, zoom: Math.max(zoom, this.map.getZoom()), speed: 1.6, essential: true });
  }

  fitBounds(b: BBox): void {
    this.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 40, maxZoom: 15, duration: 1200, essential: true });
  }

  // ---- drawing ----

  setDrawMode(mode: DrawMode): void {
    this.drawMode = mode;
    this.drawPoints = [];
    this.circleCenter = null;
    const canvas = this.map.getCanvas();
    canvas.style.cursor = mode === 'none' ? '' : 'crosshair';
    if (mode === 'none') {
      this.map.dragPan.enable();
      this.map.doubleClickZoom.enable();
    } else {
      this.map.dragPan.disable();
      this.map.doubleClickZoom.disable();
    }
  }

  clearDrawing(): void {
    this.setDrawMode('none');
    this.renderDraw(null, []);
    this.events.onDrawn(null);
  }

  /** What is inside a drawn shape: the incidents the map shows (in the time window) and the cameras. */
  inside(shape: Shape): { incidents: MapIncident[]; cameras: MapCamera[] } {
    const box = shapeBBox(shape);
    const hit = (p: LonLat) => (!box || inBBox(p, box)) && inShape(p, shape);
    const incidents: MapIncident[] = [];
    for (const i of this.index.visible()) if (hit([i.lon, i.lat])) incidents.push(i);
    const cameras = [...this.cameras.values()].filter((c) => hit([c.lon, c.lat]));
    incidents.sort((a, b) => b.reportedAt - a.reportedAt);
    return { incidents, cameras };
  }

  private renderDraw(shape: Shape | null, vertices: LonLat[], cursor?: LonLat): void {
    const src = this.map.getSource(SRC.draw) as GeoJSONSource | undefined;
    if (!src) return;
    const features: unknown[] = [];
    if (shape?.kind === 'circle') features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [circleRing(shape.center, shape.radiusM)] }, properties: {} });
    if (shape?.kind === 'polygon') features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[...shape.ring, shape.ring[0]]] }, properties: {} });
    if (!shape && vertices.length) {
      const line = cursor ? [...vertices, cursor] : vertices;
      if (line.length > 1) features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: line }, properties: {} });
      for (const v of vertices) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: v }, properties: {} });
    }
    src.setData({ type: 'FeatureCollection', features } as never);
  }

  private finishDraw(shape: Shape): void {
    this.setDrawMode('none');
    this.renderDraw(shape, []);
    this.events.onDrawn(shape);
  }

  // ---- events ----

  private wireEvents(): void {
    const m = this.map;
    const lngLat = (e: MapMouseEvent): LonLat => [e.lngLat.lng, e.lngLat.lat];

    m.on('mousemove', 'zz-grid-fill', (e) => {
      if (this.drawMode !== 'none') return;
      const f = e.features?.[0] as MapGeoJSONFeature | undefined;
      if (!f) return;
      const id = Number(f.id);
      if (this.hoveredGrid !== id) {
        if (this.hoveredGrid !== null) m.setFeatureState({ source: MAP_SOURCES.grids, id: this.hoveredGrid }, { hover: false });
        this.hoveredGrid = id;
        m.setFeatureState({ source: MAP_SOURCES.grids, id }, { hover: true });
      }
      this.events.onHoverGrid({ props: f.properties as unknown as GridProps, x: e.point.x, y: e.point.y });
    });
    m.on('mouseleave', 'zz-grid-fill', () => {
      if (this.hoveredGrid !== null) m.setFeatureState({ source: MAP_SOURCES.grids, id: this.hoveredGrid }, { hover: false });
      this.hoveredGrid = null;
      this.events.onHoverGrid(null);
    });

    for (const id of ['zz-inc-point', 'zz-inc-hot-point', 'zz-inc-cluster', 'zz-cam']) {
      m.on('mouseenter', id, () => {
        if (this.drawMode === 'none') m.getCanvas().style.cursor = 'pointer';
      });
      m.on('mouseleave', id, () => {
        if (this.drawMode === 'none') m.getCanvas().style.cursor = '';
      });
    }

    m.on('click', (e) => {
      if (this.drawMode !== 'none') return this.drawClick(lngLat(e));
      const hits = m.queryRenderedFeatures(e.point, { layers: ['zz-cam', 'zz-inc-hot-point', 'zz-inc-point', 'zz-inc-cluster'].filter((l) => m.getLayer(l) && m.getLayoutProperty(l, 'visibility') !== 'none') });
      const top = hits[0];
      if (!top) return;
      if (top.layer.id === 'zz-cam') return this.events.onSelectCamera(Number(top.properties.id ?? top.id));
      if (top.layer.id === 'zz-inc-point' || top.layer.id === 'zz-inc-hot-point') return this.events.onSelectIncident(Number(top.id));
      const clusterId = top.properties.cluster_id as number;
      const center = (top.geometry as GeoJSON.Point).coordinates as LonLat;
      void (m.getSource(SRC.incidents) as GeoJSONSource).getClusterExpansionZoom(clusterId).then((zoom) => m.easeTo({ center, zoom: Math.min(zoom, 18) }));
    });

    m.on('mousedown', (e) => {
      if (this.drawMode !== 'circle') return;
      e.preventDefault();
      this.circleCenter = lngLat(e);
    });
    m.on('mousemove', (e) => {
      if (this.drawMode === 'circle' && this.circleCenter) {
        this.renderDraw({ kind: 'circle', center: this.circleCenter, radiusM: this.radiusTo(lngLat(e)) }, []);
      } else if (this.drawMode === 'polygon' && this.drawPoints.length) {
        this.renderDraw(null, this.drawPoints, lngLat(e));
      }
    });
    m.on('mouseup', (e) => {
      if (this.drawMode !== 'circle' || !this.circleCenter) return;
      const radiusM = this.radiusTo(lngLat(e));
      const center = this.circleCenter;
      this.circleCenter = null;
      if (radiusM < 10) return; // a click, not a drag: keep waiting
      this.finishDraw({ kind: 'circle', center, radiusM });
    });
    m.on('dblclick', (e) => {
      if (this.drawMode !== 'polygon') return;
      e.preventDefault();
      this.closePolygon();
    });
  }

  private radiusTo(p: LonLat): number {
    if (!this.circleCenter) return 0;
    const [lon1, lat1] = this.circleCenter;
    const rad = Math.PI / 180;
    const x = (p[0] - lon1) * rad * Math.cos(((lat1 + p[1]) / 2) * rad);
    const y = (p[1] - lat1) * rad;
    return Math.sqrt(x * x + y * y) * 6_371_008.8;
  }

  private drawClick(p: LonLat): void {
    if (this.drawMode !== 'polygon') return;
    // A click on the first vertex closes the polygon.
    const first = this.drawPoints[0];
    if (first && this.drawPoints.length >= 3) {
      const a = this.map.project(first);
      const b = this.map.project(p);
      if (Math.hypot(a.x - b.x, a.y - b.y) < 10) return this.closePolygon();
    }
    this.drawPoints.push(p);
    this.renderDraw(null, this.drawPoints);
  }

  /** Finish the polygon being drawn (also the toolbar's "finish" button). */
  closePolygon(): void {
    // A double click adds its position twice: drop repeated vertices.
    const ring = this.drawPoints.filter((p, i, all) => i === 0 || p[0] !== all[i - 1]?.[0] || p[1] !== all[i - 1]?.[1]);
    if (ring.length < 3) return;
    this.finishDraw({ kind: 'polygon', ring });
  }

  destroy(): void {
    this.destroyed = true;
    clearInterval(this.tickTimer);
    if (this.baseTimer !== null) clearTimeout(this.baseTimer);
    if (this.hotTimer !== null) clearTimeout(this.hotTimer);
    if (this.flushHandle !== null) cancelAnimationFrame(this.flushHandle);
    this.map.remove();
  }
}
