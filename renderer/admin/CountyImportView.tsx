// 管理 · 区划导入 (administrators): choose the files, check them (every problem by file and row or feature), and only
// then confirm the import. Nothing is written until 确认导入, and not at all while any problem is listed.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COORDINATE_SYSTEMS, IMPORT_PROBLEMS, type CoordinateSystem, type ImportProblem, type ImportResult } from '../../protocol/countyImport.ts';
import type { ApiError } from '../../protocol/index.ts';
import { useLabel } from '../i18n/index.ts';
import type { Session } from '../session/sessionSlice.ts';
import './admin.css';

interface Picked { file: File; crs: CoordinateSystem | '' }
type Phase = 'idle' | 'checking' | 'committing';

const isGeo = (name: string) => /\.(geo)?json$|\.zip$/i.test(name);

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function CountyImportView({ session }: { session: Session }) {
  const { t } = useTranslation();
  const label = useLabel();
  const [picked, setPicked] = useState<Picked[]>([]);
  const [phase, setPhase] = useState<Phase>('idle');
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const send = async (action: 'check' | 'commit') => {
    setPhase(action === 'check' ? 'checking' : 'committing');
    setError(null);
    try {
      const files = await Promise.all(picked.map(async (p) => ({ name: p.file.name, data: await toBase64(p.file) })));
      const crs = Object.fromEntries(picked.filter((p) => p.crs).map((p) => [p.file.name, p.crs]));
      const res = await fetch(`/api/admin/import/${action}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ files, crs }),
      });
      const body = (await res.json()) as ImportResult | (ApiError & { problems?: ImportProblem[] });
      if ('committed' in body) setResult(body);
      else {
        setError(body);
        if (body.problems) setResult({ committed: false, problems: body.problems, summary: result?.summary ?? emptySummary });
      }
    } catch {
      setError({ code: 'INTERNAL', message: t('common.error'), messageEn: t('common.error') });
    } finally {
      setPhase('idle');
    }
  };

  const where = (p: ImportProblem) => (p.kind === 'row' ? t('countyImport.row', { n: p.n }) : p.kind === 'feature' ? t('countyImport.feature', { n: p.n }) : t('countyImport.wholeFile'));
  const s = result?.summary;
  const clean = result !== null && result.problems.length === 0;

  return (
    <div className="body county-import" data-testid="county-import">
      <main className="main" style={{ padding: 12, overflow: 'auto' }}>
        <div className="panel-head">
          <span>{t('countyImport.title')}</span>
        </div>
        <p style={{ color: 'var(--muted)', margin: '8px 0' }}>{t('countyImport.hint')}</p>
        <label className="btn">
          {t('countyImport.choose')}
          <input
            type="file"
            multiple
            hidden
            accept=".geojson,.json,.zip,.csv,.xlsx"
            data-testid="import-files"
            onChange={(e) => {
              setPicked([...(e.target.files ?? [])].map((file) => ({ file, crs: '' })));
              setResult(null);
              setError(null);
            }}
          />
        </label>
        {picked.length > 0 && (
          <table className="import-table">
            <tbody>
              {picked.map((p, i) => (
                <tr key={p.file.name}>
                  <td>{p.file.name}</td>
                  <td>
                    {isGeo(p.file.name) && (
                      <label>
                        {t('countyImport.crs')}{' '}
                        <select
                          value={p.crs}
                          data-testid={`crs-${p.file.name}`}
                          onChange={(e) => {
                            const next = [...picked];
                            next[i] = { ...p, crs: e.target.value as CoordinateSystem | '' };
                            setPicked(next);
                            setResult(null);
                          }}
                        >
                          <option value="">{t('countyImport.crsFromFile')}</option>
                          {COORDINATE_SYSTEMS.map((c) => (
                            <option key={c} value={c}>
                              {t(`countyImport.crsNames.${c}`)}
                            </option>
                          ))}
                        </select>
                      </label>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div style={{ display: 'flex', gap: 8, margin: '8px 0' }}>
          <button className="btn" disabled={!picked.length || phase !== 'idle'} onClick={() => void send('check')} data-testid="import-check">
            {phase === 'checking' ? t('countyImport.checking') : t('countyImport.check')}
          </button>
          <button
            className="btn btn-primary"
            disabled={!clean || result?.committed || phase !== 'idle'}
            data-testid="import-commit"
            onClick={() => {
              const retiring = result?.summary.unitsRetired ?? [];
              const ask = retiring.length ? `${t('countyImport.confirmAsk')}\n${t('countyImport.confirmRetire', { n: retiring.length, names: retiring.map((u) => u.name).join('、') })}` : t('countyImport.confirmAsk');
              if (confirm(ask)) void send('commit');
            }}
          >
            {phase === 'committing' ? t('countyImport.committing') : t('countyImport.confirm')}
          </button>
        </div>
        {error && (
          <div role="alert" style={{ color: 'var(--bad)' }}>
            {label([error.message, error.messageEn])}
          </div>
        )}
        {result && (
          <div data-testid="import-result">
            <div role="status" style={{ color: result.problems.length ? 'var(--bad)' : 'var(--ok)', fontWeight: 600, margin: '6px 0' }}>
              {result.committed ? `✓ ${t('countyImport.done')}` : result.problems.length ? `✕ ${t('countyImport.problems', { n: result.problems.length })}` : `✓ ${t('countyImport.clean')}`}
            </div>
            {s && result.problems.length === 0 && (
              <div data-testid="import-summary">
                {t('countyImport.summary', { county: s.county ?? t('countyImport.noCounty'), townships: s.townships, villages: s.villages, grids: s.grids, departments: s.departments, people: s.people, retired: s.gridsRetired })}
                {s.unitsRetired.length > 0 && (
                  <div data-testid="import-retiring" style={{ color: 'var(--warn)', marginTop: 4 }}>
                    {t('countyImport.retiring', { names: s.unitsRetired.map((u) => `${u.name}（${t(`countyImport.level.${u.level}`)}${u.accounts ? t('countyImport.accounts', { n: u.accounts }) : ''}）`).join('、') })}
                  </div>
                )}
              </div>
            )}
            {result.problems.length > 0 && (
              <table className="import-table" data-testid="import-problems">
                <thead>
                  <tr>
                    <th>{t('countyImport.col.file')}</th>
                    <th>{t('countyImport.col.where')}</th>
                    <th>{t('countyImport.col.problem')}</th>
                    <th>{t('countyImport.col.detail')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.problems.map((p, i) => (
                    <tr key={i} data-code={p.code}>
                      <td>{p.file}</td>
                      <td>{where(p)}</td>
                      <td>{label(IMPORT_PROBLEMS[p.code])}</td>
                      <td>{p.detail}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        )}
      </main>
    </div>
  );
}

const emptySummary = { county: null, townships: 0, villages: 0, grids: 0, people: 0, departments: 0, gridsRetired: 0, unitsRetired: [] };
