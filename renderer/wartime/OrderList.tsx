// 指令交办: the orders, newest first, each with its recipients' delivery / 签收 / 反馈 and the ladder.
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { isAckOverdue, isSignedLate, ORDER_RUNG_LABELS, ORDER_PRIORITY_LABELS, DELIVERY_STATE_LABELS, type Order } from '../../protocol/index.ts';
import { useLabel } from '../i18n/index.ts';
import { useStore } from '../store.ts';
import { formatDateTime, formatTime } from '../ui/time.ts';
import { useNow } from '../ui/useNow.ts';
import { useDuration } from './hooks.ts';
import { isSignedState } from '../delivery/merge.ts';
import { orderProgress, sortOrders } from './model.ts';

export function OrderList() {
  const { t } = useTranslation();
  const orders = useStore((s) => s.wartime.orders);
  const list = useMemo(() => sortOrders(orders), [orders]);
  if (list.length === 0) return <div className="empty">{t('wartime.orders.empty')}</div>;
  return (
    <div className="wt-orders" data-testid="order-list">
      {list.map((o) => (
        <OrderCard key={o.id} order={o} />
      ))}
    </div>
  );
}

const OrderCard = memo(function OrderCard({ order }: { order: Order }) {
  const { t } = useTranslation();
  const label = useLabel();
  const dur = useDuration();
  const now = useNow(10_000);
  const p = orderProgress(order, now);
  const townships = order.recipients.filter((r) => r.parentId === null);
  const villages = order.recipients.length - townships.length;
  return (
    <article className={`wt-order prio-${order.priority}`} data-testid="order-item" data-order-id={order.id}>
      <div className="alert-top">
        <span className={`wt-chip prio-${order.priority}`}>{label(ORDER_PRIORITY_LABELS[order.priority])}</span>
        <span className="alert-id">{order.code}</span>
        <span className="alert-title">{order.title}</span>
        <span className="alert-meta">{t('wartime.orders.issuedBy', { name: order.issuedBy.name, time: formatDateTime(order.issuedAt) })}</span>
      </div>
      {order.body && <p className="alert-body">{order.body}</p>}
      <div className="alert-summary">
        <div className="progress" aria-hidden>
          <i className="p-ack" style={{ width: `${(100 * p.signed) / Math.max(1, p.total)}%` }} />
          <i className="p-del" style={{ width: `${(100 * (p.delivered - p.signed)) / Math.max(1, p.total)}%` }} />
        </div>
        <span className="sum-ack" data-testid="order-progress">
          {t('wartime.orders.progress', { s: p.signed, t: p.total, r: p.answered })}
        </span>
        {p.timedOut > 0 && <span className="sum-item overdue" data-testid="order-timed-out">{t('wartime.orders.timedOut', { n: p.timedOut })}</span>}
        {p.flagged > 0 && <span className="sum-item overdue">{t('wartime.orders.flagged', { n: p.flagged })}</span>}
        {order.completeBy !== null && <span className="muted">{t('wartime.orders.completeBy', { time: formatDateTime(order.completeBy) })}</span>}
      </div>
      <div className="recipients">
        {townships.map((r) => (
          <div
            key={r.centreId}
            className="rcp"
            data-state={r.state}
            data-overdue={isAckOverdue(r, order.issuedAt, order.ackDeadlineMs, now)}
            data-testid="order-recipient"
            data-centre-id={r.centreId}
            data-order-state={r.state}
            title={r.answer ?? undefined}
          >
            <span className="name">
              {r.centreName}
              {isAckOverdue(r, order.issuedAt, order.ackDeadlineMs, now) && (
                <span className="flag-overdue">
                  {t('wartime.orders.overdue')}
                  {r.rung > 0 && ` · ${label(ORDER_RUNG_LABELS[Math.min(r.rung, 3) as 1 | 2 | 3])}`}
                </span>
              )}
            </span>
            <span className="state">
              {label(DELIVERY_STATE_LABELS[r.state])}
              {r.signedAt !== null
                ? ` ${formatTime(r.signedAt)} · ${dur(r.signedAt - order.issuedAt)}${isSignedLate(r, order.issuedAt, order.ackDeadlineMs) ? ` · ${t('wartime.orders.late')}` : ''}`
                : r.deliveredAt !== null
                  ? ` ${formatTime(r.deliveredAt)}`
                  : ''}
            </span>
          </div>
        ))}
      </div>
      {villages > 0 && (
        <div className="muted" style={{ marginTop: 4, fontSize: 12 }}>
          {t('wartime.board.villages', {
            s: order.recipients.filter((r) => r.parentId !== null && isSignedState(r.state)).length,
            t: villages,
          })}
        </div>
      )}
    </article>
  );
});
