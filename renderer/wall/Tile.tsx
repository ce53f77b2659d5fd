// One tile of the wall: a camera's live video with its state and reason, a drop target for cameras (and other tiles),
// and the snapshot action. A new camera (or transport) gets a new <video> and a new player; the old one is destroyed.
import { useEffect, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Snapshot, SnapshotSubject, StreamVariant, Transport } from '../../protocol/index.ts';
import { api, RequestError } from '../net/http.ts';
import { useStore } from '../store.ts';
import { formatTime } from '../ui/time.ts';
import { tileStatus, type PlayerPhase } from './model.ts';
import { PtzPanel } from './PtzPanel.tsx';
import { TileVideo, type PlayedStream } from './TileVideo.tsx';
import './i18n.ts';

export const DRAG_CAMERA = 'application/x-zz-camera';
export const DRAG_TILE = 'application/x-zz-tile';

export interface TileProps {
  index: number;
  cameraId: number | null;
  transport: Transport;
  /** The stream this tile asks for: main (a single or enlarged tile) or sub (small tiles). */
  stream?: StreamVariant;
  /** Drag, drop and remove (a console); a wall window only shows. */
  editable: boolean;
  /** The tile 上墙 replaces when the screen is full (a console picks it by clicking). */
  selected?: boolean;
  style?: React.CSSProperties;
  onSelect?(tile: number): void;
  onAssign?(tile: number, cameraId: number | null): void;
  onSwap?(from: number, to: number): void;
}

