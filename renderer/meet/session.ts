// This console in a call or meeting: its camera and microphone published to Janus, one receiving connection per other
// participant. Every signalling step is a request on the console's own socket (the centre authorises it and speaks to
// Janus); media flows to Janus directly. Without a camera it publishes audio only, without either it only receives;
// if its connection drops or Janus restarts it rejoins by itself.
import type { MeetKicked, Roster, Sdp } from '../../protocol/index.ts';
import { request, type AppSocket } from '../net/socket.ts';
import { useStore } from '../store.ts';

export type MediaMode = 'av' | 'audio' | 'none';
export type SessionPhase = 'joining' | 'live' | 'reconnecting' | 'ended' | 'failed';

export interface RemoteFeed {
  feedId: number;
  stream: MediaStream;
  pc: RTCPeerConnection;
  subscriptionId: number;
}

let socket: AppSocket | null = null;
let current: MeetSession | null = null;
const listeners = new Set<() => void>();
let version = 0;
const changed = () => {
  version++;
  for (const l of listeners) l();
};

export function setMeetSocket(s: AppSocket | null): void {
  socket = s;
}
export function currentSession(): MeetSession | null {
  return current;
}
export function subscribeSession(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
export function sessionVersion(): number {
  return version;
}

/** ICE gathered (host candidates only, so this is quick): the SDP then carries every candidate, no trickle needed. */
export function gathered(pc: RTCPeerConnection, capMs = 2000): Promise<void> {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    const t = setTimeout(resolve, capMs);
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') {
        clearTimeout(t);
        resolve();
      }
    });
  });
}

export const sdpOf = (d: RTCSessionDescription | null): Sdp => ({ type: d?.type === 'answer' ? 'answer' : 'offer', sdp: d?.sdp ?? '' });

export async function openMedia(): Promise<{ stream: MediaStream | null; mode: MediaMode }> {
  const md = navigator.mediaDevices;
  if (!md?.getUserMedia) return { stream: null, mode: 'none' };
  try {
    return { stream: await md.getUserMedia({ audio: true, video: { width: 640, height: 360, frameRate: 15 } }), mode: 'av' };
  } catch {
    try {
      return { stream: await md.getUserMedia({ audio: true }), mode: 'audio' };
    } catch {
      return { stream: null, mode: 'none' };
    }
  }
}

export class MeetSession {
  phase: SessionPhase = 'joining';
  feedId: number | null = null;
  local: MediaStream | null = null;
  mode: MediaMode = 'none';
  audioOn = true;
  videoOn = true;
  remotes = new Map<number, RemoteFeed>();
  error: string | null = null;
  joinedAt: number | null = null;
  /** The media path actually in use (local ⇄ remote address), from getStats. */
  path: string | null = null;
  private pub: RTCPeerConnection | null = null;
  private closed = false;
  private rejoinTimer: ReturnType<typeof setTimeout> | undefined;
  private pathTimer: ReturnType<typeof setInterval> | undefined;
  private subscribing = new Set<number>();
  /** The newest roster seen, also while still publishing (the ones that arrive then must not be lost). */
  private roster: Roster | null = null;

  constructor(readonly meetingId: number, private readonly audioOnly: boolean) {}

  static async start(meetingId: number, audioOnly = false): Promise<MeetSession> {
    if (current && current.meetingId !== meetingId) await current.close('left');
    if (current && current.meetingId === meetingId) return current;
    const s = new MeetSession(meetingId, audioOnly);
    current = s;
    useStore.getState().setMeetActive({ meetingId, roster: null });
    changed();
    const media = audioOnly ? await openAudioOnly() : await openMedia();
    s.local = media.stream;
    s.mode = media.mode;
    s.videoOn = media.mode === 'av';
    s.audioOn = media.mode !== 'none';
    changed();
    await s.join();
    s.pathTimer = setInterval(() => void s.readPath(), 2000);
    return s;
  }

  private async join(): Promise<void> {
    if (this.closed || !socket) return;
    this.phase = this.feedId === null ? 'joining' : 'reconnecting';
    changed();
    const r = await request(socket, 'meet:join', { meetingId: this.meetingId }, 15_000);
    if (this.closed) return;
    if (!r.ok) {
      this.error = r.error.message;
      // Janus down or the server unreachable: keep trying; a refusal (ended, not allowed) ends the attempt.
      if (r.error.code === 'MEET_UNAVAILABLE' || r.error.code === 'INTERNAL') return this.retrySoon();
      this.phase = 'failed';
      changed();
      return;
    }
    this.error = null;
    this.feedId = r.data.feedId;
    useStore.getState().setMeetRoster(r.data.roster);
    this.roster = r.data.roster;
    if (this.local) {
      const ok = await this.publish();
      if (!ok) return this.retrySoon();
    }
    this.phase = 'live';
    this.joinedAt ??= Date.now();
    changed();
    if (this.roster) this.onRoster(this.roster);
  }

