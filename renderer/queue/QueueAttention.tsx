// Everything that tells a console's people something waits, from one list (the unit's 待办): the window title, the
// desktop badge and notifications, the alarm tone (by the policy; silenced by the night mute) and the takeover.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../protocol/index.ts';
import { playAlertTone } from '../alerts/sound.ts';
import { useDesktopAttention } from '../layout/useDesktopAttention.ts';
import { useStore } from '../store.ts';
import { Takeover } from './Takeover.tsx';
import { useAlarms, useQueue } from './useQueue.ts';

/** A takeover rings again this often until someone acknowledges it (unless the console is muted). */
const REPEAT_MS = 15_000;

export function QueueAttention({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const items = useQueue(user);
  const { alarms, takeovers } = useAlarms(user, items);
  const acked = useStore((s) => s.alarmAcked);
  const freshAlerts = useStore((s) => s.fresh);
  const freshOrders = useStore((s) => s.wartime.fresh);
  const county = user.centreLevel === 'county';
  useDesktopAttention(items, alarms, county);

  const n = items.length;
  const anyFresh = items.some((i) => (i.kind === 'alert' && i.id in freshAlerts) || (i.kind === 'order' && i.id in freshOrders));
  useEffect(() => {
    const base = `${t('app.name')} · ${user.centreName}`;
    document.title = `${anyFresh ? t('queue.newTitle') : ''}${n > 0 ? t('queue.title', { n }) : ''}${base}`;
  }, [anyFresh, n, t, user.centreName]);
  useEffect(() => () => void (document.title = t('app.name')), [t]);

  // One tone per alarm the first time this console sees it waiting, unless the unit already acknowledged it; the
  // newest is also spoken to screen readers (and is what the attention benchmark watches for).
  const heard = useRef(new Set<string>());
  const [announced, setAnnounced] = useState<{ key: string; text: string } | null>(null);
  useEffect(() => {
    let ring = false;
    let newest: (typeof alarms)[number] | null = null;
    for (const a of alarms) {
      if (heard.current.has(a.key)) continue;
      heard.current.add(a.key);
      if (a.key in acked) continue;
      if (a.rule.sound) ring = true;
      if (!newest || a.item.at > newest.item.at) newest = a;
    }
    if (ring) playAlertTone('new');
    if (newest) setAnnounced({ key: newest.key, text: `${t(`queue.alarm.${newest.kind}`)} ${newest.item.title}` });
  }, [alarms, acked, t]);

  const showing = takeovers.length > 0;
  useEffect(() => {
    if (!showing) return;
    const id = setInterval(() => playAlertTone('new'), REPEAT_MS);
    return () => clearInterval(id);
  }, [showing]);

  return (
    <>
      <div className="sr-only" role="status" aria-live="assertive" data-testid="alarm-announce" data-alarm={announced?.key}>
        {announced?.text}
      </div>
      <Takeover alarms={takeovers} county={county} />
    </>
  );
}
