// 战时总结: what the last period (or the running one, so far) came to — kept on record with the period.
import { useTranslation } from 'react-i18next';
import { useStore } from '../store.ts';
import { formatDateTime } from '../ui/time.ts';
import { useDuration } from './hooks.ts';

export function SummaryPanel() {
  const { t } = useTranslation();
  const period = useStore((s) => s.wartime.state?.period ?? null);
  const dur = useDuration();
  const s = period?.summary ?? null;
  if (!period || !s) return <div className="empty">{t('wartime.summary.none')}</div>;
  const ms = (v: number | null) => (v === null ? '—' : dur(v));
  return (
    <div className="panel-body wt-summary" data-testid="wartime-summary">
      <div className="wt-summary-head">
        <b>{t('wartime.summary.period', { from: formatDateTime(s.startedAt), to: formatDateTime(s.endedAt) })}</b>
        <span className="muted">
          {t('wartime.summary.reason')}：{period.reason}
          {period.endReason && ` · ${t('wartime.summary.endReason')}：${period.endReason}`}
        </span>
      </div>
      <div className="overview wt-summary-stats">
        <Stat label={t('wartime.summary.duration')} value={dur(s.durationMs)} />
        <Stat label={t('wartime.summary.orders')} value={String(s.orders)} />
        <Stat label={t('wartime.summary.signed')} value={`${s.signed}/${s.recipients}`} />
        <Stat label={t('wartime.summary.timedOut')} value={String(s.timedOut)} tone={s.timedOut ? 'bad' : 'ok'} testId="summary-timed-out" />
        {s.signedLate !== undefined && <Stat label={t('wartime.summary.signedLate')} value={String(s.signedLate)} tone={s.signedLate ? 'warn' : 'muted'} />}
        <Stat label={t('wartime.summary.p50')} value={ms(s.ackP50Ms)} />
        <Stat label={t('wartime.summary.max')} value={ms(s.ackMaxMs)} />
      </div>
      <div className="muted wt-hint">
        {t('wartime.summary.incidents', { r: s.incidents.reported, d: s.incidents.resolved })} · {t('wartime.summary.risks', { o: s.risks.opened, c: s.risks.closed, s: s.risks.stillOpen })} ·{' '}
        {t('wartime.summary.reports', { n: s.dailyReports })}
      </div>
      <table className="wt-table" data-testid="summary-by-township">
        <caption>{t('wartime.summary.byTownship')}</caption>
        <thead>
          <tr>
            <th>{t('wartime.risks.township')}</th>
            <th className="n">{t('wartime.summary.orders')}</th>
            <th className="n">{t('wartime.summary.signed')}</th>
            <th className="n">{t('wartime.summary.timedOut')}</th>
            <th className="n">{t('wartime.summary.p50')}</th>
            <th className="n">{t('wartime.summary.max')}</th>
          </tr>
        </thead>
        <tbody>
          {s.byTownship.map((r) => (
            <tr key={r.centreId}>
              <td>{r.centreName}</td>
              <td className="n num">{r.orders}</td>
              <td className="n num">{r.signed}</td>
              <td className={`n num ${r.timedOut ? 'bad-text' : ''}`}>{r.timedOut}</td>
              <td className="n num">{ms(r.p50Ms)}</td>
              <td className="n num">{ms(r.maxMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Stat({ label, value, tone = 'muted', testId }: { label: string; value: string; tone?: 'ok' | 'warn' | 'bad' | 'muted'; testId?: string }) {
  return (
    <div className={`stat tone-${tone}`} data-testid={testId}>
      <span className="stat-label">{label}</span>
      <span className="stat-value num" style={{ fontSize: 18 }}>
        {value}
      </span>
    </div>
  );
}
