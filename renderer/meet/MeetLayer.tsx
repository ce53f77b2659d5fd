// What a console shows of calls and meetings, over whatever view is open: an incoming 一键通 ringing (every console of
// the unit, until one answers), invitations to meetings, and the room this console is in (video grid, who speaks,
// mute, camera, hang-up, duration, the media path; host controls). A missed call waits in 待办.
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { Meeting, Participant, Reply, SessionUser, WallPlaced } from '../../protocol/index.ts';
import { liveSocket } from '../session/live.ts';
import { request } from '../net/socket.ts';
import { useStore } from '../store.ts';
import { useNow } from '../ui/useNow.ts';
import { useDuration } from '../wartime/hooks.ts';
import { MeetSession, currentSession, lastEnd, sessionVersion, subscribeSession } from './session.ts';
import { downloadRecording } from './MediationButton.tsx';
import { playAlertTone } from '../alerts/sound.ts';
import { wallScreenOptions } from './wallScreens.ts';
import './meet.css';

export function useMeetSession(): MeetSession | null {
  useSyncExternalStore(subscribeSession, sessionVersion);
  return currentSession();
}

async function ask<E extends 'meet:answer' | 'meet:end' | 'meet:call' | 'meet:seen' | 'meet:consent'>(event: E, payload: { meetingId: number } | { centreId: number }) {
  const socket = liveSocket();
  if (!socket) return null;
  const r = (await request(socket, event, payload as never)) as Reply<{ meeting: Meeting }>;
  if (!r.ok) {
    useStore.getState().setMeetError(r.error.message);
    return null;
  }
  const m = r.data.meeting;
  useStore.getState().upsertMeeting(m);
  return m;
}

/** 一键通 from a board tile or the directory: rings the unit and puts this console in the call at once. */
export async function placeCall(centreId: number): Promise<void> {
  const m = await ask('meet:call', { centreId });
  if (m) await MeetSession.start(m.id);
}

export function MeetLayer({ user }: { user: SessionUser }) {
  const meetings = useStore((s) => s.meetings);
  const session = useMeetSession();
  const ringing = useMemo(
    () => Object.values(meetings).filter((m) => m.state === 'ringing' && m.invitees.some((i) => i.centreId === user.centreId && i.state === 'ringing')),
    [meetings, user.centreId],
  );
  const invites = useMemo(
    () =>
      Object.values(meetings).filter(
        (m) => m.kind !== 'call' && m.state === 'open' && m.invitees.some((i) => i.centreId === user.centreId) && session?.meetingId !== m.id,
      ),
    [meetings, user.centreId, session],
  );
  return (
    <>
      <div className="meet-banners">
        {ringing.map((m) => (
          <RingBanner key={m.id} m={m} />
        ))}
        {invites.map((m) => (
          <InviteBanner key={m.id} m={m} />
        ))}
        <MeetNotice />
      </div>
      {session && <MeetPanel session={session} user={user} />}
    </>
  );
}

function MeetNotice() {
  const { t } = useTranslation();
  const error = useStore((s) => s.meetError);
  const session = useMeetSession();
  const ended = lastEnd;
  if (error) {
    return (
      <div className="meet-banner bad" role="alert" data-testid="meet-error">
        {t('meet.failed', { msg: error })}
        <button type="button" className="btn btn-sm" onClick={() => useStore.getState().setMeetError(null)}>
          {t('meet.close')}
        </button>
      </div>
    );
  }
  if (!session && ended?.why === 'removed' && Date.now() - ended.at < 15_000) {
    return (
      <div className="meet-banner warn" role="status" data-testid="meet-removed">
        {t('meet.removed')}
      </div>
    );
  }
  return null;
}

function Unavailable() {
  const { t } = useTranslation();
  const health = useStore((s) => s.meetHealth);
  if (health.available) return null;
  return (
    <div className="meet-unavailable" data-testid="meet-unavailable">
      {t('meet.unavailable', { reason: health.reason ?? '' })}
    </div>
  );
}

/** A ringing call rings like a phone: the alert tone every few seconds (the night mute silences it, the banner stays). */
const RING_EVERY_MS = 4000;

