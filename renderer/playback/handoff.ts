// What another view asks the playback view to open (事件回溯 from a case): the cameras, the time and the case.
import { create } from 'zustand';

export interface PlaybackRequest { cameraIds: number[]; at: number; incident: { id: number; code: string } | null; nonce: number }

export const usePlaybackRequest = create<{ request: PlaybackRequest | null; open(r: Omit<PlaybackRequest, 'nonce'>): void }>()((set) => ({
  request: null,
  open: (r) => {
    set({ request: { ...r, nonce: Date.now() } });
    location.hash = 'playback';
  },
}));
