// The console's map: the centre's own basemap, grids, live incidents and cameras; from an incident to its nearest
// cameras and onto the wall; drawing a shape to list what is inside; flying to new high-level alerts.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useTranslation } from 'react-i18next';
import { CAMERA_STATUS_LABELS, DEFAULT_CATEGORIES, INCIDENT_STATE_LABELS, PRIORITY_LABELS, type Camera } from '../../protocol/index.ts';
import type { MapView } from '../../protocol/map.ts';
import { useLabel } from '../i18n/index.ts';
import { api } from '../net/http.ts';
import { request } from '../net/socket.ts';
import { liveSocket } from '../session/live.ts';
import type { Session } from '../session/sessionSlice.ts';
import { useStore } from '../store.ts';
import { formatDateTime } from '../ui/time.ts';
import { MapController, type HoverGrid, type MapCamera } from './controller.ts';
import { alertArea, attachFeed, loadAreaBoxes, toMapCamera, type AreaBoxes } from './feed.ts';
import { formatDistance, nearestWithin, type Shape } from './geo.ts';
import { NEW_MS, TIME_WINDOWS, type MapIncident } from './incidentIndex.ts';
import { CAMERA_COLOURS, INCIDENT_COLOURS, TOGGLE_GROUPS } from './layers.ts';
import { replacedNotice } from '../wall/model.ts';
import { Tile } from '../wall/Tile.tsx';
import '../wall/wall.css';
import './map.css';

declare global {
  interface Window {
    /** The live map, for the e2e tests and the benchmark (queryRenderedFeatures, injecting data). */
    __zzMap?: MapController;
  }
}

const LIST_MAX = 200;

/** The map's UI state and actions, without re-rendering on unrelated store changes. */
function useMapUi() {
  return useStore(
    useShallow((st) => ({
      mapLayers: st.mapLayers, mapWindow: st.mapWindow, mapHeatmap: st.mapHeatmap, mapCategory: st.mapCategory, setMapCategory: st.setMapCategory, mapFollow: st.mapFollow, mapSelected: st.mapSelected,
      mapDrawMode: st.mapDrawMode, mapDrawn: st.mapDrawn, mapCounts: st.mapCounts,
      setMapLayer: st.setMapLayer, setMapWindow: st.setMapWindow, setMapHeatmap: st.setMapHeatmap, setMapFollow: st.setMapFollow,
      selectOnMap: st.selectOnMap, setMapDrawMode: st.setMapDrawMode,
    })),
  );
}

