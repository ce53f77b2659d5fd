import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { INCIDENT_STATES, INCIDENT_STATE_LABELS, PRIORITY_LABELS } from '../../protocol/index.ts';
import type { Session } from '../session/sessionSlice.ts';
import { useStore } from '../store.ts';
import { formatDateTime } from '../ui/time.ts';
import { useNow } from '../ui/useNow.ts';
import { fetchBlobUrl } from './api.ts';
import { IncidentDrawer } from './IncidentDrawer.tsx';
import { countIncidents, filterIncidents, type TimeRange } from './model.ts';
import { DueCell, StateChip, useLang } from './parts.tsx';
import './incidents.css';

const RANGES: TimeRange[] = ['all', '24h', '7d', '30d'];

export function IncidentsView({ session }: { session: Session }) {
  const { t } = useTranslation();
  const lang = useLang();
  const now = useNow(30_000);
  const incidents = useStore((s) => s.incidents);
  const categories = useStore((s) => s.categories);
  const filters = useStore((s) => s.incidentFilters);
  const setFilters = useStore((s) => s.setIncidentFilters);
  const selected = useStore((s) => s.selectedIncident);
  const select = useStore((s) => s.selectIncident);
  const me = session.user.centreId;
  const rows = useMemo(() => filterIncidents(incidents, filters, now, me), [incidents, filters, now, me]);
  const counts = useMemo(() => countIncidents(incidents, me), [incidents, me]);
  const label = (code: string) => categories.find((c) => c.code === code)?.label[lang === 'en' ? 1 : 0] ?? code;

  const download = async (format: 'csv' | 'xlsx') => {
    const q = new URLSearchParams();
    if (filters.category !== 'all') q.set('category', filters.category);
    if (filters.state !== 'all' && filters.state !== 'open') q.set('state', filters.state);
    const url = await fetchBlobUrl(session.token, `/api/exports/incidents.${format}?${q}`);
    const a = document.createElement('a');
    a.href = url;
    a.download = `事件台账.${format}`;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <div className="incidents" data-testid="incidents-view">
      <div className="incidents-bar">
        <span className="stat-inline" data-testid="count-open">
          {t('incidents.counts.open')} <b>{counts.open}</b>
        </span>
        <span className="stat-inline" data-tone={counts.overdue ? 'bad' : undefined} data-testid="count-overdue">
          {t('incidents.counts.overdue')} <b>{counts.overdue}</b>
        </span>
        <span className="stat-inline" data-tone={counts.awaitingSign ? 'warn' : undefined} data-testid="count-awaiting-sign">
          {t('incidents.counts.awaitingSign')} <b>{counts.awaitingSign}</b>
        </span>
        <span className="header-spacer" />
        <label>
          {t('incidents.filters.state')}{' '}
          <select className="input" data-testid="filter-state" value={filters.state} onChange={(e) => setFilters({ state: e.target.value as typeof filters.state })}>
            <option value="open">{t('incidents.filters.open')}</option>
            <option value="all">{t('incidents.filters.all')}</option>
            {INCIDENT_STATES.map((s) => (
              <option key={s} value={s}>
                {INCIDENT_STATE_LABELS[s][lang === 'en' ? 1 : 0]} ({counts.byState[s] ?? 0})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('incidents.filters.category')}{' '}
          <select className="input" value={filters.category} onChange={(e) => setFilters({ category: e.target.value })}>
            <option value="all">{t('incidents.filters.all')}</option>
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {c.label[lang === 'en' ? 1 : 0]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('incidents.filters.range')}{' '}
          <select className="input" value={filters.range} onChange={(e) => setFilters({ range: e.target.value as TimeRange })}>
            {RANGES.map((r) => (
              <option key={r} value={r}>
                {t(`incidents.filters.ranges.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={filters.mine} onChange={(e) => setFilters({ mine: e.target.checked })} data-testid="filter-mine" />
          {t('incidents.filters.mine')}
        </label>
        <button className="btn btn-sm" onClick={() => void download('csv')}>
          {t('incidents.exportCsv')}
        </button>
        <button className="btn btn-sm" onClick={() => void download('xlsx')}>
          {t('incidents.exportXlsx')}
        </button>
      </div>
      <div className="incidents-body">
        <div className="incidents-table-wrap">
          <table className="incidents-table">
            <thead>
              <tr>
                <th>{t('incidents.col.code')}</th>
                <th>{t('incidents.col.category')}</th>
                <th>{t('incidents.col.priority')}</th>
                <th>{t('incidents.col.state')}</th>
                <th>{t('incidents.col.reported')}</th>
                <th>{t('incidents.col.grid')}</th>
                <th>{t('incidents.col.holder')}</th>
                <th>{t('incidents.col.due')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((i) => (
                <tr
                  key={i.id}
                  data-testid="incident-row"
                  data-incident-id={i.id}
                  data-state={i.state}
                  aria-selected={i.id === selected}
                  onClick={() => select(i.id)}
                >
                  <td className="mono">{i.code}</td>
                  <td>{label(i.category)}</td>
                  <td>{PRIORITY_LABELS[i.priority][lang === 'en' ? 1 : 0]}</td>
                  <td>
                    <StateChip i={i} />
                  </td>
                  <td className="mono">{formatDateTime(i.reportedAt)}</td>
                  <td>{i.gridName ?? '—'}</td>
                  <td>{i.holderCentreName}</td>
                  <td>
                    <DueCell i={i} now={now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <div className="empty">{t('incidents.none')}</div>}
        </div>
        {selected !== null && <IncidentDrawer key={selected} id={selected} session={session} onClose={() => select(null)} />}
      </div>
    </div>
  );
}
