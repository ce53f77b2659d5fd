// The console's video tab: the camera list (drag onto a tile, 上墙, tick for a tour), the wall's screens with their
// layouts, tours and presets, and the registry for administrators. Every change is a server operation; what shows is
// the server's wall as pushed to every console and wall window.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LAYOUT_TILES, MAX_SCREENS, WALL_LAYOUTS, type Camera, type WallOp } from '../../protocol/index.ts';
import { request } from '../net/socket.ts';
import type { Session } from '../session/sessionSlice.ts';
import { liveSocket } from '../session/live.ts';
import { useStore } from '../store.ts';
import { formatTime } from '../ui/time.ts';
import { CameraAdmin } from './CameraAdmin.tsx';
import { replacedNotice } from './model.ts';
import { DRAG_CAMERA } from './Tile.tsx';
import { useTourClock, WallGrid } from './WallGrid.tsx';
import './i18n.ts';
import './wall.css';

export function useWallOp() {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const run = async (op: WallOp): Promise<boolean> => {
    const socket = liveSocket();
    if (!socket) return false;
    // Names before the reply: the replaced cameras are still in the list, but say it with what the user saw.
    const cameras = useStore.getState().cameras;
    const r = await request(socket, 'wall:op', op);
    setError(r.ok ? null : r.error.message);
    setNotice(r.ok && r.data.replaced.length ? replacedNotice(t, r.data.replaced, cameras) : null);
    return r.ok;
  };
  return { run, error, notice };
}

export function WallView({ session }: { session: Session }) {
  const { t } = useTranslation();
  const wall = useStore((s) => s.wall);
  const cameras = useStore((s) => s.cameras);
  const mediaAvailable = useStore((s) => s.mediaAvailable);
  const transport = useStore((s) => s.wallTransportChoice ?? s.wallDefaultTransport);
  const setTransport = useStore((s) => s.setWallTransport);
  const [screenIndex, setScreenIndex] = useState(0);
  const [selectedTile, setSelectedTile] = useState<number | null>(null);
  const [admin, setAdmin] = useState(false);
  const { run, error, notice } = useWallOp();
  const screen = wall?.screens[Math.min(screenIndex, (wall?.screens.length ?? 1) - 1)];
  const si = wall ? Math.min(screenIndex, wall.screens.length - 1) : 0;

  if (!wall || !screen) return <div className="empty">{t('conn.connecting')}</div>;
  return (
    <div className="wall-view" data-testid="wall-view">
      <aside className="wall-side">
        <CameraList
          screenIndex={si}
          selectedTile={selectedTile !== null && selectedTile < LAYOUT_TILES[screen.layout] ? selectedTile : null}
          onOp={async (op) => {
            const ok = await run(op);
            if (ok && op.op === 'push' && op.selectedTile !== undefined) setSelectedTile(null);
            return ok;
          }}
        />
        <Presets screenIndex={si} />
        {session.user.role === 'admin' && (
          <button type="button" className="btn btn-sm wall-admin-toggle" onClick={() => setAdmin((v) => !v)} data-testid="camera-admin-toggle">
            {t('wall.admin.title')}
          </button>
        )}
      </aside>
      <main className="wall-main">
        <div className="wall-toolbar">
          <div className="seg" role="tablist" aria-label={t('wall.screens')}>
            {wall.screens.map((_, i) => (
              <button
                key={i}
                type="button"
                className={`seg-btn${i === si ? ' on' : ''}`}
                onClick={() => {
                  setScreenIndex(i);
                  setSelectedTile(null);
                }}
                data-testid={`wall-screen-${i + 1}`}
              >
                {t('wall.screen', { n: i + 1 })}
              </button>
            ))}
            <button type="button" className="seg-btn" disabled={wall.screens.length >= MAX_SCREENS} onClick={() => void run({ op: 'screens', count: wall.screens.length + 1 })} title={t('wall.screens')}>
              +
            </button>
            <button type="button" className="seg-btn" disabled={wall.screens.length <= 1} onClick={() => void run({ op: 'screens', count: wall.screens.length - 1 })} title={t('wall.screens')}>
              −
            </button>
          </div>
          <div className="seg" aria-label={t('wall.layout')}>
            {WALL_LAYOUTS.map((l) => (
              <button key={l} type="button" className={`seg-btn${l === screen.layout ? ' on' : ''}`} onClick={() => void run({ op: 'layout', screen: si, layout: l })} data-testid={`layout-${l}`}>
                {l}
              </button>
            ))}
          </div>
          <label className="wall-transport">
            <span className="muted">{t('wall.transport')}</span>
            <select className="select select-sm" value={transport} onChange={(e) => setTransport(e.target.value === 'hls' ? 'hls' : 'flv')} data-testid="wall-transport" title={t('wall.connNote')}>
              <option value="flv">{t('wall.transportFlv')}</option>
              <option value="hls">{t('wall.transportHls')}</option>
            </select>
          </label>
          <button type="button" className="btn btn-sm" onClick={() => void run({ op: 'clear', screen: si })} data-testid="wall-clear">
            {t('wall.clearScreen')}
          </button>
          <a className="btn btn-sm" href={`/wall/${si + 1}`} target={`zz-wall-${si + 1}`} rel="noopener" data-testid="wall-open">
            {t('wall.openScreen')}
          </a>
          <span className="wall-updated muted small" data-version={wall.version}>
            {wall.updatedBy ? `${wall.updatedBy.name} ${formatTime(wall.updatedAt).slice(0, 5)}` : ''}
          </span>
        </div>
        {screen.tour && <TourBar screenIndex={si} onStop={() => void run({ op: 'tour', screen: si, tour: null })} />}
        {error && <div className="form-error wall-error" data-testid="wall-error">{error}</div>}
        {notice && (
          <div className="wall-notice" role="status" data-testid="wall-notice">
            {notice}
          </div>
        )}
        {!mediaAvailable && <div className="form-error">{t('wall.mediaUnavailable')}</div>}
        {admin ? (
          <CameraAdmin session={session} />
        ) : (
          <WallGrid
            screen={screen}
            screenIndex={si}
            transport={transport}
            editable
            selectedTile={selectedTile}
            onSelect={(tile) => setSelectedTile((s) => (s === tile ? null : tile))}
            onAssign={(tile, cameraId) => void run({ op: 'assign', screen: si, tile, cameraId })}
            onSwap={(from, to) => void run({ op: 'swap', screen: si, from, to })}
          />
        )}
        {transport === 'hls' && LAYOUT_TILES[screen.layout] > 4 && <div className="muted small wall-note">{t('wall.connNote')}</div>}
      </main>
      {Object.keys(cameras).length === 0 && <span className="sr-only">{t('wall.noCameras')}</span>}
    </div>
  );
}