export function MapScreen({ session }: { session: Session }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [ctl, setCtl] = useState<MapController | null>(null);
  const [view, setView] = useState<MapView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hover, setHover] = useState<HoverGrid | null>(null);
  const [toast, setToast] = useState<string | null>(null);
  const wallScreens = useStore((st) => (st.wallSynced ? (st.wall?.screens.length ?? 0) : null));
  const wall = wallScreens === null ? undefined : wallScreens > 0 ? { screens: wallScreens } : null;
  const s = useMapUi();
  const token = session.token;

  // Build the map once per login.
  useEffect(() => {
    const abort = new AbortController();
    let made: MapController | null = null;
    let detach: (() => void) | null = null;
    api<MapView>('/api/map/view', { token, signal: abort.signal }).then(
      (v) => {
        if (abort.signal.aborted || !box.current) return;
        const st = useStore.getState();
        const c = new MapController(box.current, v, token, st.mapWindow, {
          onHoverGrid: setHover,
          onSelectIncident: (id) => useStore.getState().selectOnMap(id === null ? null : { kind: 'incident', id }),
          onSelectCamera: (id) => useStore.getState().selectOnMap(id === null ? null : { kind: 'camera', id }),
          onDrawn: (shape) => useStore.getState().setMapDrawn(shape),
          onCounts: (n) => {
            const g = useStore.getState();
            g.setMapCounts(n);
            g.bumpMapData();
          },
          onError: (m) => console.warn('[map]', m),
        });
        made = c;
        window.__zzMap = c;
        setView(v);
        setCtl(c);
        detach = attachFeed(c, token, {
          onNotable: (i, why) => {
            if (!useStore.getState().mapFollow) return;
            c.flyTo([i.lon, i.lat]);
            setToast(t('map.flewTo', { what: `${t(`map.notable.${why}`)} ${i.code}` }));
          },
          onLoaded: () => useStore.getState().bumpMapData(),
          onError: (m) => setError(m),
        });
      },
      (e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      abort.abort();
      detach?.();
      if (made) {
        if (window.__zzMap === made) delete window.__zzMap;
        made.destroy();
      }
    };
  }, [token]);

  // Cameras: the wall's slice is the console's camera list (kept current by the session); the map draws it.
  useEffect(() => {
    if (!ctl) return;
    const apply = (cams: Record<number, Camera>) => {
      ctl.setCameras(Object.values(cams).map(toMapCamera));
      useStore.getState().bumpMapData();
    };
    apply(useStore.getState().cameras);
    return useStore.subscribe((st, prev) => {
      if (st.cameras !== prev.cameras) apply(st.cameras);
    });
  }, [ctl]);

  // UI state → map.
  useEffect(() => {
    if (!ctl) return;
    for (const g of TOGGLE_GROUPS) {
      if (g === 'incidents') continue;
      ctl.setGroupVisible(g, s.mapLayers[g]);
    }
    ctl.setGroupVisible('incidents', s.mapLayers.incidents && !s.mapHeatmap);
    ctl.setGroupVisible('heatmap', s.mapLayers.incidents && s.mapHeatmap);
  }, [ctl, s.mapLayers, s.mapHeatmap]);
  useEffect(() => ctl?.setWindow(s.mapWindow), [ctl, s.mapWindow]);
  useEffect(() => ctl?.setCategory(s.mapCategory), [ctl, s.mapCategory]);
  useEffect(() => {
    if (!ctl) return;
    ctl.select(s.mapSelected, s.mapSelected?.kind === 'incident' ? (view?.nearestCameras.radiusM ?? 0) : 0);
  }, [ctl, s.mapSelected, view]);
  useEffect(() => {
    if (!ctl) return;
    if (s.mapDrawMode === 'none') return;
    ctl.setDrawMode(s.mapDrawMode);
  }, [ctl, s.mapDrawMode]);
  // Esc leaves drawing.
  useEffect(() => {
    if (!ctl || s.mapDrawMode === 'none') return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') ctl.clearDrawing();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ctl, s.mapDrawMode]);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 4000);
    return () => clearTimeout(timer);
  }, [toast]);

  // A new red/orange alert flies the map to the area it was sent to.
  useFlyToAlerts(ctl, token, (names) => setToast(t('map.flewTo', { what: names.join('、') })));

  return (
    <div className="map-screen" data-testid="map-screen">
      <Toolbar />
      <div className="map-body">
        <div className="map-canvas" ref={box} data-testid="map-canvas" data-ready={ctl ? 'true' : 'false'}>
          {!ctl && !error && <div className="map-overlay">{t('map.loading')}</div>}
          {error && (
            <div className="map-overlay map-error" role="alert">
              {t('map.failed', { reason: error })}
            </div>
          )}
          {hover && <GridTip hover={hover} />}
          {toast && (
            <div className="map-toast" role="status" data-testid="map-toast">
              {toast}
            </div>
          )}
          <Legend />
        </div>
        {ctl && view && (s.mapSelected || s.mapDrawn) && (
          <aside className="map-side" data-testid="map-side">
            {s.mapSelected?.kind === 'incident' && <IncidentDrawer ctl={ctl} view={view} id={s.mapSelected.id} wall={wall} />}
            {s.mapSelected?.kind === 'camera' && <CameraPanel ctl={ctl} id={s.mapSelected.id} wall={wall} />}
            {!s.mapSelected && s.mapDrawn && <DrawnPanel ctl={ctl} shape={s.mapDrawn} />}
          </aside>
        )}
      </div>
    </div>
  );
}

