import { describe, expect, it, vi } from 'vitest';
import { IPC_INVOKE } from '../protocol/ipc.ts';
import { checkInvoke, guarded, isInvokeChannel } from './ipcPolicy.ts';
import { SETTINGS_ORIGIN } from './navigation.ts';

const SERVER = 'http://127.0.0.1:8620';
const trusted = { server: SERVER, settings: SETTINGS_ORIGIN };
const good = { unacknowledged: 3, latest: { kind: 'alert', id: 42, title: '暴雨红色预警', level: 'red' } };

describe('checkInvoke', () => {
  it('accepts a valid payload from the console', () => {
    const r = checkInvoke('attention:update', `${SERVER}/`, [good], trusted);
    expect(r).toMatchObject({ ok: true, sender: 'server', payload: good });
  });

  it('rejects bad payloads with the field that is wrong', () => {
    const bad: unknown[] = [
      undefined,
      null,
      'x',
      { unacknowledged: -1 },
      { unacknowledged: 1.5 },
      { unacknowledged: '3' },
      { unacknowledged: 1, latest: { kind: 'alert', id: 0, title: 'x' } },
      { unacknowledged: 1, latest: { kind: 'shell', id: 1, title: 'x' } },
      { unacknowledged: 1, latest: { kind: 'alert', id: 1, title: '' } },
      { unacknowledged: 1, latest: { kind: 'alert', id: 1, title: 'x'.repeat(101) } },
      { unacknowledged: 1, latest: { kind: 'alert', id: 1, title: 'x', level: 'purple' } },
      { unacknowledged: 1, extra: true },
      { unacknowledged: 1, __proto__: { polluted: true }, constructor: 'x' },
    ];
    for (const payload of bad) {
      const r = checkInvoke('attention:update', `${SERVER}/`, [payload], trusted);
      expect(r.ok, JSON.stringify(payload)).toBe(false);
      expect(!r.ok && r.error.code).toBe('BAD_PAYLOAD');
    }
    const r = checkInvoke('attention:update', `${SERVER}/`, [{ unacknowledged: -1 }], trusted);
    expect(!r.ok && r.error.details).toHaveProperty('unacknowledged');
  });

  it('rejects extra arguments and payloads on payload-less channels', () => {
    expect(checkInvoke('attention:update', `${SERVER}/`, [good, 'extra'], trusted)).toMatchObject({ ok: false, error: { code: 'BAD_PAYLOAD' } });
    expect(checkInvoke('app:info', `${SERVER}/`, [{ x: 1 }], trusted)).toMatchObject({ ok: false, error: { code: 'BAD_PAYLOAD' } });
    expect(checkInvoke('app:info', `${SERVER}/`, [], trusted)).toMatchObject({ ok: true });
  });

  it('rejects a sender frame from the wrong origin, parsed not prefix-matched', () => {
    for (const url of ['http://127.0.0.1:8620.evil.com/', 'http://127.0.0.1:8620@evil.com/', 'https://127.0.0.1:8620/', 'http://127.0.0.1:8621/', 'data:text/html,hi', 'file:///x', '', null, undefined]) {
      const r = checkInvoke('attention:update', url, [good], trusted);
      expect(r, String(url)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    }
  });

  it('keeps each channel to its senders: the server page cannot rewrite the settings, the settings page cannot raise attention', () => {
    expect(checkInvoke('settings:save', `${SERVER}/`, [{}], trusted)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(checkInvoke('settings:get', `${SERVER}/`, [], trusted)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(checkInvoke('attention:update', `${SETTINGS_ORIGIN}/index.html`, [good], trusted)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(checkInvoke('settings:save', `${SETTINGS_ORIGIN}/index.html`, [{}], trusted)).toMatchObject({ ok: true, sender: 'settings' });
  });

  it('validates settings: a remote server URL with a path or credentials is refused', () => {
    const save = (server: unknown) => checkInvoke('settings:save', `${SETTINGS_ORIGIN}/`, [{ server }], trusted);
    expect(save({ mode: 'remote', url: 'http://10.0.0.1:8620' }).ok).toBe(true);
    expect(save({ mode: 'remote', url: 'http://u:p@10.0.0.1:8620' }).ok).toBe(false);
    expect(save({ mode: 'remote', url: 'http://10.0.0.1:8620/x' }).ok).toBe(false);
    expect(save({ mode: 'remote', url: 'file:///etc' }).ok).toBe(false);
    expect(save({ mode: 'embedded', port: 80 }).ok).toBe(false);
    expect(save({ mode: 'magic' }).ok).toBe(false);
  });

  it('knows only the channels of the map', () => {
    expect(isInvokeChannel('attention:update')).toBe(true);
    expect(isInvokeChannel('__proto__')).toBe(false);
    expect(isInvokeChannel('toString')).toBe(false);
    expect(checkInvoke('nope' as 'app:info', `${SERVER}/`, [], trusted)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    for (const spec of Object.values(IPC_INVOKE)) expect(spec.from.length).toBeGreaterThan(0);
  });
});

describe('guarded handler', () => {
  it('runs the handler only on a checked payload and turns its errors into a reply', async () => {
    const handler = vi.fn(() => 'done');
    const log = vi.fn();
    const h = guarded('attention:update', handler, () => trusted, log);
    expect(await h('http://evil.com/', [good])).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(await h(`${SERVER}/`, [{ unacknowledged: 'many' }])).toMatchObject({ ok: false, error: { code: 'BAD_PAYLOAD' } });
    expect(handler).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledTimes(2);
    expect(await h(`${SERVER}/`, [good])).toEqual({ ok: true, value: 'done' });
    expect(handler).toHaveBeenCalledWith(good, { sender: 'server', frameUrl: `${SERVER}/`, contentsId: null });
    await h(`${SERVER}/`, [good], 7);
    expect(handler).toHaveBeenLastCalledWith(good, { sender: 'server', frameUrl: `${SERVER}/`, contentsId: 7 });
    const failing = guarded('app:info', () => { throw new Error('boom'); }, () => trusted, log);
    expect(await failing(`${SERVER}/`, [])).toEqual({ ok: false, error: { code: 'FAILED', message: 'boom' } });
  });

  it('reads the trusted origins at call time (after the server moved, the old origin is refused)', async () => {
    let current = trusted;
    const h = guarded('app:info', () => 'x', () => current, () => {});
    expect((await h(`${SERVER}/`, [])).ok).toBe(true);
    current = { ...trusted, server: 'http://10.0.0.5:8620' };
    expect((await h(`${SERVER}/`, [])).ok).toBe(false);
  });
});
