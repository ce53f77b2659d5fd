import type { StateCreator } from 'zustand';
import type { ApiError, SessionUser } from '../../protocol/index.ts';
import type { AppState } from '../store.ts';
import { loadSession, saveSession } from './storage.ts';

export interface Session {
  token: string;
  expiresAt: number;
  user: SessionUser;
}

export interface SessionSlice {
  session: Session | null;
  /** Why the console is on the login page (e.g. the session expired); shown there. */
  authNotice: ApiError | null;
  setSession(s: Session): void;
  updateUser(user: SessionUser): void;
  /** Back to the login page. */
  endSession(notice?: ApiError | null): void;
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set, get) => ({
  session: loadSession(),
  authNotice: null,
  setSession(s) {
    saveSession(s);
    set({ session: s, authNotice: null });
  },
  updateUser(user) {
    const s = get().session;
    if (!s) return;
    const next = { ...s, user };
    saveSession(next);
    set({ session: next });
  },
  endSession(notice = null) {
    saveSession(null);
    set({ session: null, authNotice: notice });
  },
});
