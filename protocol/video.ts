// The video wall's wire contract: cameras, their health, the shared wall state and its operations, play grants, snapshots.
// A camera's source URL (with any credentials) is accepted from an administrator but never sent back to a console.
import { z } from 'zod';
import { PersonRef } from './alerts.ts';
import { OnvifUrl } from './ptz.ts';

/** A source URL on this host means "a stream pushed into the centre's own media server" (`rtmp://ingest.local/src/<name>`). */
export const INGEST_HOST = 'ingest.local';

export const CAMERA_STATUSES = ['unknown', 'online', 'offline', 'error'] as const;
export const CameraStatus = z.enum(CAMERA_STATUSES);
export type CameraStatus = z.infer<typeof CameraStatus>;
export const CAMERA_STATUS_LABELS: Record<CameraStatus, [string, string]> = {
  unknown: ['未知', 'Unknown'],
  online: ['在线', 'Online'],
  offline: ['离线', 'Offline'],
  error: ['源错误', 'Source error'],
};

/** Why a camera is offline or in error. */
export const CAMERA_REASONS = ['no_data', 'unreachable', 'ended', 'auth', 'not_found', 'bad_stream', 'failed'] as const;
export const CameraReason = z.enum(CAMERA_REASONS);
export type CameraReason = z.infer<typeof CameraReason>;
export const CAMERA_REASON_LABELS: Record<CameraReason, [string, string]> = {
  no_data: ['无视频数据', 'No video data'],
  unreachable: ['无法连接视频源', 'Source unreachable'],
  ended: ['视频源已中断', 'Source ended'],
  auth: ['视频源认证失败', 'Source refused the credentials'],
  not_found: ['视频源地址不存在', 'Source path not found'],
  bad_stream: ['视频格式不支持', 'Unsupported stream'],
  failed: ['视频源错误', 'Source failed'],
};

export const CameraHealth = z.object({
  status: CameraStatus,
  reason: CameraReason.nullable(),
  /** When the status last changed. */
  since: z.number().int().nullable(),
  /** Last time video was seen from the source. */
  lastSeenAt: z.number().int().nullable(),
});
export type CameraHealth = z.infer<typeof CameraHealth>;

export const GB_CODE_PATTERN = /^\d{20}$/;

/**
 * rtsp://, rtmp://, or http(s):// (HTTP-FLV / HTTP-TS, as GB/T 28181 platforms such as ZLMediaKit and WVP proxy their
 * devices) with a host; credentials allowed (they stay on the server).
 */
export function sourceUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return '不是有效的地址 / not a valid URL';
  }
  if (!['rtsp:', 'rtmp:', 'http:', 'https:'].includes(url.protocol)) return '只支持 rtsp://、rtmp:// 或 http(s)://（HTTP-FLV/TS） / only rtsp://, rtmp:// or http(s):// (HTTP-FLV/TS)';
  if (!url.hostname) return '缺少主机地址 / the host is missing';
  if (url.protocol === 'rtmp:' && url.pathname.split('/').filter(Boolean).length < 2) return 'rtmp 地址需包含应用名和流名 / rtmp needs /<app>/<stream>';
  return null;
}