function RingBanner({ m }: { m: Meeting }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    playAlertTone('new');
    const every = setInterval(() => playAlertTone('new'), RING_EVERY_MS);
    return () => clearInterval(every);
  }, []);
  const go = async (audioOnly: boolean) => {
    setBusy(true);
    const answered = await ask('meet:answer', { meetingId: m.id });
    if (answered) await MeetSession.start(m.id, audioOnly);
    setBusy(false);
  };
  return (
    <div className="meet-banner ring" role="alertdialog" aria-label={t('meet.ringing')} data-testid="meet-ring" data-meeting-id={m.id}>
      <span className="meet-ring-dot" aria-hidden />
      <b>{t('meet.ringing')}</b>
      <span>{t('meet.from', { centre: m.hostCentreName, name: m.openedBy.name })}</span>
      <Unavailable />
      <button type="button" className="btn btn-primary" disabled={busy} data-testid="meet-answer" onClick={() => void go(false)}>
        {t('meet.answer')}
      </button>
      <button type="button" className="btn" disabled={busy} data-testid="meet-answer-audio" onClick={() => void go(true)}>
        {t('meet.answerAudio')}
      </button>
      <button type="button" className="btn btn-ghost" disabled={busy} data-testid="meet-decline" onClick={() => void ask('meet:end', { meetingId: m.id })}>
        {t('meet.decline')}
      </button>
    </div>
  );
}

function InviteBanner({ m }: { m: Meeting }) {
  const { t } = useTranslation();
  return (
    <div className="meet-banner invite" role="status" data-testid="meet-invite" data-meeting-id={m.id}>
      <b>{t('meet.invited', { kind: t(`meet.kind.${m.kind}`), title: m.title })}</b>
      <span>{t('meet.from', { centre: m.hostCentreName, name: m.openedBy.name })}</span>
      <Unavailable />
      <button type="button" className="btn btn-primary" data-testid="meet-join" onClick={() => void MeetSession.start(m.id)}>
        {t('meet.join')}
      </button>
      <button type="button" className="btn" data-testid="meet-join-audio" onClick={() => void MeetSession.start(m.id, true)}>
        {t('meet.joinAudio')}
      </button>
    </div>
  );
}

function MeetPanel({ session, user }: { session: MeetSession; user: SessionUser }) {
  const { t } = useTranslation();
  const meeting = useStore((s) => s.meetings[session.meetingId]);
  const roster = useStore((s) => (s.meetActive?.meetingId === session.meetingId ? s.meetActive.roster : null));
  const now = useNow(1000);
  const dur = useDuration();
  const host = meeting?.hostCentreId === user.centreId && (user.role === 'dutyOfficer' || user.role === 'commander');
  const isCall = meeting?.kind === 'call';
  // Until the join's reply names this console's feed, the roster may already list it: leave out this user's own
  // place then, or the console shows itself as a remote tile until the next roster.
  const others = (roster?.participants ?? []).filter((p) => (session.feedId === null ? p.userId !== user.id : p.feedId !== session.feedId));
  const me = (roster?.participants ?? []).find((p) => p.feedId === session.feedId) ?? null;
  const calling = meeting?.state === 'ringing' && host;
  const since = meeting?.answeredAt ?? (meeting && meeting.kind !== 'call' ? meeting.openedAt : null);
  // The host's screen for 上墙 (null: the wall picks), and the screen whose tour the last 上墙 stopped.
  const [wallScreen, setWallScreen] = useState<number | null>(null);
  const [tourStopped, setTourStopped] = useState<number | null>(null);
  const onPlaced = (r: WallPlaced) => setTourStopped(r.tourStopped && r.placed ? r.placed.screen : null);
  const hangUp = async () => {
    if (isCall || (host && meeting?.kind !== 'call')) await ask('meet:end', { meetingId: session.meetingId });
    await session.close('left');
  };
  return (
    <section className="meet-panel" aria-label={meeting?.title ?? ''} data-testid="meet-panel" data-phase={session.phase} data-meeting-id={session.meetingId}>
      <header className="meet-head">
        <b>{meeting ? (isCall ? meeting.title : `${t(`meet.kind.${meeting.kind}`)} · ${meeting.title}`) : ''}</b>
        <span className={`meet-phase ph-${session.phase}`} data-testid="meet-phase">
          {calling ? t('meet.calling', { centre: meeting?.invitees[0]?.centreName ?? '' }) : t(`meet.phase.${session.phase}`)}
        </span>
        {since !== null && since !== undefined && meeting?.state === 'open' && (
          <span className="mono" data-testid="meet-duration">
            {t('meet.duration', { d: dur(Math.max(0, now - since)) })}
          </span>
        )}
        {session.mode !== 'av' && <span className="warn-text" data-testid="meet-mode">{t(`meet.mode.${session.mode}`)}</span>}
        {session.path && (
          <span className="muted mono" data-testid="meet-path" title={t('meet.path')}>
            {t('meet.path')} {session.path}
          </span>
        )}
      </header>
      <Unavailable />
      {meeting?.recording && <RecordingBar meeting={meeting} user={user} host={host} />}
      <div className={`meet-grid n${Math.min(others.length + 1, 9)}`} data-testid="meet-grid">
        <Tile key="me" label={`${t('meet.me')} · ${user.centreName}`} stream={session.local} muted p={me} mine />
        {others.map((p) => (
          <Tile key={p.feedId} label={`${p.centreName} · ${p.name}`} stream={session.remotes.get(p.feedId)?.stream ?? null} p={p} host={host} meetingId={session.meetingId} wall={roster?.wallFeedId === p.feedId} wallScreen={wallScreen} onPlaced={onPlaced} />
        ))}
      </div>
      <footer className="meet-controls">
        {session.mode !== 'none' && (
          <button type="button" className="btn" aria-pressed={!session.audioOn} data-testid="meet-mute" disabled={me?.hostMuted} onClick={() => session.setAudio(!session.audioOn)}>
            {session.audioOn ? t('meet.mute') : t('meet.unmute')}
          </button>
        )}
        {session.mode === 'av' && (
          <button type="button" className="btn" aria-pressed={!session.videoOn} data-testid="meet-camera" onClick={() => session.setVideo(!session.videoOn)}>
            {session.videoOn ? t('meet.cameraOff') : t('meet.cameraOn')}
          </button>
        )}
        {me?.hostMuted && <span className="warn-text">{t('meet.hostMuted')}</span>}
        {host && others.length > 0 && <WallScreenPick meetingId={session.meetingId} value={wallScreen} onChange={setWallScreen} />}
        {tourStopped !== null && (
          <span className="meet-tag tour-stopped" role="status" data-testid="meet-tour-stopped">
            {t('meet.tourStopped', { screen: tourStopped + 1 })}
          </span>
        )}
        <button type="button" className="btn meet-hangup" data-testid="meet-hangup" onClick={() => void hangUp()}>
          {isCall ? t('meet.hangUp') : host ? t('meet.endMeeting') : t('meet.leave')}
        </button>
      </footer>
    </section>
  );
}

