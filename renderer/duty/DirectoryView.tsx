// 通讯录: every unit this console may list with its duty phone and who is on duty now, filtered by kind and name.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CentreLevel, DirectoryUnit } from '../../protocol/index.ts';
import { useErrorText } from '../i18n/index.ts';
import { api, RequestError } from '../net/http.ts';
import type { Session } from '../session/sessionSlice.ts';
import { mayCallUnit } from '../meet/callable.ts';
import { placeCall } from '../meet/MeetLayer.tsx';
import './i18n.ts';
import './duty.css';

const LEVELS: CentreLevel[] = ['county', 'township', 'department', 'village'];

export function DirectoryView({ session }: { session: Session }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [units, setUnits] = useState<DirectoryUnit[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [level, setLevel] = useState<CentreLevel | 'all'>('all');
  const [q, setQ] = useState('');

  useEffect(() => {
    const ctl = new AbortController();
    const load = () =>
      api<{ units: DirectoryUnit[] }>('/api/directory', { token: session.token, signal: ctl.signal }).then(
        (r) => setUnits(r.units),
        (e: unknown) => !ctl.signal.aborted && setError(e instanceof RequestError && e.apiError ? errorText(e.apiError) : String(e)),
      );
    void load();
    // who is on duty changes with the shifts: read again every minute while the view is open
    const every = setInterval(() => void load(), 60_000);
    return () => {
      ctl.abort();
      clearInterval(every);
    };
  }, [session.token]);

  const parents = useMemo(() => new Map(units.map((u) => [u.id, u.name])), [units]);
  const rows = useMemo(
    () => units.filter((u) => (level === 'all' || u.level === level) && (!q.trim() || u.name.includes(q.trim()) || (parents.get(u.parentId ?? -1) ?? '').includes(q.trim()))),
    [units, level, q, parents],
  );
  const names = (l: { name: string; phone: string }[]) => l.map((p) => (p.phone ? `${p.name} ${p.phone}` : p.name)).join('、');

  return (
    <div className="dir" data-testid="directory-view">
      <div className="dir-bar">
        {(['all', ...LEVELS] as const).map((l) => (
          <button key={l} type="button" className="queue-filter" aria-pressed={level === l} data-testid={`dir-level-${l}`} onClick={() => setLevel(l)}>
            {l === 'all' ? t('duty.directory.all') : t(`duty.directory.level.${l}`)}
          </button>
        ))}
        <input className="input" placeholder={t('duty.directory.search')} value={q} data-testid="dir-search" onChange={(e) => setQ(e.target.value)} />
        <span className="muted">{t('duty.directory.total', { n: rows.length })}</span>
        {error && <span className="duty-error">{error}</span>}
      </div>
      <div className="dir-wrap">
        <table className="duty-table queue-table">
          <thead>
            <tr>
              <th>{t('duty.directory.unit')}</th>
              <th>{t('duty.directory.kind')}</th>
              <th>{t('duty.directory.dutyPhone')}</th>
              <th>{t('duty.directory.leader')}</th>
              <th>{t('duty.directory.officers')}</th>
              <th aria-label={t('meet.call')} />
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 500).map((u) => (
              <tr key={u.id} data-testid="dir-row" data-unit={u.name}>
                <td>
                  {u.name}
                  {u.level === 'village' && u.parentId !== null && <span className="muted"> · {parents.get(u.parentId)}</span>}
                </td>
                <td>{t(`duty.directory.level.${u.level}`)}</td>
                <td className="num" data-testid="dir-phone">{u.dutyPhone ?? '—'}</td>
                <td>{u.onDuty ? names(u.onDuty.leaders) || '—' : <span className="muted">{t('duty.directory.none')}</span>}</td>
                <td data-testid="dir-officers">{u.onDuty ? names(u.onDuty.officers) || '—' : <span className="muted">{t('duty.directory.none')}</span>}</td>
                <td>
                  {mayCallUnit(session.user, u.level) && (
                    <button type="button" className="btn btn-sm" title={t('meet.callTitle')} data-testid="dir-call" onClick={() => void placeCall(u.id)}>
                      {t('meet.call')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
