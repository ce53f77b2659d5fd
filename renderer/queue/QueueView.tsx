// 待办: everything waiting for this unit, overdue first, filtered by kind; a row opens the item where it is handled.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../session/sessionSlice.ts';
import { formatDuration } from '../incidents/model.ts';
import { formatTimeSmart } from '../ui/time.ts';
import { useNow } from '../ui/useNow.ts';
import type { QueueKind } from './items.ts';
import { openQueueItem } from './open.ts';
import { useQueue } from './useQueue.ts';
import './queue.css';

const KINDS: QueueKind[] = ['alert', 'order', 'incident', 'dispute', 'call'];

export function QueueView({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const items = useQueue(session.user);
  const now = useNow(30_000);
  const [kind, setKind] = useState<QueueKind | 'all'>('all');
  const rows = useMemo(() => (kind === 'all' ? items : items.filter((i) => i.kind === kind)), [items, kind]);
  const county = session.user.centreLevel === 'county';
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const count = (k: QueueKind | 'all') => (k === 'all' ? items.length : items.filter((i) => i.kind === k).length);

  return (
    <div className="queue" data-testid="queue-view">
      <div className="queue-bar" role="group" aria-label={t('queue.tab')}>
        {(['all', ...KINDS] as const).map((k) => (
          <button key={k} type="button" className="queue-filter" aria-pressed={kind === k} data-testid={`queue-filter-${k}`} onClick={() => setKind(k)}>
            {t(`queue.filter.${k}`)}
            <span className="n">{count(k)}</span>
          </button>
        ))}
      </div>
      <div className="queue-wrap">
        <table className="queue-table">
          <thead>
            <tr>
              <th>{t('queue.col.kind')}</th>
              <th>{t('queue.col.step')}</th>
              <th>{t('queue.col.title')}</th>
              <th>{t('queue.col.from')}</th>
              <th>{t('queue.col.at')}</th>
              <th>{t('queue.col.due')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((i) => (
              <tr
                key={`${i.kind}:${i.id}`}
                data-testid="queue-row"
                data-kind={i.kind}
                data-item-id={i.id}
                data-step={i.step}
                data-overdue={i.overdue}
                tabIndex={0}
                onClick={() => openQueueItem(i, county)}
                onKeyDown={(e) => e.key === 'Enter' && openQueueItem(i, county)}
              >
                <td className="queue-level" data-level={i.level ?? undefined}>
                  {t(`queue.kind.${i.kind}`)}
                </td>
                <td>
                  <span className="queue-step" data-overdue={i.overdue}>
                    {t(`queue.step.${i.step}`)}
                    {i.overdue ? ` · ${t('queue.overdue')}` : ''}
                  </span>
                  {i.supervised && <span className="queue-tag">{t('queue.supervised')}</span>}
                </td>
                <td>
                  {i.title}
                  {(i.kind === 'incident' || i.kind === 'dispute') && <span className="muted"> · {i.body.slice(0, 60)}</span>}
                </td>
                <td>{i.from}</td>
                <td className="mono">{formatTimeSmart(i.at, now)}</td>
                <td className="mono">{i.dueAt === null ? '—' : i.dueAt <= now ? `${t('queue.overdue')} ${formatDuration(now - i.dueAt, lang)}` : t('queue.left', { t: formatDuration(i.dueAt - now, lang) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <div className="queue-empty">{t('queue.empty')}</div>}
      </div>
    </div>
  );
}
