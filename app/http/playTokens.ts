// Signed, short-lived play tokens. A console gets one per camera and transport from `video:play` (after the scope
// check); the media routes verify it on every request (HLS) or at the WebSocket upgrade (WS-FLV). The key is random per
// server start, so a restart invalidates every link (tiles simply ask again).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Transport } from '../../protocol/index.ts';

export interface PlayClaims {
  cameraId: number;
  transport: Transport;
  userId: number;
  expiresAt: number;
}

export function createPlayTokens(ttlMs: number, key: Buffer = randomBytes(32)) {
  const mac = (body: string) => createHmac('sha256', key).update(body).digest('base64url').slice(0, 32);
  return {
    ttlMs,
    sign(claims: Omit<PlayClaims, 'expiresAt'>, now: number): { token: string; expiresAt: number } {
      const expiresAt = now + ttlMs;
      const body = `${claims.cameraId}.${claims.transport}.${claims.userId}.${expiresAt}`;
      return { token: `${body}.${mac(body)}`, expiresAt };
    },
    /** The claims if the token is authentic, unexpired and for this camera and transport; else null. */
    verify(token: unknown, cameraId: number, transport: Transport, now: number): PlayClaims | null {
      if (typeof token !== 'string' || token.length > 200) return null;
      const parts = token.split('.');
      if (parts.length !== 5) return null;
      const [cam, tr, user, exp, sig] = parts as [string, string, string, string, string];
      const expected = Buffer.from(mac(`${cam}.${tr}.${user}.${exp}`));
      const given = Buffer.from(sig);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      const claims = { cameraId: Number(cam), transport: tr as Transport, userId: Number(user), expiresAt: Number(exp) };
      if (claims.cameraId !== cameraId || claims.transport !== transport || !(claims.expiresAt > now)) return null;
      return claims;
    },
  };
}
export type PlayTokens = ReturnType<typeof createPlayTokens>;
