// Calls and meetings of this unit (durable: the stream's `meetings` snapshot and `meet.updated`), whether Janus can
// carry media, and the room this console is in (latest wins: `meet:roster`).
import type { StateCreator } from 'zustand';
import type { MeetHealth, Meeting, Roster } from '../../protocol/index.ts';
import type { AppState } from '../store.ts';

export interface MeetSlice {
  meetings: Readonly<Record<number, Meeting>>;
  meetHealth: MeetHealth;
  /** The room this console is in, or null. */
  meetActive: { meetingId: number; roster: Roster | null } | null;
  setMeetings(list: readonly Meeting[]): void;
  upsertMeeting(m: Meeting): void;
  setMeetHealth(h: MeetHealth): void;
  setMeetActive(a: { meetingId: number; roster: Roster | null } | null): void;
  setMeetRoster(r: Roster): void;
  /** The last refusal of a call or meeting step, shown until dismissed. */
  meetError: string | null;
  setMeetError(e: string | null): void;
  clearMeetings(): void;
}

export const createMeetSlice: StateCreator<AppState, [], [], MeetSlice> = (set, get) => ({
  meetings: {},
  meetHealth: { available: true, reason: null },
  meetActive: null,
  setMeetings(list) {
    const next: Record<number, Meeting> = {};
    for (const m of list) next[m.id] = m;
    set({ meetings: next });
  },
  upsertMeeting(m) {
    const old = get().meetings[m.id];
    if (old && old.version > m.version) return; // a newer copy is never replaced by an older one
    set({ meetings: { ...get().meetings, [m.id]: m } });
  },
  setMeetHealth(meetHealth) {
    set({ meetHealth });
  },
  setMeetActive(meetActive) {
    set({ meetActive });
  },
  setMeetRoster(r) {
    const a = get().meetActive;
    if (a && a.meetingId === r.meetingId) set({ meetActive: { ...a, roster: r } });
  },
  meetError: null,
  setMeetError(meetError) {
    set({ meetError });
  },
  clearMeetings() {
    set({ meetings: {}, meetActive: null, meetError: null });
  },
});