function Toolbar() {
  const { t } = useTranslation();
  const label = useLabel();
  const s = useMapUi();
  const ctl = window.__zzMap;
  return (
    <div className="map-toolbar" role="toolbar" aria-label={t('map.layers')}>
      <span className="map-tool-label">{t('map.layers')}</span>
      {TOGGLE_GROUPS.map((g) => (
        <label key={g} className="map-toggle">
          <input type="checkbox" checked={s.mapLayers[g]} onChange={(e) => s.setMapLayer(g, e.target.checked)} data-testid={`map-layer-${g}`} />
          {t(`map.layer.${g}`)}
        </label>
      ))}
      <span className="map-sep" />
      <span className="map-tool-label">{t('map.window')}</span>
      <span className="map-seg" role="radiogroup" aria-label={t('map.window')}>
        {TIME_WINDOWS.map((w) => (
          <button key={w} type="button" role="radio" aria-checked={s.mapWindow === w} className="map-seg-btn" onClick={() => s.setMapWindow(w)} data-testid={`map-window-${w}`}>
            {t(`map.windows.${w}`)}
          </button>
        ))}
      </span>
      <label className="map-toggle">
        <input type="checkbox" checked={s.mapHeatmap} onChange={(e) => s.setMapHeatmap(e.target.checked)} data-testid="map-heatmap" />
        {t('map.heatmap')}
      </label>
      {s.mapCategory !== null && (
        <button type="button" className="map-seg-btn" aria-checked="true" onClick={() => s.setMapCategory(null)} data-testid="map-category" title="×">
          {label(categoryLabel(s.mapCategory))} ×
        </button>
      )}
      <label className="map-toggle" title={t('map.followHint')}>
        <input type="checkbox" checked={s.mapFollow} onChange={(e) => s.setMapFollow(e.target.checked)} data-testid="map-follow" />
        {t('map.follow')}
      </label>
      <span className="map-sep" />
      <button type="button" className="btn btn-sm" aria-pressed={s.mapDrawMode === 'circle'} onClick={() => { s.selectOnMap(null); s.setMapDrawMode('circle'); }} data-testid="map-draw-circle">
        {t('map.draw.circle')}
      </button>
      <button type="button" className="btn btn-sm" aria-pressed={s.mapDrawMode === 'polygon'} onClick={() => { s.selectOnMap(null); s.setMapDrawMode('polygon'); }} data-testid="map-draw-polygon">
        {t('map.draw.polygon')}
      </button>
      {s.mapDrawMode === 'polygon' && (
        <button type="button" className="btn btn-sm" onClick={() => ctl?.closePolygon()} data-testid="map-draw-finish">
          {t('map.draw.finish')}
        </button>
      )}
      {(s.mapDrawn || s.mapDrawMode !== 'none') && (
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => ctl?.clearDrawing()} data-testid="map-draw-clear">
          {t('map.draw.clear')}
        </button>
      )}
      {s.mapDrawMode !== 'none' && <span className="muted map-hint">{t(s.mapDrawMode === 'circle' ? 'map.draw.hintCircle' : 'map.draw.hintPolygon')}</span>}
      <span className="map-counts muted" data-testid="map-counts" data-shown={s.mapCounts.shown}>
        {t('map.counts', { shown: s.mapCounts.shown, known: s.mapCounts.known })}
      </span>
    </div>
  );
}

function GridTip({ hover }: { hover: HoverGrid }) {
  const { t } = useTranslation();
  const p = hover.props;
  return (
    <div className="map-tip" style={{ left: hover.x + 14, top: hover.y + 14 }} data-testid="map-grid-tip">
      <div className="map-tip-title">{p.name}</div>
      <div>
        <span className="muted">{t('map.grid.village')}：</span>
        {p.villageName}
      </div>
      <div>
        <span className="muted">{t('map.grid.member')}：</span>
        <span data-testid="map-grid-member">{p.memberName ?? t('map.grid.none')}</span>
        {p.memberPhone && <span className="num muted"> {p.memberPhone}</span>}
      </div>
    </div>
  );
}

