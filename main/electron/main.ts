// The Electron main process (built to main/dist/main.cjs). Thin glue: every decision is a plain, tested function in
// main/*.ts; this file only wires them to Electron.
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { app, BrowserWindow, ipcMain, Menu, nativeImage, net, Notification, protocol, screen, session, type Display, type WebContents } from 'electron';
import { IPC_INVOKE, type AppInfo, type DesktopSettings, type DisplayInfo, type IpcEventChannel, type IpcEvents, type IpcInvokeChannel, type ServerStatus, type SettingsView } from '../../protocol/ipc.ts';
import { badgeDescription, createAttention } from '../attention.ts';
import { APP_PAGE_CSP, buildCsp, withCspHeader } from '../csp.ts';
import { childWindowPreferences, hardenedWebPreferences } from '../hardening.ts';
import { guarded, type InvokeHandler } from '../ipcPolicy.ts';
import { APP_SCHEME, decideNavigation, decideWindowOpen, sameOrigin, SETTINGS_ORIGIN, type TrustedOrigins } from '../navigation.ts';
import { decidePermission } from '../permissions.ts';
import { drawCountBadge } from '../raster.ts';
import { dataUrl, isLoadFailure, offlinePage, reconnectDelayMs, resolveServer, type ResolvedServer } from '../server.ts';
import { createSettingsStore, type SettingsStore } from '../settings.ts';
import { checkAssignments, consoleBounds, diffWalls, planWindows, type OpenWall, type WindowPlan } from '../walls.ts';
import { embeddedEntry, startEmbeddedServer, type EmbeddedServer } from './embedded.ts';
import { buildMenu } from './menu.ts';

const HERE = import.meta.dirname; // main/dist at run time (esbuild defines it as __dirname)
const PRELOAD = join(HERE, 'preload.cjs');
const SETTINGS_DIR = join(HERE, 'settings');
const APP_ID = 'cn.gov.zongzhi.console';
const DEV_TOOLS = !app.isPackaged;

const log = (msg: string) => console.log(`[main] ${msg}`);

// ---- before ready: process-wide switches ---------------------------------------------------------------------------
app.enableSandbox();
app.setAppUserModelId(APP_ID);
if (process.env.ZZ_USER_DATA_DIR) app.setPath('userData', process.env.ZZ_USER_DATA_DIR); // tests, or a second profile
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);

interface State {
  store: SettingsStore;
  settings: DesktopSettings;
  server: ResolvedServer;
  serverStatus: ServerStatus;
  embedded: EmbeddedServer | null;
  consoleWindow: BrowserWindow | null;
  settingsWindow: BrowserWindow | null;
  walls: Map<number, { window: BrowserWindow; open: OpenWall }>;
  plan: WindowPlan;
  quitting: boolean;
}
let state: State | null = null;
const windowRoles = new Map<number, AppInfo['window']>(); // webContents.id → role
const windowOrigins = new Map<number, string>(); // webContents.id → the only origin it may show

const trusted = (): TrustedOrigins => ({ server: state?.server.choice.origin ?? null, settings: SETTINGS_ORIGIN });
const attention = createAttention();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => focusConsole());
  app.on('web-contents-created', (_e, contents) => lockDown(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (e) => {
    if (!state || state.quitting) return;
    state.quitting = true;
    const embedded = state.embedded;
    if (embedded) {
      e.preventDefault();
      void embedded.stop().finally(() => app.quit());
    }
  });
  app.whenReady().then(start, (err: unknown) => {
    log(`failed to start: ${String(err)}`);
    app.exit(1);
  });
}

// ---- every web contents: navigation, new windows, webviews -----------------------------------------------------------
function lockDown(contents: WebContents): void {
  const origin = () => windowOrigins.get(contents.id) ?? null;
  const refuse = (e: { preventDefault(): void }, url: string) => {
    const d = decideNavigation(url, origin());
    if (!d.allow) {
      e.preventDefault();
      log(d.reason);
    }
  };
  contents.on('will-navigate', (e) => refuse(e, e.url));
  contents.on('will-frame-navigate', (e) => refuse(e, e.url));
  contents.on('will-redirect', (e) => refuse(e, e.url));
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const d = decideWindowOpen(url, origin());
    if (d.action === 'deny') {
      log(d.reason);
      return { action: 'deny' };
    }
    return { action: 'allow', overrideBrowserWindowOptions: { autoHideMenuBar: true, webPreferences: childWindowPreferences(PRELOAD, DEV_TOOLS) } };
  });
  contents.on('did-create-window', (child) => {
    const o = origin();
    if (o) windowOrigins.set(child.webContents.id, o);
    windowRoles.set(child.webContents.id, windowRoles.get(contents.id) ?? { role: 'console' });
  });
}

