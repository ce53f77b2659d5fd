// The video section of <dataDir>/config.json (ServerConfig.video).
import { z } from 'zod';
import { Transport } from '../protocol/index.ts';

export const VideoConfig = z.object({
  /** Run the media service (needs ffmpeg; without it the wall shows why and everything else works). */
  enabled: z.boolean().default(true),
  /** node-media-server listens here; 127.0.0.1 keeps it private (consoles reach video through the centre server). */
  bind: z.string().default('127.0.0.1'),
  /** 0 = chosen by the OS. Set rtmpPort to let cameras or encoders push to rtmp://<host>:<port>/src/<name>. */
  rtmpPort: z.number().int().min(0).max(65535).default(0),
  httpPort: z.number().int().min(0).max(65535).default(0),
  /** Stop a camera's pull this long after its last viewer. */
  idleGraceMs: z.number().int().min(100).default(30_000),
  /** No video for this long: offline, and the pull is restarted. */
  ioTimeoutMs: z.number().int().min(500).default(3_000),
  backoffMinMs: z.number().int().min(50).default(300),
  backoffMaxMs: z.number().int().min(100).default(2_000),
  /** Probe idle cameras every this often (a few each time) so the list shows online/offline. 0 = never. */
  probeEveryMs: z.number().int().min(0).default(10_000),
  probeBatch: z.number().int().min(1).default(2),
  hlsSegmentSec: z.number().int().min(1).max(10).default(1),
  /** Play links are valid this long (HLS tiles renew them). */
  playTokenTtlMs: z.number().int().min(5_000).default(60_000),
  /** The tile transport unless a console chooses: WS-FLV measured faster (bench/video.ts, .notes/issue-5.md). */
  defaultTransport: Transport.default('flv'),
  /** Run the simulated demo cameras (npm start passes --demo-cameras). */
  demoCameras: z.boolean().default(false),
  /** Run only these of the demo cameras (by key, e.g. ["dome1"]); null = all. Tests and small machines. */
  demoCameraKeys: z.array(z.string()).nullable().default(null),
  /** A dome camera's control (云台) lapses after this long without a command, and the lens stops. */
  ptzHoldIdleMs: z.number().int().min(1_000).default(60_000),
});
export type VideoConfig = z.output<typeof VideoConfig>;
