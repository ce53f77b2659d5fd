// Ends open sockets when their session ends: logout, a disabled account, an administrator's password reset, expiry.
// The HTTP side checks every request against the database; a socket only authenticates once, at the handshake, so
// without this it would keep receiving pushes (and acting) after its session was gone.
import { apiError, type ApiError, type ErrorCode } from '../../protocol/index.ts';

/** What the hub keeps on each socket for this module (socket.data). */
export interface SessionSocketData { user: { id: number }; tokenHash: string; expiresAt: number }

/** The part of a socket.io server this module uses (the hub's typed server fits). */
export interface SocketServerLike {
  of(nsp: '/'): { sockets: Map<string, { data: Partial<SessionSocketData>; emit(ev: 'session:ended', e: ApiError): unknown; disconnect(close?: boolean): unknown }> };
}

type Ending = Extract<ErrorCode, 'AUTH_LOGGED_OUT' | 'AUTH_ACCOUNT_DISABLED' | 'AUTH_PASSWORD_RESET' | 'AUTH_TOKEN_EXPIRED' | 'AUTH_TOKEN_INVALID'>;

export function createSessionEnd(io: SocketServerLike, clock: () => number, sweepEveryMs = 1000) {
  const end = (pick: (d: Partial<SessionSocketData>) => boolean, code: Ending): number => {
    let n = 0;
    for (const socket of io.of('/').sockets.values()) {
      if (!pick(socket.data)) continue;
      // Tell the console why, then close: the renderer shows the login page with this reason.
      socket.emit('session:ended', apiError(code));
      socket.disconnect(true);
      n++;
    }
    return n;
  };
  const sweep = () => {
    const now = clock();
    end((d) => d.expiresAt !== undefined && d.expiresAt <= now, 'AUTH_TOKEN_EXPIRED');
  };
  const timer = setInterval(sweep, sweepEveryMs);
  timer.unref();
  return {
    /** Every socket of a user (disabled, password reset; `exceptTokenHash` keeps the socket of the session that asked). */
    endUser(userId: number, code: Ending, exceptTokenHash?: string): number {
      return end((d) => d.user?.id === userId && d.tokenHash !== exceptTokenHash, code);
    },
    /** Every socket opened with one token (logout). */
    endToken(tokenHash: string, code: Ending): number {
      return end((d) => d.tokenHash === tokenHash, code);
    },
    sweep,
    stop(): void {
      clearInterval(timer);
    },
  };
}
export type SessionEnd = ReturnType<typeof createSessionEnd>;
