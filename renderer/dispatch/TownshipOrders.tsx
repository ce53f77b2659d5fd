// Township / village: orders from the county with a big 签收 button and 反馈, the daily report (一日一报表) and the
// risk list of the own area.
import { memo, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ORDER_PRIORITY_LABELS, type ApiError, type Order, type OrderRecipient } from '../../protocol/index.ts';
import type { Session } from '../session/sessionSlice.ts';
import { useErrorText, useLabel } from '../i18n/index.ts';
import { useStore } from '../store.ts';
import { formatDateTime, formatTime } from '../ui/time.ts';
import { answerOrder, signOrder, submitDaily } from '../wartime/actions.ts';
import { DeadlineNote } from '../delivery/DeadlineNote.tsx';
import { isSignedState } from '../delivery/merge.ts';
import { reportDueAt, sortOrders } from '../wartime/model.ts';
import { RiskList } from '../wartime/RiskList.tsx';
import '../wartime/wartime.css';

interface Row {
  order: Order;
  mine: OrderRecipient;
}

export function useOrderRows(centreId: number): { open: Row[]; done: Row[] } {
  const orders = useStore((s) => s.wartime.orders);
  return useMemo(() => {
    const open: Row[] = [];
    const done: Row[] = [];
    for (const order of sortOrders(orders)) {
      const mine = order.recipients.find((r) => r.centreId === centreId);
      if (!mine) continue;
      (isSignedState(mine.state) ? done : open).push({ order, mine });
    }
    return { open, done };
  }, [orders, centreId]);
}

export function TownshipOrders({ session }: { session: Session }) {
  const { t } = useTranslation();
  const { user } = session;
  const { open, done } = useOrderRows(user.centreId);
  const fresh = useStore((s) => s.wartime.fresh);
  const reminders = useStore((s) => s.wartime.reminders);
  const townshipId = user.centreLevel === 'township' ? user.centreId : undefined;
  return (
    <div className="tw-body wt-tw" data-testid="township-orders">
      <section className="tw-inbox">
        <div className="panel-head">
          <span>{t('wartime.township.inbox')}</span>
          <span className="stats">
            <span data-testid="orders-open-count">{open.length}</span>
          </span>
        </div>
        {open.length === 0 ? (
          <div className="empty">{t('wartime.township.empty')}</div>
        ) : (
          <div className="inbox-list">
            {open.map(({ order, mine }) => (
              <OrderCard key={order.id} order={order} mine={mine} fresh={order.id in fresh} reminded={order.id in reminders} />
            ))}
          </div>
        )}
        <div className="panel-head">
          <span>{t('wartime.township.history')}</span>
          <span className="stats">{done.length}</span>
        </div>
        {done.length === 0 ? (
          <div className="empty">{t('wartime.township.historyEmpty')}</div>
        ) : (
          <div className="inbox-list">
            {done.map(({ order, mine }) => (
              <OrderCard key={order.id} order={order} mine={mine} fresh={false} reminded={false} />
            ))}
          </div>
        )}
      </section>
      <section className="tw-history">
        <div className="panel-head">
          <span>{t('wartime.township.dailyTitle')}</span>
        </div>
        {user.centreLevel === 'township' && user.role === 'townshipOperator' ? <DailyForm centreId={user.centreId} /> : <div className="empty">{t('wartime.township.onlyTownship')}</div>}
        <div className="panel-head">
          <span>{t('wartime.risks.title')}</span>
        </div>
        {townshipId !== undefined && <RiskList townshipId={townshipId} />}
      </section>
    </div>
  );
}

