import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createBridge, type IpcRendererLike } from './bridge.ts';

function fakeIpc() {
  const emitter = new EventEmitter();
  const invoke = vi.fn(async (channel: string, ...args: unknown[]) => ({ ok: true, value: { channel, args } }));
  const ipc: IpcRendererLike = {
    invoke,
    on: (ch, l) => emitter.on(ch, l),
    removeListener: (ch, l) => emitter.removeListener(ch, l),
  };
  return { ipc, emitter, invoke };
}

describe('preload bridge', () => {
  it('exposes named verbs only, frozen, and no ipcRenderer', () => {
    const bridge = createBridge(fakeIpc().ipc);
    expect(Object.keys(bridge).sort()).toEqual(['app', 'attention', 'desktop', 'server', 'settings']);
    expect(Object.isFrozen(bridge) && Object.isFrozen(bridge.attention)).toBe(true);
    const verbs = Object.fromEntries(Object.entries(bridge).map(([k, v]) => [k, typeof v === 'object' ? Object.keys(v).sort() : v]));
    expect(verbs).toEqual({ desktop: true, app: ['info'], attention: ['onFocus', 'update'], settings: ['get', 'onChanged', 'open', 'save'], server: ['onStatus'] });
    for (const group of [bridge.app, bridge.attention, bridge.settings, bridge.server]) for (const v of Object.values(group)) expect(typeof v).toBe('function');
  });

  it('sends each verb on its channel with exactly its payload', async () => {
    const { ipc, invoke } = fakeIpc();
    const bridge = createBridge(ipc);
    await bridge.attention.update({ unacknowledged: 2 });
    await bridge.app.info();
    await bridge.settings.open();
    expect(invoke.mock.calls).toEqual([['attention:update', { unacknowledged: 2 }], ['app:info'], ['settings:open']]);
  });

  it('listeners get only the payload, and unsubscribe really removes them', () => {
    const { ipc, emitter } = fakeIpc();
    const bridge = createBridge(ipc);
    const seen: unknown[] = [];
    const off = bridge.attention.onFocus((item) => seen.push(item));
    const offOther = bridge.attention.onFocus(() => {});
    expect(emitter.listenerCount('attention:focus')).toBe(2);
    emitter.emit('attention:focus', { sender: 'event object with internals' }, { kind: 'alert', id: 7 });
    expect(seen).toEqual([{ kind: 'alert', id: 7 }]);
    off();
    expect(emitter.listenerCount('attention:focus')).toBe(1);
    off(); // twice is harmless and removes nothing else
    expect(emitter.listenerCount('attention:focus')).toBe(1);
    emitter.emit('attention:focus', {}, { kind: 'alert', id: 8 });
    expect(seen).toHaveLength(1);
    offOther();
    expect(emitter.listenerCount('attention:focus')).toBe(0);

    const offStatus = bridge.server.onStatus(() => {});
    const offSettings = bridge.settings.onChanged(() => {});
    expect(emitter.listenerCount('server:status') + emitter.listenerCount('settings:changed')).toBe(2);
    offStatus();
    offSettings();
    expect(emitter.eventNames()).toEqual([]);
  });

  it('refuses a listener that is not a function', () => {
    const bridge = createBridge(fakeIpc().ipc);
    expect(() => bridge.attention.onFocus('x' as never)).toThrow(TypeError);
  });
});

describe('bridge key', () => {
  it('is the key protocol/ipc.ts documents', async () => {
    const { DESKTOP_BRIDGE_KEY } = await import('../protocol/ipc.ts');
    const { BRIDGE_KEY } = await import('./bridge.ts');
    expect(BRIDGE_KEY).toBe(DESKTOP_BRIDGE_KEY);
  });
});
