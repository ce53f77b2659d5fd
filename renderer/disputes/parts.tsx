import { DISPUTE_STATE_LABELS, RISK_GRADE_LABELS, type Dispute } from '../../protocol/index.ts';
import { useLabel } from '../i18n/index.ts';
import { RISK_TONE } from './model.ts';

/** Risk as colour and text. */
export function RiskChip({ d }: { d: Pick<Dispute, 'riskGrade'> }) {
  const label = useLabel();
  return (
    <span className="chip" data-tone={RISK_TONE[d.riskGrade]} data-risk={d.riskGrade} data-testid="risk-chip">
      {label(RISK_GRADE_LABELS[d.riskGrade])}
    </span>
  );
}

export function StateChip({ d }: { d: Pick<Dispute, 'state'> }) {
  const label = useLabel();
  const tone = d.state === 'closed' || d.state === 'reviewed' || d.state === 'agreed' ? 'ok' : d.state === 'returned' ? 'warn' : 'info';
  return (
    <span className="chip" data-tone={tone} data-state={d.state}>
      {label(DISPUTE_STATE_LABELS[d.state])}
    </span>
  );
}