const OrderCard = memo(function OrderCard({ order, mine, fresh, reminded }: Row & { fresh: boolean; reminded: boolean }) {
  const { t } = useTranslation();
  const label = useLabel();
  const errText = useErrorText();
  const markSeen = useStore((s) => s.markOrderSeen);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const signed = isSignedState(mine.state);
  const late = mine.rung >= 3;

  async function sign() {
    setBusy(true);
    setError(null);
    const r = await signOrder(order.id);
    setBusy(false);
    if (!r.ok && r.error.code !== 'ALREADY_SIGNED') setError(errText(r.error as ApiError));
  }
  async function answer(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    const r = await answerOrder(order.id, text.trim());
    setBusy(false);
    if (r.ok) setText('');
    else setError(errText(r.error as ApiError));
  }

  return (
    <article
      className={`inbox-card wt-order-card prio-${order.priority}`}
      data-testid="order-card"
      data-order-id={order.id}
      data-state={mine.state}
      data-fresh={fresh}
      data-overdue={!signed && mine.rung > 0}
      onClick={fresh || reminded ? () => markSeen(order.id) : undefined}
    >
      <div style={{ minWidth: 0 }}>
        <div className="alert-top">
          <span className={`wt-chip prio-${order.priority}`}>{label(ORDER_PRIORITY_LABELS[order.priority])}</span>
          {fresh && <span className="badge badge-new">{t('wartime.township.fresh')}</span>}
          {!signed && (reminded || mine.rung > 0) && <span className="badge badge-reminder">{late ? t('wartime.township.timedOut') : t('wartime.township.reminder')}</span>}
          <span className="alert-id">{order.code}</span>
          <span className="alert-title">{order.title}</span>
        </div>
        {order.body && <p className="alert-body">{order.body}</p>}
        <div className="inbox-meta">
          <span>{t('wartime.orders.issuedBy', { name: order.issuedBy.name, time: formatDateTime(order.issuedAt) })}</span>
          {!signed && <DeadlineNote d={mine} />}
          {order.completeBy !== null && <span>{t('wartime.orders.completeBy', { time: formatDateTime(order.completeBy) })}</span>}
          {signed && mine.signedAt !== null && (
            <span className="ok-text" data-testid="order-signed">
              {t('wartime.township.signedBy', { name: mine.signedBy?.name ?? '—', time: formatTime(mine.signedAt) })}
            </span>
          )}
        </div>
        {mine.state === 'answered' && mine.answeredAt !== null && (
          <div className="wt-answered">{t('wartime.township.reportedBy', { name: mine.answeredBy?.name ?? '—', time: formatTime(mine.answeredAt), text: mine.answer ?? '' })}</div>
        )}
        {mine.state === 'signed' && (
          <form className="wt-inline" style={{ marginTop: 8 }} onSubmit={(e) => void answer(e)}>
            <input className="input" data-testid="order-report-text" placeholder={t('wartime.township.reportPlaceholder')} value={text} onChange={(e) => setText(e.target.value)} />
            <button type="submit" className="btn btn-primary btn-sm" data-testid="order-report" disabled={busy || !text.trim()}>
              {t('wartime.township.submitReport')}
            </button>
          </form>
        )}
        {error && (
          <div className="form-error" role="alert" style={{ marginTop: 6 }}>
            {error}
          </div>
        )}
      </div>
      {!signed && (
        <div className="inbox-action">
          <button
            type="button"
            className="btn btn-ack"
            data-testid="order-sign"
            data-order-id={order.id}
            disabled={busy}
            onClick={(e) => {
              e.stopPropagation();
              void sign();
            }}
          >
            {busy ? t('wartime.township.signing') : t('wartime.township.sign')}
          </button>
        </div>
      )}
    </article>
  );
});

function DailyForm({ centreId }: { centreId: number }) {
  const { t } = useTranslation();
  const errText = useErrorText();
  const w = useStore((s) => s.wartime);
  const mine = w.reports[centreId] ?? null;
  const today = w.today ?? '';
  const due = today ? reportDueAt(today, w.state?.dailyReportDue ?? '17:00') : null;
  const chased = w.chase !== null && w.chase.date === today && w.chase.centreIds.includes(centreId) && !mine;
  const [summary, setSummary] = useState('');
  const [risksChecked, setRisksChecked] = useState('0');
  const [disputes, setDisputes] = useState('0');
  const [needs, setNeeds] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!mine) return;
    setSummary(mine.summary);
    setRisksChecked(String(mine.risksChecked));
    setDisputes(String(mine.disputesResolved));
    setNeeds(mine.needsCounty);
  }, [mine]);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!summary.trim() || !today) return;
    setBusy(true);
    const r = await submitDaily({ date: today, summary: summary.trim(), risksChecked: Number(risksChecked) || 0, disputesResolved: Number(disputes) || 0, needsCounty: needs.trim() });
    setBusy(false);
    setError(r.ok ? null : errText(r.error as ApiError));
  }
  return (
    <form className="panel-body" onSubmit={(e) => void submit(e)} data-testid="daily-form" data-submitted={Boolean(mine)}>
      {chased && due !== null && (
        <div className="form-error" role="alert" data-testid="daily-chased">
          {t('wartime.township.chased', { time: formatTime(due).slice(0, 5) })}
        </div>
      )}
      {mine ? (
        <div className="form-ok" data-testid="daily-submitted">
          {t('wartime.township.submitted', { time: formatTime(mine.submittedAt) })}
        </div>
      ) : (
        due !== null && <div className="muted wt-hint">{t('wartime.township.dueBy', { time: formatTime(due).slice(0, 5) })}</div>
      )}
      {error && <div className="form-error">{error}</div>}
      <div className="field">
        <label htmlFor="daily-summary">{t('wartime.township.summary')}</label>
        <textarea id="daily-summary" className="textarea" rows={3} data-testid="daily-summary" placeholder={t('wartime.township.summaryPlaceholder')} value={summary} onChange={(e) => setSummary(e.target.value)} />
      </div>
      <div className="wt-grid2">
        <div className="field">
          <label htmlFor="daily-risks">{t('wartime.township.risksChecked')}</label>
          <input id="daily-risks" className="input num" type="number" min={0} data-testid="daily-risks" value={risksChecked} onChange={(e) => setRisksChecked(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="daily-disputes">{t('wartime.township.disputesResolved')}</label>
          <input id="daily-disputes" className="input num" type="number" min={0} data-testid="daily-disputes" value={disputes} onChange={(e) => setDisputes(e.target.value)} />
        </div>
      </div>
      <div className="field">
        <label htmlFor="daily-needs">{t('wartime.township.needsCounty')}</label>
        <input id="daily-needs" className="input" data-testid="daily-needs" value={needs} onChange={(e) => setNeeds(e.target.value)} />
      </div>
      <button type="submit" className="btn btn-primary wt-wide" data-testid="daily-submit" disabled={busy || !summary.trim()}>
        {mine ? t('wartime.township.resubmit') : t('wartime.township.submitDaily')}
      </button>
    </form>
  );
}
