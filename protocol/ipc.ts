// The desktop app's IPC contract (docs/architecture.md, "Electron"): one channel map, a zod schema per payload.
//
// The preload script (main/preload.ts) exposes these as named verbs on `window.zongzhi` (DESKTOP_BRIDGE_KEY) — never
// ipcRenderer itself. Main validates every payload with the schema below and checks the sending frame's origin against
// the channel's `from` list before anything runs (main/ipcPolicy.ts). In a plain browser (the Chromium fallback, the
// e2e tests) `window.zongzhi` is undefined: the renderer must treat every verb as optional.
//
// Renderer usage (the console's alert feed):
//   const desktop = desktopBridge();               // undefined outside Electron
//   desktop?.attention.update({ unacknowledged: 3, latest: { kind: 'alert', id: 42, title: '…', level: 'red' } });
//   const off = desktop?.attention.onFocus(({ kind, id }) => openItem(kind, id));   // off() removes the listener
//
// attention.update — call it whenever the number of items waiting for this console's 签收 changes, and when a new alert
// or order arrives. Main then: sets the taskbar/dock badge to `unacknowledged` (Windows: an overlay icon with the count;
// 0 clears it); when `latest` is an item it has not announced before and the console window is not focused, shows one
// native notification (clicking it focuses the console and fires attention.onFocus with the item) and flashes the
// taskbar entry. Main never plays a sound: the renderer plays its tone (renderer/alerts/sound.ts) — in Electron the
// console window allows audio without a prior click and is not throttled in the background, so the tone is heard.
import { z } from 'zod';
import { AlertLevel } from './alerts.ts';

/** The property of `window` under which the preload exposes the bridge. */
export const DESKTOP_BRIDGE_KEY = 'zongzhi';

/**
 * Who may send on a channel: `server` — the console and wall pages loaded from the configured centre server's origin;
 * `settings` — the app's own settings page (app://settings). Anything else (another origin, a subframe from elsewhere,
 * an error page) is refused.
 */
export const IPC_SENDERS = ['server', 'settings'] as const;
export type IpcSender = (typeof IPC_SENDERS)[number];

const int = () => z.number().int();

export const Rect = z.strictObject({ x: int(), y: int(), width: int().positive(), height: int().positive() });
export type Rect = z.infer<typeof Rect>;

// ---- attention ------------------------------------------------------------------------------------------------------

/** What a notification can name: an alert, an order, an incident (a new report, a 督办) or a high-risk dispute — the 待办 kinds. */
export const ATTENTION_KINDS = ['alert', 'order', 'incident', 'dispute'] as const;
export const AttentionRef = z.strictObject({ kind: z.enum(ATTENTION_KINDS), id: int().positive() });
export type AttentionRef = z.infer<typeof AttentionRef>;

export const AttentionItem = z.strictObject({
  kind: z.enum(ATTENTION_KINDS),
  id: int().positive(),
  title: z.string().trim().min(1).max(100),
  /** Shown as the notification's body, cut to 200 characters. */
  body: z.string().max(2000).optional(),
  level: AlertLevel.optional(),
  /** Who sent it, e.g. 青岚县综治中心. */
  from: z.string().max(100).optional(),
});
export type AttentionItem = z.infer<typeof AttentionItem>;

export const AttentionUpdate = z.strictObject({
  /** Items waiting for this unit (its 待办: to sign, answer, accept, handle, follow up). */
  unacknowledged: int().min(0).max(1_000_000),
  /** The newest waiting item the alarm policy announces with a notification, or null. Announced once per (kind, id). */
  latest: AttentionItem.nullable().optional(),
});
export type AttentionUpdate = z.infer<typeof AttentionUpdate>;

// ---- settings -------------------------------------------------------------------------------------------------------

/** A centre server URL: http(s), no credentials, no path; normalised to its origin by main. */
export const ServerUrl = z
  .string()
  .trim()
  .max(200)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password && (u.pathname === '/' || u.pathname === '') && !u.search && !u.hash;
    } catch {
      return false;
    }
  }, 'http(s)://主机:端口，不含路径和账号 / http(s)://host:port without a path or credentials');

export const ServerSetting = z.discriminatedUnion('mode', [
  /** Connect to the county's centre server (township PCs, county consoles). */
  z.strictObject({ mode: z.literal('remote'), url: ServerUrl }),
  /** Single seat: start the centre server inside the app (utilityProcess) on 127.0.0.1:port. */
  z.strictObject({ mode: z.literal('embedded'), port: int().min(1024).max(65535).default(8620), seedDemo: z.boolean().default(true) }),
]);
export type ServerSetting = z.output<typeof ServerSetting>;

/** How a display is recognised again after a restart (Electron's display ids are not stable on every platform). */
export const DisplayRef = z.strictObject({ id: int(), label: z.string().max(200), bounds: Rect });
export type DisplayRef = z.infer<typeof DisplayRef>;

export const WallAssignment = z.strictObject({ wall: int().min(1).max(64), display: DisplayRef });
export type WallAssignment = z.infer<typeof WallAssignment>;

export const WallSettings = z.strictObject({
  /** fullscreen: a normal full-screen window; kiosk: full screen that the operator cannot leave with F11/Esc. */
  mode: z.enum(['fullscreen', 'kiosk']).default('fullscreen'),
  /** null until someone chose: then every display other than the console's gets a wall. */
  assignments: z.array(WallAssignment).max(64).nullable().default(null),
});
export type WallSettings = z.output<typeof WallSettings>;

