// Pan/tilt/zoom of dome cameras (ONVIF): the commands a console sends, the control hold (one operator at a time), the
// camera's presets. Commands go over HTTP (`/api/cameras/:id/ptz/...`) because each waits for the camera's answer;
// hold changes are pushed to every console that sees the camera (`ptz:hold`).
import { z } from 'zod';
import { PersonRef } from './alerts.ts';

const velocity = z.number().min(-1).max(1);

/** A continuous move: velocities in [-1, 1] (pan right +, tilt up +, zoom in +); it lasts until stop (or 10 s). */
export const PtzMove = z.object({ pan: velocity, tilt: velocity, zoom: velocity }).strict();
export type PtzMove = z.infer<typeof PtzMove>;

export const PtzPreset = z.object({ token: z.string(), name: z.string() });
export type PtzPreset = z.infer<typeof PtzPreset>;

export const PtzGotoPreset = z.object({ token: z.string().trim().min(1).max(64) }).strict();
export type PtzGotoPreset = z.infer<typeof PtzGotoPreset>;
export const PtzSavePreset = z.object({ name: z.string().trim().min(1).max(30) }).strict();
export type PtzSavePreset = z.infer<typeof PtzSavePreset>;

/** Take the control: `takeover` (a commander only) takes it from whoever holds it. */
export const PtzClaim = z.object({ takeover: z.boolean().default(false) }).strict();
export type PtzClaim = z.input<typeof PtzClaim>;

/** Who controls a camera's lens now, and until when without a further command. */
export const PtzHold = z.object({
  cameraId: z.number().int(),
  holder: PersonRef,
  /** The holder's unit, by name (others see who and where). */
  centreName: z.string(),
  since: z.number().int(),
  expiresAt: z.number().int(),
});
export type PtzHold = z.infer<typeof PtzHold>;

export const PtzHoldEvent = z.object({ cameraId: z.number().int(), hold: PtzHold.nullable() });
export type PtzHoldEvent = z.infer<typeof PtzHoldEvent>;

/** The reply to every command: the hold after it. */
export const PtzReply = z.object({ hold: PtzHold.nullable() });
export type PtzReply = z.infer<typeof PtzReply>;

export const PtzStatus = z.object({ cameraId: z.number().int(), hold: PtzHold.nullable(), presets: z.array(PtzPreset) });
export type PtzStatus = z.infer<typeof PtzStatus>;

/** The ONVIF device service address: http(s)://[user:pass@]host[:port]/path. */
export function onvifUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return '不是有效的地址 / not a valid URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'ONVIF 地址应为 http:// 或 https:// / ONVIF needs http:// or https://';
  if (!url.hostname) return '缺少主机地址 / the host is missing';
  return null;
}
export const OnvifUrl = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .superRefine((v, ctx) => {
    const problem = onvifUrlProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
