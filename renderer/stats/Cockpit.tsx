// The big screen (驾驶舱, `/cockpit`): the county at a glance on a wall display — today's live figures, the month's
// rates, the map of open incidents, the latest high-risk items and the townships' readiness. Everything live comes from
// the stream (the same slices the console keeps); the month's figures are fetched again when the stream says something
// changed. Sized in viewport units, so it reads the same at 1920×1080 and 3840×2160.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Centre, RATE_NAMES, type Incident, type StatsReport } from '../../protocol/index.ts';
import { api } from '../net/http.ts';
import type { Session } from '../session/sessionSlice.ts';
import { useStore } from '../store.ts';
import { onStreamEvent } from '../stream/bus.ts';
import { Clock } from '../ui/Clock.tsx';
import { useNow } from '../ui/useNow.ts';
import { formatTime } from '../ui/time.ts';
import { buildBoard } from '../wartime/board.ts';
import { reportDueAt } from '../wartime/model.ts';
import { Chart, echarts, type ChartOption } from './chart.tsx';
import { pct, presetRange, trendOption } from './model.ts';
import './i18n.ts';
import './stats.css';
import './cockpit.css';

const OPEN = new Set(['reported', 'accepted', 'assigned', 'handling', 'returned']);
const DAY = 86_400_000;
const SH = 8 * 3_600_000;
/** Refetching the month's figures waits this long after the last change, so a burst of reports costs one query. */
const REFRESH_MS = 1500;

const isHighRisk = (i: Incident) => OPEN.has(i.state) && (i.priority === 'complex' || i.overdue);