function TourBar({ screenIndex, onStop }: { screenIndex: number; onStop(): void }) {
  const { t } = useTranslation();
  const screen = useStore((s) => s.wall?.screens[screenIndex]);
  const now = useTourClock(screen!);
  if (!screen?.tour) return null;
  const n = LAYOUT_TILES[screen.layout];
  const pages = Math.max(1, Math.ceil(screen.tour.cameraIds.length / n));
  const page = (Math.floor(Math.max(0, now - screen.tour.startedAt) / (screen.tour.intervalSec * 1000)) % pages) + 1;
  return (
    <div className="wall-tour" data-testid="wall-tour">
      <span>{t('wall.tourOn', { n: screen.tour.cameraIds.length, sec: screen.tour.intervalSec, page, pages })}</span>
      <button type="button" className="btn btn-sm" onClick={onStop} data-testid="tour-stop">
        {t('wall.tourStop')}
      </button>
    </div>
  );
}


function CameraList({ screenIndex, selectedTile, onOp }: { screenIndex: number; selectedTile: number | null; onOp(op: WallOp): Promise<boolean> }) {
  const { t } = useTranslation();
  const cameras = useStore((s) => s.cameras);
  const centreConnected = useStore((s) => s.conn !== 'disconnected');
  const selected = selectedTile === null ? {} : { selectedTile };
  const [query, setQuery] = useState('');
  const [township, setTownship] = useState<number | 'all'>('all');
  const [picked, setPicked] = useState<number[]>([]);
  const [interval, setIntervalSec] = useState(15);
  const list = useMemo(() => Object.values(cameras).sort((a, b) => a.townshipId - b.townshipId || a.id - b.id), [cameras]);
  const townships = useMemo(() => [...new Map(list.map((c) => [c.townshipId, c.townshipName])).entries()], [list]);
  const q = query.trim().toLowerCase();
  const shown = list.filter((c) => (township === 'all' || c.townshipId === township) && (!q || c.name.toLowerCase().includes(q) || (c.gbCode ?? '').includes(q)));
  const toggle = (id: number) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  const valid = picked.filter((id) => cameras[id]);

  return (
    <section className="wall-cams" data-testid="camera-list">
      <div className="panel-head">
        <span>{t('wall.cameras')}</span>
        <span className="muted num">{shown.length}</span>
      </div>
      <div className="wall-cams-filter">
        <input className="input input-sm" placeholder={t('wall.search')} value={query} onChange={(e) => setQuery(e.target.value)} data-testid="camera-search" />
        <select className="select select-sm" value={township} onChange={(e) => setTownship(e.target.value === 'all' ? 'all' : Number(e.target.value))}>
          <option value="all">{t('wall.allTownships')}</option>
          {townships.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <ul className="wall-cam-items">
        {shown.length === 0 && <li className="muted small">{t('wall.noCameras')}</li>}
        {shown.map((c) => (
          <CameraItem
            key={c.id}
            camera={c}
            centreConnected={centreConnected}
            picked={picked.includes(c.id)}
            onPick={() => toggle(c.id)}
            onPush={() => void onOp({ op: 'push', screen: screenIndex, cameraIds: [c.id], ...selected })}
          />
        ))}
      </ul>
      {selectedTile !== null && (
        <div className="muted small wall-push-target" data-testid="push-target">
          {t('wall.pushTarget', { n: selectedTile + 1 })}
        </div>
      )}
      <div className="wall-cams-actions">
        <button type="button" className="btn btn-sm" disabled={!valid.length} onClick={() => void onOp({ op: 'push', screen: screenIndex, cameraIds: valid.slice(0, 36), ...selected })} data-testid="push-picked">
          {t('wall.pushSelected', { n: valid.length })}
        </button>
        <label className="wall-interval">
          <span className="muted">{t('wall.intervalSec')}</span>
          <input className="input input-sm num" type="number" min={5} max={3600} value={interval} onChange={(e) => setIntervalSec(Math.max(5, Math.min(3600, Number(e.target.value) || 5)))} />
        </label>
        <button
          type="button"
          className="btn btn-sm btn-primary"
          disabled={!valid.length}
          title={valid.length ? undefined : t('wall.tourPick')}
          onClick={() => void onOp({ op: 'tour', screen: screenIndex, tour: { cameraIds: valid, intervalSec: interval } })}
          data-testid="tour-start"
        >
          {t('wall.tourStart', { n: valid.length, sec: interval })}
        </button>
      </div>
    </section>
  );
}

function CameraItem({ camera, centreConnected, picked, onPick, onPush }: { camera: Camera; centreConnected: boolean; picked: boolean; onPick(): void; onPush(): void }) {
  const { t } = useTranslation();
  const h = camera.health;
  // Cut off from the centre, the last health report is stale: do not keep saying 在线.
  const status = centreConnected ? h.status : 'disconnected';
  const title = [camera.townshipName, camera.gbCode, h.lastSeenAt ? t('wall.lastSeen', { time: formatTime(h.lastSeenAt) }) : null].filter(Boolean).join(' · ');
  return (
    <li
      className="wall-cam"
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_CAMERA, String(camera.id));
        e.dataTransfer.effectAllowed = 'copy';
      }}
      data-testid="camera-item"
      data-camera-id={camera.id}
      data-status={status}
      title={title}
    >
      <input type="checkbox" checked={picked} onChange={onPick} aria-label={camera.name} />
      <span className={`dot dot-${status}`} aria-hidden />
      <span className="wall-cam-name">{camera.name}</span>
      <span className={`wall-cam-status status-${status}`} data-testid="camera-status">
        {t(`wall.status.${status}`)}
      </span>
      <button type="button" className="btn btn-sm btn-ghost" onClick={onPush} data-testid="camera-push">
        {t('wall.push')}
      </button>
    </li>
  );
}

