// The login survives a page reload: token + user in localStorage (this origin only).
import { SessionUser } from '../../protocol/index.ts';
import type { Session } from './sessionSlice.ts';

const KEY = 'zz.session';

export function loadSession(now = Date.now()): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<Session>;
    const user = SessionUser.safeParse(v.user);
    if (typeof v.token !== 'string' || typeof v.expiresAt !== 'number' || !user.success) return null;
    if (v.expiresAt <= now) return null;
    return { token: v.token, expiresAt: v.expiresAt, user: user.data };
  } catch {
    return null;
  }
}

export function saveSession(s: Session | null): void {
  try {
    if (s) localStorage.setItem(KEY, JSON.stringify(s));
    else localStorage.removeItem(KEY);
  } catch {
    /* storage unavailable: the session lasts for this page */
  }
}
