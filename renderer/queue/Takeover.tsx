// The full-screen alarm (red alert, 特急 order, 督办): it stays until someone on this console acknowledges it — and
// then it ends on every console of the unit (alarm:ack → `alarm.acked` on the unit's stream). Signing the item ends it
// too, since a signed item leaves the 待办 the alarm comes from.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALERT_LEVEL_LABELS, type AlertLevel } from '../../protocol/index.ts';
import { signAlert } from '../alerts/actions.ts';
import { useErrorText, useLabel } from '../i18n/index.ts';
import { formatDateTime } from '../ui/time.ts';
import { signOrder } from '../wartime/actions.ts';
import { ackAlarm } from './actions.ts';
import type { Alarm } from './alarms.ts';
import { openQueueItem } from './open.ts';

export function Takeover({ alarms, county }: { alarms: readonly Alarm[]; county: boolean }) {
  const { t } = useTranslation();
  const label = useLabel();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const a = alarms[0];
  if (!a) return null;
  const { item } = a;
  const level = item.kind === 'alert' && item.level ? label(ALERT_LEVEL_LABELS[item.level as AlertLevel]).replace(/[(（].*$/, '') : '';
  const signable = item.step === 'sign' && (item.kind === 'alert' || item.kind === 'order');

  const run = async (what: 'sign' | 'view' | 'ack') => {
    setBusy(true);
    setError(null);
    const r = what === 'sign' ? await (item.kind === 'alert' ? signAlert(item.id) : signOrder(item.id)) : await ackAlarm(a.kind, item.id);
    setBusy(false);
    if (!r.ok) {
      setError(t('queue.takeover.failed', { msg: errorText(r.error) }));
      return;
    }
    if (what === 'view' || what === 'sign') openQueueItem(item, county);
  };

  return (
    <div className="takeover" role="alertdialog" aria-modal="true" aria-labelledby="takeover-kind" data-testid="takeover" data-alarm={a.key}>
      <div className="takeover-kind" id="takeover-kind">
        {t(`queue.takeover.${a.kind}`, { level })}
      </div>
      <div className="takeover-title">{item.title}</div>
      {item.body && <div className="takeover-body">{item.body}</div>}
      <div className="takeover-from">{t('queue.takeover.from', { from: item.from, at: formatDateTime(item.at) })}</div>
      <div className="takeover-actions">
        {signable && (
          <button type="button" className="btn takeover-sign" disabled={busy} data-testid="takeover-sign" onClick={() => void run('sign')}>
            {t('queue.takeover.sign')}
          </button>
        )}
        <button type="button" className="btn" disabled={busy} data-testid="takeover-view" onClick={() => void run('view')}>
          {t('queue.takeover.view')}
        </button>
        <button type="button" className="btn" disabled={busy} data-testid="takeover-ack" autoFocus onClick={() => void run('ack')}>
          {t('queue.takeover.ack')}
        </button>
      </div>
      {error && <div className="takeover-error" role="alert">{error}</div>}
      {alarms.length > 1 && <div className="takeover-more">{t('queue.takeover.more', { n: alarms.length - 1 })}</div>}
    </div>
  );
}
