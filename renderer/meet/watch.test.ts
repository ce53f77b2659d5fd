// The wall tile's watch when this browser cannot take Janus's offer (a WebRTC error): it must not stay at 连接中. The
// peer connection is closed, the subscription given back (meet:unwatch), the tile says unavailable, and it tries
// again. WebRTC is not in Node, so the peer connection here is a stand-in that refuses the offer; the socket is a
// stand-in answering the centre's replies.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppSocket } from '../net/socket.ts';
import { watchParticipant, type WatchView } from './watch.ts';

const closed: boolean[] = [];
class RefusingPeer {
  iceGatheringState = 'complete';
  connectionState = 'new';
  localDescription = null;
  private readonly i = closed.push(false) - 1;
  addEventListener() {}
  async setRemoteDescription() {
    throw new Error('Failed to set remote offer sdp');
  }
  async createAnswer() {
    return { type: 'answer', sdp: 'v=0' };
  }
  async setLocalDescription() {}
  close() {
    closed[this.i] = true;
  }
}

describe('a wall tile whose browser cannot take the offer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('RTCPeerConnection', RefusingPeer);
    vi.stubGlobal('MediaStream', class { addTrack() {} });
    closed.length = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('closes the peer connection, gives the subscription back, says unavailable, and tries again', async () => {
    const sent: string[] = [];
    const socket = {
      connected: true,
      on() {},
      off() {},
      timeout: () => ({
        emit(event: string, _payload: unknown, cb: (err: Error | null, r: unknown) => void) {
          sent.push(event);
          const reply = event === 'meet:watch' ? { ok: true, data: { state: 'live', subscriptionId: 5, jsep: { type: 'offer', sdp: 'v=0' }, video: true } } : { ok: true, data: null };
          queueMicrotask(() => cb(null, reply));
        },
      }),
    } as unknown as AppSocket;
    const views: WatchView['phase'][] = [];
    const stop = watchParticipant(socket, 7, 20, (v) => views.push(v.phase));
    await vi.advanceTimersByTimeAsync(0);
    expect(views).toEqual(['connecting', 'unavailable']);
    expect(closed).toEqual([true]);
    expect(sent).toEqual(['meet:watch', 'meet:unwatch']);
    // Later: watches again.
    await vi.advanceTimersByTimeAsync(3000);
    expect(sent.slice(2, 3)).toEqual(['meet:watch']);
    expect(views.slice(2)).toEqual(['connecting', 'unavailable']);
    stop();
  });
});
