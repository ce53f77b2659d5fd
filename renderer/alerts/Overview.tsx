// County: at-a-glance counts over the alerts in view.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../store.ts';
import { isSignedState } from '../delivery/merge.ts';

export function Overview() {
  const { t } = useTranslation();
  const alerts = useStore((s) => s.alerts);
  const c = useMemo(() => {
    let total = 0;
    let open = 0;
    let pending = 0;
    let awaiting = 0;
    let overdue = 0;
    let awaitingAnswer = 0;
    for (const a of Object.values(alerts)) {
      total++;
      let isOpen = false;
      for (const r of a.recipients) {
        if (r.state === 'signed' && r.wantsAnswer) awaitingAnswer++;
        if (isSignedState(r.state)) continue;
        isOpen = true;
        if (r.state === 'pending') pending++;
        else awaiting++;
        if (r.overdue) overdue++;
      }
      if (isOpen) open++;
    }
    return { total, open, pending, awaiting, overdue, awaitingAnswer };
  }, [alerts]);
  return (
    <div className="overview" data-testid="overview">
      <Stat label={t('overview.open')} value={c.open} tone={c.open ? 'warn' : 'ok'} sub={t('overview.total', { n: c.total })} />
      <Stat label={t('overview.overdue')} value={c.overdue} tone={c.overdue ? 'bad' : 'ok'} />
      <Stat label={t('overview.awaiting')} value={c.awaiting} tone={c.awaiting ? 'warn' : 'ok'} />
      <Stat label={t('overview.pending')} value={c.pending} tone={c.pending ? 'muted' : 'ok'} />
      <Stat label={t('delivery.awaitingAnswer')} value={c.awaitingAnswer} tone={c.awaitingAnswer ? 'warn' : 'ok'} />
    </div>
  );
}

function Stat({ label, value, tone, sub }: { label: string; value: number; tone: 'ok' | 'warn' | 'bad' | 'muted'; sub?: string }) {
  return (
    <div className={`stat tone-${tone}`}>
      <span className="stat-label">{label}</span>
      <span className="stat-value num">{value}</span>
      {sub && <span className="stat-sub">{sub}</span>}
    </div>
  );
}
