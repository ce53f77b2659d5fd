// 录像回放: up to four cameras played back in sync from one moment — a timeline of recorded spans per camera (click to
// go there), pause, speed 0.5×–8×, back 10 s, back to live — and, when opened from a case (事件回溯), an evidence clip
// cut from the shown recording and attached to that case. The administrator sets each camera's recording policy here.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordedSpan } from '../../protocol/index.ts';
import { RequestError } from '../net/http.ts';
import type { Session } from '../session/sessionSlice.ts';
import { useStore } from '../store.ts';
import { formatTime } from '../ui/time.ts';
import { exportClip, fetchSpans } from './api.ts';
import { usePlaybackRequest, type ClipTarget } from './handoff.ts';
import { MAX_SYNC_CAMERAS, SPEEDS, fromLocalInput, spanBoxes, toLocalInput } from './model.ts';
import { PlaybackTile, type TileHandle } from './PlaybackTile.tsx';
import { PolicyPanel } from './PolicyPanel.tsx';
import './i18n.ts';
import './playback.css';

const WINDOW_MS = 3600_000;
/** Tiles further apart than this from the first one are brought back to it. */
const SYNC_TOLERANCE_MS = 400;

export function PlaybackView({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const cameras = useStore((s) => s.cameras);
  const request = usePlaybackRequest((s) => s.request);
  const [picked, setPicked] = useState<number[]>([]);
  const [atText, setAtText] = useState(() => toLocalInput(Date.now() - 5 * 60_000));
  const [open, setOpen] = useState<{ at: number; nonce: number } | null>(null);
  const [shownIds, setShownIds] = useState<number[]>([]);
  const [target, setTarget] = useState<ClipTarget | null>(null);
  const [rate, setRate] = useState(1);
  const [paused, setPaused] = useState(false);
  const [live, setLive] = useState(false);
  const [now, setNow] = useState<number | null>(null);
  const [spans, setSpans] = useState<Record<number, RecordedSpan[]>>({});
  const [inputError, setInputError] = useState<string | null>(null);
  const [policies, setPolicies] = useState(false);
  const tiles = useRef(new Map<number, TileHandle>());

  const start = (ids: number[], at: number) => {
    setShownIds(ids);
    setLive(false);
    setPaused(false);
    setOpen({ at, nonce: performance.now() });
    setNow(at);
  };

  // 事件回溯 from a case lands here with its cameras and time.
  useEffect(() => {
    if (!request) return;
    const ids = request.cameraIds.slice(0, MAX_SYNC_CAMERAS);
    setPicked(ids);
    setAtText(toLocalInput(request.at));
    setTarget(request.target);
    start(ids, request.at);
  }, [request]);

  // Timelines: an hour either side of the opened time.
  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    void Promise.all(shownIds.map((id) => fetchSpans(session.token, id, open.at - WINDOW_MS, open.at + WINDOW_MS).then((s) => [id, s] as const, () => [id, []] as const))).then((list) => {
      if (!cancelled) setSpans(Object.fromEntries(list));
    });
    return () => {
      cancelled = true;
    };
  }, [open, shownIds, session.token]);

  // One clock for all: the first tile that shows a recording leads, the others follow it.
  useEffect(() => {
    const timer = setInterval(() => {
      const list = shownIds.map((id) => tiles.current.get(id)).filter((h): h is TileHandle => !!h);
      const lead = list.find((h) => h.wallNow() !== null);
      const wall = lead?.wallNow() ?? null;
      setNow(wall);
      if (wall === null || paused) return;
      for (const h of list) {
        if (h === lead || h.state() === 'loading') continue;
        const mine = h.wallNow();
        if (mine === null || Math.abs(mine - wall) > SYNC_TOLERANCE_MS) {
          if (h.state() === 'none' || mine === null) continue;
          h.seek(wall);
        }
      }
    }, 250);
    return () => clearInterval(timer);
  }, [shownIds, paused]);

  const seekAll = (wall: number) => {
    for (const id of shownIds) tiles.current.get(id)?.seek(wall);
    setNow(wall);
  };

  const submit = () => {
    const at = fromLocalInput(atText);
    if (at === null) return setInputError(en ? 'Time as YYYY-MM-DD HH:MM:SS' : '时间格式：年-月-日 时:分:秒');
    if (!picked.length) return setInputError(t('playback.pick', { n: MAX_SYNC_CAMERAS }));
    setInputError(null);
    start(picked, at);
  };

  const camList = useMemo(() => Object.values(cameras).sort((a, b) => a.townshipId - b.townshipId || a.id - b.id), [cameras]);
  const toggle = (id: number) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : p.length >= MAX_SYNC_CAMERAS ? p : [...p, id]));

  return (
    <div className="body">
      <aside className="sidebar pb-side">
        <div className="panel-head">
          <span>{t('playback.cameras', { n: MAX_SYNC_CAMERAS })}</span>
        </div>
        <ul className="pb-cams" data-testid="playback-cameras">
          {camList.map((c) => (
            <li key={c.id}>
              <label>
                <input type="checkbox" checked={picked.includes(c.id)} onChange={() => toggle(c.id)} data-testid={`playback-camera-${c.id}`} />
                {c.townshipName} · {c.name}
              </label>
            </li>
          ))}
        </ul>
        <label className="pb-field">
          {t('playback.at')}
          <input type="text" value={atText} onChange={(e) => setAtText(e.target.value)} data-testid="playback-at" placeholder="2026-01-01 08:00:00" />
        </label>
        {inputError && (
          <div className="form-error" role="alert">
            {inputError}
          </div>
        )}
        <button type="button" className="btn btn-primary" onClick={submit} data-testid="playback-open">
          {t('playback.open')}
        </button>
        {session.user.role === 'admin' && (
          <>
            <button type="button" className="btn btn-sm" onClick={() => setPolicies((v) => !v)} data-testid="recording-policies-toggle">
              {t('playback.policies')}
            </button>
            {policies && <PolicyPanel token={session.token} />}
          </>
        )}
      </aside>
      <main className="main pb-main" data-testid="playback-view">
        {!open ? (
          <p className="muted">{t('playback.pick', { n: MAX_SYNC_CAMERAS })}</p>
        ) : (
          <>
            <div className="pb-controls">
              <button type="button" className="btn btn-sm" onClick={() => setPaused((p) => !p)} disabled={live} data-testid="playback-pause">
                {paused ? t('playback.play') : t('playback.pause')}
              </button>
              <button type="button" className="btn btn-sm" onClick={() => now !== null && seekAll(now - 10_000)} disabled={live || now === null} data-testid="playback-back10">
                {t('playback.back10')}
              </button>
              <label>
                {t('playback.speed')}{' '}
                <select value={rate} onChange={(e) => setRate(Number(e.target.value))} disabled={live} data-testid="playback-speed">
                  {SPEEDS.map((s) => (
                    <option key={s} value={s}>
                      {s}×
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" className="btn btn-sm" onClick={() => setLive((l) => !l)} data-testid="playback-live">
                {live ? t('playback.backToPlayback') : t('playback.live')}
              </button>
              <span className="pb-now" data-testid="playback-now" data-wall={now ?? ''}>
                {now !== null && !live ? formatTime(now) : ''}
              </span>
            </div>
            <div className={`pb-grid pb-grid-${shownIds.length > 1 ? 4 : 1}`}>
              {shownIds.map((id) => (
                <div key={id} className="pb-cell">
                  <PlaybackTile
                    ref={(h) => {
                      if (h) tiles.current.set(id, h);
                      else tiles.current.delete(id);
                    }}
                    cameraId={id}
                    token={session.token}
                    open={open}
                    live={live}
                    rate={rate}
                    paused={paused}
                  />
                  <Timeline spans={spans[id] ?? []} from={open.at - WINDOW_MS} to={open.at + WINDOW_MS} now={live ? null : now} onSeek={seekAll} />
                </div>
              ))}
            </div>
            {target && shownIds.length > 0 && now !== null && <ClipPanel token={session.token} target={target} cameraIds={shownIds} now={now} />}
          </>
        )}
      </main>
    </div>
  );
}

function Timeline({ spans, from, to, now, onSeek }: { spans: RecordedSpan[]; from: number; to: number; now: number | null; onSeek(wall: number): void }) {
  const { t } = useTranslation();
  const boxes = spanBoxes(spans, from, to);
  const lastSeek = useRef(0);
  // Click to go to a time; drag to scrub (at most five seeks a second while dragging).
  const seekAt = (e: React.PointerEvent<HTMLDivElement>, force: boolean) => {
    const now = performance.now();
    if (!force && now - lastSeek.current < 200) return;
    lastSeek.current = now;
    const r = e.currentTarget.getBoundingClientRect();
    onSeek(from + (Math.min(Math.max(e.clientX - r.left, 0), r.width) / r.width) * (to - from));
  };
  return (
    <div
      className="pb-timeline"
      data-testid="timeline"
      title={t('playback.timeline')}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        seekAt(e, true);
      }}
      onPointerMove={(e) => {
        if (e.currentTarget.hasPointerCapture(e.pointerId)) seekAt(e, false);
      }}
      onPointerUp={(e) => {
        if (e.currentTarget.hasPointerCapture(e.pointerId)) seekAt(e, true);
      }}
    >
      {boxes.map((b, i) => (
        <span key={i} className="pb-span" data-testid="timeline-span" style={{ left: `${b.left * 100}%`, width: `${b.width * 100}%` }} />
      ))}
      {now !== null && now >= from && now <= to && <span className="pb-cursor" style={{ left: `${((now - from) / (to - from)) * 100}%` }} />}
      <span className="pb-tl-label pb-tl-left">{formatTime(from)}</span>
      <span className="pb-tl-label pb-tl-right">{formatTime(to)}</span>
    </div>
  );
}