function Presets({ screenIndex }: { screenIndex: number }) {
  const { t } = useTranslation();
  const presets = useStore((s) => s.wallPresets);
  const [name, setName] = useState('');
  const { run } = useWallOp();
  const save = async () => {
    const socket = liveSocket();
    if (!socket || !name.trim()) return;
    const r = await request(socket, 'wall:preset:save', { name: name.trim(), screen: screenIndex });
    if (r.ok) setName('');
  };
  const remove = async (presetId: number) => {
    const socket = liveSocket();
    if (socket) await request(socket, 'wall:preset:delete', { presetId });
  };
  return (
    <section className="wall-presets" data-testid="presets">
      <div className="panel-head">
        <span>{t('wall.presets')}</span>
      </div>
      <ul className="wall-preset-items">
        {presets.length === 0 && <li className="muted small">{t('wall.presetNone')}</li>}
        {presets.map((p) => (
          <li key={p.id} className="wall-preset" data-testid="preset-item">
            <span className="wall-preset-name">{p.name}</span>
            <span className="muted small">{p.layout}</span>
            <button type="button" className="btn btn-sm" onClick={() => void run({ op: 'applyPreset', screen: screenIndex, presetId: p.id })}>
              {t('wall.presetApply')}
            </button>
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => void remove(p.id)}>
              {t('wall.presetDelete')}
            </button>
          </li>
        ))}
      </ul>
      <div className="wall-preset-save">
        <input className="input input-sm" placeholder={t('wall.presetName')} value={name} maxLength={40} onChange={(e) => setName(e.target.value)} data-testid="preset-name" />
        <button type="button" className="btn btn-sm" disabled={!name.trim()} onClick={() => void save()} data-testid="preset-save">
          {t('wall.presetSave')}
        </button>
      </div>
    </section>
  );
}