  private async publish(): Promise<boolean> {
    if (!socket || !this.local) return false;
    this.pub?.close();
    const pc = new RTCPeerConnection({ iceServers: [] });
    this.pub = pc;
    for (const track of this.local.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [this.local] });
    pc.addEventListener('connectionstatechange', () => {
      if (pc === this.pub && (pc.connectionState === 'failed' || pc.connectionState === 'closed') && !this.closed) this.retrySoon();
    });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const r = await request(socket, 'meet:publish', { meetingId: this.meetingId, jsep: sdpOf(pc.localDescription), audio: this.audioOn, video: this.videoOn }, 15_000);
    if (!r.ok || this.closed) {
      this.error = r.ok ? null : r.error.message;
      return false;
    }
    await pc.setRemoteDescription({ type: 'answer', sdp: r.data.jsep.sdp });
    return true;
  }

  onRoster(r: Roster): void {
    if (r.meetingId !== this.meetingId) return;
    this.roster = r;
    if (this.phase !== 'live') return;
    const wanted = new Set(r.participants.filter((p) => p.live && p.feedId !== this.feedId).map((p) => p.feedId));
    for (const [feedId, f] of this.remotes) {
      if (!wanted.has(feedId)) {
        f.pc.close();
        this.remotes.delete(feedId);
      }
    }
    for (const feedId of wanted) if (!this.remotes.has(feedId) && !this.subscribing.has(feedId)) void this.subscribe(feedId);
    changed();
  }

  private async subscribe(feedId: number): Promise<void> {
    if (!socket) return;
    this.subscribing.add(feedId);
    try {
      const r = await request(socket, 'meet:subscribe', { meetingId: this.meetingId, feedId }, 15_000);
      if (!r.ok || this.closed) return;
      const pc = new RTCPeerConnection({ iceServers: [] });
      const stream = new MediaStream();
      pc.addEventListener('track', (e) => {
        stream.addTrack(e.track);
        changed();
      });
      await pc.setRemoteDescription({ type: 'offer', sdp: r.data.jsep.sdp });
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered(pc);
      const s = await request(socket, 'meet:start', { meetingId: this.meetingId, subscriptionId: r.data.subscriptionId, jsep: sdpOf(pc.localDescription) }, 15_000);
      if (!s.ok || this.closed) {
        pc.close();
        return;
      }
      this.remotes.set(feedId, { feedId, stream, pc, subscriptionId: r.data.subscriptionId });
      changed();
    } finally {
      this.subscribing.delete(feedId);
    }
  }

  private retrySoon(): void {
    if (this.closed || this.rejoinTimer) return;
    this.phase = 'reconnecting';
    this.tearDownPeers();
    changed();
    this.rejoinTimer = setTimeout(() => {
      this.rejoinTimer = undefined;
      void this.join();
    }, 1500);
  }

  onKicked(k: MeetKicked): void {
    if (k.meetingId !== this.meetingId) return;
    if (k.reason === 'restart') return this.retrySoon();
    void this.close(k.reason === 'removed' ? 'removed' : 'ended');
  }

  onHealthBack(): void {
    if (this.phase === 'reconnecting' && this.rejoinTimer) {
      clearTimeout(this.rejoinTimer);
      this.rejoinTimer = undefined;
      void this.join();
    }
  }

  setAudio(on: boolean): void {
    this.audioOn = on;
    for (const t of this.local?.getAudioTracks() ?? []) t.enabled = on;
    if (socket) void request(socket, 'meet:media', { meetingId: this.meetingId, audio: on, video: this.videoOn });
    changed();
  }

  setVideo(on: boolean): void {
    this.videoOn = on;
    for (const t of this.local?.getVideoTracks() ?? []) t.enabled = on;
    if (socket) void request(socket, 'meet:media', { meetingId: this.meetingId, audio: this.audioOn, video: on });
    changed();
  }

  /** The selected ICE candidate pair of the first connection that has one: where the media really goes. */
  async readPath(): Promise<void> {
    const pcs = [this.pub, ...[...this.remotes.values()].map((r) => r.pc)].filter((p): p is RTCPeerConnection => p !== null);
    for (const pc of pcs) {
      const stats = await pc.getStats();
      let pairId: string | null = null;
      stats.forEach((s: { type: string; selectedCandidatePairId?: string }) => {
        if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
      });
      if (!pairId) continue;
      const pair = stats.get(pairId) as { localCandidateId: string; remoteCandidateId: string } | undefined;
      const l = pair && (stats.get(pair.localCandidateId) as { address?: string; port?: number; protocol?: string } | undefined);
      const rm = pair && (stats.get(pair.remoteCandidateId) as { address?: string; port?: number } | undefined);
      if (l?.address && rm?.address) {
        const next = `${l.address} ⇄ ${rm.address} ${(l.protocol ?? 'udp').toUpperCase()}`;
        if (next !== this.path) {
          this.path = next;
          changed();
        }
        return;
      }
    }
  }

  private tearDownPeers(): void {
    this.pub?.close();
    this.pub = null;
    for (const r of this.remotes.values()) r.pc.close();
    this.remotes.clear();
  }

  async close(why: 'left' | 'ended' | 'removed'): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.rejoinTimer);
    clearInterval(this.pathTimer);
    this.tearDownPeers();
    for (const t of this.local?.getTracks() ?? []) t.stop();
    this.phase = 'ended';
    this.error = why === 'removed' ? 'removed' : null;
    if (why === 'left' && socket) void request(socket, 'meet:leave', { meetingId: this.meetingId });
    if (current === this) current = null;
    useStore.getState().setMeetActive(null);
    lastEnd = { meetingId: this.meetingId, why, at: Date.now() };
    changed();
  }
}

async function openAudioOnly(): Promise<{ stream: MediaStream | null; mode: MediaMode }> {
  try {
    return { stream: await navigator.mediaDevices.getUserMedia({ audio: true }), mode: 'audio' };
  } catch {
    return { stream: null, mode: 'none' };
  }
}

/** Why the last session ended (the panel says "removed by the host"). */
export let lastEnd: { meetingId: number; why: 'left' | 'ended' | 'removed'; at: number } | null = null;
