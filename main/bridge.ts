// The object the preload exposes as `window.zongzhi`: named verbs over a fixed set of channels. The page never sees
// ipcRenderer, an event object or a channel name; listeners get only the payload and return a working unsubscribe.
import type { DESKTOP_BRIDGE_KEY, DesktopBridge, IpcEventChannel, IpcEvents, IpcInvokeChannel, IpcInvokeReplies, IpcReply, Unsubscribe } from '../protocol/ipc.ts';

/** window.zongzhi — typed against protocol/ipc.ts without bundling its schemas (and zod) into the preload. */
export const BRIDGE_KEY: typeof DESKTOP_BRIDGE_KEY = 'zongzhi';

/** The part of Electron's ipcRenderer the bridge uses (so tests can pass an EventEmitter). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createBridge(ipc: IpcRendererLike): DesktopBridge {
  const invoke = <C extends IpcInvokeChannel>(channel: C, ...payload: [] | [unknown]) =>
    ipc.invoke(channel, ...payload) as Promise<IpcReply<IpcInvokeReplies[C]>>;

  const subscribe = <C extends IpcEventChannel>(channel: C, listener: (payload: IpcEvents[C]) => void): Unsubscribe => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const wrapped = (_event: unknown, payload: unknown) => listener(payload as IpcEvents[C]);
    ipc.on(channel, wrapped);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      ipc.removeListener(channel, wrapped);
    };
  };

  return Object.freeze({
    desktop: true as const,
    app: Object.freeze({ info: () => invoke('app:info') }),
    attention: Object.freeze({
      update: (update) => invoke('attention:update', update),
      onFocus: (listener) => subscribe('attention:focus', listener),
    }),
    settings: Object.freeze({
      open: () => invoke('settings:open'),
      get: () => invoke('settings:get'),
      save: (settings) => invoke('settings:save', settings),
      onChanged: (listener) => subscribe('settings:changed', listener),
    }),
    server: Object.freeze({ onStatus: (listener) => subscribe('server:status', listener) }),
  } satisfies DesktopBridge);
}
