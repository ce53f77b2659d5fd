// 矛盾纠纷: the window's registration form (for those who register) beside the case list. Without a search or filter
// the list is the unit's live cases from the stream; a search or filter asks the server (trigram full text, filters).
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DISPUTE_CHANNELS, DISPUTE_CHANNEL_LABELS, DISPUTE_STATES, DISPUTE_STATE_LABELS, DISPUTE_TYPES, DISPUTE_TYPE_LABELS, RISK_GRADES, RISK_GRADE_LABELS,
  type Dispute, type DisputeFilter, type DisputeReceipt,
} from '../../protocol/index.ts';
import { useErrorText, useLabel } from '../i18n/index.ts';
import { RequestError } from '../net/http.ts';
import { fetchBlobUrl } from '../incidents/api.ts';
import type { Session } from '../session/sessionSlice.ts';
import { useStore } from '../store.ts';
import { formatDateTime } from '../ui/time.ts';
import { filterQuery, searchDisputes } from './api.ts';
import { DisputeDrawer } from './DisputeDrawer.tsx';
import { IntakeForm } from './IntakeForm.tsx';
import { newestFirst, REGISTRARS } from './model.ts';
import { Receipt } from './Receipt.tsx';
import { RiskChip, StateChip } from './parts.tsx';
import '../incidents/incidents.css';
import './disputes.css';

type Filters = Omit<DisputeFilter, 'limit'>;

export function DisputesView({ session }: { session: Session }) {
  const { t } = useTranslation();
  const label = useLabel();
  const errorText = useErrorText();
  const live = useStore((s) => s.disputes);
  const selected = useStore((s) => s.selectedDispute);
  const select = useStore((s) => s.selectDispute);
  const [filters, setFilters] = useState<Filters>({});
  const [text, setText] = useState('');
  const [found, setFound] = useState<Dispute[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<DisputeReceipt | null>(null);
  const mayRegister = REGISTRARS.includes(session.user.role);

  const query = useMemo<Filters>(() => ({ ...filters, q: text.trim() || undefined }), [filters, text]);
  const searching = Object.values(query).some((v) => v !== undefined && v !== '');
  useEffect(() => {
    if (!searching) {
      setFound(null);
      return;
    }
    let on = true;
    // Typing settles before the server is asked.
    const timer = setTimeout(() => {
      searchDisputes(session.token, { ...query, limit: 500 }).then(
        (r) => on && (setFound(r.disputes), setError(null)),
        (e: unknown) => on && setError(e instanceof RequestError && e.apiError ? errorText(e.apiError) : String(e)),
      );
    }, 200);
    return () => {
      on = false;
      clearTimeout(timer);
    };
    // a live change re-asks, so a search result never shows an older copy than the list
  }, [query, searching, live, session.token]);

  const rows = useMemo(() => found ?? newestFirst(Object.values(live)), [found, live]);
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  const exportLedger = async () => {
    const url = await fetchBlobUrl(session.token, `/api/exports/disputes.xlsx?${filterQuery(query)}`);
    const a = document.createElement('a');
    a.href = url;
    a.download = '矛盾纠纷排查化解台账.xlsx';
    a.click();
    URL.revokeObjectURL(url);
  };

  const parties = (d: Dispute) => {
    const names = (role: string) => d.parties.filter((p) => p.role === role).map((p) => p.name).join('、');
    return names('respondent') ? `${names('applicant')} / ${names('respondent')}` : names('applicant');
  };

  return (
    <div className="body disputes" data-testid="disputes-view">
      {mayRegister && (
        <aside className="sidebar dispute-side">
          <div className="panel-head"><span>{t('disputes.intake.title')}</span></div>
          <IntakeForm session={session} onRegistered={(r, id) => (setReceipt(r), select(id))} />
        </aside>
      )}
      <main className="main incidents">
        <div className="incidents-bar">
          <input
            className="input dispute-search" type="search" value={text} placeholder={t('disputes.list.search')} title={t('disputes.list.searchHint')}
            aria-label={t('disputes.list.search')} data-testid="dispute-search" onChange={(e) => setText(e.target.value)}
          />
          <Pick label={t('disputes.list.type')} value={filters.type} all={t('disputes.list.all')} options={DISPUTE_TYPES.map((x) => [x, label(DISPUTE_TYPE_LABELS[x])])} onChange={(type) => set({ type })} />
          <Pick label={t('disputes.list.channel')} value={filters.channel} all={t('disputes.list.all')} options={DISPUTE_CHANNELS.map((x) => [x, label(DISPUTE_CHANNEL_LABELS[x])])} onChange={(channel) => set({ channel })} />
          <Pick label={t('disputes.list.risk')} value={filters.risk} all={t('disputes.list.all')} options={RISK_GRADES.map((x) => [x, label(RISK_GRADE_LABELS[x])])} onChange={(risk) => set({ risk })} />
          <Pick label={t('disputes.list.state')} value={filters.state} all={t('disputes.list.all')} options={DISPUTE_STATES.map((x) => [x, label(DISPUTE_STATE_LABELS[x])])} onChange={(state) => set({ state })} />
          <span className="header-spacer" />
          <button type="button" className="btn btn-sm" data-testid="dispute-export" onClick={() => void exportLedger()}>{t('disputes.list.export')}</button>
        </div>
        {error && <div className="form-error" role="alert">{error}</div>}
        <div className="incidents-body">
          <div className="incidents-table-wrap">
            <table className="incidents-table">
              <thead>
                <tr>
                  <th>{t('disputes.list.col.code')}</th>
                  <th>{t('disputes.list.col.registered')}</th>
                  <th>{t('disputes.list.col.channel')}</th>
                  <th>{t('disputes.list.col.parties')}</th>
                  <th>{t('disputes.list.col.phone')}</th>
                  <th>{t('disputes.list.col.type')}</th>
                  <th>{t('disputes.list.col.risk')}</th>
                  <th>{t('disputes.list.col.holder')}</th>
                  <th>{t('disputes.list.col.state')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((d) => (
                  <tr key={d.id} data-testid="dispute-row" data-dispute-id={d.id} data-code={d.code} aria-selected={d.id === selected} onClick={() => select(d.id)}>
                    <td className="mono">{d.code}</td>
                    <td className="mono">{formatDateTime(d.registeredAt)}</td>
                    <td>{label(DISPUTE_CHANNEL_LABELS[d.channel])}</td>
                    <td>{parties(d)}</td>
                    <td className="mono" data-testid="row-phone">{d.parties.find((p) => p.phone)?.phone ?? '—'}</td>
                    <td>{label(DISPUTE_TYPE_LABELS[d.type])}</td>
                    <td><RiskChip d={d} /></td>
                    <td>{d.holderCentreName}</td>
                    <td><StateChip d={d} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
            {rows.length === 0 && <div className="empty">{t('disputes.list.none')}</div>}
          </div>
          {selected !== null && <DisputeDrawer key={selected} id={selected} session={session} onClose={() => select(null)} />}
        </div>
      </main>
      {receipt && <Receipt receipt={receipt} onClose={() => setReceipt(null)} />}
    </div>
  );
}

function Pick<T extends string>({ label, value, all, options, onChange }: { label: string; value: T | undefined; all: string; options: [T, string][]; onChange: (v: T | undefined) => void }) {
  return (
    <label>
      {label}{' '}
      <select className="input" value={value ?? ''} onChange={(e) => onChange((e.target.value || undefined) as T | undefined)}>
        <option value="">{all}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>{text}</option>
        ))}
      </select>
    </label>
  );
}
