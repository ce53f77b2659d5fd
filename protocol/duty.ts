// The duty desk (值班): roster (排班), who is on duty now, shift handover (交接班), duty log (值班日志), the directory
// (通讯录), the one search box and the history of alerts and orders. The same names in the database, on the wire, in code.
import { z } from 'zod';
import { PersonRef } from './delivery.ts';
import { CentreLevel } from './roles.ts';
import { DayString } from './wartime.ts';
import { Alert } from './alerts.ts';
import { Order } from './wartime.ts';

/** A calendar day that exists (DayString checks only the shape: 2026-13-45 would pass it). */
const RealDay = DayString.refine((d) => {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
}, '日期不存在 / no such day');
const HHmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');
export const DutyPhone = z.string().trim().regex(/^[0-9+\- ]{0,20}$/, '电话号码格式不正确 / not a phone number');

/** A shift of the day (config.json → duty.shifts). A shift whose end is not after its start runs into the next day. */
export const ShiftDef = z.object({
  code: z.string().regex(/^[a-z][a-z0-9]{0,15}$/),
  label: z.tuple([z.string().min(1), z.string().min(1)]),
  start: HHmm,
  end: HHmm,
});
export type ShiftDef = z.infer<typeof ShiftDef>;

export const DEFAULT_SHIFTS: ShiftDef[] = [
  { code: 'day', label: ['白班', 'Day'], start: '08:00', end: '20:00' },
  { code: 'night', label: ['夜班', 'Night'], start: '20:00', end: '08:00' },
];

export const DUTY_POSITIONS = ['leader', 'officer'] as const;
export const DutyPosition = z.enum(DUTY_POSITIONS);
export type DutyPosition = z.infer<typeof DutyPosition>;
export const DUTY_POSITION_LABELS: Record<DutyPosition, [string, string]> = {
  leader: ['带班领导', 'Leader on duty'],
  officer: ['值班员', 'Duty officer'],
};

export const RosterEntry = z.object({
  shift: z.string().min(1).max(16),
  position: DutyPosition,
  name: z.string().trim().min(1).max(40),
  phone: DutyPhone.default(''),
  /** The account, when the person has one in this unit (the handover checks nothing against it; it is for linking). */
  userId: z.number().int().positive().nullable().default(null),
});
export type RosterEntry = z.output<typeof RosterEntry>;

/** One unit's roster for one day (every shift that starts on that day). */
export const RosterDay = z.object({
  centreId: z.number().int(),
  day: DayString,
  entries: z.array(RosterEntry),
  updatedAt: z.number().int().nullable(),
  updatedBy: PersonRef.nullable(),
});
export type RosterDay = z.infer<typeof RosterDay>;

/** Replace a unit's roster of a day (and, optionally, set its duty phone). */
export const SaveRoster = z.object({
  centreId: z.number().int().positive(),
  day: RealDay,
  entries: z.array(RosterEntry).max(60),
  dutyPhone: DutyPhone.optional(),
});
export type SaveRoster = z.input<typeof SaveRoster>;

export const RosterRequest = z.object({ centreId: z.number().int().positive(), day: RealDay });
export { RealDay };

/** Who is on duty in one shift. */
export const OnDuty = z.object({
  day: DayString,
  shift: z.string(),
  startsAt: z.number().int(),
  endsAt: z.number().int(),
  leaders: z.array(z.object({ name: z.string(), phone: z.string() })),
  officers: z.array(z.object({ name: z.string(), phone: z.string() })),
});
export type OnDuty = z.infer<typeof OnDuty>;

// ---- shift arithmetic (pure; the server's domain and the console both use it) ----

const DAY_MS = 24 * 3600_000;
const SHANGHAI_MS = 8 * 3600_000;
const dayStartMs = (day: string) => Date.parse(`${day}T00:00:00Z`) - SHANGHAI_MS;
const dayOf = (t: number) => new Date(t + SHANGHAI_MS).toISOString().slice(0, 10);
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The Asia/Shanghai day `n` days after `day`. */
export const addDays = (day: string, n: number): string => dayOf(dayStartMs(day) + n * DAY_MS + 12 * 3600_000);

