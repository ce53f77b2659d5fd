// In the header of every operator console: the 待办 counter (the same number as the title and the desktop badge) and
// the night-shift mute switch.
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../protocol/index.ts';
import { useStore } from '../store.ts';
import { setAlarmMute } from './actions.ts';
import { useQueue } from './useQueue.ts';
import './queue.css';

export function HeaderQueue({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const n = useQueue(user).length;
  const muted = useStore((s) => s.alarmMuted);
  return (
    <>
      <a className="unacked-badge" href="#queue" data-hot={n > 0} title={t('queue.counter')} data-testid="queue-counter">
        {t('queue.counter')}
        <span className="n" data-testid="queue-count">
          {n}
        </span>
      </a>
      <button
        type="button"
        className="btn btn-sm mute-toggle"
        aria-pressed={muted}
        title={t('queue.muteTitle')}
        data-testid="mute-toggle"
        onClick={() => void setAlarmMute(!muted)}
      >
        {muted ? t('queue.muted') : t('queue.mute')}
      </button>
    </>
  );
}
