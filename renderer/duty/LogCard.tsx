// 值班日志: entries of the shift (来电/来访/处置/其他), now or at an earlier time of the last day.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DUTY_LOG_KIND_LABELS, DUTY_LOG_KINDS, type DutyLogKind, type DutyState } from '../../protocol/index.ts';
import { useLabel } from '../i18n/index.ts';
import { formatDateTime } from '../ui/time.ts';
import { addDutyLog } from './actions.ts';
import { useProblem } from './useProblem.tsx';

const HOURS = Array.from({ length: 24 }, (_, i) => String(i).padStart(2, '0'));
const MINUTES = Array.from({ length: 12 }, (_, i) => String(i * 5).padStart(2, '0'));

export function LogCard({ duty, keepsDuty }: { duty: DutyState; keepsDuty: boolean }) {
  const { t } = useTranslation();
  const label = useLabel();
  const [kind, setKind] = useState<DutyLogKind>('call');
  const [text, setText] = useState('');
  // no hour: now; an earlier hour and minute is the last such minute (a call written down after it was taken)
  const [hour, setHour] = useState('');
  const [minute, setMinute] = useState('00');
  const [busy, setBusy] = useState(false);
  const { setError, view: problem } = useProblem();
  const entries = useMemo(() => duty.log, [duty.log]);
  const add = async () => {
    setBusy(true);
    const now = Date.now();
    let at: number | undefined;
    if (hour) {
      at = Date.parse(`${formatDateTime(now).slice(0, 10)}T${hour}:${minute}:00+08:00`);
      if (at > now) at -= 24 * 3600_000;
    }
    const r = await addDutyLog(kind, text, at);
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setText('');
    setHour('');
  };
  return (
    <section className="duty-card" data-testid="duty-log">
      <h3>{t('duty.log.title')}</h3>
      <div className="duty-body">
        {keepsDuty && (
          <div className="duty-row">
            <select className="select" value={kind} aria-label={t('duty.log.kind')} onChange={(e) => setKind(e.target.value as DutyLogKind)}>
              {DUTY_LOG_KINDS.map((k) => (
                <option key={k} value={k}>{label(DUTY_LOG_KIND_LABELS[k])}</option>
              ))}
            </select>
            <select className="select" value={hour} aria-label={t('duty.log.at')} data-testid="log-hour" onChange={(e) => setHour(e.target.value)}>
              <option value="">{t('duty.log.now')}</option>
              {HOURS.map((h) => (
                <option key={h} value={h}>{h}</option>
              ))}
            </select>
            {hour && (
              <select className="select" value={minute} aria-label={t('duty.log.minute')} data-testid="log-minute" onChange={(e) => setMinute(e.target.value)}>
                {MINUTES.map((m) => (
                  <option key={m} value={m}>{m}</option>
                ))}
              </select>
            )}
            <input className="input" style={{ flex: 1 }} placeholder={t('duty.log.placeholder')} value={text} data-testid="log-text" onChange={(e) => setText(e.target.value)} />
            <button type="button" className="btn btn-sm btn-primary" disabled={busy || !text.trim()} data-testid="log-add" onClick={() => void add()}>
              {t('duty.log.add')}
            </button>
          </div>
        )}
        {problem}
        <table className="duty-table">
          <thead>
            <tr>
              <th>{t('duty.log.at')}</th>
              <th>{t('duty.log.kind')}</th>
              <th>{t('duty.log.text')}</th>
              <th>{t('duty.log.by')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="log-row">
                <td className="num">{formatDateTime(e.at)}</td>
                <td>{label(DUTY_LOG_KIND_LABELS[e.kind])}</td>
                <td>{e.text}</td>
                <td>{e.by.name}</td>
              </tr>
            ))}
            {entries.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">{t('duty.log.empty')}</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
