// 历史: past alerts and orders (filters by date range, level/priority, unit, state; paging); any of them reopens with
// its full delivery record — delivered, signed by whom and when, reminders, 反馈 — as this unit may see it.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ALERT_LEVEL_LABELS, ALERT_LEVELS, DELIVERY_STATE_LABELS, DELIVERY_STATES, ORDER_PRIORITIES, ORDER_PRIORITY_LABELS,
  type Alert, type AlertLevel, type DeliveryState, type Order, type OrderPriority, type RecipientStatus,
} from '../../protocol/index.ts';
import { useErrorText, useLabel } from '../i18n/index.ts';
import { api, RequestError } from '../net/http.ts';
import type { Session } from '../session/sessionSlice.ts';
import { useStore } from '../store.ts';
import { formatDateTime } from '../ui/time.ts';
import { DateTimeField } from '../ui/DateTimeField.tsx';
import './i18n.ts';
import './duty.css';

type Kind = 'alert' | 'order';
type Item = Alert | Order;
const PAGE = 30;
const DAY = 24 * 3600_000;

/** YYYY-MM-DD (Asia/Shanghai) → the instant the day starts. */
const dayStart = (d: string) => Date.parse(`${d}T00:00:00+08:00`);
const levelOf = (i: Item) => ('level' in i ? i.level : i.priority);
const timeOf = (i: Item) => ('raisedAt' in i ? i.raisedAt : i.issuedAt);
const senderOf = (i: Item) => ('raisedBy' in i ? i.raisedBy : i.issuedBy);
const titleOf = (i: Item) => ('code' in i ? `${i.code} ${i.title}` : i.title);

