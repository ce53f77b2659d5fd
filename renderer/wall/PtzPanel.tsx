// A dome camera's control over its tile: press and hold a direction or zoom to move (release stops), presets, and who
// holds the control — the holder's name for everyone else, 接管 for a commander, 释放 for the holder. Every command goes
// to the server, which checks the rights and the hold and talks ONVIF to the camera.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PtzHoldEvent, type PtzHold, type PtzPreset, type PtzReply, type PtzStatus } from '../../protocol/index.ts';
import { api, RequestError } from '../net/http.ts';
import { liveSocket } from '../session/live.ts';
import { useStore } from '../store.ts';
import './ptzI18n.ts';

const SPEED = 0.5;
type Dir = { key: string; pan: number; tilt: number };
const PAD: (Dir | null)[] = [
  { key: 'upLeft', pan: -1, tilt: 1 }, { key: 'up', pan: 0, tilt: 1 }, { key: 'upRight', pan: 1, tilt: 1 },
  { key: 'left', pan: -1, tilt: 0 }, null, { key: 'right', pan: 1, tilt: 0 },
  { key: 'downLeft', pan: -1, tilt: -1 }, { key: 'down', pan: 0, tilt: -1 }, { key: 'downRight', pan: 1, tilt: -1 },
];

export function PtzPanel({ cameraId, onClose }: { cameraId: number; onClose(): void }) {
  const { t } = useTranslation();
  const token = useStore((s) => s.session?.token ?? null);
  const me = useStore((s) => s.session?.user ?? null);
  const [hold, setHold] = useState<PtzHold | null>(null);
  const [presets, setPresets] = useState<PtzPreset[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [now, setNow] = useState(() => Date.now());
  const base = `/api/cameras/${cameraId}/ptz`;

  const call = async <T,>(path: string, body?: unknown): Promise<T | null> => {
    try {
      const r = await api<T>(`${base}${path}`, { token, body: body ?? {}, method: 'POST' });
      setError(null);
      return r;
    } catch (e) {
      setError(e instanceof RequestError && e.apiError ? e.apiError.message : String(e));
      return null;
    }
  };
  const command = async (path: string, body?: unknown) => {
    const r = await call<PtzReply>(path, body);
    if (r) setHold(r.hold);
  };

  useEffect(() => {
    let live = true;
    api<PtzStatus>(base, { token })
      .then((s) => {
        if (!live) return;
        setHold(s.hold);
        setPresets(s.presets);
      })
      .catch((e: unknown) => live && setError(e instanceof RequestError && e.apiError ? e.apiError.message : String(e)));
    const socket = liveSocket();
    const onHold = (raw: unknown) => {
      const ev = PtzHoldEvent.safeParse(raw);
      if (ev.success && ev.data.cameraId === cameraId) setHold(ev.data.hold);
    };
    socket?.on('ptz:hold', onHold);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      live = false;
      socket?.off('ptz:hold', onHold);
      clearInterval(tick);
    };
  }, [base, token, cameraId]);

  const mine = hold !== null && me !== null && hold.holder.id === me.id;
  const held = hold !== null && !mine && hold.expiresAt > now;
  const press = (v: { pan: number; tilt: number; zoom: number }) => ({
    onPointerDown: (e: React.PointerEvent) => {
      (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
      void command('/move', { pan: v.pan * SPEED, tilt: v.tilt * SPEED, zoom: v.zoom * SPEED });
    },
    onPointerUp: () => void command('/stop'),
  });

  return (
    <div className="ptz-panel" data-testid="ptz-panel" onClick={(e) => e.stopPropagation()}>
      <div className="ptz-head">
        <span>{t('wall.ptz.title')}</span>
        <button type="button" className="btn btn-sm btn-ghost" onClick={onClose} aria-label={t('wall.ptz.close')}>
          ×
        </button>
      </div>
      <div className={`ptz-hold${held ? ' ptz-held' : mine ? ' ptz-mine' : ''}`} data-testid="ptz-hold" data-holder={hold?.holder.id ?? ''}>
        {held
          ? t('wall.ptz.heldBy', { name: hold.holder.name, centre: hold.centreName })
          : mine
            ? t('wall.ptz.mine', { sec: Math.max(0, Math.round((hold.expiresAt - now) / 1000)) })
            : t('wall.ptz.free')}
        {held && me?.role === 'commander' && (
          <button type="button" className="btn btn-sm" onClick={() => void command('/claim', { takeover: true })} data-testid="ptz-takeover">
            {t('wall.ptz.takeover')}
          </button>
        )}
        {mine && (
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => void command('/release')} data-testid="ptz-release">
            {t('wall.ptz.release')}
          </button>
        )}
      </div>
      <div className="ptz-body">
        <div className="ptz-pad">
          {PAD.map((d, i) =>
            d ? (
              <button key={d.key} type="button" className="btn btn-sm ptz-dir" disabled={held} title={t(`wall.ptz.${d.key}`)} data-testid={`ptz-${d.key}`} {...press({ pan: d.pan, tilt: d.tilt, zoom: 0 })}>
                {t(`wall.ptz.${d.key}`)}
              </button>
            ) : (
              <button key={i} type="button" className="btn btn-sm ptz-dir" disabled={held} onClick={() => void command('/stop')} data-testid="ptz-stop">
                {t('wall.ptz.stop')}
              </button>
            ),
          )}
        </div>
        <div className="ptz-zoom">
          <button type="button" className="btn btn-sm" disabled={held} data-testid="ptz-zoomIn" {...press({ pan: 0, tilt: 0, zoom: 1 })}>
            {t('wall.ptz.zoomIn')}
          </button>
          <button type="button" className="btn btn-sm" disabled={held} data-testid="ptz-zoomOut" {...press({ pan: 0, tilt: 0, zoom: -1 })}>
            {t('wall.ptz.zoomOut')}
          </button>
        </div>
      </div>
      <div className="ptz-presets">
        <div className="muted small">{t('wall.ptz.presets')}</div>
        {presets === null && !error && <div className="muted small">{t('wall.ptz.loading')}</div>}
        {presets?.length === 0 && <div className="muted small">{t('wall.ptz.presetNone')}</div>}
        {presets?.map((p) => (
          <div key={p.token} className="ptz-preset" data-testid="ptz-preset-item">
            <span className="ptz-preset-name">{p.name}</span>
            <button type="button" className="btn btn-sm" disabled={held} onClick={() => void command('/preset', { token: p.token })} data-testid="ptz-preset-goto">
              {t('wall.ptz.presetGoto')}
            </button>
          </div>
        ))}
        <div className="ptz-preset-save">
          <input className="input input-sm" maxLength={30} placeholder={t('wall.ptz.presetName')} value={name} onChange={(e) => setName(e.target.value)} data-testid="ptz-preset-name" />
          <button
            type="button"
            className="btn btn-sm"
            disabled={held || !name.trim()}
            onClick={() =>
              void call<PtzStatus>('/presets', { name: name.trim() }).then((r) => {
                if (!r) return;
                setHold(r.hold);
                setPresets(r.presets);
                setName('');
              })
            }
            data-testid="ptz-preset-save"
          >
            {t('wall.ptz.presetSave')}
          </button>
        </div>
      </div>
      {error && (
        <div className="form-error small" data-testid="ptz-error">
          {error}
        </div>
      )}
    </div>
  );
}