function Legend() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(true);
  const dot = (colour: string, extra: React.CSSProperties = {}) => <span className="lg-dot" style={{ background: colour, ...extra }} />;
  return (
    <div className="map-legend" data-testid="map-legend">
      <button type="button" className="map-legend-head" onClick={() => setOpen(!open)} aria-expanded={open}>
        {t('map.legend.title')}
      </button>
      {open && (
        <ul>
          <li>{dot(INCIDENT_COLOURS.complex)}{t('map.legend.complex')}</li>
          <li>{dot(INCIDENT_COLOURS.general)}{t('map.legend.general')}</li>
          <li>{dot(INCIDENT_COLOURS.simple)}{t('map.legend.simple')}</li>
          <li>{dot(INCIDENT_COLOURS.closed)}{t('map.legend.closed')}</li>
          <li>{dot('transparent', { boxShadow: `0 0 0 2px ${INCIDENT_COLOURS.overdue}` })}{t('map.legend.overdue')}</li>
          <li>{dot('rgba(255,255,255,0.25)', { boxShadow: '0 0 0 1px #fff' })}{t('map.legend.fresh')}</li>
          <li><span className="lg-cluster">12</span>{t('map.legend.cluster')}</li>
          <li>{dot(CAMERA_COLOURS.online, { borderRadius: 2 })}{t('map.legend.camOnline')}</li>
          <li>{dot(CAMERA_COLOURS.offline, { borderRadius: 2 })}{t('map.legend.camOffline')}</li>
          <li>{dot(CAMERA_COLOURS.error, { borderRadius: 2 })}{t('map.legend.camError')}</li>
          <li>{dot(CAMERA_COLOURS.unknown, { borderRadius: 2 })}{t('map.legend.camUnknown')}</li>
          <li><span className="lg-line" style={{ background: '#4f7ea8' }} />{t('map.legend.township')}</li>
          <li><span className="lg-line thin" style={{ background: '#3d5a75' }} />{t('map.legend.grid')}</li>
        </ul>
      )}
    </div>
  );
}

const categoryLabel = (code: string): readonly [string, string] => DEFAULT_CATEGORIES.find((c) => c.code === code)?.label ?? [code, code];

