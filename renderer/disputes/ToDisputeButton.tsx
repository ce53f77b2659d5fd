// On a grid report of the dispute category: 登记为矛盾纠纷 opens the window form with the report chosen (channel 网格上报),
// or, once it is a case, opens that case.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Incident, SessionUser } from '../../protocol/index.ts';
import { useStore } from '../store.ts';
import { REGISTRARS } from './model.ts';

export function ToDisputeButton({ incident, user }: { incident: Pick<Incident, 'id' | 'category'>; user: Pick<SessionUser, 'role'> }) {
  const { t } = useTranslation();
  const disputes = useStore((s) => s.disputes);
  const made = useMemo(() => Object.values(disputes).find((d) => d.incidentId === incident.id), [disputes, incident.id]);
  if (incident.category !== 'dispute') return null;
  if (made) {
    return (
      <button type="button" className="btn btn-sm" data-testid="open-dispute" onClick={() => (useStore.getState().selectDispute(made.id), (location.hash = '#disputes'))}>
        {t('disputes.fromIncident.open', { code: made.code })}
      </button>
    );
  }
  if (!REGISTRARS.includes(user.role)) return null;
  return (
    <button type="button" className="btn btn-sm" data-testid="to-dispute" onClick={() => (useStore.getState().setDisputeDraft({ incidentId: incident.id }), (location.hash = '#disputes'))}>
      {t('disputes.fromIncident.register')}
    </button>
  );
}
