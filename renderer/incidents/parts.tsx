import { useTranslation } from 'react-i18next';
import { INCIDENT_STATE_LABELS, type Incident } from '../../protocol/index.ts';
import { formatDuration, remaining } from './model.ts';

export function useLang(): 'zh' | 'en' {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'zh';
}

/** State as colour and text. */
export function StateChip({ i }: { i: Incident }) {
  const lang = useLang();
  const tone = i.overdue ? 'bad' : i.pendingSign ? 'warn' : ['resolved', 'followedUp', 'archived'].includes(i.state) ? 'ok' : i.state === 'merged' ? 'muted' : 'info';
  return (
    <span className="chip incident-state" data-tone={tone} data-state={i.state}>
      {INCIDENT_STATE_LABELS[i.state][lang === 'en' ? 1 : 0]}
    </span>
  );
}

export function DueCell({ i, now }: { i: Incident; now: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const r = remaining(i, now);
  if (!r) return <span className="muted">—</span>;
  const text = formatDuration(r.ms, lang);
  return (
    <span className="due" data-overdue={r.overdue}>
      {r.overdue ? t('incidents.overdueBy', { t: text }) : t('incidents.left', { t: text })}
    </span>
  );
}
