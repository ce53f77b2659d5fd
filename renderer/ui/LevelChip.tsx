import { ALERT_LEVEL_LABELS, type AlertLevel } from '../../protocol/index.ts';
import { useLabel } from '../i18n/index.ts';

/** Alert level: colour and text, never colour alone. */
export function LevelChip({ level }: { level: AlertLevel }) {
  const label = useLabel();
  return (
    <span className={`chip level-${level}`} data-level={level}>
      {label(ALERT_LEVEL_LABELS[level])}
    </span>
  );
}
