// 统计研判: a period and an area, then for incidents, alerts and orders the totals, the rates (defined on the server in
// app/domain/stats.ts), response times, and four charts — by day, by category, by area, by channel. Every number is
// exportable (xlsx from the server), the page prints, and the heat map opens the map on the same period.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Centre, RATE_NAMES, STAT_KINDS, type ApiError, type StatKind, type StatsReport } from '../../protocol/index.ts';
import { api, RequestError } from '../net/http.ts';
import { fetchBlobUrl } from '../incidents/api.ts';
import type { Session } from '../session/sessionSlice.ts';
import { useStore } from '../store.ts';
import { formatDateTime } from '../ui/time.ts';
import { Chart } from './chart.tsx';
import { KIND_COLORS, PRESETS, barOption, minutes, pct, pieOption, presetRange, sum, trendOption, type Preset } from './model.ts';
import { AssessmentPanel } from './AssessmentPanel.tsx';
import './i18n.ts';
import './stats.css';

const DAY = 86_400_000;

export function StatsView({ session }: { session: Session }) {
  const { t } = useTranslation();
  const { user, token } = session;
  const county = user.centreLevel === 'county';
  const [tab, setTab] = useState<'figures' | 'assess'>('figures');
  return (
    <div className="stats-view" data-testid="stats-view">
      {county && (
        <div className="stats-tabs no-print" role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'figures'} className="stats-tab" onClick={() => setTab('figures')} data-testid="stats-tab-figures">
            {t('stats.tab')}
          </button>
          <button type="button" role="tab" aria-selected={tab === 'assess'} className="stats-tab" onClick={() => setTab('assess')} data-testid="stats-tab-assess">
            {t('stats.assess.tab')}
          </button>
        </div>
      )}
      {tab === 'figures' ? <Figures token={token} county={county} /> : <AssessmentPanel token={token} canPublish={user.role === 'commander'} />}
    </div>
  );
}

function useTownships(token: string) {
  const centres = useStore((s) => s.centres);
  const setCentres = useStore((s) => s.setCentres);
  useEffect(() => {
    if (centres) return;
    const ctl = new AbortController();
    api<unknown>('/api/centres', { token, signal: ctl.signal }).then((b) => {
      const parsed = Centre.array().safeParse(b);
      if (parsed.success) setCentres(parsed.data);
    }, () => {});
    return () => ctl.abort();
  }, [centres, setCentres, token]);
  return useMemo(() => (centres ?? []).filter((c) => c.level === 'township'), [centres]);
}

