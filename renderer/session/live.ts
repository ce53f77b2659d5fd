// The live connection of a logged-in console: one socket, the alert stream attached to it, torn down on logout.
import { SessionUser, apiError, type ApiError } from '../../protocol/index.ts';
import { attachLiveStream } from '../alerts/liveStream.ts';
import { attachWartime } from '../wartime/live.ts';
import { startIncidents } from '../incidents/live.ts';
import { attachWall } from '../wall/wallLive.ts';
import { api, RequestError } from '../net/http.ts';
import { handshakeError, isAuthFailure, openSocket, type AppSocket } from '../net/socket.ts';
import { useStore } from '../store.ts';
import type { Session } from './sessionSlice.ts';

let current: AppSocket | null = null;

/** The socket of the running session, for requests (alert:raise, alert:ack). */
export function liveSocket(): AppSocket | null {
  return current;
}

export function isTownshipConsole(user: SessionUser): boolean {
  return user.centreLevel !== 'county';
}

/** Open the socket and attach the stream; returns the teardown. */
export function startLive(session: Session): () => void {
  const { user, token } = session;
  const socket = openSocket(token);
  current = socket;
  const onAuthFailure = (e: ApiError): void => {
    useStore.getState().endSession(e);
  };
  // The server ended this session (logout elsewhere, disabled, password reset, expiry): the login page says why.
  socket.on('session:ended', onAuthFailure);
  if (user.role === 'gridMember') return gridMemberLive(socket, session, onAuthFailure);
  // Subscribed before the stream attaches, so no incident event of the first sync is missed.
  const stopIncidents = startIncidents(session);
  // Wartime subscribes to its stream events before the stream attaches, so none of the first sync is missed.
  const stopWartime = attachWartime(socket, user, token);
  // The video wall is latest-state-wins: it syncs on every (re)connect and follows the pushes.
  const stopWall = attachWall(socket, user);
  const detach = attachLiveStream({
    socket,
    origin: window.location.origin,
    centreId: user.centreId,
    audible: isTownshipConsole(user),
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
    clearTimeout(expiryTimer);
    detach(); // persists what was applied
    stopWartime();
    stopIncidents();
    socket.disconnect();
    if (current === socket) current = null;
    const st = useStore.getState();
    st.clearAlerts(); // nothing of this centre stays in memory behind the login page
    st.setConn('connecting');
  };
}

/** A grid member's phone reports over HTTP and has no stream: the socket only hears that the session ended. */
function gridMemberLive(socket: AppSocket, session: Session, onAuthFailure: (e: ApiError) => void): () => void {
  // The phone's connection light follows the socket itself (there is no sync to wait for).
  const st = useStore.getState();
  socket.on('connect', () => st.setConn('connected'));
  socket.on('disconnect', () => st.setConn('disconnected'));
  socket.on('connect_error', (err) => {
    const e = handshakeError(err);
    if (isAuthFailure(e) && e) onAuthFailure(e);
    else st.setConn('disconnected');
  });
  const untilExpiry = session.expiresAt - Date.now();
  const expiryTimer =
    untilExpiry < 2 ** 31 - 1 ? setTimeout(() => onAuthFailure(apiError('AUTH_TOKEN_EXPIRED')), Math.max(0, untilExpiry)) : undefined;
  return () => {
    clearTimeout(expiryTimer);
    socket.disconnect();
    if (current === socket) current = null;
    st.setConn('connecting');
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
