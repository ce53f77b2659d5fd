// The values of the console's one date / date-time control (DateTimeField): the same strings a native input would give
// ("YYYY-MM-DD", "YYYY-MM-DDTHH:mm", Asia/Shanghai wall time), split into parts and put back. Pure, unit-tested.
import { formatDateTime } from './time.ts';

export interface DateParts {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
}

const RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

export function splitValue(value: string): DateParts | null {
  const m = RE.exec(value);
  if (!m) return null;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4] ?? 0), minute: Number(m[5] ?? 0) };
}

const two = (n: number) => String(n).padStart(2, '0');

/** Back to the string; the day is clamped to the month (31 March → February gives the 28th or 29th). */
export function joinValue(p: DateParts, withTime: boolean): string {
  const day = Math.min(p.day, daysInMonth(p.year, p.month));
  const date = `${p.year}-${two(p.month)}-${two(day)}`;
  return withTime ? `${date}T${two(p.hour)}:${two(p.minute)}` : date;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A sensible first value when a time is set: the next full hour, Shanghai time. */
export function nextFullHour(now: number): string {
  return formatDateTime(Math.ceil((now + 1) / 3600_000) * 3600_000).replace(' ', 'T');
}
