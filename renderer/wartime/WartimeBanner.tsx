// The wartime banner: on every console in scope, "战时状态" in the accent colour with who is in command.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../store.ts';
import { formatDateTime } from '../ui/time.ts';
import { useNow } from '../ui/useNow.ts';
import { useElapsed, useInWartime } from './hooks.ts';
import './wartime.css';

export function WartimeBanner() {
  const { t } = useTranslation();
  const inWartime = useInWartime();
  const period = useStore((s) => s.wartime.state?.period ?? null);
  const now = useNow(60_000);
  const elapsed = useElapsed();

  // The accent colour of the whole console follows the mode.
  useEffect(() => {
    const root = document.documentElement;
    if (inWartime) root.dataset.mode = 'wartime';
    else delete root.dataset.mode;
    return () => {
      delete root.dataset.mode;
    };
  }, [inWartime]);

  if (!inWartime || !period) return null;
  const c = period.command;
  return (
    <div className="wt-banner" role="status" data-testid="wartime-banner" data-period-id={period.id}>
      <span className="wt-banner-flag">{t('wartime.banner.title')}</span>
      <span className="wt-banner-staff" data-testid="wartime-command">
        <span>
          <b>{t('wartime.roles.commander')}</b>
          {c.commander.name}
        </span>
        {c.executiveDeputy && (
          <span>
            <b>{t('wartime.roles.executiveDeputy')}</b>
            {c.executiveDeputy.name}
          </span>
        )}
        {c.deputy && (
          <span>
            <b>{t('wartime.roles.deputy')}</b>
            {c.deputy.name}
          </span>
        )}
      </span>
      <span className="wt-banner-meta" title={period.reason}>
        {period.reason} · {period.scope.kind === 'county' ? t('wartime.banner.scopeCounty') : t('wartime.banner.scopeTownships', { n: period.townshipIds.length })} ·{' '}
        {t('wartime.banner.since', { time: formatDateTime(period.startedAt) })} ({t('wartime.mode.duration', { d: elapsed(now - period.startedAt) })})
        {period.plannedEndAt !== null &&
          (now > period.plannedEndAt ? (
            <span className="wt-over"> · {t('wartime.banner.overPlanned')}</span>
          ) : (
            <> · {t('wartime.banner.planned', { time: formatDateTime(period.plannedEndAt) })}</>
          ))}
      </span>
    </div>
  );
}