/** When a shift that starts on `day` begins and ends (an end not after the start is on the next day). */
export function shiftWindow(day: string, s: ShiftDef): { startsAt: number; endsAt: number } {
  const start = minutesOf(s.start) * 60_000;
  const end = minutesOf(s.end) * 60_000;
  return { startsAt: dayStartMs(day) + start, endsAt: dayStartMs(day) + end + (end <= start ? DAY_MS : 0) };
}

/** The shift running at `now` and the day it started on (a night shift after midnight belongs to yesterday). */
export function currentShift(shifts: readonly ShiftDef[], now: number): { day: string; shift: ShiftDef; startsAt: number; endsAt: number } | null {
  const today = dayOf(now);
  for (const day of [today, addDays(today, -1)])
    for (const shift of shifts) {
      const w = shiftWindow(day, shift);
      if (w.startsAt <= now && now < w.endsAt) return { day, shift, ...w };
    }
  return null;
}

/** Who is on duty at `now` by a unit's rosters by day (the running shift picks its day); null when nobody is rostered. */
export function onDutyAt(shifts: readonly ShiftDef[], rosters: ReadonlyMap<string, readonly RosterEntry[]>, now: number): OnDuty | null {
  const cur = currentShift(shifts, now);
  if (!cur) return null;
  const entries = (rosters.get(cur.day) ?? []).filter((e) => e.shift === cur.shift.code);
  if (entries.length === 0) return null;
  const person = (e: RosterEntry) => ({ name: e.name, phone: e.phone });
  return {
    day: cur.day, shift: cur.shift.code, startsAt: cur.startsAt, endsAt: cur.endsAt,
    leaders: entries.filter((e) => e.position === 'leader').map(person),
    officers: entries.filter((e) => e.position === 'officer').map(person),
  };
}

// ---- handover (交接班) ----

/** Why an item is in the handover note. */
export const HANDOVER_REASONS = ['unsigned', 'overdue', 'highRisk', 'wall', 'wartime'] as const;
export const HandoverReason = z.enum(HANDOVER_REASONS);
export type HandoverReason = z.infer<typeof HandoverReason>;
export const HANDOVER_REASON_LABELS: Record<HandoverReason, [string, string]> = {
  unsigned: ['未签收', 'Unsigned'],
  overdue: ['逾期案件', 'Overdue cases'],
  highRisk: ['高风险事项', 'High risk'],
  wall: ['视频墙', 'Video wall'],
  wartime: ['战时状态', 'Wartime'],
};

/** One open item, as the server found it in the stored state. `kind` names its source (alert, order, incident, risk, …). */
export const HandoverItem = z.object({
  kind: z.string(),
  id: z.number().int().nullable(),
  reason: HandoverReason,
  title: z.string(),
  detail: z.string(),
});
export type HandoverItem = z.infer<typeof HandoverItem>;

export const HandoverNote = z.object({ computedAt: z.number().int(), items: z.array(HandoverItem) });
export type HandoverNote = z.infer<typeof HandoverNote>;

export const Handover = z.object({
  id: z.number().int(),
  centreId: z.number().int(),
  day: DayString,
  shift: z.string(),
  from: PersonRef,
  handedAt: z.number().int(),
  note: HandoverNote,
  remarks: z.string(),
  to: PersonRef.nullable(),
  acceptedAt: z.number().int().nullable(),
  acceptRemarks: z.string(),
});
export type Handover = z.infer<typeof Handover>;

export const HandOver = z.object({ remarks: z.string().trim().max(4000).default('') });
export const AcceptHandover = z.object({ handoverId: z.number().int().positive(), remarks: z.string().trim().max(2000).default('') });

// ---- duty log (值班日志) ----

