// 值班: the unit's roster (edited by its duty lead), the shift handover (交接班) with the note the server computes from
// what is open, the duty log (值班日志) and the printed daily record.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DELIVERY_CONFIRMERS, currentShift } from '../../protocol/index.ts';
import type { Session } from '../session/sessionSlice.ts';
import { useStore } from '../store.ts';
import { formatDateTime } from '../ui/time.ts';
import { useNow } from '../ui/useNow.ts';
import { downloadDutyRecord } from './actions.ts';
import { HandoverCard } from './HandoverCard.tsx';
import { LogCard } from './LogCard.tsx';
import { RosterCard } from './RosterCard.tsx';
import './i18n.ts';
import './duty.css';

export function DutyView({ session }: { session: Session }) {
  const { t } = useTranslation();
  const duty = useStore((s) => s.duty);
  const [printing, setPrinting] = useState(false);
  const now = useNow(30_000);
  if (!duty) return <div className="queue-empty">…</div>;
  const cur = currentShift(duty.shifts, now);
  // the administrator keeps rosters but not the duty itself (no handover, no log)
  const keepsDuty = DELIVERY_CONFIRMERS.includes(session.user.role);
  const print = async () => {
    setPrinting(true);
    try {
      await downloadDutyRecord(session.token, cur?.day ?? formatDateTime(now).slice(0, 10));
    } finally {
      setPrinting(false);
    }
  };
  return (
    <div className="duty" data-testid="duty-view">
      <RosterCard duty={duty} user={session.user} />
      <HandoverCard duty={duty} userId={session.user.id} keepsDuty={keepsDuty} />
      <LogCard duty={duty} keepsDuty={keepsDuty} />
      <section className="duty-card">
        <h3>{t('duty.print')}</h3>
        <div className="duty-body">
          <div className="duty-row">
            <button type="button" className="btn" data-testid="duty-print" disabled={printing} onClick={() => void print()}>
              {printing ? t('duty.printing') : t('duty.print')}
            </button>
            <span className="muted">{cur?.day}</span>
          </div>
        </div>
      </section>
    </div>
  );
}
