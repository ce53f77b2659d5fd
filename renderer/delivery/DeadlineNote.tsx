// 「签收时限 11:32（已逾期13分）· 第3次提醒 11:42」: the original deadline stays in view beside every reminder.
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatTime } from '../ui/time.ts';
import { useNow } from '../ui/useNow.ts';
import { deadlineParts, type DeadlineInput } from './deadline.ts';

export function DeadlineNote({ d }: { d: DeadlineInput }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const p = deadlineParts(d, now);
  // HH:mm today, otherwise with the date
  const hm = (ms: number) => (formatDate(ms) === formatDate(now) ? formatTime(ms).slice(0, 5) : formatDateTime(ms));
  return (
    <span className="deadline-note" data-testid="deadline-note" data-due-at={p.dueAt} data-late={p.lateMin !== null} style={p.lateMin !== null ? { color: 'var(--st-overdue)', fontWeight: 600 } : undefined}>
      <span className="num">{t('delivery.due', { time: hm(p.dueAt) })}</span>
      {p.lateMin !== null && t('delivery.late', { m: p.lateMin })}
      {p.leftMin !== null && t('delivery.left', { m: p.leftMin })}
      {p.reminder && (
        <span data-testid="deadline-reminder">
          {' · '}
          {p.reminder.at !== null ? t('delivery.reminderAt', { n: p.reminder.n, time: hm(p.reminder.at) }) : t('delivery.reminder', { n: p.reminder.n })}
        </span>
      )}
    </span>
  );
}
