// The live connection of a logged-in console: one socket, the unit's durable stream attached to it with every feature
// plugged in, torn down on logout. A grid member's phone has no unit stream: it works over HTTP (renderer/report/).
import { DELIVERY_CONFIRMERS, STREAM_ROLES, SessionUser, apiError, type ApiError } from '../../protocol/index.ts';
import { attachStream } from '../stream/connect.ts';
import { attachAlerts } from '../alerts/live.ts';
import { attachWartime } from '../wartime/live.ts';
import { startIncidents } from '../incidents/live.ts';
import { attachWall } from '../wall/wallLive.ts';
import { startAlarms } from '../queue/live.ts';
import { startDuty } from '../duty/live.ts';
import { startDisputes } from '../disputes/live.ts';
import { startFlows } from '../mediation/live.ts';
import { attachMeet } from '../meet/live.ts';
import { api, RequestError } from '../net/http.ts';
import { openSocket, type AppSocket } from '../net/socket.ts';
import { useStore } from '../store.ts';
import type { Session } from './sessionSlice.ts';

let current: AppSocket | null = null;

/** The socket of the running session, for requests (alert:raise, alert:sign). */
export function liveSocket(): AppSocket | null {
  return current;
}

export function isTownshipConsole(user: SessionUser): boolean {
  return user.centreLevel !== 'county';
}

/** Open the socket and attach the stream; returns the teardown. */
export function startLive(session: Session): () => void {
  const { user, token } = session;
  if (!STREAM_ROLES.includes(user.role)) return startPhone(session);
  const socket = openSocket(token);
  current = socket;
  const onAuthFailure = (e: ApiError): void => {
    useStore.getState().endSession(e);
  };
  // The server ended this session (logout elsewhere, disabled, password reset, expiry): the login page says why.
  socket.on('session:ended', onAuthFailure);
  // Every feature plugs in before the stream attaches, so nothing of the first sync is missed.
  const stopAlerts = attachAlerts(user);
  const stopIncidents = startIncidents(session);
  const stopDisputes = startDisputes();
  const stopFlows = startFlows(session);
  const stopWartime = attachWartime(socket, user, token);
  const stopWall = attachWall(socket, user);
  // Alarms subscribe to `alarm.acked` before the stream attaches, too.
  const stopAlarms = startAlarms(session);
  const stopDuty = startDuty();
  const stopMeet = attachMeet(socket, user);
  const detach = attachStream({
    socket,
    origin: window.location.origin,
    centreId: user.centreId,
    confirmsDelivery: DELIVERY_CONFIRMERS.includes(user.role),
    onAuthFailure,
  });

  // Refresh the user (name, role) and notice a revoked token early.
  const ctl = new AbortController();
  api<unknown>('/api/me', { token, signal: ctl.signal }).then(
    (me) => {
      const parsed = SessionUser.safeParse(me);
      if (parsed.success && parsed.data.id === user.id) useStore.getState().updateUser(parsed.data);
    },
    (e: unknown) => {
      if (e instanceof RequestError && e.isAuthFailure) onAuthFailure(e.apiError ?? apiError('AUTH_TOKEN_INVALID'));
    },
  );

  // Expire on the client too, at expiresAt.
  const untilExpiry = session.expiresAt - Date.now();
  const expiryTimer =
    untilExpiry < 2 ** 31 - 1 ? setTimeout(() => onAuthFailure(apiError('AUTH_TOKEN_EXPIRED')), Math.max(0, untilExpiry)) : undefined;

  return () => {
    ctl.abort();
    stopWall();
    stopAlarms();
    stopDuty();
    stopMeet();
    clearTimeout(expiryTimer);
    detach(); // persists the cursor
    stopWartime();
    stopIncidents();
    stopDisputes();
    stopFlows();
    stopAlerts(); // nothing of this centre stays in memory behind the login page
    socket.disconnect();
    if (current === socket) current = null;
    useStore.getState().setConn('connecting');
  };
}

const PHONE_PROBE_MS = 15_000;

/**
 * A grid member's phone: no socket, no unit stream. Whether the centre is reachable is probed over HTTP (the phone's
 * outbox retries its reports by itself); a revoked or expired session ends it.
 */
function startPhone(session: Session): () => void {
  const st = useStore.getState;
  let stopped = false;
  const probe = () => {
    api<unknown>('/api/me', { token: session.token }).then(
      () => !stopped && st().setConn('connected'),
      (e: unknown) => {
        if (stopped) return;
        if (e instanceof RequestError && e.isAuthFailure) st().endSession(e.apiError ?? apiError('AUTH_TOKEN_INVALID'));
        else st().setConn('disconnected');
      },
    );
  };
  probe();
  const every = setInterval(probe, PHONE_PROBE_MS);
  window.addEventListener('online', probe);
  const untilExpiry = session.expiresAt - Date.now();
  const timer = untilExpiry < 2 ** 31 - 1
    ? setTimeout(() => st().endSession(apiError('AUTH_TOKEN_EXPIRED')), Math.max(0, untilExpiry))
    : undefined;
  return () => {
    stopped = true;
    clearInterval(every);
    clearTimeout(timer);
    window.removeEventListener('online', probe);
    st().setConn('connecting');
  };
}

/** Log out: tell the server (best effort), then back to the login page. */
export async function logout(): Promise<void> {
  const s = useStore.getState().session;
  if (s) {
    try {
      await api('/api/logout', { method: 'POST', token: s.token, body: {} });
    } catch {
      /* the token is dropped locally anyway */
    }
  }
  useStore.getState().endSession(null);
}