function ClipPanel({ token, target, cameraIds, now }: { token: string; target: ClipTarget; cameraIds: number[]; now: number }) {
  const { t, i18n } = useTranslation();
  const cameras = useStore((s) => s.cameras);
  const [cameraId, setCameraId] = useState(cameraIds[0]!);
  const [fromText, setFromText] = useState(() => toLocalInput(now - 10_000));
  const [toText, setToText] = useState(() => toLocalInput(now + 20_000));
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    const from = fromLocalInput(fromText);
    const to = fromLocalInput(toText);
    if (from === null || to === null) return setMsg({ ok: false, text: i18n.language === 'en' ? 'Time as YYYY-MM-DD HH:MM:SS' : '时间格式：年-月-日 时:分:秒' });
    setBusy(true);
    try {
      const owner = target.kind === 'incident' ? { incidentId: target.id } : { disputeId: target.id };
      const c = await exportClip(token, { cameraId, ...owner, from, to });
      setMsg({ ok: true, text: t('playback.clipDone', { name: c.cameraName, hash: c.sha256.slice(0, 16) }) });
    } catch (e) {
      const api = e instanceof RequestError ? e.apiError : null;
      setMsg({ ok: false, text: api ? api[i18n.language === 'en' ? 'messageEn' : 'message'] : String(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="pb-clip" data-testid="clip-panel">
      <strong>{t('playback.clip')}</strong> <span className="muted">{t('playback.clipFor', { code: target.code })}</span>
      <select value={cameraId} onChange={(e) => setCameraId(Number(e.target.value))} data-testid="clip-camera">
        {cameraIds.map((id) => (
          <option key={id} value={id}>
            {cameras[id]?.name ?? id}
          </option>
        ))}
      </select>
      <label>
        {t('playback.clipFrom')} <input type="text" value={fromText} onChange={(e) => setFromText(e.target.value)} data-testid="clip-from" />
      </label>
      <label>
        {t('playback.clipTo')} <input type="text" value={toText} onChange={(e) => setToText(e.target.value)} data-testid="clip-to" />
      </label>
      <button type="button" className="btn btn-sm btn-primary" disabled={busy} onClick={() => void run()} data-testid="clip-export">
        {t('playback.clipExport')}
      </button>
      {msg && (
        <span className={msg.ok ? 'pb-ok' : 'form-error'} role="status" data-testid="clip-result">
          {msg.text}
        </span>
      )}
    </div>
  );
}