export const SourceUrl = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .superRefine((v, ctx) => {
    const problem = sourceUrlProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const name = z.string().trim().min(1).max(60);
const gbCode = z
  .string()
  .trim()
  .regex(GB_CODE_PATTERN, '国标编码应为20位数字 / the GB/T 28181 code is 20 digits')
  .nullable();
const lat = z.number().min(-90).max(90);
const lng = z.number().min(-180).max(180);

export const CameraInput = z.object({
  name,
  gbCode: gbCode.default(null),
  townshipId: z.number().int().positive(),
  lat,
  lng,
  sourceUrl: SourceUrl,
  /** A second, smaller stream of the same camera (子码流): tiles of a 4-or-more layout play it. */
  subSourceUrl: SourceUrl.nullable().default(null),
  /** The ONVIF device service of a dome camera (云台); none for a fixed camera. */
  onvifUrl: OnvifUrl.nullable().default(null),
});
export type CameraInput = z.input<typeof CameraInput>;

/** Edit: every field optional; a missing sourceUrl keeps the stored one (it is never shown back). */
export const CameraPatch = z.object({
  name: name.optional(),
  gbCode: gbCode.optional(),
  townshipId: z.number().int().positive().optional(),
  lat: lat.optional(),
  lng: lng.optional(),
  sourceUrl: SourceUrl.optional(),
  subSourceUrl: SourceUrl.nullable().optional(),
  onvifUrl: OnvifUrl.nullable().optional(),
});
export type CameraPatch = z.input<typeof CameraPatch>;

export const Camera = z.object({
  id: z.number().int(),
  name: z.string(),
  gbCode: z.string().nullable(),
  townshipId: z.number().int(),
  townshipName: z.string(),
  lat: z.number(),
  lng: z.number(),
  sourceKind: z.enum(['rtsp', 'rtmp', 'http']),
  health: CameraHealth,
  /** A dome camera: pan/tilt/zoom through ONVIF. */
  ptz: z.boolean().optional(),
  /** Has a sub stream (子码流) for small tiles. */
  hasSub: z.boolean().optional(),
  /** The video codec the source was last seen sending (ffprobe's name: h264, hevc …), null until probed. */
  codec: z.string().nullable().optional(),
});
export type Camera = z.infer<typeof Camera>;

/** What an administrator sees: where the source is (host and port only), never the path or credentials. */
export const CameraAdminView = Camera.extend({ sourceHost: z.string(), hasCredentials: z.boolean() });
export type CameraAdminView = z.infer<typeof CameraAdminView>;

export const CameraImportRow = z.object({
  /** 1-based line number in the file (the header is line 1). */
  line: z.number().int(),
  ok: z.boolean(),
  errors: z.record(z.string(), z.string()).optional(),
});
export type CameraImportRow = z.infer<typeof CameraImportRow>;
export const CameraImportResult = z.object({ imported: z.number().int(), rows: z.array(CameraImportRow) });
export type CameraImportResult = z.infer<typeof CameraImportResult>;

// ---- the wall ----

export const WALL_LAYOUTS = ['1', '4', '9', '16', '25', '36', '1+5', '1+7'] as const;
export const WallLayout = z.enum(WALL_LAYOUTS);
export type WallLayout = z.infer<typeof WallLayout>;
export const LAYOUT_TILES: Record<WallLayout, number> = { '1': 1, '4': 4, '9': 9, '16': 16, '25': 25, '36': 36, '1+5': 6, '1+7': 8 };
export const MAX_TILES = 36;
export const MAX_SCREENS = 8;

const screenIndex = z.number().int().min(0).max(MAX_SCREENS - 1);
const tileIndex = z.number().int().min(0).max(MAX_TILES - 1);
const cameraId = z.number().int().positive();

export const Tour = z.object({
  cameraIds: z.array(cameraId).min(1).max(256),
  intervalSec: z.number().int().min(5).max(3600),
  startedAt: z.number().int(),
});
export type Tour = z.infer<typeof Tour>;

/** How a tile got its camera: when, and whether by the system (上墙 of an incident's nearest cameras, the demo wall). */
export const TilePlacement = z.object({ at: z.number().int(), auto: z.boolean() });
export type TilePlacement = z.infer<typeof TilePlacement>;

/**
 * A tile showing a meeting participant (视频会商上墙) instead of a camera: which meeting, whose console (the person, so the
 * tile follows them across rejoins and Janus restarts, whose feed ids change), and their unit's name for the label.
 */
export const WallMeetTile = z.object({
  meetingId: z.number().int(),
  userId: z.number().int(),
  centreId: z.number().int(),
  centreName: z.string(),
});
export type WallMeetTile = z.infer<typeof WallMeetTile>;

export const WallScreen = z.object({
  layout: WallLayout,
  /**
   * One entry per tile of the layout (a camera id or null), then the tiles a smaller layout hides: they are kept so
   * that growing the layout back brings its cameras back. Only the layout's first tiles are shown.
   */
  tiles: z.array(cameraId.nullable()).max(MAX_TILES),
  /** While set, the tiles cycle through the tour's cameras (the tiles above are kept for when it stops). */
  tour: Tour.nullable(),
  /** Parallel to tiles: how each was placed (上墙 onto a full screen replaces the oldest automatic one). */
  placed: z.array(TilePlacement.nullable()).max(MAX_TILES).optional(),
  /** Parallel to tiles: a tile with an entry here shows that meeting participant (its camera entry is then null). */
  meet: z.array(WallMeetTile.nullable()).max(MAX_TILES).optional(),
});
export type WallScreen = z.infer<typeof WallScreen>;

export const WallState = z.object({
  centreId: z.number().int(),
  version: z.number().int().nonnegative(),
  screens: z.array(WallScreen).min(1).max(MAX_SCREENS),
  updatedAt: z.number().int(),
  updatedBy: PersonRef.nullable(),
});
export type WallState = z.infer<typeof WallState>;

export const WallOp = z.discriminatedUnion('op', [
  z.object({ op: z.literal('layout'), screen: screenIndex, layout: WallLayout }),
  z.object({ op: z.literal('assign'), screen: screenIndex, tile: tileIndex, cameraId: cameraId.nullable() }),
  z.object({ op: z.literal('swap'), screen: screenIndex, from: tileIndex, to: tileIndex }),
  /**
   * 上墙: put cameras on the screen from startTile on, or else into its empty tiles; on a full screen over the selected
   * tile (`selectedTile`), else the oldest automatic tile, else the oldest placed one. The reply says what was replaced.
   */
  z.object({
    op: z.literal('push'), screen: screenIndex, cameraIds: z.array(cameraId).min(1).max(MAX_TILES), startTile: tileIndex.optional(), selectedTile: tileIndex.optional(),
  }),
  /** 上墙 from a place (an incident): the nearest cameras in scope. */
  z.object({
    op: z.literal('pushNearest'),
    screen: screenIndex,
    lat,
    lng,
    count: z.number().int().min(1).max(MAX_TILES).default(4),
    /** Only cameras within this distance (metres). */
    radiusM: z.number().positive().max(50_000).optional(),
    startTile: tileIndex.optional(),
  }),
  z.object({ op: z.literal('clear'), screen: screenIndex }),
  z.object({
    op: z.literal('tour'),
    screen: screenIndex,
    tour: z.object({ cameraIds: z.array(cameraId).min(1).max(256), intervalSec: z.number().int().min(5).max(3600) }).nullable(),
  }),
  z.object({ op: z.literal('screens'), count: z.number().int().min(1).max(MAX_SCREENS) }),
  z.object({ op: z.literal('applyPreset'), screen: screenIndex, presetId: z.number().int().positive() }),
]);
export type WallOp = z.input<typeof WallOp>;

/** A camera that 上墙 took off a full screen to make room. */
export const ReplacedTile = z.object({ tile: z.number().int(), cameraId: z.number().int() });
export type ReplacedTile = z.infer<typeof ReplacedTile>;
/** The reply to a wall operation: the new wall, and the tiles whose camera it replaced (tile 0-based). */
export const WallOpResult = z.object({ wall: WallState, replaced: z.array(ReplacedTile) });
export type WallOpResult = z.infer<typeof WallOpResult>;

export const WallPreset = z.object({
  id: z.number().int(),
  name: z.string(),
  layout: WallLayout,
  tiles: z.array(z.number().int().nullable()),
  createdAt: z.number().int(),
  createdBy: PersonRef,
});
export type WallPreset = z.infer<typeof WallPreset>;

export const SavePreset = z.object({ name: z.string().trim().min(1).max(40), screen: screenIndex });
export type SavePreset = z.infer<typeof SavePreset>;
export const DeletePreset = z.object({ presetId: z.number().int().positive() });
export type DeletePreset = z.infer<typeof DeletePreset>;

export const WallSyncRequest = z.object({}).strict();
export type WallSyncRequest = z.infer<typeof WallSyncRequest>;
export const WallSync = z.object({
  wall: WallState,
  presets: z.array(WallPreset),
  cameras: z.array(Camera),
  /** The server clock at the reply: tours are computed from it. */
  serverNow: z.number().int(),
  /** The transport tiles should use unless the console chose one (from the benchmark). */
  defaultTransport: z.enum(['flv', 'hls']),
  /** False when the server has no ffmpeg: tiles show why instead of trying. */
  mediaAvailable: z.boolean(),
});
export type WallSync = z.infer<typeof WallSync>;

// ---- playing ----

export const TRANSPORTS = ['flv', 'hls'] as const;
export const Transport = z.enum(TRANSPORTS);
export type Transport = z.infer<typeof Transport>;

/** main: the camera's full stream; sub: its sub stream (main when it has none). */
export const STREAM_VARIANTS = ['main', 'sub'] as const;
export const StreamVariant = z.enum(STREAM_VARIANTS);
export type StreamVariant = z.infer<typeof StreamVariant>;

export const PlayRequest = z.object({
  cameraId,
  transport: Transport,
  stream: StreamVariant.default('main'),
  /** This console decodes H.265 (MediaSource.isTypeSupported): an H.265 camera is then not transcoded for it. */
  hevc: z.boolean().default(false),
});
export type PlayRequest = z.input<typeof PlayRequest>;
export const PlayGrant = z.object({
  cameraId: z.number().int(),
  transport: Transport,
  /** Same-origin path: ws(s)://<origin><url> for flv, <origin><url> for hls. Signed; valid until expiresAt. */
  url: z.string(),
  /** For HLS: the token to put on every request (`?t=`); renew before expiresAt. */
  token: z.string(),
  expiresAt: z.number().int(),
  /** What plays: the main or sub stream as the camera sends it, or an H.264 transcode of an H.265 camera (转码). */
  stream: z.enum(['main', 'sub', 'transcode']).optional(),
});
export type PlayGrant = z.infer<typeof PlayGrant>;

export const CameraHealthEvent = z.object({ id: z.number().int(), health: CameraHealth });
export type CameraHealthEvent = z.infer<typeof CameraHealthEvent>;

// ---- snapshots ----

export const SNAPSHOT_SUBJECTS = ['incident', 'order'] as const;
export const SnapshotSubject = z.enum(SNAPSHOT_SUBJECTS);
export type SnapshotSubject = z.infer<typeof SnapshotSubject>;

export const TakeSnapshot = z.object({ subjectType: SnapshotSubject, subjectId: z.number().int().positive() });
export type TakeSnapshot = z.infer<typeof TakeSnapshot>;

export const Snapshot = z.object({
  id: z.number().int(),
  cameraId: z.number().int(),
  cameraName: z.string(),
  subjectType: SnapshotSubject,
  subjectId: z.number().int(),
  takenAt: z.number().int(),
  takenBy: PersonRef,
  bytes: z.number().int(),
});
export type Snapshot = z.infer<typeof Snapshot>;

// ---- pure helpers shared by the server and the console ----

/** The tiles a screen shows at `now`: its own assignments, or the tour page that is due. */
export function visibleTiles(screen: WallScreen, now: number): (number | null)[] {
  const n = LAYOUT_TILES[screen.layout];
  const tiles = Array.from({ length: n }, (_, i) => screen.tiles[i] ?? null);
  if (!screen.tour) return tiles;
  const { cameraIds, intervalSec, startedAt } = screen.tour;
  const pages = Math.max(1, Math.ceil(cameraIds.length / n));
  const step = Math.max(0, Math.floor((now - startedAt) / (intervalSec * 1000)));
  const page = step % pages;
  return tiles.map((_, i) => cameraIds[page * n + i] ?? null);
}

/** The meeting participants a screen shows, per tile of its layout (none while it tours). */
export function visibleMeetTiles(screen: WallScreen): (WallMeetTile | null)[] {
  const n = LAYOUT_TILES[screen.layout];
  return Array.from({ length: n }, (_, i) => (screen.tour ? null : (screen.meet?.[i] ?? null)));
}

/** Milliseconds until the tour shows its next page (for a timer), or null without a tour. */
export function msToNextTourPage(screen: WallScreen, now: number): number | null {
  if (!screen.tour) return null;
  const period = screen.tour.intervalSec * 1000;
  const elapsed = Math.max(0, now - screen.tour.startedAt);
  return period - (elapsed % period);
}
