// In the header: who is on duty now at this unit (by its roster and the configured shifts), with their phones on hover.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { onDutyAt, type RosterEntry } from '../../protocol/index.ts';
import { useStore } from '../store.ts';
import { useNow } from '../ui/useNow.ts';
import './i18n.ts';
import './duty.css';

export function HeaderDuty({ userId }: { userId: number }) {
  const { t } = useTranslation();
  const duty = useStore((s) => s.duty);
  const now = useNow(30_000);
  const on = useMemo(() => (duty ? onDutyAt(duty.shifts, new Map<string, RosterEntry[]>(duty.rosters.map((r) => [r.day, r.entries])), now) : null), [duty, now]);
  if (!duty) return null;
  // a handover someone else of the unit handed over waits for this officer to accept it
  const waiting = duty.handovers.some((h) => h.acceptedAt === null && h.from.id !== userId);
  const names = (l: { name: string }[]) => l.map((p) => p.name).join('、');
  const phones = on ? [...on.leaders, ...on.officers].map((p) => `${p.name} ${p.phone}`).join('\n') : '';
  return (
    <a className="header-duty" href="#duty" data-testid="header-on-duty" title={phones || t('duty.header.none')}>
      {on ? (
        <>
          <span className="k">{t('duty.header.onDuty')}</span>
          <span data-testid="header-on-duty-officers">{names(on.officers) || '—'}</span>
          {on.leaders.length > 0 && (
            <>
              <span className="k">{t('duty.header.leader')}</span>
              <span>{names(on.leaders)}</span>
            </>
          )}
        </>
      ) : (
        <span className="k">{t('duty.header.none')}</span>
      )}
      {waiting && (
        <span className="header-duty-wait" data-testid="header-handover-waiting">
          {t('duty.handover.waiting')}
        </span>
      )}
    </a>
  );
}
