import { useTranslation } from 'react-i18next';
import { useStore } from '../store.ts';

export function ConnIndicator() {
  const { t } = useTranslation();
  const conn = useStore((s) => s.conn);
  const attempt = useStore((s) => s.reconnectAttempt);
  const lastSeq = useStore((s) => s.cursor.lastSeq);
  return (
    <span
      className="conn"
      data-testid="conn-state"
      data-state={conn}
      role="status"
      aria-live="polite"
      title={lastSeq !== null ? t('conn.lastSeq', { seq: lastSeq }) : undefined}
    >
      <span className="dot" aria-hidden />
      {t(`conn.${conn}`)}
      {conn === 'disconnected' && attempt > 0 && <span className="detail">· {t('conn.retrying', { n: attempt })}</span>}
    </span>
  );
}