// ---- start -------------------------------------------------------------------------------------------------------------
async function start(): Promise<void> {
  const store = createSettingsStore(app.getPath('userData'));
  const loaded = store.loadSettings();
  if (loaded.problem) log(`settings reset to defaults: ${loaded.problem}`);
  const server = resolveServer(process.argv, process.env, loaded.value);
  for (const w of server.warnings) log(w);
  state = {
    store,
    settings: loaded.value,
    server,
    serverStatus: { state: server.choice.kind === 'embedded' ? 'starting' : 'up', url: server.choice.origin },
    embedded: null,
    consoleWindow: null,
    settingsWindow: null,
    walls: new Map(),
    plan: { console: null, walls: [], missingWalls: [], skipped: [] },
    quitting: false,
  };

  setUpSession();
  registerIpc();
  Menu.setApplicationMenu(buildMenu({ openSettings, focusConsole, replanWalls: () => replanWalls(), reload: reloadAll, devTools: DEV_TOOLS }));

  if (server.choice.kind === 'embedded') {
    state.embedded = startEmbeddedServer(server.choice, {
      entry: embeddedEntry(HERE),
      dataDir: join(app.getPath('userData'), 'centre'),
      log,
      onStatus: (s) => {
        if (!state) return;
        const wasUp = state.serverStatus.state === 'up';
        state.serverStatus = s;
        broadcast('server:status', s);
        if (s.state === 'up' && !wasUp) reloadAll();
      },
    });
  }

  openConsole();
  replanWalls();
  screen.on('display-added', scheduleReplan);
  screen.on('display-removed', scheduleReplan);
  screen.on('display-metrics-changed', scheduleReplan);
}

// ---- session: permissions, CSP, app:// pages --------------------------------------------------------------------------
function setUpSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const allowed = decidePermission({ permission, requestingUrl: details.requestingUrl ?? contents.getURL(), isMainFrame: details.isMainFrame }, trusted().server);
    if (!allowed) log(`permission ${permission} denied`);
    callback(allowed);
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    decidePermission({ permission, requestingUrl: details.requestingUrl ?? requestingOrigin, isMainFrame: details.isMainFrame }, trusted().server),
  );
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  ses.webRequest.onHeadersReceived((details, callback) => {
    const server = trusted().server;
    if (server && sameOrigin(details.url, server)) {
      callback({ responseHeaders: withCspHeader(details.responseHeaders, buildCsp({ server })) });
    } else callback({});
  });
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const files: Record<string, string> = { '/': 'index.html', '/index.html': 'index.html', '/page.js': 'page.js', '/page.css': 'page.css' };
    const file = url.host === 'settings' ? files[url.pathname] : undefined;
    if (!file) return new Response('not found', { status: 404 });
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html; charset=utf-8';
    return new Response(await readFile(join(SETTINGS_DIR, file)), { headers: { 'content-type': type, 'content-security-policy': APP_PAGE_CSP } });
  });
}

// ---- windows -----------------------------------------------------------------------------------------------------------
function displays(): DisplayInfo[] {
  const primary = screen.getPrimaryDisplay().id;
  return screen.getAllDisplays().map((d: Display) => ({ id: d.id, label: d.label, bounds: d.bounds, workArea: d.workArea, scaleFactor: d.scaleFactor, primary: d.id === primary }));
}

