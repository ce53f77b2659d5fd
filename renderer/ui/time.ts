// Times are always shown in Asia/Shanghai, whatever the console's own clock zone is. Pure: no DOM, unit-tested in node.

const TZ = 'Asia/Shanghai';

const fmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface Parts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

function parts(ms: number): Parts {
  const out: Parts = { year: '', month: '', day: '', hour: '', minute: '', second: '' };
  for (const p of fmt.formatToParts(new Date(ms))) {
    if (p.type in out) out[p.type as keyof Parts] = p.value;
  }
  return out;
}

/** `YYYY-MM-DD HH:mm` */
export function formatDateTime(ms: number): string {
  const p = parts(ms);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** `HH:mm:ss` */
export function formatTime(ms: number): string {
  const p = parts(ms);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** `YYYY-MM-DD` */
export function formatDate(ms: number): string {
  const p = parts(ms);
  return `${p.year}-${p.month}-${p.day}`;
}

/** `HH:mm:ss` when `ms` is on the same Shanghai day as `now`, otherwise `YYYY-MM-DD HH:mm`. */
export function formatTimeSmart(ms: number, now: number): string {
  return formatDate(ms) === formatDate(now) ? formatTime(ms) : formatDateTime(ms);
}
