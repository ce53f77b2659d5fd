// A wall screen watching one meeting participant (视频会商上墙): receive-only, never a participant. The centre checks
// the watch (the host unit's wall drivers only) and hands over Janus's offer for the person's current feed; the
// server pushes `meet:watch` when the person rejoins (a new feed: watch anew), leaves, or the meeting ends.
import type { MeetWatchEvent } from '../../protocol/index.ts';
import { request, type AppSocket } from '../net/socket.ts';
import { gathered, sdpOf } from './session.ts';

/**
 * connecting → live (camOff while the person's camera is off); left (not in the room now), ended, restart (Janus
 * restarting), unavailable (also after a WebRTC error: retried), refused (not allowed), offWall (the wall no longer shows
 * the person; the wall push replaces the tile).
 */
export type WatchPhase = 'connecting' | 'live' | 'camOff' | 'left' | 'ended' | 'restart' | 'unavailable' | 'refused' | 'offWall';
export interface WatchView {
  phase: WatchPhase;
  stream: MediaStream | null;
  /** The centre's words for a refusal or an outage. */
  error: string | null;
}

const RETRY_MS = 3000;

export function watchParticipant(socket: AppSocket, meetingId: number, userId: number, onView: (v: WatchView) => void): () => void {
  let stopped = false;
  let pc: RTCPeerConnection | null = null;
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  /** The stream of the subscription in use (kept while the camera is off). */
  let shown: MediaStream | null = null;
  const view = (phase: WatchPhase, stream: MediaStream | null = null, error: string | null = null) => {
    if (!stopped) onView({ phase, stream, error });
  };
  const teardown = () => {
    clearTimeout(retry);
    pc?.close();
    pc = null;
  };
  const later = () => {
    clearTimeout(retry);
    retry = setTimeout(() => void watch(), RETRY_MS);
  };

  const watch = async (): Promise<void> => {
    const mine = ++attempt;
    const current = () => !stopped && mine === attempt;
    teardown();
    shown = null;
    view('connecting');
    const r = await request(socket, 'meet:watch', { meetingId, userId }, 15_000);
    if (!current()) return;
    if (!r.ok) {
      if (r.error.code === 'MEET_ENDED') return view('ended');
      // Janus down or the centre unreachable: keep trying; a refusal stays on screen.
      if (r.error.code === 'MEET_UNAVAILABLE' || r.error.code === 'INTERNAL') {
        view('unavailable', null, r.error.message);
        return later();
      }
      return view('refused', null, r.error.message);
    }
    if (r.data.state === 'left') return view('left');
    if (r.data.state === 'noVideo') return view('camOff');
    const p = new RTCPeerConnection({ iceServers: [] });
    pc = p;
    const stream = new MediaStream();
    p.addEventListener('track', (e) => stream.addTrack(e.track));
    p.addEventListener('connectionstatechange', () => {
      if (p === pc && p.connectionState === 'failed' && !stopped) later();
    });
    try {
      await p.setRemoteDescription({ type: 'offer', sdp: r.data.jsep.sdp });
      await p.setLocalDescription(await p.createAnswer());
      await gathered(p);
    } catch (err) {
      // An offer this browser cannot take: give the subscription back and try again later, never stuck at 连接中.
      p.close();
      if (p === pc) pc = null;
      if (!current()) return;
      void request(socket, 'meet:unwatch', { meetingId, userId });
      view('unavailable', null, err instanceof Error ? err.message : null);
      return later();
    }
    if (!current()) return void p.close();
    const s = await request(socket, 'meet:start', { meetingId, subscriptionId: r.data.subscriptionId, jsep: sdpOf(p.localDescription) }, 15_000);
    if (!current()) return void p.close();
    if (!s.ok) {
      view('unavailable', null, s.error.message);
      return later();
    }
    shown = stream;
    view(r.data.video ? 'live' : 'camOff', stream);
  };

  const onPush = (e: MeetWatchEvent) => {
    if (e.meetingId !== meetingId || e.userId !== userId) return;
    if (e.state === 'live') return void watch();
    if (e.state === 'camOff' || e.state === 'camOn') {
      if (shown) view(e.state === 'camOn' ? 'live' : 'camOff', shown);
      return;
    }
    attempt++;
    teardown();
    shown = null;
    view(e.state);
  };
  // The centre forgets a screen's watches when its socket drops: watch again once back.
  const onConnect = () => void watch();
  socket.on('meet:watch', onPush);
  socket.on('connect', onConnect);
  void watch();
  return () => {
    stopped = true;
    teardown();
    socket.off('meet:watch', onPush);
    socket.off('connect', onConnect);
    if (socket.connected) void request(socket, 'meet:unwatch', { meetingId, userId });
  };
}