function IncidentDrawer({ ctl, view, id, wall }: { ctl: MapController; view: MapView; id: number; wall: { screens: number } | null | undefined }) {
  const { t } = useTranslation();
  const label = useLabel();
  useStore((s) => s.mapDataTick);
  const close = useStore((s) => s.selectOnMap);
  const inc = ctl.index.get(id);
  const { radiusM, count } = view.nearestCameras;
  const units = { m: t('map.units.m'), km: t('map.units.km') };
  const nearest = useMemo(() => (inc ? nearestWithin([inc.lon, inc.lat], ctl.cameraList(), radiusM, Math.max(count, 8)) : []),
    [inc, radiusM, count, useStore.getState().mapDataTick]);
  const [picked, setPicked] = useState<Set<number>>(new Set());
  useEffect(() => setPicked(new Set(nearest.slice(0, count).map((h) => h.item.id))), [nearest, count]);

  if (!inc) {
    return (
      <div className="map-panel" data-testid="incident-drawer">
        <PanelHead title={t('map.incident.title')} onClose={() => close(null)} />
        <div className="empty">{t('map.incident.notLoaded')}</div>
      </div>
    );
  }
  const fresh = Date.now() - inc.reportedAt < NEW_MS;
  const radius = formatDistance(radiusM, units);
  return (
    <div className="map-panel" data-testid="incident-drawer" data-incident-id={inc.id}>
      <PanelHead title={t('map.incident.title')} onClose={() => close(null)} />
      <div className="map-panel-body">
        <div className="inc-head">
          <span className={`inc-prio p-${inc.priority}`}>{label(PRIORITY_LABELS[inc.priority])}</span>
          <span className="inc-code num" data-testid="incident-code">{inc.code}</span>
          {inc.overdue && <span className="badge badge-reminder">{t('map.incident.overdue')}</span>}
          {fresh && <span className="badge badge-new">{t('map.incident.fresh')}</span>}
        </div>
        <p className="inc-desc">{inc.description}</p>
        <dl className="kv">
          <dt>{t('map.incident.category')}</dt>
          <dd>{label(categoryLabel(inc.category))}</dd>
          <dt>{t('map.incident.state')}</dt>
          <dd data-testid="incident-state">{label(INCIDENT_STATE_LABELS[inc.state])}</dd>
          <dt>{t('map.incident.reportedAt')}</dt>
          <dd className="num">{formatDateTime(inc.reportedAt)}</dd>
          <dt>{t('map.incident.grid')}</dt>
          <dd>{inc.gridName ?? '—'}</dd>
          <dt>{t('map.incident.holder')}</dt>
          <dd>{inc.holderCentreName}</dd>
        </dl>
        <div className="panel-subhead">{t('map.cameras.nearest', { radius })}</div>
        {nearest.length === 0 ? (
          <div className="muted small" data-testid="nearest-none">{t('map.cameras.none', { radius })}</div>
        ) : (
          <ul className="cam-list" data-testid="nearest-cameras">
            {nearest.map(({ item, distanceM }) => (
              <li key={item.id} data-testid="nearest-camera" data-camera-id={item.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={picked.has(item.id)}
                    onChange={(e) => {
                      const next = new Set(picked);
                      if (e.target.checked) next.add(item.id);
                      else next.delete(item.id);
                      setPicked(next);
                    }}
                  />
                  <span className="cam-dot" style={{ background: CAMERA_COLOURS[item.status] }} title={label(CAMERA_STATUS_LABELS[item.status])} />
                  <span className="cam-name">{item.name}</span>
                  <span className="num muted">{formatDistance(distanceM, units)}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
        <PushToWall cameraIds={nearest.filter((h) => picked.has(h.item.id)).map((h) => h.item.id)} wall={wall} testid="push-nearest" />
      </div>
    </div>
  );
}

function CameraPanel({ ctl, id, wall }: { ctl: MapController; id: number; wall: { screens: number } | null | undefined }) {
  const { t } = useTranslation();
  const label = useLabel();
  useStore((s) => s.mapDataTick);
  const close = useStore((s) => s.selectOnMap);
  const cam: MapCamera | undefined = ctl.getCamera(id);
  // 预览: the wall's own tile (same player, same states and reasons), started only on request.
  const [preview, setPreview] = useState(false);
  const transport = useStore((st) => st.wallTransportChoice ?? st.wallDefaultTransport);
  useEffect(() => setPreview(false), [id]);
  return (
    <div className="map-panel" data-testid="camera-panel" data-camera-id={id}>
      <PanelHead title={t('map.cameras.title')} onClose={() => close(null)} />
      {cam ? (
        <div className="map-panel-body">
          <div className="inc-head">
            <span className="cam-dot" style={{ background: CAMERA_COLOURS[cam.status] }} />
            <strong>{cam.name}</strong>
          </div>
          <dl className="kv">
            <dt>{t('map.cameras.status')}</dt>
            <dd>{label(CAMERA_STATUS_LABELS[cam.status])}</dd>
            <dt>{t('map.cameras.township')}</dt>
            <dd>{cam.townshipName}</dd>
          </dl>
          <PushToWall cameraIds={[cam.id]} wall={wall} testid="push-camera" />
          <button type="button" className="btn btn-sm map-preview-btn" aria-pressed={preview} onClick={() => setPreview(!preview)} data-testid="camera-preview">
            {t('map.cameras.preview')}
          </button>
          {preview && (
            <div className="map-preview" data-testid="camera-preview-tile">
              <Tile index={0} cameraId={cam.id} transport={transport} editable={false} />
            </div>
          )}
        </div>
      ) : (
        <div className="empty">—</div>
      )}
    </div>
  );
}

/** 上墙: the wall's own socket operation (push from the first empty tile of the chosen screen). */
function PushToWall({ cameraIds, wall, testid }: { cameraIds: number[]; wall: { screens: number } | null | undefined; testid: string }) {
  const { t } = useTranslation();
  const [screen, setScreen] = useState(0);
  const [state, setState] = useState<{ kind: 'idle' | 'busy' } | { kind: 'done'; n: number; screen: number; replaced: string } | { kind: 'error'; reason: string }>({ kind: 'idle' });
  const socket = liveSocket();
  const push = async () => {
    if (!socket || cameraIds.length === 0) return;
    setState({ kind: 'busy' });
    const cameras = useStore.getState().cameras;
    const r = await request(socket, 'wall:op', { op: 'push', screen, cameraIds });
    setState(r.ok ? { kind: 'done', n: cameraIds.length, screen: screen + 1, replaced: replacedNotice(t, r.data.replaced, cameras) } : { kind: 'error', reason: r.error.message });
  };
  return (
    <div className="push-wall">
      {wall && wall.screens > 1 && (
        <select className="select select-sm" value={screen} onChange={(e) => setScreen(Number(e.target.value))} aria-label={t('map.cameras.screen')}>
          {Array.from({ length: wall.screens }, (_, i) => (
            <option key={i} value={i}>
              {t('map.cameras.screen')} {i + 1}
            </option>
          ))}
        </select>
      )}
      <button type="button" className="btn btn-primary btn-sm" disabled={cameraIds.length === 0 || state.kind === 'busy' || wall === null} onClick={() => void push()} data-testid={testid}>
        {state.kind === 'busy' ? t('map.cameras.pushing') : cameraIds.length > 1 ? t('map.cameras.pushAll', { n: cameraIds.length }) : t('map.cameras.push')}
      </button>
      {wall === null && <span className="muted small">{t('map.cameras.noWall')}</span>}
      {state.kind === 'done' && (
        <span className="ok small" role="status" data-testid={`${testid}-done`}>
          {t('map.cameras.pushed', { n: state.n, screen: state.screen })}
          {state.replaced && `（${state.replaced}）`}
        </span>
      )}
      {state.kind === 'error' && (
        <span className="bad small" role="alert">
          {t('map.cameras.pushFailed', { reason: state.reason })}
        </span>
      )}
    </div>
  );
}

function DrawnPanel({ ctl, shape }: { ctl: MapController; shape: Shape }) {
  const { t } = useTranslation();
  const label = useLabel();
  const tick = useStore((s) => s.mapDataTick);
  const select = useStore((s) => s.selectOnMap);
  const found = useMemo(() => ctl.inside(shape), [ctl, shape, tick]);
  return (
    <div className="map-panel" data-testid="drawn-panel">
      <PanelHead title={t('map.drawn.title')} onClose={() => ctl.clearDrawing()} />
      <div className="map-panel-body">
        <div className="panel-subhead" data-testid="drawn-incidents-count" data-n={found.incidents.length}>
          {t('map.drawn.incidents', { n: found.incidents.length })}
        </div>
        <ul className="drawn-list">
          {found.incidents.slice(0, LIST_MAX).map((i: MapIncident) => (
            <li key={i.id}>
              <button type="button" className="link-row" onClick={() => select({ kind: 'incident', id: i.id })} data-testid="drawn-incident">
                <span className="cam-dot" style={{ background: i.priority === 'complex' ? INCIDENT_COLOURS.complex : i.priority === 'general' ? INCIDENT_COLOURS.general : INCIDENT_COLOURS.simple }} />
                <span className="num">{i.code}</span>
                <span className="muted">{label(INCIDENT_STATE_LABELS[i.state])}</span>
              </button>
            </li>
          ))}
        </ul>
        {found.incidents.length > LIST_MAX && <div className="muted small">{t('map.drawn.more', { n: found.incidents.length - LIST_MAX })}</div>}
        <div className="panel-subhead" data-testid="drawn-cameras-count" data-n={found.cameras.length}>
          {t('map.drawn.cameras', { n: found.cameras.length })}
        </div>
        <ul className="drawn-list">
          {found.cameras.slice(0, LIST_MAX).map((c) => (
            <li key={c.id}>
              <button type="button" className="link-row" onClick={() => select({ kind: 'camera', id: c.id })} data-testid="drawn-camera">
                <span className="cam-dot" style={{ background: CAMERA_COLOURS[c.status] }} />
                <span>{c.name}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function PanelHead({ title, onClose }: { title: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="panel-head">
      <span>{title}</span>
      <button type="button" className="btn btn-sm btn-ghost map-close" onClick={onClose} aria-label={t('common.close')} data-testid="map-panel-close">
        ×
      </button>
    </div>
  );
}

/** Watches the alert cache for new red/orange alerts and flies to the area they were sent to. */
function useFlyToAlerts(ctl: MapController | null, token: string, onFlew: (names: string[]) => void) {
  const fresh = useStore((s) => s.fresh);
  const seen = useRef<Set<number> | null>(null);
  const areas = useRef<AreaBoxes | null>(null);
  useEffect(() => {
    if (!ctl) return;
    void loadAreaBoxes(token).then((a) => (areas.current = a), () => {});
  }, [ctl, token]);
  useEffect(() => {
    // What was already fresh when the map opened is old news.
    if (seen.current === null) {
      seen.current = new Set(Object.keys(fresh).map(Number));
      return;
    }
    const st = useStore.getState();
    for (const id of Object.keys(fresh).map(Number)) {
      if (seen.current.has(id)) continue;
      seen.current.add(id);
      const alert = st.alerts[id];
      if (!ctl || !alert || !st.mapFollow || !areas.current) continue;
      const hit = alertArea(alert, areas.current);
      if (!hit) continue;
      ctl.fitBounds(hit.box);
      onFlew(hit.names);
    }
  }, [fresh, ctl, onFlew]);
}
