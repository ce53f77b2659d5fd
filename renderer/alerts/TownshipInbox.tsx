// Township / village: incoming alerts for this centre. Unsigned ones on the left with a big 签收 button, signed on the right.
import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RECIPIENT_STATE_LABELS, type Alert, type ApiError, type RecipientStatus } from '../../protocol/index.ts';
import { useErrorText, useLabel } from '../i18n/index.ts';
import { useStore } from '../store.ts';
import { LevelChip } from '../ui/LevelChip.tsx';
import { formatDate, formatDateTime, formatTime } from '../ui/time.ts';
import { ackAlert } from './actions.ts';
import { recipientOf, sortAlerts } from './model.ts';

interface Row {
  alert: Alert;
  mine: RecipientStatus;
}

export function useTownshipRows(centreId: number): { open: Row[]; signed: Row[] } {
  const alertsById = useStore((s) => s.alerts);
  return useMemo(() => {
    const open: Row[] = [];
    const signed: Row[] = [];
    for (const alert of sortAlerts(alertsById)) {
      const mine = recipientOf(alert, centreId);
      if (!mine) continue;
      (mine.state === 'acknowledged' ? signed : open).push({ alert, mine });
    }
    return { open, signed };
  }, [alertsById, centreId]);
}

export function TownshipInbox({ centreId }: { centreId: number }) {
  const { t } = useTranslation();
  const { open, signed } = useTownshipRows(centreId);
  const fresh = useStore((s) => s.fresh);
  const reminders = useStore((s) => s.reminders);
  return (
    <div className="tw-body">
      <section className="tw-inbox" aria-labelledby="inbox-heading">
        <div className="panel-head">
          <span id="inbox-heading">{t('township.inbox')}</span>
          <span className="stats">
            <span>{open.length}</span>
          </span>
        </div>
        {open.length === 0 ? (
          <div className="empty">{t('township.empty')}</div>
        ) : (
          <div className="inbox-list" data-testid="inbox">
            {open.map(({ alert, mine }) => (
              <InboxCard key={alert.id} alert={alert} mine={mine} fresh={alert.id in fresh} reminder={reminders[alert.id]} />
            ))}
          </div>
        )}
      </section>
      <section className="tw-history" aria-labelledby="history-heading">
        <div className="panel-head">
          <span id="history-heading">{t('township.history')}</span>
          <span className="stats">
            <span>{signed.length}</span>
          </span>
        </div>
        {signed.length === 0 ? (
          <div className="empty">{t('township.historyEmpty')}</div>
        ) : (
          signed.map(({ alert, mine }) => <HistoryItem key={alert.id} alert={alert} mine={mine} />)
        )}
      </section>
    </div>
  );
}

const InboxCard = memo(function InboxCard({
  alert,
  mine,
  fresh,
  reminder,
}: {
  alert: Alert;
  mine: RecipientStatus;
  fresh: boolean;
  reminder: number | undefined;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const errText = useErrorText();
  const markSeen = useStore((s) => s.markSeen);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const escalations = Math.max(reminder ?? 0, mine.escalations);
  const reminded = reminder !== undefined || mine.escalations > 0;

  async function ack(): Promise<void> {
    if (busy) return;
    setBusy(true);
    setError(null);
    const r = await ackAlert(alert.id);
    setBusy(false);
    if (!r.ok && r.error.code !== 'ALERT_ALREADY_ACKNOWLEDGED') setError(r.error);
  }

  return (
    <article
      className={`inbox-card level-${alert.level}`}
      data-testid="alert-item"
      data-alert-id={alert.id}
      data-fresh={fresh}
      data-overdue={mine.overdue}
      aria-label={alert.title}
      onClick={fresh ? () => markSeen(alert.id) : undefined}
    >
      <div style={{ minWidth: 0 }}>
        <div className="alert-top">
          <LevelChip level={alert.level} />
          {fresh && (
            <span className="badge badge-new" data-testid="new-badge">
              {t('township.fresh')}
            </span>
          )}
          {reminded && (
            <span className="badge badge-reminder" data-testid="reminder-badge">
              {escalations > 0 ? t('township.reminderCount', { n: escalations }) : t('township.reminder')}
            </span>
          )}
          <span className="alert-title">{alert.title}</span>
        </div>
        {alert.body && <p className="alert-body">{alert.body}</p>}
        <div className="inbox-meta">
          <span>
            <b>{t('feed.raisedAt')}</b>
            <span className="num">
              {formatDate(alert.raisedAt)} {formatTime(alert.raisedAt)}
            </span>
          </span>
          <span>
            <b>{t('feed.raisedBy')}</b>
            {alert.raisedBy.name}
          </span>
          {mine.dueAt !== null && (
            <span style={mine.overdue ? { color: 'var(--st-overdue)', fontWeight: 600 } : undefined}>
              <b>{t('township.due')}</b>
              <span className="num">{formatDateTime(mine.dueAt)}</span>
              {mine.overdue && ` · ${t('feed.overdueFlag')}`}
            </span>
          )}
          {/* This console holds the alert, so for the operator it is here and waiting for a signature
              (the server tells only the county when the delivery receipt lands). */}
          <span
            className="badge badge-state delivered"
            data-testid="recipient-status"
            data-centre-id={mine.centreId}
            data-state={mine.state}
            title={label(RECIPIENT_STATE_LABELS[mine.state])}
          >
            {t('township.awaiting')}
          </span>
        </div>
      </div>
      <div className="inbox-action">
        <button
          type="button"
          className="btn btn-ack"
          data-testid="ack-button"
          data-alert-id={alert.id}
          disabled={busy}
          onClick={(e) => {
            e.stopPropagation();
            void ack();
          }}
        >
          {busy ? t('township.acking') : t('township.ack')}
        </button>
        {error && (
          <span className="form-error" role="alert" style={{ margin: 0, maxWidth: 180 }} data-testid="ack-error">
            {errText(error)}
          </span>
        )}
      </div>
    </article>
  );
});

function HistoryItem({ alert, mine }: Row) {
  const { t } = useTranslation();
  return (
    <div className="history-item" data-testid="alert-item" data-alert-id={alert.id} data-acked="true">
      <div className="alert-top">
        <LevelChip level={alert.level} />
        <span className="alert-title" title={alert.title}>
          {alert.title}
        </span>
      </div>
      <div className="signed" data-testid="recipient-status" data-centre-id={mine.centreId} data-state={mine.state}>
        {t('township.ackedBy', {
          name: mine.acknowledgedBy?.name ?? '—',
          time: mine.acknowledgedAt !== null ? `${formatDate(mine.acknowledgedAt)} ${formatTime(mine.acknowledgedAt)}` : '—',
        })}
      </div>
    </div>
  );
}
