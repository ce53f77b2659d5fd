// What another view asks the playback view to open (事件回溯 from a case): the cameras, the time and the case.
import { create } from 'zustand';

/** The case a clip cut in 录像回放 is attached to: the incident or the dispute 事件回溯 was opened from. */
export interface ClipTarget { kind: 'incident' | 'dispute'; id: number; code: string }
export interface PlaybackRequest { cameraIds: number[]; at: number; target: ClipTarget | null; nonce: number }

export const usePlaybackRequest = create<{ request: PlaybackRequest | null; open(r: Omit<PlaybackRequest, 'nonce'>): void }>()((set) => ({
  request: null,
  open: (r) => {
    set({ request: { ...r, nonce: Date.now() } });
    location.hash = 'playback';
  },
}));