/** Which wall screen the host's 上墙 goes to: 自动选择 (the wall picks), or 屏幕 N with what 上墙 there would do. */
function WallScreenPick({ meetingId, value, onChange }: { meetingId: number; value: number | null; onChange(screen: number | null): void }) {
  const { t } = useTranslation();
  const wall = useStore((s) => s.wall);
  const options = useMemo(() => wallScreenOptions(wall, meetingId), [wall, meetingId]);
  if (options.length === 0) return null;
  return (
    <label className="meet-wall-pick">
      {t('meet.wallScreen')}
      <select data-testid="meet-wall-screen" value={value === null ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}>
        <option value="">{t('meet.wallAuto')}</option>
        {options.map((o) => (
          <option key={o.screen} value={String(o.screen)} data-state={o.state}>
            {t('meet.wallScreenOption', { n: o.screen + 1, state: t(`meet.wallScreenState.${o.state}`) })}
          </option>
        ))}
      </select>
    </label>
  );
}

function Tile(props: {
  label: string; stream: MediaStream | null; p: Participant | null; muted?: boolean; mine?: boolean; host?: boolean; meetingId?: number; wall?: boolean;
  wallScreen?: number | null; onPlaced?(r: WallPlaced): void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLVideoElement>(null);
  const { stream, p } = props;
  // Where the wall shows this participant (the wall chose the screen and tile): read from the wall itself, so it follows
  // 移除, a swap or a later 上墙 from 视频监控 and is gone with the mark.
  const wallAt = useStore((s) => {
    if (!props.wall || !p || !props.meetingId) return null;
    const screens = s.wall?.screens ?? [];
    for (let screen = 0; screen < screens.length; screen++) {
      const tile = screens[screen]!.meet?.findIndex((m) => m?.meetingId === props.meetingId && m?.userId === p.userId) ?? -1;
      if (tile >= 0) return `${screen}:${tile}`;
    }
    return null;
  });
  useEffect(() => {
    const v = ref.current;
    if (v && v.srcObject !== stream) v.srcObject = stream;
  }, [stream, stream?.getTracks().length]);
  const hostDo = (event: 'meet:mute' | 'meet:kick', extra: Record<string, unknown>) => {
    const socket = liveSocket();
    if (!socket || !props.meetingId || !p) return;
    void request(socket, event, { meetingId: props.meetingId, feedId: p.feedId, ...extra } as never).then((r) => {
      if (!r.ok) useStore.getState().setMeetError(r.error.message);
    });
  };
  const toWall = () => {
    const socket = liveSocket();
    if (!socket || !props.meetingId || !p) return;
    const screen = props.wallScreen ?? undefined;
    const put = props.wall ? { feedId: null } : { feedId: p.feedId, ...(screen !== undefined ? { screen } : {}) };
    void request(socket, 'meet:wall', { meetingId: props.meetingId, ...put }).then((r) => {
      if (!r.ok) useStore.getState().setMeetError(r.error.message);
      else props.onPlaced?.(r.data);
    });
  };
  return (
    <figure
      className={`meet-tile${p?.talking ? ' talking' : ''}${props.wall ? ' on-wall' : ''}`}
      data-testid={props.mine ? 'meet-local' : 'meet-remote'}
      data-centre-id={p?.centreId}
      data-feed-id={p?.feedId}
      data-talking={p?.talking ?? false}
    >
      <video ref={ref} autoPlay playsInline muted={props.muted ?? false} data-testid="meet-video" />
      <figcaption>
        <span>{props.label}</span>
        {p?.talking && <span className="meet-tag talk">{t('meet.talking')}</span>}
        {p && !p.live && <span className="meet-tag">{t('meet.connecting')}</span>}
        {p && p.live && !p.audio && <span className="meet-tag">{p.hostMuted ? t('meet.hostMuted') : t('meet.micOff')}</span>}
        {p && p.live && !p.video && <span className="meet-tag">{t('meet.camOff')}</span>}
        {props.wall && (
          <span className="meet-tag wall" data-testid="meet-on-wall">
            {t('meet.onWall')}
            {wallAt && ` · ${t('meet.onWallAt', { screen: Number(wallAt.split(':')[0]) + 1, tile: Number(wallAt.split(':')[1]) + 1 })}`}
          </span>
        )}
      </figcaption>
      {props.host && p && (
        <div className="meet-host">
          <button type="button" className="btn btn-sm" data-testid="meet-host-mute" onClick={() => hostDo('meet:mute', { muted: !p.hostMuted })}>
            {p.hostMuted ? t('meet.hostUnmute') : t('meet.hostMute')}
          </button>
          <button type="button" className="btn btn-sm" data-testid="meet-host-wall" onClick={toWall}>
            {props.wall ? t('meet.offWall') : t('meet.wall')}
          </button>
          <button type="button" className="btn btn-sm" data-testid="meet-host-kick" onClick={() => hostDo('meet:kick', {})}>
            {t('meet.kick')}
          </button>
        </div>
      )}
    </figure>
  );
}

function RecordingBar({ meeting, user, host }: { meeting: Meeting; user: SessionUser; host: boolean }) {
  const { t } = useTranslation();
  const rec = meeting.recording!;
  const units = [{ centreId: meeting.hostCentreId, centreName: meeting.hostCentreName }, ...meeting.invitees];
  const consented = new Set(rec.consents.map((k) => k.centreId));
  const mine = consented.has(user.centreId);
  const waiting = units.filter((u) => !consented.has(u.centreId));
  const record = async (on: boolean) => {
    const socket = liveSocket();
    if (!socket) return;
    const r = await request(socket, 'meet:record', { meetingId: meeting.id, on }, 60_000);
    if (!r.ok) useStore.getState().setMeetError(r.error.message);
    else useStore.getState().upsertMeeting(r.data.meeting);
  };
  return (
    <div className="meet-rec" data-testid="meet-recording" data-state={rec.state}>
      <b>{t('meet.consent')}</b>
      <span>{t('meet.consentAsk')}</span>
      <span data-testid="meet-consents">
        {t('meet.consented', { list: units.filter((u) => consented.has(u.centreId)).map((u) => u.centreName).join('、') || '—' })}
      </span>
      {waiting.length > 0 && <span className="warn-text">{t('meet.waitingConsent', { list: waiting.map((u) => u.centreName).join('、') })}</span>}
      {!mine && rec.state === 'consent' && (
        <button type="button" className="btn btn-sm" data-testid="meet-consent" onClick={() => void ask('meet:consent', { meetingId: meeting.id })}>
          {t('meet.consentGive')}
        </button>
      )}
      <span className={`meet-tag rec-${rec.state}`} data-testid="meet-rec-state">
        {t(`meet.recState.${rec.state}`)}
      </span>
      {rec.sha256 && (
        <button type="button" className="btn btn-sm" data-testid="meet-rec-download" title={`SHA-256 ${rec.sha256}`} onClick={() => void downloadRecording(meeting.id)}>
          {t('meet.download')} · <span className="mono" data-testid="meet-rec-hash">SHA-256 {rec.sha256.slice(0, 16)}…</span>
        </button>
      )}
      {host && rec.state === 'consent' && (
        <button type="button" className="btn btn-sm btn-primary" data-testid="meet-record" disabled={waiting.length > 0} onClick={() => void record(true)}>
          {t('meet.record')}
        </button>
      )}
      {host && rec.state === 'on' && (
        <button type="button" className="btn btn-sm" data-testid="meet-record-stop" onClick={() => void record(false)}>
          {t('meet.stopRecord')}
        </button>
      )}
    </div>
  );
}