export function Cockpit({ session }: { session: Session }) {
  const { t } = useTranslation();
  const { token, user } = session;
  const now = useNow(30_000);
  const incidents = useStore((s) => s.incidents);
  const alerts = useStore((s) => s.alerts);
  const wartime = useStore((s) => s.wartime);
  const centres = useStore((s) => s.centres);
  const setCentres = useStore((s) => s.setCentres);
  const conn = useStore((s) => s.conn);
  const [month, setMonth] = useState<StatsReport | null>(null);
  const [areas, setAreas] = useState<boolean>(false);

  useEffect(() => {
    document.title = t('stats.screen.title', { county: user.centreName });
  }, [t, user.centreName]);

  useEffect(() => {
    if (centres) return;
    api<unknown>('/api/centres', { token }).then((b) => {
      const p = Centre.array().safeParse(b);
      if (p.success) setCentres(p.data);
    }, () => {});
  }, [centres, setCentres, token]);

  // The county's outlines for the map, registered once with ECharts (from this server; nothing else is fetched).
  useEffect(() => {
    api<{ type: 'FeatureCollection'; features: { geometry: { type: string }; properties: { level: string; name: string } }[] }>('/api/map/areas.geojson', { token }).then((g) => {
      const features = g.features.filter((f) => f.geometry.type === 'Polygon' && f.properties.level === 'township');
      echarts.registerMap('county', { type: 'FeatureCollection', features } as never);
      setAreas(true);
    }, () => {});
  }, [token]);

  // The month's figures: at start, then again shortly after the stream reports a change.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    const range = presetRange('thisMonth', Date.now());
    const load = () => void api<StatsReport>(`/api/stats?from=${range.from}&to=${range.to}`, { token }).then(setMonth, () => {});
    load();
    const soon = () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(load, REFRESH_MS);
    };
    const offs = [onStreamEvent('incident.updated', soon), onStreamEvent('alert.new', soon), onStreamEvent('alert.status', soon)];
    return () => {
      offs.forEach((off) => off());
      if (timer.current) clearTimeout(timer.current);
    };
  }, [token]);

  const todayStart = Math.floor((now + SH) / DAY) * DAY - SH;
  const live = useMemo(() => {
    const list = Object.values(incidents);
    const alertList = Object.values(alerts);
    const unsigned = alertList.reduce((s, a) => s + a.recipients.filter((r) => r.state === 'pending' || r.state === 'delivered').length, 0);
    return {
      today: list.filter((i) => i.reportedAt >= todayStart).length,
      open: list.filter((i) => OPEN.has(i.state)).length,
      overdue: list.filter((i) => OPEN.has(i.state) && i.overdue).length,
      highRisk: list.filter(isHighRisk).length,
      alertsToday: alertList.filter((a) => a.raisedAt >= todayStart).length,
      unsigned,
      ordersToday: Object.values(wartime.orders).filter((o) => o.issuedAt >= todayStart).length,
    };
  }, [incidents, alerts, wartime.orders, todayStart]);

  const risks = useMemo(() => {
    const items: { key: string; at: number; level: string; text: string; where: string }[] = [];
    for (const i of Object.values(incidents)) if (isHighRisk(i)) items.push({ key: `i${i.id}`, at: i.reportedAt, level: i.overdue ? 'overdue' : 'complex', text: `${i.code} ${i.description}`, where: i.gridName ?? i.holderCentreName });
    for (const a of Object.values(alerts)) if (a.level === 'red') items.push({ key: `a${a.id}`, at: a.raisedAt, level: 'red', text: a.title, where: '' });
    for (const o of Object.values(wartime.orders)) if (o.priority === 'urgent') items.push({ key: `o${o.id}`, at: o.issuedAt, level: 'urgent', text: `${o.code} ${o.title}`, where: '' });
    return items.sort((a, b) => b.at - a.at).slice(0, 8);
  }, [incidents, alerts, wartime.orders]);

  const board = useMemo(() => {
    const today = wartime.today ?? '';
    const due = today && wartime.state?.mode === 'wartime' ? reportDueAt(today, wartime.state?.dailyReportDue ?? '17:00') : Number.POSITIVE_INFINITY;
    return buildBoard({ cache: wartime, centres: centres ?? [], now, reportDueAt: due, today });
  }, [wartime, centres, now]);

  const mapOption = useMemo((): ChartOption | null => {
    if (!areas) return null;
    const points = Object.values(incidents).filter((i) => OPEN.has(i.state) && i.reportedAt >= now - 30 * DAY);
    return {
      backgroundColor: 'transparent',
      animation: false,
      geo: {
        map: 'county', roam: false, layoutSize: '96%', itemStyle: { areaColor: '#122035', borderColor: '#3d5a80', borderWidth: 1.5 },
        label: { show: true, color: '#8fa3bf', fontSize: Math.round(window.innerHeight / 75) }, emphasis: { disabled: true },
      },
      series: [{
        type: 'scatter', coordinateSystem: 'geo', symbolSize: Math.round(window.innerHeight / 110),
        data: points.map((i) => ({ value: [i.lon, i.lat], itemStyle: { color: isHighRisk(i) ? '#f0524f' : '#4aa3ff' } })),
      }],
    };
  }, [areas, incidents, now]);

  const trend = useMemo(() => (month ? trendOption(month, ['incident', 'alert', 'order', 'dispute'], (k) => t(`stats.kinds.${k}`), window.innerHeight / 900) : null), [month, t]);
  const wartimeOn = wartime.state?.mode === 'wartime';

  return (
    <div className="cockpit" data-testid="cockpit" data-conn={conn}>
      <header className="ck-head">
        <h1>{t('stats.screen.title', { county: user.centreName })}</h1>
        <span className={`ck-mode ${wartimeOn ? 'war' : ''}`} data-testid="cockpit-mode">{wartimeOn ? t('stats.screen.wartime') : t('stats.screen.peacetime')}</span>
        <span className="ck-clock"><Clock /></span>
        {conn !== 'connected' && <span className="ck-conn">{t(`conn.${conn}`)}</span>}
      </header>
      <section className="ck-left">
        <h2>{t('stats.screen.today')}</h2>
        <div className="ck-kpis">
          <Kpi label={t('stats.screen.incidents')} value={live.today} testId="cockpit-today-incidents" />
          <Kpi label={t('stats.screen.open')} value={live.open} testId="cockpit-open" />
          <Kpi label={t('stats.screen.overdue')} value={live.overdue} tone={live.overdue ? 'bad' : undefined} testId="cockpit-overdue" />
          <Kpi label={t('stats.screen.highRisk')} value={live.highRisk} tone={live.highRisk ? 'bad' : undefined} testId="cockpit-high-risk" />
          <Kpi label={t('stats.screen.alerts')} value={live.alertsToday} testId="cockpit-today-alerts" />
          <Kpi label={t('stats.screen.orders')} value={live.ordersToday} testId="cockpit-today-orders" />
        </div>
        <h2>{t('stats.screen.month')}</h2>
        <table className="ck-rates" data-testid="cockpit-month">
          <tbody>
            <tr>
              <th>{t('stats.screen.incidents')}</th>
              <td data-testid="cockpit-month-incidents">{month?.kinds.incident.total ?? '—'}</td>
            </tr>
            {RATE_NAMES.map((n) => (
              <tr key={n}>
                <th>{t(`stats.rate.${n}`)}</th>
                <td>{month ? pct(n === 'signTimely' ? month.kinds.alert.rates[n] : month.kinds.incident.rates[n]) : '—'}</td>
              </tr>
            ))}
            <tr>
              <th>{t('stats.screen.disputes')}</th>
              <td data-testid="cockpit-month-disputes">{month?.kinds.dispute.total ?? '—'}</td>
            </tr>
            <tr>
              <th>{t('stats.screen.disputeResolved')}</th>
              <td data-testid="cockpit-month-dispute-resolved">{month ? pct(month.kinds.dispute.rates.resolved) : '—'}</td>
            </tr>
          </tbody>
        </table>
      </section>
      <section className="ck-map">
        <h2>{t('stats.screen.map')}</h2>
        {mapOption && <Chart option={mapOption} testId="cockpit-map" height="100%" className="ck-chart" />}
      </section>
      <section className="ck-right">
        <h2>{t('stats.screen.latestRisk')}</h2>
        <ol className="ck-risks" data-testid="cockpit-risks">
          {risks.length === 0 && <li className="muted">{t('stats.screen.noRisk')}</li>}
          {risks.map((r) => (
            <li key={r.key} data-level={r.level} data-testid="cockpit-risk">
              <span className="ck-risk-time">{formatTime(r.at).slice(0, 5)}</span>
              <span className="ck-risk-text">{r.text}</span>
              {r.where && <span className="ck-risk-where">{r.where}</span>}
            </li>
          ))}
        </ol>
        <h2>{t('stats.screen.readiness')}</h2>
        <div className="ck-board" data-testid="cockpit-board">
          {board.map((tile) => (
            <div key={tile.centreId} className="ck-tile" data-tone={tile.tone}>
              <b>{tile.name}</b>
              <span>{tile.online ? t('stats.screen.online') : t('stats.screen.offline')}</span>
              {tile.reasons.filter((r) => r !== 'offline' && r !== 'neverOnline').slice(0, 1).map((r) => <span key={r} className="ck-reason">{t(`wartime.board.reasons.${r}`)}</span>)}
            </div>
          ))}
        </div>
      </section>
      <section className="ck-bottom">
        {trend && <Chart option={trend} testId="cockpit-trend" height="100%" className="ck-chart" />}
      </section>
    </div>
  );
}

function Kpi({ label, value, tone, testId }: { label: string; value: number; tone?: 'bad'; testId: string }) {
  return (
    <div className="ck-kpi" data-tone={tone}>
      <span className="ck-kpi-value" data-testid={testId}>{value}</span>
      <span className="ck-kpi-label">{label}</span>
    </div>
  );
}