export function Tile({ index, cameraId, transport, stream = 'main', editable, selected = false, style, onSelect, onAssign, onSwap }: TileProps) {
  const { t } = useTranslation();
  const camera = useStore((s) => (cameraId === null ? undefined : s.cameras[cameraId]));
  const mediaAvailable = useStore((s) => s.mediaAvailable);
  const centreConnected = useStore((s) => s.conn !== 'disconnected');
  const [phase, setPhase] = useState<PlayerPhase>('idle');
  const [over, setOver] = useState(false);
  const [snapOpen, setSnapOpen] = useState(false);
  const [ptzOpen, setPtzOpen] = useState(false);
  const [ttff, setTtff] = useState<number | null>(null);

  // The stream on screen, and the one taking its place (main ⇄ sub) until its first frame shows.
  const [shown, setShown] = useState<StreamVariant>(stream);
  const [incoming, setIncoming] = useState<StreamVariant | null>(null);
  const [played, setPlayed] = useState<PlayedStream | null>(null);
  const [kick, setKick] = useState(0);
  const codec = camera?.codec ?? null;
  useEffect(() => {
    setShown(stream);
    setIncoming(null);
    setPlayed(null);
    setPhase('idle');
    setTtff(null);
    setPtzOpen(false);
    // A new camera (or transport, or a codec found by the server) starts afresh; a new stream alone switches smoothly.
  }, [cameraId, transport, codec]);
  useEffect(() => setIncoming(stream === shown ? null : stream), [stream, shown]);

  // The server says the camera is back: reconnect now instead of waiting for the next retry.
  const healthStatus = camera?.health.status;
  useEffect(() => {
    if (healthStatus === 'online') setKick((k) => k + 1);
  }, [healthStatus]);
  // The centre is back: so are its streams; do not wait out the player's backoff.
  useEffect(() => {
    if (centreConnected) setKick((k) => k + 1);
  }, [centreConnected]);

  const status = tileStatus({ cameraId, mediaAvailable, health: camera?.health, phase, centreConnected });
  const label =
    status.kind === 'offline' && status.since !== null
      ? t('wall.state.offlineSince', { time: formatTime(status.since).slice(0, 5) })
      : t(`wall.state.${status.kind}`);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (!editable) return;
    const cam = e.dataTransfer.getData(DRAG_CAMERA);
    const from = e.dataTransfer.getData(DRAG_TILE);
    if (cam) onAssign?.(index, Number(cam));
    else if (from !== '' && Number(from) !== index) onSwap?.(Number(from), index);
  };

  return (
    <div
      className={`tile tile-${status.kind}${over ? ' tile-over' : ''}${selected ? ' tile-selected' : ''}`}
      style={style}
      data-testid="wall-tile"
      data-tile={index}
      data-selected={selected ? 'true' : undefined}
      title={editable && onSelect ? t(selected ? 'wall.tileSelected' : 'wall.tileSelect', { n: index + 1 }) : undefined}
      onClick={(e) => {
        if (!editable || (e.target as HTMLElement).closest('button, input, select, .tile-snap, .ptz-panel')) return;
        onSelect?.(index);
      }}
      data-camera-id={cameraId ?? ''}
      data-state={status.kind}
      data-ttff={ttff ?? ''}
      data-stream={played ?? ''}
      onDragOver={(e) => {
        if (!editable) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      draggable={editable && cameraId !== null}
      onDragStart={(e) => e.dataTransfer.setData(DRAG_TILE, String(index))}
    >
      {cameraId !== null &&
        [shown, ...(incoming ? [incoming] : [])].map((v) => (
          <TileVideo
            key={`${cameraId}:${transport}:${codec ?? ''}:${v}`}
            cameraId={cameraId}
            transport={transport}
            stream={v}
            visible={v === shown}
            mediaAvailable={mediaAvailable}
            kick={kick}
            onPhase={setPhase}
            onPlayed={setPlayed}
            onFirstFrame={(ms) => {
              if (v === shown) setTtff(Math.round(ms));
              else {
                setShown(v);
                setIncoming(null);
              }
            }}
          />
        ))}
      <div className="tile-top">
        <span className="tile-name" title={camera?.name}>
          <span className="tile-index num">{index + 1}</span>
          {camera?.name ?? (cameraId === null ? (editable ? t('wall.dropHere') : '') : `#${cameraId}`)}
        </span>
        {cameraId !== null && played === 'transcode' && (
          <span className="tile-badge" title={t('wall.ptz.transcodedTitle')} data-testid="tile-transcoded">
            {t('wall.ptz.transcoded')}
          </span>
        )}
        {cameraId !== null && (
          <span className={`tile-state state-${status.kind}`} data-testid="tile-state" data-state={status.kind}>
            {label}
          </span>
        )}
      </div>
      {cameraId !== null && editable && (
        <div className="tile-actions">
          {camera?.ptz && (
            <button type="button" className="btn btn-sm" onClick={() => setPtzOpen((v) => !v)} data-testid="tile-ptz">
              {t('wall.ptz.open')}
            </button>
          )}
          <button type="button" className="btn btn-sm" onClick={() => setSnapOpen((v) => !v)} data-testid="tile-snapshot">
            {t('wall.snapshot')}
          </button>
          <button type="button" className="btn btn-sm" onClick={() => onAssign?.(index, null)} data-testid="tile-clear">
            {t('wall.clear')}
          </button>
        </div>
      )}
      {snapOpen && cameraId !== null && <SnapshotForm cameraId={cameraId} onClose={() => setSnapOpen(false)} />}
      {ptzOpen && cameraId !== null && camera?.ptz && editable && <PtzPanel cameraId={cameraId} onClose={() => setPtzOpen(false)} />}
    </div>
  );
}

function SnapshotForm({ cameraId, onClose }: { cameraId: number; onClose(): void }) {
  const { t } = useTranslation();
  const token = useStore((s) => s.session?.token ?? null);
  const [subjectType, setSubjectType] = useState<SnapshotSubject>('incident');
  const [subjectId, setSubjectId] = useState('');
  const [state, setState] = useState<{ kind: 'idle' | 'busy' } | { kind: 'done'; snap: Snapshot } | { kind: 'error'; reason: string }>({ kind: 'idle' });
  const take = async () => {
    const id = Number(subjectId);
    if (!Number.isInteger(id) || id <= 0) return;
    setState({ kind: 'busy' });
    try {
      const snap = await api<Snapshot>(`/api/cameras/${cameraId}/snapshot`, { token, body: { subjectType, subjectId: id } });
      setState({ kind: 'done', snap });
    } catch (e) {
      setState({ kind: 'error', reason: e instanceof RequestError && e.apiError ? e.apiError.message : String(e) });
    }
  };
  const subjectLabel = subjectType === 'incident' ? t('wall.snapshotIncident') : t('wall.snapshotOrder');
  return (
    <div className="tile-snap" onClick={(e) => e.stopPropagation()}>
      <div className="tile-snap-row">
        <span className="muted">{t('wall.snapshotTo')}</span>
        <select className="select select-sm" value={subjectType} onChange={(e) => setSubjectType(e.target.value as SnapshotSubject)} data-testid="snap-subject">
          <option value="incident">{t('wall.snapshotIncident')}</option>
          <option value="order">{t('wall.snapshotOrder')}</option>
        </select>
        <input
          className="input input-sm num"
          inputMode="numeric"
          placeholder={t('wall.snapshotId')}
          value={subjectId}
          onChange={(e) => setSubjectId(e.target.value.replace(/\D/g, ''))}
          data-testid="snap-id"
        />
        <button type="button" className="btn btn-sm btn-primary" disabled={state.kind === 'busy' || !subjectId} onClick={() => void take()} data-testid="snap-take">
          {t('wall.snapshotTake')}
        </button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={onClose} aria-label="close">
          ×
        </button>
      </div>
      {state.kind === 'done' && (
        <div className="form-ok" data-testid="snap-done">
          {t('wall.snapshotDone', { subject: subjectLabel, id: state.snap.subjectId })}
        </div>
      )}
      {state.kind === 'error' && <div className="form-error">{t('wall.snapshotFailed', { reason: state.reason })}</div>}
    </div>
  );
}