function Figures({ token, county }: { token: string; county: boolean }) {
  const { t } = useTranslation();
  const townships = useTownships(token);
  const [range, setRange] = useState(() => presetRange('thisMonth', Date.now()));
  const [preset, setPreset] = useState<Preset | null>('thisMonth');
  const [area, setArea] = useState<number | null>(null);
  const [report, setReport] = useState<StatsReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [kind, setKind] = useState<StatKind>('incident');

  const query = useMemo(() => {
    const q = new URLSearchParams({ from: range.from, to: range.to });
    if (area !== null) q.set('townshipId', String(area));
    return q.toString();
  }, [range, area]);

  const load = useCallback(() => {
    setBusy(true);
    setError(null);
    api<StatsReport>(`/api/stats?${query}`, { token }).then(
      (r) => {
        setReport(r);
        setBusy(false);
      },
      (e: unknown) => {
        setError(e instanceof RequestError ? e.apiError : null);
        setBusy(false);
      },
    );
  }, [query, token]);
  useEffect(load, [load]);

  const names = useCallback((k: StatKind) => t(`stats.kinds.${k}`), [t]);
  const options = useMemo(() => {
    if (!report) return null;
    const s = report.kinds[kind];
    return {
      trend: trendOption(report, STAT_KINDS, names),
      category: barOption(s.byCategory, KIND_COLORS[kind]),
      unit: barOption(s.byUnit, KIND_COLORS[kind]),
      channel: pieOption(s.byChannel),
    };
  }, [report, kind, names]);

  const download = async () => {
    const url = await fetchBlobUrl(token, `/api/stats/report.xlsx?${query}`);
    const a = document.createElement('a');
    a.href = url;
    a.download = `统计研判_${range.from}_${range.to}.xlsx`;
    a.click();
    URL.revokeObjectURL(url);
  };

  // The map shows a rolling window; the smallest that covers the period's start, with the heat layer on.
  const openHeatmap = () => {
    const st = useStore.getState();
    const age = Date.now() - Date.parse(`${range.from}T00:00:00+08:00`);
    st.setMapWindow(age <= DAY ? '24h' : age <= 7 * DAY ? '7d' : '30d');
    st.setMapHeatmap(true);
    st.setMapCategory(kind === 'incident' && report && report.kinds.incident.byCategory.length === 1 ? (report.kinds.incident.byCategory[0]?.key ?? null) : null);
    location.hash = '#map';
  };

  return (
    <div className="stats-figures">
      <div className="stats-bar no-print">
        <span className="stats-label">{t('stats.period')}</span>
        <div className="stats-seg" role="radiogroup">
          {PRESETS.map((p) => (
            <button key={p} type="button" role="radio" aria-checked={preset === p} className="stats-seg-btn" data-testid={`stats-preset-${p}`}
              onClick={() => {
                setPreset(p);
                setRange(presetRange(p, Date.now()));
              }}>
              {t(`stats.presets.${p}`)}
            </button>
          ))}
        </div>
        <label className="stats-field">
          {t('stats.from')}
          <input type="date" value={range.from} max={range.to} data-testid="stats-from" onChange={(e) => e.target.value && (setPreset(null), setRange((r) => ({ ...r, from: e.target.value })))} />
        </label>
        <label className="stats-field">
          {t('stats.to')}
          <input type="date" value={range.to} min={range.from} data-testid="stats-to" onChange={(e) => e.target.value && (setPreset(null), setRange((r) => ({ ...r, to: e.target.value })))} />
        </label>
        {county && (
          <label className="stats-field">
            {t('stats.area')}
            <select value={area ?? ''} data-testid="stats-area" onChange={(e) => setArea(e.target.value ? Number(e.target.value) : null)}>
              <option value="">{t('stats.wholeCounty')}</option>
              {townships.map((c) => (
                <option key={c.id} value={c.id}>{c.name}</option>
              ))}
            </select>
          </label>
        )}
        <span className="stats-spacer" />
        <button type="button" className="btn btn-sm" onClick={openHeatmap} data-testid="stats-heatmap">{t('stats.heatmap')}</button>
        <button type="button" className="btn btn-sm" onClick={() => void download()} disabled={!report} data-testid="stats-export">{t('stats.exportXlsx')}</button>
        <button type="button" className="btn btn-sm" onClick={() => window.print()} data-testid="stats-print">{t('stats.print')}</button>
      </div>
      {error && <div className="stats-error" role="alert">{error.message}</div>}
      {busy && !report && <div className="empty">{t('stats.loading')}</div>}
      {report && (
        <>
          <h2 className="stats-title print-only">
            {report.areaName} · {report.from} — {report.to}
          </h2>
          <div className="stats-kpis" data-testid="stats-kpis">
            {STAT_KINDS.map((k) => {
              const s = report.kinds[k];
              return (
                <button type="button" key={k} className="stats-kpi" aria-pressed={kind === k} onClick={() => setKind(k)} data-testid={`stats-kpi-${k}`}>
                  <div className="stats-kpi-head">
                    <span className="stats-kpi-name" style={{ color: KIND_COLORS[k] }}>{t(`stats.kinds.${k}`)}</span>
                    <span className="stats-kpi-total" data-testid={`stats-total-${k}`}>{s.total}</span>
                    <span className="stats-kpi-risk" data-tone={s.highRisk ? 'bad' : undefined}>{t('stats.highRisk')} {s.highRisk}</span>
                  </div>
                  <table className="stats-rates">
                    <tbody>
                      {RATE_NAMES.map((n) => (
                        <tr key={n} data-testid={`stats-rate-${k}-${n}`}>
                          <th>{t(`stats.rate.${n}`)}</th>
                          <td className="stats-rate-value">{pct(s.rates[n])}</td>
                          <td className="stats-rate-hint">{s.rates[n].den ? t('stats.rateHint', s.rates[n]) : t('stats.noData')}</td>
                        </tr>
                      ))}
                      <tr>
                        <th>{t('stats.response')}（{t('stats.median')}）</th>
                        <td className="stats-rate-value" data-testid={`stats-median-${k}`}>{s.response.n ? t('stats.minutes', { m: minutes(s.response.medianMs) }) : '—'}</td>
                        <td className="stats-rate-hint">{s.response.n ? t('stats.responseHint', { p90: minutes(s.response.p90Ms), n: s.response.n }) : t('stats.noData')}</td>
                      </tr>
                    </tbody>
                  </table>
                </button>
              );
            })}
          </div>
          {options && (
            <div className="stats-charts">
              <section className="stats-card stats-card-wide">
                <h3>{t('stats.charts.trend')}</h3>
                <Chart option={options.trend} testId="chart-trend" total={STAT_KINDS.reduce((s, k) => s + sum(report.kinds[k].trend), 0)} height={280} />
              </section>
              <section className="stats-card">
                <h3>{t('stats.charts.category')} · {t(`stats.kinds.${kind}`)}</h3>
                <Chart option={options.category} testId="chart-category" total={sum(report.kinds[kind].byCategory)} />
              </section>
              <section className="stats-card">
                <h3>{t('stats.charts.unit')} · {t(`stats.kinds.${kind}`)}</h3>
                <Chart option={options.unit} testId="chart-unit" total={sum(report.kinds[kind].byUnit)} height={Math.max(260, report.kinds[kind].byUnit.length * 26)} />
              </section>
              <section className="stats-card">
                <h3>{t('stats.charts.channel')} · {t(`stats.kinds.${kind}`)}</h3>
                <Chart option={options.channel} testId="chart-channel" total={sum(report.kinds[kind].byChannel)} />
              </section>
            </div>
          )}
          <div className="stats-foot">{t('stats.computedAt', { t: formatDateTime(report.computedAt) })}</div>
        </>
      )}
    </div>
  );
}