function openConsole(): void {
  if (!state) return;
  const all = displays();
  const plan = planWindows(all, state.settings, null);
  const workArea = plan.console?.workArea ?? { x: 0, y: 0, width: 1440, height: 900 };
  const saved = state.store.loadWindowState().value;
  const win = new BrowserWindow({
    ...consoleBounds(saved.bounds, all, workArea),
    minWidth: 1024,
    minHeight: 640,
    title: '综治指挥台',
    backgroundColor: '#0b1220',
    show: false,
    webPreferences: hardenedWebPreferences(PRELOAD, 'console', DEV_TOOLS),
  });
  state.consoleWindow = win;
  windowRoles.set(win.webContents.id, { role: 'console' });
  if (saved.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('focus', () => win.flashFrame(false));
  const remember = () => {
    if (!win.isDestroyed() && !win.isMinimized()) state?.store.saveWindowState({ bounds: win.isMaximized() ? saved.bounds : win.getBounds(), maximized: win.isMaximized() });
  };
  win.on('close', remember);
  win.on('closed', () => {
    if (state) state.consoleWindow = null;
    app.quit(); // closing the console closes the walls too
  });
  loadServerPage(win, '/', 'console');
}

/** Loads a page of the centre server; while the server cannot be reached, shows a reconnecting page and retries. */
function loadServerPage(win: BrowserWindow, path: string, role: 'console' | 'wall'): void {
  const contents = win.webContents;
  let attempt = 0;
  let timer: NodeJS.Timeout | null = null;
  const target = () => {
    const origin = trusted().server;
    return origin ? new URL(path, origin).href : null;
  };
  const showOffline = (reason: string) => {
    const delay = reconnectDelayMs(attempt++);
    void win.loadURL(dataUrl(offlinePage({ server: trusted().server ?? '—', attempt, retryInMs: delay, reason, role }))).catch(() => undefined);
    if (timer) clearTimeout(timer);
    timer = setTimeout(tryLoad, delay);
  };
  const tryLoad = async () => {
    timer = null;
    const url = target();
    if (win.isDestroyed() || !url) return;
    windowOrigins.set(contents.id, new URL(url).origin);
    const up = await net.fetch(new URL('/api/health', url).href).then((r) => r.ok, () => false);
    if (win.isDestroyed()) return;
    if (!up) return showOffline(state?.serverStatus.detail ?? '中心服务暂时无法连接 / the centre server cannot be reached');
    void win.loadURL(url).catch(() => undefined); // failures arrive as did-fail-load
  };
  contents.on('did-fail-load', (_e, code, description, validatedUrl, isMainFrame) => {
    if (!isMainFrame || !isLoadFailure(code) || validatedUrl.startsWith('data:')) return;
    showOffline(`${description} (${code})`);
  });
  contents.on('did-finish-load', () => {
    if (sameOrigin(contents.getURL(), trusted().server)) attempt = 0;
  });
  contents.on('render-process-gone', (_e, details) => {
    log(`${role} renderer gone: ${details.reason}`);
    if (details.reason !== 'clean-exit' && !win.isDestroyed()) setTimeout(() => void tryLoad(), 1000);
  });
  reloaders.set(win, () => void tryLoad());
  win.once('closed', () => reloaders.delete(win));
  void tryLoad();
}

/** How each console/wall window (re)loads its server page, for reconnect (F5, the embedded server coming up). */
const reloaders = new Map<BrowserWindow, () => void>();
function reloadAll(): void {
  for (const reload of reloaders.values()) reload();
}

let replanTimer: NodeJS.Timeout | null = null;
function scheduleReplan(): void {
  if (replanTimer) clearTimeout(replanTimer);
  replanTimer = setTimeout(() => replanWalls(), 600); // displays settle in bursts of events
}

function replanWalls(): void {
  if (!state) return;
  const plan = planWindows(displays(), state.settings, trusted().server);
  state.plan = plan;
  for (const s of plan.skipped) log(`wall ${s.wall} not opened: ${s.reason}`);
  const changes = diffWalls(
    [...state.walls.values()].map((w) => w.open),
    plan.walls,
  );
  for (const wall of changes.close) {
    const w = state.walls.get(wall);
    state.walls.delete(wall);
    if (w && !w.window.isDestroyed()) w.window.destroy();
  }
  for (const p of changes.move) {
    const w = state.walls.get(p.wall);
    if (!w || w.window.isDestroyed()) continue;
    const kioskNow = w.window.isKiosk();
    if (kioskNow) w.window.setKiosk(false);
    else w.window.setFullScreen(false);
    w.window.setBounds(p.bounds);
    if (kioskNow) w.window.setKiosk(true);
    else w.window.setFullScreen(true);
    w.open = { ...p };
  }
  const kiosk = state.settings.walls.mode === 'kiosk';
  for (const p of changes.open) {
    const win = new BrowserWindow({
      ...p.bounds,
      title: `综治指挥台 · 大屏 ${p.wall}`,
      backgroundColor: '#000000',
      frame: false,
      fullscreen: !kiosk,
      kiosk,
      autoHideMenuBar: true,
      show: false,
      webPreferences: hardenedWebPreferences(PRELOAD, 'wall', DEV_TOOLS),
    });
    windowRoles.set(win.webContents.id, { role: 'wall', wall: p.wall });
    win.once('ready-to-show', () => win.showInactive());
    win.on('closed', () => {
      if (state?.walls.get(p.wall)?.window === win) state.walls.delete(p.wall);
    });
    state.walls.set(p.wall, { window: win, open: { ...p } });
    loadServerPage(win, new URL(p.url).pathname, 'wall');
  }
  broadcast('settings:changed', settingsView());
}

function focusConsole(): void {
  const win = state?.consoleWindow;
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

function openSettings(): void {
  if (!state) return;
  const existing = state.settingsWindow;
  if (existing && !existing.isDestroyed()) return existing.focus();
  const win = new BrowserWindow({
    width: 760,
    height: 720,
    title: '设置 · Settings',
    parent: state.consoleWindow ?? undefined,
    autoHideMenuBar: true,
    backgroundColor: '#0b1220',
    webPreferences: hardenedWebPreferences(PRELOAD, 'settings', DEV_TOOLS),
  });
  state.settingsWindow = win;
  windowRoles.set(win.webContents.id, { role: 'settings' });
  windowOrigins.set(win.webContents.id, SETTINGS_ORIGIN);
  win.on('closed', () => {
    if (state) state.settingsWindow = null;
  });
  void win.loadURL(`${SETTINGS_ORIGIN}/index.html`);
}

function broadcast<C extends IpcEventChannel>(channel: C, payload: IpcEvents[C]): void {
  for (const win of BrowserWindow.getAllWindows()) {
    const contents = win.webContents;
    // only to pages the event is meant for: trusted origins, never an error page or another site
    if (sameOrigin(contents.getURL(), trusted().server) || sameOrigin(contents.getURL(), SETTINGS_ORIGIN)) contents.send(channel, payload);
  }
}

function settingsView(): SettingsView {
  const s = state!;
  return {
    settings: s.settings,
    displays: displays(),
    consoleDisplayId: s.plan.console?.displayId ?? null,
    walls: s.plan.walls,
    missingWalls: s.plan.missingWalls,
    serverUrl: s.server.choice.origin,
    serverOverridden: s.server.overridden,
  };
}

// ---- IPC ---------------------------------------------------------------------------------------------------------------
function registerIpc(): void {
  const handlers: { [C in IpcInvokeChannel]: InvokeHandler<C> } = {
    'app:info': (_p, ctx) => appInfo(ctx.contentsId),
    'attention:update': (update, ctx) => {
      // only the console window speaks for the desk; a wall page showing the same feed must not badge or notify
      if (ctx.contentsId === null || windowRoles.get(ctx.contentsId)?.role !== 'console') return null;
      const win = state?.consoleWindow;
      const focused = !!win && !win.isDestroyed() && win.isFocused() && win.isVisible() && !win.isMinimized();
      const effects = attention.update(update, focused);
      showBadge(effects.badge);
      if (effects.notify && Notification.isSupported()) {
        const { title, body, item } = effects.notify;
        const n = new Notification({ title, body, silent: true, urgency: item.level === 'red' ? 'critical' : 'normal', timeoutType: 'never' });
        n.on('click', () => {
          focusConsole();
          state?.consoleWindow?.webContents.send('attention:focus', { kind: item.kind, id: item.id });
        });
        n.show();
      }
      if (effects.flash && win && !win.isDestroyed()) win.flashFrame(true);
      return null;
    },
    'settings:open': () => {
      openSettings();
      return null;
    },
    'settings:get': () => settingsView(),
    'settings:save': (next) => {
      if (!state) throw new Error('not ready');
      const problems = next.walls.assignments ? checkAssignments(next.walls.assignments) : [];
      if (problems.length) throw new Error(problems.join('; '));
      const serverChanged = JSON.stringify(next.server) !== JSON.stringify(state.settings.server);
      state.settings = state.store.saveSettings(next);
      if (serverChanged && !state.server.overridden) {
        // a different server: start over cleanly (embedded server, trusted origin, every window)
        app.relaunch();
        app.quit();
        return settingsView();
      }
      replanWalls();
      return settingsView();
    },
  };
  for (const channel of Object.keys(IPC_INVOKE) as IpcInvokeChannel[]) {
    const handle = guarded(channel, handlers[channel] as InvokeHandler<typeof channel>, trusted, log);
    ipcMain.handle(channel, (event, ...args: unknown[]) => handle(event.senderFrame?.url, args, event.sender.id));
  }
}

function appInfo(contentsId: number | null): AppInfo {
  return {
    version: app.getVersion(),
    electron: process.versions.electron ?? '',
    chrome: process.versions.chrome ?? '',
    platform: process.platform,
    window: (contentsId !== null && windowRoles.get(contentsId)) || { role: 'console' },
    serverUrl: trusted().server,
    embeddedServer: state?.server.choice.kind === 'embedded',
  };
}

function showBadge(count: number): void {
  if (process.platform === 'win32') {
    const win = state?.consoleWindow;
    if (!win || win.isDestroyed()) return;
    win.setOverlayIcon(count > 0 ? nativeImage.createFromBuffer(drawCountBadge(count).toPng()) : null, badgeDescription(count));
  } else {
    app.setBadgeCount(count); // macOS dock; Linux launchers that support it (Unity API)
  }
}