export function HistoryView({ session }: { session: Session }) {
  const { t } = useTranslation();
  const label = useLabel();
  const errorText = useErrorText();
  const county = session.user.centreLevel === 'county';
  const centres = useStore((s) => s.centres);
  const wanted = useStore((s) => s.historyOpen);
  const [kind, setKind] = useState<Kind>('alert');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [level, setLevel] = useState('');
  const [state, setState] = useState('');
  const [unit, setUnit] = useState('');
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ items: Item[]; total: number }>({ items: [], total: 0 });
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Item | null>(null);
  const [applied, setApplied] = useState(0);

  const fail = useCallback((e: unknown) => setError(e instanceof RequestError && e.apiError ? errorText(e.apiError) : String(e)), [errorText]);

  useEffect(() => {
    const p = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
    if (from) p.set('from', String(dayStart(from)));
    if (to) p.set('to', String(dayStart(to) + DAY));
    if (level) p.set('level', level);
    if (state) p.set('state', state);
    if (unit && county) p.set('centreId', unit);
    if (q.trim()) p.set('q', q.trim());
    const ctl = new AbortController();
    api<{ items: Item[]; total: number }>(`/api/history/${kind}s?${p}`, { token: session.token, signal: ctl.signal }).then(
      (r) => {
        setPage(r);
        setError(null);
      },
      (e: unknown) => !ctl.signal.aborted && fail(e),
    );
    return () => ctl.abort();
  }, [kind, offset, applied, session.token]);

  const openItem = useCallback(
    (k: Kind, id: number) => {
      api<{ alert?: Alert; order?: Order }>(`/api/history/${k}s/${id}`, { token: session.token }).then((r) => setOpen((r.alert ?? r.order) as Item), fail);
    },
    [session.token, fail],
  );

  // an item asked for elsewhere (the header's search) opens here
  useEffect(() => {
    if (!wanted) return;
    setKind(wanted.kind);
    openItem(wanted.kind, wanted.id);
    useStore.getState().openHistory(null);
  }, [wanted, openItem]);

  const levels: readonly string[] = kind === 'alert' ? ALERT_LEVELS : ORDER_PRIORITIES;
  const levelLabel = (l: string) => label(kind === 'alert' ? ALERT_LEVEL_LABELS[l as AlertLevel] : ORDER_PRIORITY_LABELS[l as OrderPriority]);
  const pages = Math.max(1, Math.ceil(page.total / PAGE));
  const search = () => {
    setOffset(0);
    setApplied((n) => n + 1);
  };

  return (
    <div className="hist" data-testid="history-view">
      <div className="hist-bar">
        {(['alert', 'order'] as const).map((k) => (
          <button key={k} type="button" className="queue-filter" aria-pressed={kind === k} data-testid={`hist-kind-${k}`} onClick={() => (setKind(k), setLevel(''), setOffset(0))}>
            {t(`duty.history.${k}s`)}
          </button>
        ))}
        <span className="hist-date">{t('duty.history.from')} <DateTimeField time={false} optional value={from} onChange={setFrom} testId="hist-from" /></span>
        <span className="hist-date">{t('duty.history.to')} <DateTimeField time={false} optional value={to} onChange={setTo} testId="hist-to" /></span>
        <select className="select" value={level} aria-label={t('duty.history.level')} data-testid="hist-level" onChange={(e) => setLevel(e.target.value)}>
          <option value="">{t('duty.history.level')}：{t('duty.history.any')}</option>
          {levels.map((l) => (
            <option key={l} value={l}>{levelLabel(l)}</option>
          ))}
        </select>
        <select className="select" value={state} aria-label={t('duty.history.state')} data-testid="hist-state" onChange={(e) => setState(e.target.value)}>
          <option value="">{t('duty.history.state')}：{t('duty.history.any')}</option>
          {DELIVERY_STATES.map((s) => (
            <option key={s} value={s}>{label(DELIVERY_STATE_LABELS[s])}</option>
          ))}
        </select>
        {county && (
          <select className="select" value={unit} aria-label={t('duty.history.unit')} onChange={(e) => setUnit(e.target.value)}>
            <option value="">{t('duty.history.unit')}：{t('duty.history.any')}</option>
            {(centres ?? []).filter((c) => c.level !== 'county' && c.level !== 'village').map((c) => (
              <option key={c.id} value={c.id}>{c.name}</option>
            ))}
          </select>
        )}
        <input className="input" placeholder={t('duty.history.q')} value={q} data-testid="hist-q" onChange={(e) => setQ(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && search()} />
        <button type="button" className="btn btn-sm btn-primary" data-testid="hist-apply" onClick={search}>{t('duty.history.apply')}</button>
        <span className="muted">{t('duty.history.total', { n: page.total })}</span>
        {error && <span className="duty-error">{error}</span>}
      </div>
      <div className="hist-wrap">
        <table className="duty-table queue-table hist-table">
          <thead>
            <tr>
              <th>{t('duty.history.level')}</th>
              <th>{t('duty.history.title')}</th>
              <th>{t('duty.history.time')}</th>
              <th>{t('duty.history.sender')}</th>
              <th>{t('duty.history.summary')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((i) => {
              const signed = i.recipients.filter((r) => r.signedAt !== null).length;
              return (
                <tr key={i.id} data-testid="hist-row" data-id={i.id} tabIndex={0} onClick={() => openItem(kind, i.id)} onKeyDown={(e) => e.key === 'Enter' && openItem(kind, i.id)}>
                  <td className="hist-level" data-level={levelOf(i)}>{levelLabel(levelOf(i))}</td>
                  <td>{titleOf(i)}</td>
                  <td className="num">{formatDateTime(timeOf(i))}</td>
                  <td>{senderOf(i).name}</td>
                  <td className="num">{signed}/{i.recipients.length}</td>
                </tr>
              );
            })}
            {page.items.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">{t('duty.history.empty')}</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="hist-pager">
        <button type="button" className="btn btn-sm" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>{t('duty.history.prev')}</button>
        <span>{t('duty.history.page', { p: Math.floor(offset / PAGE) + 1, n: pages })}</span>
        <button type="button" className="btn btn-sm" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>{t('duty.history.next')}</button>
      </div>
      {open && <HistoryDetail item={open} onClose={() => setOpen(null)} levelLabel={levelLabel} />}
    </div>
  );
}

function HistoryDetail({ item, onClose, levelLabel }: { item: Item; onClose: () => void; levelLabel: (l: string) => string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const time = (v: number | null) => (v === null ? '—' : formatDateTime(v));
  return (
    <aside className="hist-detail" role="dialog" aria-label={titleOf(item)} data-testid="history-detail">
      <header>
        <span className="hist-level" data-level={levelOf(item)}>{levelLabel(levelOf(item))}</span>
        <h2>{titleOf(item)}</h2>
        <button type="button" className="btn btn-sm" data-testid="history-close" onClick={onClose}>{t('duty.history.close')}</button>
      </header>
      <div className="body">
        <div className="muted">{senderOf(item).name} · {formatDateTime(timeOf(item))}</div>
        {item.body && <div style={{ whiteSpace: 'pre-wrap' }}>{item.body}</div>}
        <div className="muted">{t('duty.history.record')}</div>
        <table className="duty-table">
          <thead>
            <tr>
              <th>{t('duty.history.recipient')}</th>
              <th>{t('duty.history.state')}</th>
              <th>{t('duty.history.delivered')}</th>
              <th>{t('duty.history.signed')}</th>
              <th>{t('duty.history.signer')}</th>
              <th>{t('duty.history.reminders')}</th>
              <th>{t('duty.history.answered')}</th>
            </tr>
          </thead>
          <tbody>
            {(item.recipients as (RecipientStatus & { state: DeliveryState })[]).map((r) => (
              <tr key={r.centreId} data-testid="history-recipient" data-state={r.state}>
                <td>{r.centreName}</td>
                <td><span className="st" data-state={r.state}>{label(DELIVERY_STATE_LABELS[r.state])}{r.overdue ? ` · ${t('queue.overdue')}` : ''}</span></td>
                <td className="num">{time(r.deliveredAt)}</td>
                <td className="num" data-testid="history-signed-at">{time(r.signedAt)}</td>
                <td data-testid="history-signer">{r.signedBy?.name ?? '—'}</td>
                <td className="num">{r.rung}</td>
                <td>{r.answer ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </aside>
  );
}
