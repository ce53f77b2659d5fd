// A stand-in for the `electron` module, for the glue test (main/electron/glue.test.ts): the real main.cjs bundle runs
// against it, so the wiring (sandbox switch, window preferences, IPC registration, navigation lock, CSP header,
// permissions, wall windows per display) is tested here, where Electron's binary cannot be downloaded.
import { EventEmitter } from 'node:events';

export interface FakeDisplay {
  id: number;
  label: string;
  bounds: { x: number; y: number; width: number; height: number };
  workArea: { x: number; y: number; width: number; height: number };
  scaleFactor: number;
}

export function createFakeElectron(opts: { userData: string; displays: FakeDisplay[]; serverUp?: () => boolean }) {
  const calls: string[] = [];
  let resolveReady: () => void = () => {};
  const ready = { promise: new Promise<void>((r) => (resolveReady = r)) };
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    enableSandbox: () => calls.push('app.enableSandbox'),
    setAppUserModelId: (id: string) => calls.push(`app.setAppUserModelId ${id}`),
    requestSingleInstanceLock: () => (calls.push('app.requestSingleInstanceLock'), true),
    whenReady: () => ready.promise,
    getPath: () => opts.userData,
    setPath: (name: string, path: string) => calls.push(`app.setPath ${name} ${path}`),
    getVersion: () => '0.1.0',
    quit: () => calls.push('app.quit'),
    exit: (code: number) => calls.push(`app.exit ${code}`),
    relaunch: () => calls.push('app.relaunch'),
    setBadgeCount: (n: number) => (calls.push(`app.setBadgeCount ${n}`), true),
  });

  const windows: FakeWindow[] = [];
  let nextId = 1;
  class FakeWebContents extends EventEmitter {
    id = nextId++;
    url = '';
    sent: [string, unknown][] = [];
    windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
    mainFrame = { url: '', framesInSubtree: [] as { url: string }[] };
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
      this.windowOpenHandler = h;
    }
    getURL() {
      return this.url;
    }
    send(channel: string, payload: unknown) {
      this.sent.push([channel, payload]);
    }
  }
  class FakeWindow extends EventEmitter {
    static getAllWindows = () => windows.filter((w) => !w.destroyed);
    webContents = new FakeWebContents();
    destroyed = false;
    loaded: string[] = [];
    bounds: { x: number; y: number; width: number; height: number };
    constructor(public options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }) {
      super();
      this.bounds = { x: Number(options.x ?? 0), y: Number(options.y ?? 0), width: Number(options.width ?? 800), height: Number(options.height ?? 600) };
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string) {
      this.loaded.push(url);
      this.webContents.url = url;
      this.webContents.mainFrame.url = url;
    }
    isDestroyed = () => this.destroyed;
    destroy() {
      this.destroyed = true;
      this.emit('closed');
    }
    show() {}
    showInactive() {}
    focus() {}
    restore() {}
    maximize() {}
    flashFrame(on: boolean) {
      calls.push(`flashFrame ${on}`);
    }
    isFocused = () => false;
    isVisible = () => true;
    isMinimized = () => false;
    isMaximized = () => false;
    getBounds = () => this.bounds;
    setBounds(b: FakeWindow['bounds']) {
      this.bounds = b;
    }
    setFullScreen() {}
    setKiosk() {}
    isKiosk = () => false;
    setOverlayIcon() {}
  }

  const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const screen = Object.assign(new EventEmitter(), {
    getAllDisplays: () => opts.displays,
    getPrimaryDisplay: () => opts.displays[0]!,
  });
  const session = {
    permissionRequest: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void, details: unknown) => void),
    permissionCheck: null as null | ((wc: unknown, permission: string, origin: string, details: unknown) => boolean),
    headers: null as null | ((details: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void),
  };
  const notifications: { title: string; body: string }[] = [];
  const forks: { entry: string; args: string[]; proc: EventEmitter & { stdout: EventEmitter; stderr: EventEmitter } }[] = [];

  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: { handle: (ch: string, h: (event: unknown, ...args: unknown[]) => unknown) => ipcHandlers.set(ch, h) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => calls.push('Menu.setApplicationMenu') },
    nativeImage: { createFromBuffer: (b: Buffer) => ({ png: b }) },
    net: { fetch: async () => ({ ok: opts.serverUp ? opts.serverUp() : true }) },
    Notification: class extends EventEmitter {
      static isSupported = () => true;
      constructor(public o: { title: string; body: string }) {
        super();
      }
      show() {
        notifications.push({ title: this.o.title, body: this.o.body });
      }
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown) => calls.push(`protocol.registerSchemesAsPrivileged ${JSON.stringify(s)}`),
      handle: (scheme: string) => calls.push(`protocol.handle ${scheme}`),
    },
    screen,
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof session.permissionRequest) => (session.permissionRequest = h),
        setPermissionCheckHandler: (h: typeof session.permissionCheck) => (session.permissionCheck = h),
        setDevicePermissionHandler: () => calls.push('session.setDevicePermissionHandler'),
        setDisplayMediaRequestHandler: () => calls.push('session.setDisplayMediaRequestHandler'),
        webRequest: { onHeadersReceived: (h: typeof session.headers) => (session.headers = h) },
      },
    },
    utilityProcess: {
      fork: (entry: string, args: string[]) => {
        const proc = Object.assign(new EventEmitter(), { stdout: new EventEmitter(), stderr: new EventEmitter(), kill: () => proc.emit('exit', 0) });
        forks.push({ entry, args, proc });
        return proc;
      },
    },
  };
  return { electron, calls, windows, ipcHandlers, screen, session, notifications, forks, ready: () => resolveReady() };
}
export type FakeElectron = ReturnType<typeof createFakeElectron>;
