// County: the live alert feed, newest first, with every recipient's delivery, 签收 and 反馈.
import { memo, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { DELIVERY_STATE_LABELS, type Alert, type RecipientStatus } from '../../protocol/index.ts';
import { useLabel } from '../i18n/index.ts';
import { useStore } from '../store.ts';
import { LevelChip } from '../ui/LevelChip.tsx';
import { formatDate, formatDateTime, formatTime } from '../ui/time.ts';
import { sortAlerts, summarize } from './model.ts';
import { isSignedState } from '../delivery/merge.ts';
import { deadlineParts } from '../delivery/deadline.ts';

const FRESH_MS = 8_000;

export function AlertFeed() {
  const { t } = useTranslation();
  const alertsById = useStore((s) => s.alerts);
  const fresh = useStore((s) => s.fresh);
  const markSeen = useStore((s) => s.markSeen);
  const alerts = useMemo(() => sortAlerts(alertsById), [alertsById]);
  const open = useMemo(() => alerts.filter((a) => a.recipients.some((r) => !isSignedState(r.state))).length, [alerts]);

  // On the county console a new item is highlighted for a few seconds, then settles.
  useEffect(() => {
    const ids = Object.keys(fresh).map(Number);
    if (ids.length === 0) return;
    const timer = setTimeout(() => ids.forEach(markSeen), FRESH_MS);
    return () => clearTimeout(timer);
  }, [fresh, markSeen]);

  return (
    <section aria-labelledby="feed-heading">
      <div className="panel-head">
        <span id="feed-heading">{t('feed.title')}</span>
        <span className="stats">
          <span data-testid="feed-count">{t('feed.count', { n: alerts.length })}</span>
          {open > 0 && <span>{t('feed.open', { n: open })}</span>}
        </span>
      </div>
      {alerts.length === 0 ? (
        <div className="empty">{t('feed.empty')}</div>
      ) : (
        <div className="feed" data-testid="alert-feed">
          {alerts.map((a) => (
            <AlertCard key={a.id} alert={a} fresh={a.id in fresh} />
          ))}
        </div>
      )}
    </section>
  );
}

const AlertCard = memo(function AlertCard({ alert, fresh }: { alert: Alert; fresh: boolean }) {
  const { t } = useTranslation();
  const s = summarize(alert);
  const recipients = useMemo(
    () => alert.recipients.slice().sort((a, b) => a.centreId - b.centreId),
    [alert.recipients],
  );
  const pct = (n: number): string => (s.total ? `${(100 * n) / s.total}%` : '0');
  return (
    <article
      className={`alert-card level-${alert.level}`}
      data-testid="alert-item"
      data-alert-id={alert.id}
      data-fresh={fresh}
      aria-label={alert.title}
    >
      <div className="alert-top">
        <LevelChip level={alert.level} />
        <span className="alert-title" title={alert.title}>
          {alert.title}
        </span>
        <span className="alert-id">#{alert.id}</span>
        <span className="alert-meta">
          <span>
            {t('feed.raisedBy')} {alert.raisedBy.name}
          </span>
          <span className="num" title={formatDateTime(alert.raisedAt)}>
            {formatDate(alert.raisedAt)} {formatTime(alert.raisedAt)}
          </span>
        </span>
      </div>
      {alert.body && <p className="alert-body">{alert.body}</p>}
      <div className="alert-summary" data-testid="alert-summary">
        <span className="sum-ack" data-testid="ack-summary">
          {t('feed.acked', { a: s.signed, t: s.total })}
        </span>
        {alert.wantsAnswer && (
          <span className="sum-item answered" data-testid="answer-summary">
            {t('delivery.answers', { a: s.answered, t: s.total })}
          </span>
        )}
        <span className="progress" aria-hidden>
          <i className="p-ack" style={{ width: pct(s.signed) }} />
          <i className="p-del" style={{ width: pct(s.delivered) }} />
        </span>
        {s.delivered > 0 && <span className="sum-item delivered">{t('feed.delivered', { n: s.delivered })}</span>}
        {s.pending > 0 && <span className="sum-item pending">{t('feed.pending', { n: s.pending })}</span>}
        {s.overdue > 0 && <span className="sum-item overdue">{t('feed.overdue', { n: s.overdue })}</span>}
      </div>
      <div className="recipients">
        {recipients.map((r) => (
          <RecipientCell key={r.centreId} r={r} />
        ))}
      </div>
    </article>
  );
});

function RecipientCell({ r }: { r: RecipientStatus }) {
  const { t } = useTranslation();
  const label = useLabel();
  const overdue = r.overdue && !isSignedState(r.state);
  let detail = '';
  let full = '';
  if (r.state === 'delivered' && r.deliveredAt !== null) {
    detail = formatTime(r.deliveredAt);
    full = formatDateTime(r.deliveredAt);
  } else if (isSignedState(r.state)) {
    detail = [r.signedBy?.name, r.signedAt !== null ? formatTime(r.signedAt) : null].filter(Boolean).join(' ');
    full = r.signedAt !== null ? formatDateTime(r.signedAt) : '';
  }
  const stateText = `${label(DELIVERY_STATE_LABELS[r.state])}${detail ? ` ${detail}` : ''}`;
  // the original deadline stays beside the reminders
  const late = deadlineParts(r, Date.now());
  const lateText = overdue
    ? `${t('delivery.due', { time: formatDateTime(r.dueAt) })}${late.lateMin !== null ? t('delivery.late', { m: late.lateMin }) : ''} · ${t('feed.escalations', { n: r.rung })}`
    : '';
  const answerText = r.answeredAt !== null ? t('delivery.answeredBy', { name: r.answeredBy?.name ?? '—', time: formatTime(r.answeredAt), text: r.answer ?? '' }) : '';
  const tip = [r.centreName, stateText, full, lateText, answerText].filter(Boolean).join('\n');
  return (
    <div
      className="rcp"
      data-testid="recipient-status"
      data-centre-id={r.centreId}
      data-state={r.state}
      data-overdue={overdue}
      title={tip}
    >
      <span className="name">
        <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{r.centreName}</span>
        {overdue && (
          <span className="flag-overdue" data-testid="overdue-flag">
            {t('feed.overdueFlag')}
            {r.rung > 0 ? ` ×${r.rung}` : ''}
          </span>
        )}
      </span>
      <span className="state num">{stateText}</span>
      {r.answer !== null && (
        <span className="rcp-answer" data-testid="recipient-answer">
          {r.answer}
        </span>
      )}
    </div>
  );
}