export const DesktopSettings = z.strictObject({
  server: ServerSetting.default({ mode: 'embedded', port: 8620, seedDemo: true }),
  walls: WallSettings.default({ mode: 'fullscreen', assignments: null }),
  /** The display the console opens on (null: the primary display). */
  consoleDisplay: DisplayRef.nullable().default(null),
});
export type DesktopSettings = z.output<typeof DesktopSettings>;
export type DesktopSettingsInput = z.input<typeof DesktopSettings>;

export const DisplayInfo = z.strictObject({
  id: int(),
  label: z.string(),
  bounds: Rect,
  workArea: Rect,
  scaleFactor: z.number().positive(),
  primary: z.boolean(),
});
export type DisplayInfo = z.infer<typeof DisplayInfo>;

export interface PlannedWall {
  wall: number;
  displayId: number;
  bounds: Rect;
  url: string;
}

export interface SettingsView {
  settings: DesktopSettings;
  displays: DisplayInfo[];
  /** Which display the console is on now, and the walls as planned for the current displays. */
  consoleDisplayId: number | null;
  walls: PlannedWall[];
  /** Remembered walls whose display is not connected now. */
  missingWalls: number[];
  /** The server the app uses now (the command line `--server-url` wins over the settings). */
  serverUrl: string | null;
  serverOverridden: boolean;
}

export interface AppInfo {
  version: string;
  electron: string;
  chrome: string;
  platform: string;
  /** Which window this page is in. */
  window: { role: 'console' } | { role: 'wall'; wall: number } | { role: 'settings' };
  serverUrl: string | null;
  embeddedServer: boolean;
}

export const ServerStatus = z.strictObject({
  state: z.enum(['starting', 'up', 'down']),
  url: z.string().nullable(),
  detail: z.string().optional(),
});
export type ServerStatus = z.infer<typeof ServerStatus>;

// ---- the channel map ------------------------------------------------------------------------------------------------

const NoPayload = z.undefined();

/** Renderer → main requests (ipcRenderer.invoke / ipcMain.handle). `from` lists the senders allowed to call. */
export const IPC_INVOKE = {
  'app:info': { from: ['server', 'settings'], request: NoPayload },
  'attention:update': { from: ['server'], request: AttentionUpdate },
  'settings:get': { from: ['settings'], request: NoPayload },
  'settings:save': { from: ['settings'], request: DesktopSettings },
  'settings:open': { from: ['server'], request: NoPayload },
} as const satisfies Record<string, { from: readonly IpcSender[]; request: z.ZodType }>;
export type IpcInvokeChannel = keyof typeof IPC_INVOKE;

/** What each request answers with (inside IpcReply). */
export interface IpcInvokeReplies {
  'app:info': AppInfo;
  'attention:update': null;
  'settings:get': SettingsView;
  'settings:save': SettingsView;
  'settings:open': null;
}

export type IpcRequest<C extends IpcInvokeChannel> = z.input<(typeof IPC_INVOKE)[C]['request']>;

/** Main → renderer events (webContents.send / ipcRenderer.on). Main is the trusted side, so these are types only. */
export interface IpcEvents {
  /** The operator clicked a notification: show this item. */
  'attention:focus': AttentionRef;
  /** Settings were saved, or displays were connected, removed or rearranged (settings page). */
  'settings:changed': SettingsView;
  /** The embedded or remote server went down / came back. */
  'server:status': ServerStatus;
}
export type IpcEventChannel = keyof IpcEvents;
export const IPC_EVENT_CHANNELS = ['attention:focus', 'settings:changed', 'server:status'] as const satisfies readonly IpcEventChannel[];

export const IPC_ERROR_CODES = ['UNKNOWN_CHANNEL', 'FORBIDDEN_SENDER', 'BAD_PAYLOAD', 'FAILED'] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];
export interface IpcError {
  code: IpcErrorCode;
  message: string;
  /** Field path → reason, for BAD_PAYLOAD. */
  details?: Record<string, string>;
}
export type IpcReply<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export type Unsubscribe = () => void;

/** What the preload exposes on `window.zongzhi`: named verbs only. */
export interface DesktopBridge {
  readonly desktop: true;
  app: { info(): Promise<IpcReply<AppInfo>> };
  attention: {
    update(update: AttentionUpdate): Promise<IpcReply<null>>;
    /** Called when the operator clicks a notification. Returns a function that removes the listener. */
    onFocus(listener: (item: AttentionRef) => void): Unsubscribe;
  };
  settings: {
    /** From the console: open the app's settings window. */
    open(): Promise<IpcReply<null>>;
    get(): Promise<IpcReply<SettingsView>>;
    save(settings: DesktopSettingsInput): Promise<IpcReply<SettingsView>>;
    onChanged(listener: (view: SettingsView) => void): Unsubscribe;
  };
  server: { onStatus(listener: (status: ServerStatus) => void): Unsubscribe };
}

/** The bridge when running inside the desktop app, otherwise undefined. */
export function desktopBridge(): DesktopBridge | undefined {
  return (globalThis as { [DESKTOP_BRIDGE_KEY]?: DesktopBridge })[DESKTOP_BRIDGE_KEY];
}
