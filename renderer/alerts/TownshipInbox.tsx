// Township / village: incoming alerts for this centre. Unsigned ones (and signed ones still owing a 反馈) on the left
// with a big 签收 button or the 反馈 box, done ones on the right.
import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DELIVERY_STATE_LABELS, type Alert, type ApiError, type RecipientStatus } from '../../protocol/index.ts';
import { useErrorText, useLabel } from '../i18n/index.ts';
import { useStore } from '../store.ts';
import { LevelChip } from '../ui/LevelChip.tsx';
import { formatDate, formatTime } from '../ui/time.ts';
import { answerAlert, signAlert } from './actions.ts';
import { DeadlineNote } from '../delivery/DeadlineNote.tsx';
import { isSignedState } from '../delivery/merge.ts';
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
      const waiting = !isSignedState(mine.state) || (mine.wantsAnswer && mine.state !== 'answered');
      (waiting ? open : signed).push({ alert, mine });
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
  const [text, setText] = useState('');
  const rung = Math.max(reminder ?? 0, mine.rung);
  const signedAlready = isSignedState(mine.state);
  const reminded = !signedAlready && (reminder !== undefined || mine.rung > 0);

  async function sign(): Promise<void> {
    if (busy) return;
    setBusy(true);
    setError(null);
    const r = await signAlert(alert.id);
    setBusy(false);
    if (!r.ok && r.error.code !== 'ALREADY_SIGNED') setError(r.error);
  }

  async function answer(): Promise<void> {
    if (busy || !text.trim()) return;
    setBusy(true);
    setError(null);
    const r = await answerAlert(alert.id, text.trim());
    setBusy(false);
    if (!r.ok) setError(r.error);
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
              {rung > 0 ? t('township.reminderCount', { n: rung }) : t('township.reminder')}
            </span>
          )}
          {mine.wantsAnswer && (
            <span className="badge badge-answer" data-testid="wants-answer">
              {t('delivery.wantsAnswer')}
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
          {!signedAlready && <DeadlineNote d={mine} />}
          {/* This console holds the alert, so for the operator it is here and waiting for a signature
              (the server tells only the county when the delivery receipt lands). */}
          <span
            className="badge badge-state delivered"
            data-testid="recipient-status"
            data-centre-id={mine.centreId}
            data-state={mine.state}
            title={label(DELIVERY_STATE_LABELS[mine.state])}
          >
            {signedAlready ? t('delivery.awaitingAnswer') : t('township.awaiting')}
          </span>
        </div>
      </div>
      <div className="inbox-action">
        {signedAlready ? (
          <form
            className="answer-form"
            onSubmit={(e) => {
              e.preventDefault();
              void answer();
            }}
          >
            <textarea
              data-testid="answer-text"
              aria-label={t('delivery.answer')}
              placeholder={t('delivery.answerPlaceholder')}
              maxLength={2000}
              rows={2}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
            <button type="submit" className="btn btn-primary" data-testid="answer-button" disabled={busy || !text.trim()}>
              {busy ? t('delivery.answering') : t('delivery.submitAnswer')}
            </button>
          </form>
        ) : (
          <button
            type="button"
            className="btn btn-ack"
            data-testid="ack-button"
            data-alert-id={alert.id}
            disabled={busy}
            onClick={(e) => {
              e.stopPropagation();
              void sign();
            }}
          >
            {busy ? t('township.acking') : t('township.ack')}
          </button>
        )}
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
          name: mine.signedBy?.name ?? '—',
          time: mine.signedAt !== null ? `${formatDate(mine.signedAt)} ${formatTime(mine.signedAt)}` : '—',
        })}
      </div>
      {mine.answeredAt !== null && (
        <div className="signed" data-testid="answer-record">
          {t('delivery.answeredBy', { name: mine.answeredBy?.name ?? '—', time: formatTime(mine.answeredAt), text: mine.answer ?? '' })}
        </div>
      )}
    </div>
  );
}
