// The console's one date / date-time control: year, month, day (and hour, minute on a 24-hour clock) as selects, in
// Chinese order whatever the browser's locale — a native <input type="date"> follows the browser and shows mm/dd/yyyy
// and AM/PM in an English Chromium. Values are the strings a native input gives (see dateTime.ts).
import { useTranslation } from 'react-i18next';
import { daysInMonth, joinValue, nextFullHour, splitValue, type DateParts } from './dateTime.ts';

interface Props {
  /** Given to the first select, so a <label htmlFor> points at it. */
  id?: string;
  value: string;
  onChange: (value: string) => void;
  /** With hour and minute (default), or the date only. */
  time?: boolean;
  /** May be left unset: shows a button to set it, and a clear button once set. */
  optional?: boolean;
  testId: string;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const two = (n: number) => String(n).padStart(2, '0');

export function DateTimeField({ id, value, onChange, time = true, optional = false, testId }: Props) {
  const { t } = useTranslation();
  const p = splitValue(value);
  if (!p) {
    return (
      <span className="dt-field" data-testid={testId} data-value="">
        <button id={id} type="button" className="btn btn-sm" data-testid={`${testId}-set`} onClick={() => onChange(nextFullHour(Date.now()).slice(0, time ? 16 : 10))}>
          {t('dateTime.set')}
        </button>
      </span>
    );
  }
  const set = (key: keyof DateParts) => (e: { target: { value: string } }) => onChange(joinValue({ ...p, [key]: Number(e.target.value) }, time));
  const thisYear = new Date().getFullYear();
  const part = (key: keyof DateParts, options: number[], unit: string, first = false) => (
    <label className="dt-part">
      <select id={first ? id : undefined} className="select" data-testid={`${testId}-${key}`} aria-label={unit} value={p[key]} onChange={set(key)}>
        {options.map((n) => (
          <option key={n} value={n}>
            {key === 'year' || key === 'month' || key === 'day' ? n : two(n)}
          </option>
        ))}
      </select>
      <span className="dt-unit">{unit}</span>
    </label>
  );
  return (
    <span className="dt-field" data-testid={testId} data-value={value}>
      {part('year', range(Math.min(p.year, thisYear - 1), Math.max(p.year, thisYear + 2)), t('dateTime.year'), true)}
      {part('month', range(1, 12), t('dateTime.month'))}
      {part('day', range(1, daysInMonth(p.year, p.month)), t('dateTime.day'))}
      {time && (
        <>
          <span className="dt-gap" />
          {part('hour', range(0, 23), t('dateTime.hour'))}
          {part('minute', range(0, 59), t('dateTime.minute'))}
        </>
      )}
      {optional && (
        <button type="button" className="btn btn-sm btn-ghost" data-testid={`${testId}-clear`} aria-label={t('dateTime.clear')} title={t('dateTime.clear')} onClick={() => onChange('')}>
          {t('dateTime.clear')}
        </button>
      )}
    </span>
  );
}
