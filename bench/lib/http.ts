// Logging the demo users in over the centre's REST API.
import type { LoginResponse } from '../../protocol/index.ts';
import { DEMO_PASSWORD } from '../../app/store/seed.ts';

export const TOWNSHIP_USERS = Array.from({ length: 13 }, (_, i) => `t${String(i + 1).padStart(2, '0')}`);
export const COUNTY_USER = 'duty1';

export async function login(url: string, username: string, password = DEMO_PASSWORD): Promise<LoginResponse> {
  const res = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as LoginResponse;
}

/** One token per township operator (t01..t13); sockets share them round-robin. Sequential: logins are rate-limited and scrypt-heavy. */
export async function loginTownships(url: string): Promise<string[]> {
  const tokens: string[] = [];
  for (const u of TOWNSHIP_USERS) tokens.push((await login(url, u)).token);
  return tokens;
}
