// Live command video is watched to act on what happens now: each published video asks its receivers, through the
// playout-delay RTP extension that the VideoRoom writes into every packet it relays, to show frames as soon as they
// are decoded (min 0) and never to hold them longer than PLAYOUT_MAX_MS (max). Without it a receiver's adaptive jitter
// buffer grows with every scheduling hiccup of the relay and stays grown (measured: docs/notes/issue-15-meetlat.md);
// with it Chromium renders in its low-latency mode and still absorbs jitter up to the cap. Audio is not touched, and
// lip sync still raises the video's minimum when the audio is later.

/** The most a receiver may buffer a relayed video, ms: jitter beyond this is shown as a late frame, not as delay. */
export const PLAYOUT_MAX_MS = 100;

/** The VideoRoom `configure` body for a publisher's streams (as Janus listed them after `publish`); null without video. */
export function lowLatencyPlayout(streams: readonly { type: string; mid: string }[]): Record<string, unknown> | null {
  const video = streams.filter((s) => s.type === 'video');
  if (video.length === 0) return null;
  // Janus counts the extension's delays in blocks of 10 ms, as the extension itself does.
  return { request: 'configure', streams: video.map((s) => ({ mid: s.mid, min_delay: 0, max_delay: PLAYOUT_MAX_MS / 10 })) };
}
