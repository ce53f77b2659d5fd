import { z } from 'zod';
import { PersonRef } from './alerts.ts';

// The alarm policy: which waiting items ring, notify and take the screen over. One table, in the server's config,
// sent to every console (GET /api/alarms); a console applies it to its 待办 (renderer/queue).

/** What rings: an alert or an order to sign, a new report (上报) to accept, a 督办 on a case held here, a high-risk dispute (风险研判). */
export const ALARM_KINDS = ['alert', 'order', 'report', 'supervise', 'highRisk'] as const;
export const AlarmKind = z.enum(ALARM_KINDS);
export type AlarmKind = z.infer<typeof AlarmKind>;

export const AlarmRule = z.object({
  kind: AlarmKind,
  /** Alert level (red, orange, …) or order priority (urgent, …); '*' for any. */
  level: z.string().min(1).max(16).default('*'),
  /** Which consoles: the county's, a lower unit's (township, village), or any. */
  at: z.enum(['county', 'lower', 'any']).default('any'),
  sound: z.boolean().default(false),
  /** A desktop notification when the console is not in front. */
  notification: z.boolean().default(false),
  /** The full-screen takeover until someone on that console acknowledges it. */
  takeover: z.boolean().default(false),
});
export type AlarmRule = z.infer<typeof AlarmRule>;

/** The first rule that matches an item decides; no rule, no alarm (the item still counts in 待办). */
export const AlarmPolicy = z.array(AlarmRule).max(100);
export type AlarmPolicy = z.infer<typeof AlarmPolicy>;

export const DEFAULT_ALARM_POLICY: AlarmPolicy = [
  { kind: 'alert', level: 'red', at: 'lower', sound: true, notification: true, takeover: true },
  { kind: 'alert', level: 'orange', at: 'lower', sound: true, notification: true, takeover: false },
  { kind: 'order', level: 'urgent', at: 'lower', sound: true, notification: true, takeover: true },
  { kind: 'report', level: '*', at: 'county', sound: true, notification: true, takeover: false },
  { kind: 'supervise', level: '*', at: 'county', sound: true, notification: true, takeover: true },
  { kind: 'highRisk', level: '*', at: 'county', sound: true, notification: true, takeover: true },
];

/** Client → server: someone on this console acknowledged the alarm (stops the takeover on every console of the unit). */
export const AckAlarm = z.object({ kind: AlarmKind, itemId: z.number().int().positive() });
export type AckAlarm = z.infer<typeof AckAlarm>;

/** Client → server: this console's night-shift mute was switched (logged). */
export const SetAlarmMute = z.object({ muted: z.boolean() });
export type SetAlarmMute = z.infer<typeof SetAlarmMute>;

export const AlarmAck = z.object({ kind: AlarmKind, itemId: z.number().int(), at: z.number().int(), by: PersonRef });
export type AlarmAck = z.infer<typeof AlarmAck>;

/** GET /api/alarms: the policy and the alarms this unit has already acknowledged (recent ones). */
export const AlarmState = z.object({ policy: AlarmPolicy, acked: z.array(AlarmAck) });
export type AlarmState = z.infer<typeof AlarmState>;
