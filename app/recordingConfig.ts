// The recording section of <dataDir>/config.json (ServerConfig.recording).
import { z } from 'zod';

export const RecordingConfig = z.object({
  /** Length of a recorded segment (the unit of retention and of the index). */
  segmentSec: z.number().int().min(1).max(60).default(10),
  /** All recordings together stay under this; over it the oldest go first (never what an open case holds). */
  quotaMB: z.number().int().min(1).default(100 * 1024),
  /** Retention runs this often (and after each segment over the quota). */
  sweepEveryMs: z.number().int().min(200).default(60_000),
  /** The longest evidence clip one export may cut. */
  clipMaxMinutes: z.number().int().min(1).max(240).default(30),
  /** A playback link is valid this long (its playlist covers an hour either side of the chosen time). */
  playbackTokenTtlMs: z.number().int().min(10_000).default(2 * 3600_000),
});
export type RecordingConfig = z.output<typeof RecordingConfig>;
