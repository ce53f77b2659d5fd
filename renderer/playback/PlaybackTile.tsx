// One camera's recording: an HLS (VOD) playlist built by the server from its index, played by hls.js from the granted
// position; or, after 回到直播, the camera's live stream through the wall's own player.
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiError, type PlaybackGrant, type Transport } from '../../protocol/index.ts';
import { RequestError } from '../net/http.ts';
import { request } from '../net/socket.ts';
import { liveSocket } from '../session/live.ts';
import { useStore } from '../store.ts';
import { formatTime } from '../ui/time.ts';
import { TilePlayer } from '../wall/player.ts';
import { openPlayback } from './api.ts';
import { positionAt, wallAt } from './model.ts';

type HlsClass = typeof import('hls.js').default;
let hlsLoading: Promise<HlsClass> | null = null;
const loadHls = () => (hlsLoading ??= import('hls.js').then((m) => m.default));

export type TileState = 'loading' | 'playing' | 'paused' | 'none' | 'live';

/** What the view steers: seek all tiles to one wall-clock time, read this tile's time. */
export interface TileHandle {
  cameraId: number;
  video(): HTMLVideoElement | null;
  /** Wall-clock time shown now, or null. */
  wallNow(): number | null;
  /** Seeks to a wall-clock time; reopens the playlist when the time is outside it. */
  seek(wall: number): void;
  state(): TileState;
}

const liveGrant = (cameraId: number, transport: Transport) => {
  const socket = liveSocket();
  if (!socket) return Promise.resolve({ ok: false as const, error: apiError('INTERNAL') });
  return request(socket, 'video:play', { cameraId, transport });
};

interface Props {
  cameraId: number;
  token: string;
  /** The time to open at, and a nonce: a new one reopens. */
  open: { at: number; nonce: number };
  live: boolean;
  rate: number;
  paused: boolean;
}

export const PlaybackTile = forwardRef<TileHandle, Props>(function PlaybackTile({ cameraId, token, open, live, rate, paused }, ref) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const camera = useStore((s) => s.cameras[cameraId]);
  const videoRef = useRef<HTMLVideoElement>(null);
  const grantRef = useRef<PlaybackGrant | null>(null);
  const hlsRef = useRef<InstanceType<HlsClass> | null>(null);
  const [state, setState] = useState<TileState>('loading');
  const stateRef = useRef<TileState>('loading');
  const [error, setError] = useState<{ message: string; next: number | null } | null>(null);
  const [target, setTarget] = useState(open);
  const [ttff, setTtff] = useState<number | null>(null);
  const [shown, setShown] = useState<number | null>(null);
  const set = (s: TileState) => {
    stateRef.current = s;
    setState(s);
  };

  useEffect(() => setTarget(open), [open]);

  // Playback: a grant for the target time, then hls.js from its position.
  useEffect(() => {
    if (live) return;
    const video = videoRef.current!;
    let cancelled = false;
    const asked = performance.now();
    set('loading');
    setError(null);
    setTtff(null);
    void (async () => {
      let grant: PlaybackGrant;
      try {
        grant = await openPlayback(token, cameraId, target.at);
      } catch (e) {
        if (cancelled) return;
        const api = e instanceof RequestError ? e.apiError : null;
        const next = api?.details?.next ? Number(api.details.next) : null;
        set('none');
        setError({ message: api ? api[en ? 'messageEn' : 'message'] : String(e), next });
        return;
      }
      const Hls = await loadHls();
      if (cancelled) return;
      grantRef.current = grant;
      hlsRef.current?.destroy();
      // No worker: the Content-Security-Policy allows workers from this origin only (app/http/securityHeaders.ts).
      const hls = new Hls({ enableWorker: false, startPosition: grant.position, maxBufferLength: 20, backBufferLength: 30 });
      hlsRef.current = hls;
      hls.loadSource(grant.url);
      hls.attachMedia(video);
      hls.on(Hls.Events.MANIFEST_PARSED, () => {
        video.playbackRate = rate;
        if (!paused) void video.play().catch(() => {});
      });
      const onFrame = () => {
        if (cancelled) return;
        setTtff(Math.round(performance.now() - asked));
        set(video.paused ? 'paused' : 'playing');
      };
      video.requestVideoFrameCallback(onFrame);
    })();
    return () => {
      cancelled = true;
      hlsRef.current?.destroy();
      hlsRef.current = null;
      grantRef.current = null;
    };
    // rate and paused are applied by their own effects; a change of them must not reopen.
  }, [cameraId, token, target, live, en]);

  // Live: the wall's player on this video element.
  useEffect(() => {
    if (!live) return;
    const video = videoRef.current!;
    set('live');
    setError(null);
    const player = new TilePlayer({ video, cameraId, transport: 'flv', grant: liveGrant, onPhase: () => {} });
    player.start();
    return () => player.destroy();
  }, [live, cameraId]);

  useEffect(() => {
    const v = videoRef.current;
    if (v && !live) v.playbackRate = rate;
  }, [rate, live]);
  useEffect(() => {
    const v = videoRef.current;
    if (!v || live || stateRef.current === 'none' || stateRef.current === 'loading') return;
    if (paused) v.pause();
    else void v.play().catch(() => {});
    set(paused ? 'paused' : 'playing');
  }, [paused, live]);

  // The time shown, a few times a second (for the label and the tests).
  useEffect(() => {
    const timer = setInterval(() => {
      const g = grantRef.current;
      const v = videoRef.current;
      setShown(g && v && !live ? wallAt(g.segments, v.currentTime) : null);
    }, 250);
    return () => clearInterval(timer);
  }, [live]);

  useImperativeHandle(ref, () => ({
    cameraId,
    video: () => videoRef.current,
    state: () => stateRef.current,
    wallNow() {
      const g = grantRef.current;
      const v = videoRef.current;
      return g && v && !live && stateRef.current !== 'none' ? wallAt(g.segments, v.currentTime) : null;
    },
    seek(wall: number) {
      const g = grantRef.current;
      const v = videoRef.current;
      const pos = g ? positionAt(g.segments, wall) : null;
      if (g && v && pos !== null && stateRef.current !== 'none') v.currentTime = pos;
      else setTarget({ at: wall, nonce: performance.now() });
    },
  }));

  const label = state === 'none' ? t('playback.noRecording') : t(`playback.${state === 'live' ? 'liveNow' : state}`);
  return (
    <div className="pb-tile" data-testid="playback-tile" data-camera-id={cameraId} data-state={state} data-wall={shown ?? ''} data-ttff={ttff ?? ''}>
      <video ref={videoRef} muted playsInline data-testid="playback-video" />
      <div className="pb-tile-head">
        <span>{camera?.name ?? cameraId}</span>
        <span className={`pb-state pb-state-${state}`}>{label}</span>
        {shown !== null && <span className="pb-time">{formatTime(shown)}</span>}
      </div>
      {error && (
        <div className="pb-none" role="status" data-testid="playback-none">
          <div>{error.message}</div>
          {error.next !== null && (
            <div>
              {t('playback.nextRecording', { time: formatTime(error.next) })}{' '}
              <button type="button" className="btn btn-sm" onClick={() => setTarget({ at: error.next!, nonce: performance.now() })}>
                {t('playback.jump')}
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
});
