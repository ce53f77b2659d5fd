// 批量发放临时密码: the administrator picks a unit (and whether its sub-units come too); the server issues a one-time
// password to every account there that has none yet (imported people) and answers the list once. The list is shown as a
// print sheet — name, unit, grid, login, one-time password, a column to sign — and is gone when closed: nothing keeps it.
import { useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { apiError, STATIONING_LABELS, type AdminUnit, type ApiError, type BatchPasswordsResult } from '../../protocol/index.ts';
import { useErrorText, useLabel } from '../i18n/index.ts';
import { RequestError } from '../net/http.ts';
import { issueBatchPasswords } from './api.ts';

const asApiError = (err: unknown): ApiError => (err instanceof RequestError && err.apiError ? err.apiError : apiError('INTERNAL'));

/** Units in tree order (county, its departments and townships, each township followed by its villages), indented. */
function treeOrder(units: AdminUnit[]): { unit: AdminUnit; depth: number }[] {
  const children = new Map<number | null, AdminUnit[]>();
  for (const u of units) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  const known = new Set(units.map((u) => u.id));
  const rank = { city: 0, county: 1, department: 2, township: 3, village: 4 } as Record<string, number>;
  const out: { unit: AdminUnit; depth: number }[] = [];
  const walk = (u: AdminUnit, depth: number) => {
    out.push({ unit: u, depth });
    for (const c of [...(children.get(u.id) ?? [])].sort((a, b) => (rank[a.level] ?? 9) - (rank[b.level] ?? 9) || a.code.localeCompare(b.code))) walk(c, depth + 1);
  };
  for (const root of units.filter((u) => u.parentId === null || !known.has(u.parentId))) walk(root, 0);
  return out;
}

export function BatchPasswordsDialog({ token, units, onClose }: { token: string; units: AdminUnit[]; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const errText = useErrorText();
  const ordered = useMemo(() => treeOrder(units), [units]);
  const [centreId, setCentreId] = useState<number | ''>('');
  const [sub, setSub] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [list, setList] = useState<(BatchPasswordsResult & { at: Date }) | null>(null);

  const generate = async () => {
    if (centreId === '' || busy) return;
    const name = units.find((u) => u.id === centreId)?.name ?? '';
    if (!window.confirm(t('users.batchConfirm', { name, sub: sub ? t('users.batchWithSub') : '' }))) return;
    setBusy(true);
    setError(null);
    try {
      setList({ ...(await issueBatchPasswords(token, { centreId, includeSubunits: sub })), at: new Date() });
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  if (list) return <PrintSheet list={list} onClose={onClose} />;
  return (
    <div className="users-modal-backdrop">
      <div className="users-modal" role="dialog" aria-modal="true" aria-label={t('users.batchTitle')} data-testid="batch-dialog">
        <div className="users-modal-head">{t('users.batchTitle')}</div>
        <div className="users-modal-body">
          <div className="users-note">{t('users.batchNote')}</div>
          {error && (
            <div className="form-error" role="alert" data-testid="batch-error" data-code={error.code}>
              {errText(error)}
            </div>
          )}
          <div className="field">
            <label htmlFor="batch-unit">{t('users.unit')}</label>
            <select id="batch-unit" className="select" data-testid="batch-unit" value={centreId} onChange={(e) => setCentreId(e.target.value ? Number(e.target.value) : '')}>
              <option value="">{t('users.pickUnit')}</option>
              {ordered.map(({ unit: u, depth }) => (
                <option key={u.id} value={u.id}>
                  {'　'.repeat(depth)}
                  {u.name}
                  {u.stationing ? `（${label(STATIONING_LABELS[u.stationing])}）` : ''}
                </option>
              ))}
            </select>
          </div>
          <label className="users-check">
            <input type="checkbox" data-testid="batch-sub" checked={sub} onChange={(e) => setSub(e.target.checked)} /> {t('users.batchWithSub')}
          </label>
          <div className="users-modal-foot">
            <button type="button" className="btn" onClick={onClose} disabled={busy}>
              {t('users.cancel')}
            </button>
            <button type="button" className="btn btn-primary" data-testid="batch-generate" disabled={centreId === '' || busy} onClick={() => void generate()}>
              {busy ? t('users.batchBusy') : t('users.batchGenerate')}
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}

/** The list, once: on screen as a sheet over the console, and alone on paper (users.css hides the rest when printing). */
function PrintSheet({ list, onClose }: { list: BatchPasswordsResult & { at: Date }; onClose: () => void }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.body.classList.add('printing-otp');
    return () => document.body.classList.remove('printing-otp');
  }, []);
  const close = () => {
    if (list.issued.length === 0 || window.confirm(t('users.batchCloseAsk'))) onClose();
  };
  const stamp = list.at.toLocaleString('zh-CN', { hour12: false });
  return createPortal(
    <div className="otp-sheet" role="dialog" aria-modal="true" aria-label={t('users.batchSheetTitle')} data-testid="batch-sheet">
      <div className="otp-sheet-bar no-print">
        <span>{t('users.batchShownOnce')}</span>
        <button type="button" className="btn btn-primary" data-testid="batch-print" disabled={list.issued.length === 0} onClick={() => window.print()}>
          {t('users.batchPrint')}
        </button>
        <button type="button" className="btn" data-testid="batch-close" onClick={close}>
          {t('users.close')}
        </button>
      </div>
      <h1>{t('users.batchSheetTitle')}</h1>
      <div className="otp-sheet-meta">
        {list.unitName}
        {list.includeSubunits ? `（${t('users.batchWithSub')}）` : ''} · {t('users.batchCount', { n: list.issued.length })} · {stamp}
      </div>
      {list.issued.length === 0 ? (
        <div className="empty" data-testid="batch-empty">
          {t('users.batchNone')}
        </div>
      ) : (
        <table className="otp-table" data-testid="batch-list">
          <thead>
            <tr>
              <th>{t('users.batchNo')}</th>
              <th>{t('users.name')}</th>
              <th>{t('users.unit')}</th>
              <th>{t('users.batchGrid')}</th>
              <th>{t('users.batchLogin')}</th>
              <th>{t('users.otpTitle')}</th>
              <th>{t('users.batchSign')}</th>
            </tr>
          </thead>
          <tbody>
            {list.issued.map((i, k) => (
              <tr key={i.userId} data-testid={`batch-row-${i.username}`}>
                <td>{k + 1}</td>
                <td>{i.name}</td>
                <td>{i.unitName}</td>
                <td>{i.gridName ?? ''}</td>
                <td className="mono">{i.username}</td>
                <td className="mono otp" data-testid="batch-otp">
                  {i.oneTimePassword}
                </td>
                <td />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="otp-sheet-foot">{t('users.batchFoot')}</p>
    </div>,
    document.body,
  );
}
