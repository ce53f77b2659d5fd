// 一日一报 at the county: today's reports (in, late, missing, chased), the day's analysis (研判) and the special report (专报).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../protocol/index.ts';
import { useErrorText } from '../i18n/index.ts';
import { useStore } from '../store.ts';
import { formatDateTime, formatTime } from '../ui/time.ts';
import { writeAnalysis } from './actions.ts';
import { boardTownships } from './board.ts';

export function DailyPanel() {
  const { t } = useTranslation();
  const errText = useErrorText();
  const w = useStore((s) => s.wartime);
  const centres = useStore((s) => s.centres);
  const token = useStore((s) => s.session?.token ?? '');
  const townships = boardTownships(w, centres ?? []);
  const [text, setText] = useState('');
  const [dirty, setDirty] = useState(false);
  const [msg, setMsg] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!dirty) setText(w.analysis?.text ?? '');
  }, [w.analysis, dirty]);
  const today = w.today ?? '';
  const chased = w.chase && w.chase.date === today ? w.chase : null;

  async function download() {
    setBusy(true);
    setMsg(null);
    try {
      const res = await fetch(`/api/wartime/special-report.pdf?date=${today}`, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `专报-${today}.pdf`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      setMsg(String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="wt-daily">
      <section>
        <div className="panel-head">
          <span>{t('wartime.daily.reports', { n: townships.filter((c) => w.reports[c.id]).length, t: townships.length })}</span>
          {chased && <span className="stats">{t('wartime.daily.chased', { time: formatTime(chased.at).slice(0, 5) })}</span>}
        </div>
        <table className="wt-table" data-testid="daily-reports">
          <thead>
            <tr>
              <th>{t('wartime.risks.township')}</th>
              <th>{t('wartime.board.report')}</th>
              <th className="n">{t('wartime.daily.risksChecked')}</th>
              <th className="n">{t('wartime.daily.disputesResolved')}</th>
              <th>{t('wartime.township.summary')}</th>
              <th>{t('wartime.daily.needsCounty')}</th>
            </tr>
          </thead>
          <tbody>
            {townships.map((c) => {
              const r = w.reports[c.id];
              return (
                <tr key={c.id} data-centre-id={c.id} data-in={Boolean(r)}>
                  <td>{c.name}</td>
                  <td className="num">
                    {r ? (
                      <span className={r.late ? 'warn-text' : 'ok-text'}>
                        {formatTime(r.submittedAt).slice(0, 5)}
                        {r.late && ` ${t('wartime.daily.late')}`}
                      </span>
                    ) : (
                      <span className="bad-text">{t('wartime.daily.missing')}</span>
                    )}
                  </td>
                  <td className="n num">{r?.risksChecked ?? '—'}</td>
                  <td className="n num">{r?.disputesResolved ?? '—'}</td>
                  <td className="wrap">{r?.summary ?? ''}</td>
                  <td className="wrap">{r?.needsCounty ?? ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <section className="wt-analysis">
        <div className="panel-head">
          <span>{t('wartime.daily.analysis')}</span>
          {w.analysis && <span className="stats">{t('wartime.daily.savedBy', { name: w.analysis.writtenBy.name, time: formatDateTime(w.analysis.writtenAt) })}</span>}
        </div>
        <div className="panel-body">
          <textarea
            className="textarea"
            rows={5}
            data-testid="analysis-text"
            placeholder={t('wartime.daily.analysisPlaceholder')}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setDirty(true);
            }}
          />
          <div className="wt-actions">
            <button
              type="button"
              className="btn btn-primary btn-sm"
              data-testid="analysis-save"
              disabled={!text.trim() || !today}
              onClick={() =>
                void writeAnalysis({ date: today, text: text.trim() }).then((r) => {
                  if (r.ok) setDirty(false);
                  else setMsg(errText(r.error as ApiError));
                })
              }
            >
              {t('wartime.daily.saveAnalysis')}
            </button>
          </div>
        </div>
        <div className="panel-head">
          <span>{t('wartime.daily.special')}</span>
        </div>
        <div className="panel-body">
          <p className="muted wt-hint" style={{ marginTop: 0 }}>
            {t('wartime.daily.specialHint')}
          </p>
          {msg && <div className="form-error">{msg}</div>}
          <button type="button" className="btn" data-testid="special-report" disabled={busy || !today} onClick={() => void download()}>
            {busy ? t('wartime.daily.downloading') : t('wartime.daily.download')}
          </button>
        </div>
      </section>
    </div>
  );
}
