import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_ACK_DEADLINES_MS } from './domain/alerts.ts';
import { DEFAULT_WARTIME } from './domain/wartime.ts';
import { MapConfig } from './http/mapConfig.ts';
import { DEFAULT_DEADLINES } from './domain/deadlines.ts';
import { AlarmPolicy, AssessmentScheme, Category, DEFAULT_ALARM_POLICY, DEFAULT_ASSESSMENT, DEFAULT_CATEGORIES, DEFAULT_SHIFTS, ShiftDef } from '../protocol/index.ts';
import { DEFAULT_RISK_RULES } from './domain/disputes.ts';
import { RecordingConfig } from './recordingConfig.ts';
import { VideoConfig } from './videoConfig.ts';

const ResolveRule = z.union([z.object({ sameDay: z.literal(true) }), z.object({ days: z.number().positive().max(15) })]);
const PriorityRules = z.object({ simple: ResolveRule, general: ResolveRule, complex: ResolveRule });

/** Settings a county can change without touching code; read from <dataDir>/config.json, then overridden by flags. */
export const ServerConfig = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8620),
  /** 签收 deadline per alert level, in ms (the key keeps its old name so existing config.json files still apply). */
  ackDeadlinesMs: z
    .object({ red: z.number().int().positive(), orange: z.number().int().positive(), yellow: z.number().int().positive(), blue: z.number().int().positive() })
    .default(DEFAULT_ACK_DEADLINES_MS),
  sessionTtlMs: z.number().int().positive().default(12 * 3600_000),
  /** Login requests per address, whatever their outcome: a flood guard (each login costs a scrypt), set high so a
   *  township office behind one address is never locked out by it. Wrong passwords are counted by loginLockout. */
  loginRateLimit: z.object({ max: z.number().int().positive(), windowMs: z.number().int().positive() }).default({ max: 300, windowMs: 60_000 }),
  /** Wrong passwords: an account is locked after accountMax in the window (even for the right password); an address
   *  after addressMax gets "too many" for its wrong passwords, but a right password from it still logs in. */
  loginLockout: z
    .object({ accountMax: z.number().int().positive(), addressMax: z.number().int().positive(), windowMs: z.number().int().positive() })
    .default({ accountMax: 5, addressMax: 50, windowMs: 15 * 60_000 }),
  /** How often due timers (the reminder ladders) are checked. */
  timerTickMs: z.number().int().positive().default(1000),
  /** Days the durable stream's outbox keeps envelopes; a console further behind gets a snapshot (issue 10). */
  streamRetentionDays: z.number().positive().max(3650).default(30),
  /** Wartime command: the order 签收 deadline (the ladder's unit: re-send 1×, flag 2×, 超时 3×),
   *  the peacetime one, when the daily report is due (HH:mm, Asia/Shanghai) and how often missing ones are chased. */
  wartime: z
    .object({
      orderAckMs: z.number().int().positive().default(DEFAULT_WARTIME.orderAckMs),
      peacetimeOrderAckMs: z.number().int().positive().default(DEFAULT_WARTIME.peacetimeOrderAckMs),
      dailyReportDue: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm').default(DEFAULT_WARTIME.dailyReportDue),
      dailyChaseEveryMs: z.number().int().positive().default(DEFAULT_WARTIME.dailyChaseEveryMs),
    })
    .prefault({}),
  /** Incident categories offered to reporters (矛盾纠纷, 治安隐患, …). */
  incidentCategories: z.array(Category).min(1).default(DEFAULT_CATEGORIES),
  /** First response, resolve rules per priority (and per category), and the 15-day ceiling. */
  incidentDeadlines: z
    .object({
      respondMs: z.number().int().positive(),
      resolve: PriorityRules,
      maxTotalMs: z.number().int().positive(),
      byCategory: z.record(z.string(), PriorityRules.partial()).default({}),
    })
    .default(DEFAULT_DEADLINES),
  /** A report this close in space and time to an open case of the same category is flagged as a likely duplicate. */
  duplicateRule: z.object({ distanceM: z.number().positive(), windowMs: z.number().int().positive() }).default({ distanceM: 200, windowMs: 24 * 3600_000 }),
  /** Where citizens reach the public case page (一案一码 QR codes point here); defaults to the server's own URL. */
  publicBaseUrl: z.string().url().optional(),
  /** Public case page requests per minute per address. */
  publicRateLimit: z.object({ max: z.number().int().positive(), windowMs: z.number().int().positive() }).default({ max: 30, windowMs: 60_000 }),
  /** The map: basemap (default: drawn from the centre's own boundaries) and the nearest-cameras search. */
  map: MapConfig.default(MapConfig.parse({})),
  /** The video wall's media service (ports, idle grace, timeouts, default tile transport, demo cameras). */
  video: VideoConfig.prefault({}),
  /** Recording, playback and evidence clips (issue 14): segment length, disk quota, clip limit. */
  recording: RecordingConfig.prefault({}),
  /** Disputes routed to a unit: the 签收 deadline (re-sent 1×, flagged 2×, 超时 3×, as orders) and the handling days when
   *  the routing table has no row for the case. */
  disputeFlow: z
    .object({ signMs: z.number().int().positive().default(2 * 3600_000), defaultDays: z.number().int().min(1).max(90).default(15) })
    .prefault({}),
  /** Which waiting items ring, notify and take the screen over (kind × level → sound, notification, takeover). */
  alarmPolicy: AlarmPolicy.default(DEFAULT_ALARM_POLICY),
  /** The duty desk: the shifts of a day (code, label, HH:mm start and end; an end not after the start is next day). */
  duty: z.object({ shifts: z.array(ShiftDef).min(1).max(6).default(DEFAULT_SHIFTS) }).prefault({}),
  /** 风险研判 of disputes: people thresholds (群体性, 重大), repeat visits, amount (yuan; null = not a rule). An extreme
   *  threat is always high risk. See app/domain/disputes.ts assessRisk. */
  disputeRisk: z
    .object({
      peopleHigh: z.number().int().positive(),
      peopleMedium: z.number().int().positive(),
      groupCase: z.number().int().positive(),
      repeatHigh: z.number().int().positive(),
      repeatMedium: z.number().int().positive(),
      amountMedium: z.number().positive().nullable(),
    })
    .default(DEFAULT_RISK_RULES),
  /** 考核: indicators (rates), weights, target (full points) and floor (none), period month or quarter. */
  assessment: AssessmentScheme.default(DEFAULT_ASSESSMENT),
  /** 一键通 and 视频会商 (Janus): on/off, the interfaces ICE may use (names or address prefixes; empty = Janus's default,
   *  every interface), the UDP port range of the media. No STUN/TURN: see docs/notes/issue-15-meet.md for coturn. */
  meet: z
    .object({
      enabled: z.boolean().default(true),
      iceInterfaces: z.array(z.string().regex(/^[A-Za-z0-9_.:-]{1,40}$/)).max(8).default([]),
      rtpPortRange: z.string().regex(/^\d{4,5}-\d{4,5}$/).default('20000-40000'),
    })
    .prefault({}),
});
export type ServerConfig = z.output<typeof ServerConfig>;
export type ServerConfigInput = z.input<typeof ServerConfig>;

export function loadConfigFile(dataDir: string): ServerConfigInput {
  const file = join(dataDir, 'config.json');
  if (!existsSync(file)) return {};
  const parsed = ServerConfig.partial().safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
