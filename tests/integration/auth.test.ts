import { afterEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { ApiError } from '../../protocol/index.ts';
import { login, startTestServer, TestConsole } from './harness.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

const post = (url: string, body: unknown) =>
  fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

async function handshakeError(url: string, token: unknown): Promise<ApiError> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.on('connect', () => reject(new Error('handshake accepted')));
    socket.on('connect_error', (err) => {
      socket.close();
      resolve((err as Error & { data: ApiError }).data);
    });
  });
}

describe('login, sessions and the socket handshake', () => {
  let server: Server;
  afterEach(async () => server?.stop());

  it('logs in with the demo password and answers wrong credentials, bad bodies and bad tokens with distinct codes', async () => {
    server = await startTestServer();
    const ok = await login(server.url, 'commander');
    expect(ok.user.role).toBe('commander');
    expect(ok.user.centreLevel).toBe('county');

    const wrong = await post(server.url, { username: 'commander', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as ApiError).code).toBe('AUTH_INVALID_CREDENTIALS');
    const unknown = await post(server.url, { username: 'nobody', password: 'nope' });
    expect(((await unknown.json()) as ApiError).code).toBe('AUTH_INVALID_CREDENTIALS');
    const malformed = await post(server.url, '{"username":');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ApiError).code).toBe('BAD_REQUEST');
    const invalid = await post(server.url, { username: '' });
    const body = (await invalid.json()) as ApiError;
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(body.details ?? {})).toEqual(expect.arrayContaining(['username', 'password']));

    const me = await fetch(`${server.url}/api/me`, { headers: { authorization: 'Bearer forged' } });
    expect(((await me.json()) as ApiError).code).toBe('AUTH_TOKEN_INVALID');
    expect((await handshakeError(server.url, 'forged')).code).toBe('AUTH_TOKEN_INVALID');
    expect((await handshakeError(server.url, undefined)).code).toBe('AUTH_REQUIRED');

    // Logging out ends the session.
    await fetch(`${server.url}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${ok.token}` } });
    expect((await handshakeError(server.url, ok.token)).code).toBe('AUTH_TOKEN_INVALID');
  });

  it('tells an expired session apart, both over HTTP and on the socket', async () => {
    let now = Date.now();
    server = await startTestServer({ clock: () => now, sessionTtlMs: 60_000 });
    const { token } = await login(server.url, 't01');
    const c = new TestConsole(server.url, token);
    await c.connect();
    now += 61_000;
    const reply = await c.raw('sync', { lastSeq: null });
    expect(!reply.ok && reply.error.code).toBe('AUTH_TOKEN_EXPIRED');
    c.close();
    expect((await handshakeError(server.url, token)).code).toBe('AUTH_TOKEN_EXPIRED');
    const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
    expect(((await me.json()) as ApiError).code).toBe('AUTH_TOKEN_EXPIRED');
  });

  // The flood guard counts every login request from an address (wrong passwords are counted by the lockout, see users.test.ts).
  it('rate-limits login requests per address (the flood guard)', async () => {
    server = await startTestServer({ loginRateLimit: { max: 3, windowMs: 60_000 } });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await post(server.url, { username: 'duty1', password: 'guess' + i })).status);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    const limited = (await (await post(server.url, { username: 'duty1', password: 'Demo@2026' })).json()) as ApiError;
    expect(limited.code).toBe('AUTH_RATE_LIMITED');
    expect(limited.message).toContain('频繁');
  });

  it('lists centres only to a logged-in user', async () => {
    server = await startTestServer();
    expect((await fetch(`${server.url}/api/centres`)).status).toBe(401);
    const { token } = await login(server.url, 'duty1');
    const centres = (await (await fetch(`${server.url}/api/centres`, { headers: { authorization: `Bearer ${token}` } })).json()) as { level: string }[];
    expect(centres.filter((c) => c.level === 'township')).toHaveLength(13);
    expect(centres.filter((c) => c.level === 'village')).toHaveLength(150);
  });
});