export const DUTY_LOG_KINDS = ['call', 'visit', 'action', 'other'] as const;
export const DutyLogKind = z.enum(DUTY_LOG_KINDS);
export type DutyLogKind = z.infer<typeof DutyLogKind>;
export const DUTY_LOG_KIND_LABELS: Record<DutyLogKind, [string, string]> = {
  call: ['来电', 'Call'],
  visit: ['来访', 'Visit'],
  action: ['处置', 'Action'],
  other: ['其他', 'Other'],
};

export const DutyLogEntry = z.object({
  id: z.number().int(),
  centreId: z.number().int(),
  at: z.number().int(),
  kind: DutyLogKind,
  text: z.string(),
  by: PersonRef,
  recordedAt: z.number().int(),
});
export type DutyLogEntry = z.infer<typeof DutyLogEntry>;

/** `at` defaults to now; it may be up to 24 h back (an entry written after the call), never in the future. */
export const AddDutyLog = z.object({ kind: DutyLogKind, text: z.string().trim().min(1).max(2000), at: z.number().int().positive().optional() });

/** A unit's duty desk as its consoles start from it (the stream snapshot's `duty`). */
export const DutyState = z.object({
  shifts: z.array(ShiftDef),
  dutyPhone: z.string().nullable(),
  /** Yesterday's, today's and tomorrow's rosters (a night shift started yesterday may still run). */
  rosters: z.array(RosterDay),
  /** The last two days' handovers, newest first (a waiting one among them). */
  handovers: z.array(Handover),
  /** The last two days' log entries, newest first. */
  log: z.array(DutyLogEntry),
  /** Whether this console's user may edit the unit's roster. */
  mayEditRoster: z.boolean(),
});
export type DutyState = z.infer<typeof DutyState>;

export const DutyRosterEvent = z.object({ kind: z.literal('duty.roster'), roster: RosterDay, dutyPhone: z.string().nullable() });
export const DutyHandoverEvent = z.object({ kind: z.literal('duty.handover'), handover: Handover });
export const DutyLogEvent = z.object({ kind: z.literal('duty.log'), entry: DutyLogEntry });
export const DUTY_EVENTS = [DutyRosterEvent, DutyHandoverEvent, DutyLogEvent] as const;

// ---- 通讯录 ----

export const DirectoryUnit = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  level: CentreLevel,
  name: z.string(),
  dutyPhone: z.string().nullable(),
  /** The shift running now at this unit, or null when its roster has nobody for it. */
  onDuty: OnDuty.nullable(),
});
export type DirectoryUnit = z.infer<typeof DirectoryUnit>;

// ---- search ----

export const SearchQuery = z.object({ q: z.string().trim().min(1).max(40), limit: z.coerce.number().int().min(1).max(50).default(10) });

/** One found item; `kind` names the source that found it (incident, alert, order, person, and later dispute). */
export const SearchHit = z.object({
  kind: z.string(),
  id: z.number().int(),
  title: z.string(),
  detail: z.string(),
  at: z.number().int().nullable(),
});
export type SearchHit = z.infer<typeof SearchHit>;
export const SearchGroup = z.object({ kind: z.string(), label: z.tuple([z.string(), z.string()]), hits: z.array(SearchHit) });
export type SearchGroup = z.infer<typeof SearchGroup>;

// ---- history of alerts and orders ----

export const HistoryQuery = z.object({
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().positive().optional(),
  /** Alert level (red …) or order priority (urgent …). */
  level: z.string().max(16).optional(),
  /** A recipient unit (the county's filter); other units see only their own deliveries anyway. */
  centreId: z.coerce.number().int().positive().optional(),
  /** A delivery state (pending, delivered, signed, answered) of the unit's own row, or of any row for the county. */
  state: z.enum(['pending', 'delivered', 'signed', 'answered']).optional(),
  q: z.string().trim().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(30),
  offset: z.coerce.number().int().min(0).default(0),
});
export type HistoryQuery = z.input<typeof HistoryQuery>;

export const AlertHistory = z.object({ items: z.array(Alert), total: z.number().int() });
export type AlertHistory = z.infer<typeof AlertHistory>;
export const OrderHistory = z.object({ items: z.array(Order), total: z.number().int() });
export type OrderHistory = z.infer<typeof OrderHistory>;
