// 考核: the ranking of townships, villages or departments for a month, each score opening the items behind it; the
// commander publishes a month that has ended, which freezes it (SHA-256 in the ledger).
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RATE_NAMES, type ApiError, type AssessedItem, type AssessedUnit, type Assessment } from '../../protocol/index.ts';
import { api, RequestError } from '../net/http.ts';
import { fetchBlobUrl } from '../incidents/api.ts';
import { formatDateTime } from '../ui/time.ts';
import { lastMonthKey, pct } from './model.ts';

type Level = AssessedUnit['level'];

export function AssessmentPanel({ token, canPublish }: { token: string; canPublish: boolean }) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState(() => lastMonthKey(Date.now()));
  const [level, setLevel] = useState<Level>('township');
  const [a, setA] = useState<Assessment | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [open, setOpen] = useState<AssessedUnit | null>(null);

  const load = useCallback(() => {
    setError(null);
    api<Assessment>(`/api/assessment/${period}`, { token }).then(setA, (e: unknown) => setError(e instanceof RequestError ? e.apiError : null));
  }, [period, token]);
  useEffect(load, [load]);

  const rows = useMemo(() => (a?.units ?? []).filter((u) => u.level === level && u.items > 0), [a, level]);

  const publish = () => {
    if (!window.confirm(t('stats.assess.confirmPublish', { period }))) return;
    api<Assessment>(`/api/assessment/${period}/publish`, { token, method: 'POST', body: {} }).then(setA, (e: unknown) =>
      setError(e instanceof RequestError ? e.apiError : null),
    );
  };
  const download = async (ext: 'xlsx' | 'pdf') => {
    const url = await fetchBlobUrl(token, `/api/assessment/${period}/export.${ext}`);
    const link = document.createElement('a');
    link.href = url;
    link.download = `考核_${period}.${ext}`;
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <div className="stats-assess" data-testid="assessment">
      <div className="stats-bar no-print">
        <label className="stats-field">
          {t('stats.assess.period')}
          <input type="month" value={period} onChange={(e) => e.target.value && setPeriod(e.target.value)} data-testid="assess-period" />
        </label>
        <div className="stats-seg" role="radiogroup">
          {(['township', 'village', 'department'] as Level[]).map((l) => (
            <button key={l} type="button" role="radio" aria-checked={level === l} className="stats-seg-btn" onClick={() => setLevel(l)} data-testid={`assess-level-${l}`}>
              {t(`stats.assess.level.${l}`)}
            </button>
          ))}
        </div>
        <span className="stats-spacer" />
        {canPublish && !a?.published && (
          <button type="button" className="btn btn-sm btn-primary" onClick={publish} data-testid="assess-publish">{t('stats.assess.publish')}</button>
        )}
        <button type="button" className="btn btn-sm" onClick={() => void download('xlsx')} disabled={!a}>{t('stats.exportXlsx')}</button>
        <button type="button" className="btn btn-sm" onClick={() => void download('pdf')} disabled={!a}>{t('stats.assess.exportPdf')}</button>
        <button type="button" className="btn btn-sm" onClick={() => window.print()}>{t('stats.print')}</button>
      </div>
      {error && <div className="stats-error" role="alert">{error.message}</div>}
      {a && (
        <div className="stats-assess-state" data-testid="assess-state" data-published={a.published ? 'yes' : 'no'}>
          {a.published
            ? t('stats.assess.published', { at: formatDateTime(a.published.at), by: a.published.by, hash: a.published.sha256.slice(0, 16) + '…' })
            : t('stats.assess.draft')}
        </div>
      )}
      {a && rows.length === 0 && <div className="empty">{t('stats.assess.noUnits')}</div>}
      {rows.length > 0 && (
        <table className="stats-table" data-testid="assess-table">
          <thead>
            <tr>
              <th>{t('stats.assess.col.rank')}</th>
              <th>{t('stats.assess.col.unit')}</th>
              <th>{t('stats.assess.col.items')}</th>
              {RATE_NAMES.map((n) => <th key={n}>{t(`stats.rate.${n}`)}</th>)}
              <th>{t('stats.assess.col.score')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.unitId} className="stats-row-link" onClick={() => setOpen(u)} data-testid={`assess-row-${u.unitId}`}>
                <td>{u.rank ?? '—'}</td>
                <td>{u.name}</td>
                <td>{u.items}</td>
                {RATE_NAMES.map((n) => <td key={n} title={`${u.rates[n].num} / ${u.rates[n].den}`}>{pct(u.rates[n])}</td>)}
                <td className="stats-score">{u.score ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && a && <ItemsDrawer token={token} period={a.period} unit={open} onClose={() => setOpen(null)} />}
    </div>
  );
}

function ItemsDrawer({ token, period, unit, onClose }: { token: string; period: string; unit: AssessedUnit; onClose: () => void }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<AssessedItem[] | null>(null);
  useEffect(() => {
    api<AssessedItem[]>(`/api/assessment/${period}/items?unitId=${unit.unitId}`, { token }).then(setItems, () => setItems([]));
  }, [period, unit.unitId, token]);
  const ok = (v: boolean | null) => (v === null ? <span className="muted">{t('stats.assess.flag.none')}</span> : v ? <span className="tone-ok">{t('stats.assess.flag.ok')}</span> : <span className="tone-bad">{t('stats.assess.flag.late')}</span>);
  return (
    <div className="stats-drawer" role="dialog" data-testid="assess-items">
      <div className="stats-drawer-head">
        <b>{t('stats.assess.items', { unit: unit.name, period })}</b>
        <button type="button" className="btn btn-sm" onClick={onClose}>{t('stats.assess.close')}</button>
      </div>
      <table className="stats-table">
        <thead>
          <tr>
            {(['kind', 'code', 'title', 'created', 'sign', 'done', 'closed', 'satisfied'] as const).map((c) => <th key={c}>{t(`stats.assess.itemCol.${c}`)}</th>)}
          </tr>
        </thead>
        <tbody>
          {(items ?? []).map((i) => (
            <tr key={`${i.kind}:${i.itemId}`} data-testid="assess-item">
              <td>{t(`stats.kinds.${i.kind}`)}</td>
              <td className="mono">{i.code}</td>
              <td>{i.title}{i.flags.merged ? ` · ${t('stats.assess.flag.merged')}` : ''}</td>
              <td>{i.createdAt ? formatDateTime(i.createdAt) : ''}</td>
              <td>{ok(i.flags.signOk)}</td>
              <td>{ok(i.flags.doneOk)}</td>
              <td>{i.flags.closed === null ? '—' : i.flags.closed ? <span className="tone-ok">{t('stats.assess.flag.closed')}</span> : <span className="tone-bad">{t('stats.assess.flag.open')}</span>}</td>
              <td>{i.flags.satisfied === null ? '—' : i.flags.satisfied ? <span className="tone-ok">{t('stats.assess.flag.sat')}</span> : <span className="tone-bad">{t('stats.assess.flag.unsat')}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
