// Recording and playback (issue 14 points 1–4): per-camera recording policies, the recorded spans of a camera, a
// playback grant for a moment, 事件回溯 from a case, and evidence clips attached to a case.
import { z } from 'zod';
import { PersonRef } from './alerts.ts';

export const RECORDING_MODES = ['none', 'continuous', 'events'] as const;
export const RecordingMode = z.enum(RECORDING_MODES);
export type RecordingMode = z.infer<typeof RecordingMode>;
export const RECORDING_MODE_LABELS: Record<RecordingMode, [string, string]> = {
  none: ['不录像', 'Off'],
  continuous: ['连续录像', 'Continuous'],
  events: ['事件前后录像', 'Around events'],
};

export const RecordingPolicy = z.object({
  cameraId: z.number().int().positive(),
  mode: RecordingMode,
  /** "Around events": keep this many minutes before an alert or incident (the rolling pre-buffer)… */
  beforeMin: z.number().int().min(0).max(120),
  /** …and this many after. */
  afterMin: z.number().int().min(0).max(240),
  /** Segments older than this are deleted (unless an open case holds them). */
  retentionDays: z.number().int().min(1).max(365),
});
export type RecordingPolicy = z.infer<typeof RecordingPolicy>;
export const RecordingPolicyInput = RecordingPolicy.omit({ cameraId: true });
export type RecordingPolicyInput = z.infer<typeof RecordingPolicyInput>;
export const DEFAULT_RECORDING_POLICY: RecordingPolicyInput = { mode: 'none', beforeMin: 5, afterMin: 10, retentionDays: 30 };

/** A camera's policy with what is on disk for it (the administrator's list). */
export const RecordingStatus = RecordingPolicy.extend({
  cameraName: z.string(),
  recording: z.boolean(),
  bytes: z.number().int(),
  segments: z.number().int(),
  oldestAt: z.number().int().nullable(),
});
export type RecordingStatus = z.infer<typeof RecordingStatus>;

/** A stretch of time recorded without a gap (epoch ms). */
export const RecordedSpan = z.object({ start: z.number().int(), end: z.number().int() });
export type RecordedSpan = z.infer<typeof RecordedSpan>;

const epochMs = z.coerce.number().int().min(0).max(8.64e15);
export const SpansQuery = z.object({ from: epochMs, to: epochMs });

export const PlaybackRequest = z.object({ at: epochMs });
export const PlaybackGrant = z.object({
  cameraId: z.number().int(),
  /** Same-origin HLS playlist (VOD) of the segments around `at`; signed. */
  url: z.string(),
  /**
   * The playlist's segments in order: position 0 is segments[0].start; each plays `media` ms (its EXTINF), spread over
   * its wall-clock span start–end.
   */
  segments: z.array(RecordedSpan.extend({ media: z.number().int() })),
  /** Where `at` is in the playlist, in seconds. */
  position: z.number(),
  expiresAt: z.number().int(),
});
export type PlaybackGrant = z.infer<typeof PlaybackGrant>;

/** 事件回溯: the cameras near a case that recorded around the time it was reported, and where to open them. */
export const Lookback = z.object({
  at: z.number().int(),
  cameras: z.array(z.object({ id: z.number().int(), name: z.string(), distanceM: z.number() })),
});
export type Lookback = z.infer<typeof Lookback>;

/** A clip belongs to exactly one case: an incident, or a dispute (a walk-in 来访/来电 dispute has no incident). */
export const ClipRequest = z
  .object({
    cameraId: z.number().int().positive(),
    incidentId: z.number().int().positive().optional(),
    disputeId: z.number().int().positive().optional(),
    from: epochMs,
    to: epochMs,
  })
  .refine((r) => (r.incidentId === undefined) !== (r.disputeId === undefined), {
    path: ['disputeId'],
    message: 'exactly one of incidentId and disputeId / 事件与纠纷须且只能选一个',
  });
export type ClipRequest = z.infer<typeof ClipRequest>;

export const EvidenceClip = z.object({
  id: z.number().int(),
  /** Its owner: one of the two is set. */
  incidentId: z.number().int().nullable(),
  disputeId: z.number().int().nullable(),
  cameraId: z.number().int(),
  cameraName: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  bytes: z.number().int(),
  sha256: z.string(),
  createdAt: z.number().int(),
  createdBy: PersonRef,
});
export type EvidenceClip = z.infer<typeof EvidenceClip>;
