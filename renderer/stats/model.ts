// The 统计 view's pure parts: period presets in Asia/Shanghai days, and the chart options built from a report.
import type { KindStats, Ratio, StatKind, StatsReport } from '../../protocol/index.ts';
import { baseOption, type ChartOption } from './chart.tsx';

const DAY = 86_400_000;
const SH = 8 * 3_600_000;
const key = (d: Date) => d.toISOString().slice(0, 10);
/** A date whose UTC fields are the Shanghai calendar fields of `t`. */
const shanghai = (t: number) => new Date(t + SH);

export type Preset = 'thisMonth' | 'lastMonth' | 'last30' | 'thisQuarter' | 'thisYear';
export const PRESETS: Preset[] = ['thisMonth', 'lastMonth', 'last30', 'thisQuarter', 'thisYear'];

/** Inclusive Shanghai days of a preset period at `now`. */
export function presetRange(p: Preset, now: number): { from: string; to: string } {
  const d = shanghai(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const today = key(d);
  switch (p) {
    case 'thisMonth':
      return { from: key(new Date(Date.UTC(y, m, 1))), to: today };
    case 'lastMonth':
      return { from: key(new Date(Date.UTC(y, m - 1, 1))), to: key(new Date(Date.UTC(y, m, 0))) };
    case 'last30':
      return { from: key(shanghai(now - 29 * DAY)), to: today };
    case 'thisQuarter':
      return { from: key(new Date(Date.UTC(y, m - (m % 3), 1))), to: today };
    case 'thisYear':
      return { from: key(new Date(Date.UTC(y, 0, 1))), to: today };
  }
}

/** The month just ended, as a 考核 period key. */
export function lastMonthKey(now: number): string {
  const d = shanghai(now);
  const prev = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1));
  return prev.toISOString().slice(0, 7);
}

export const pct = (r: Ratio) => (r.value === null ? '—' : `${(r.value * 100).toFixed(1)}%`);
export const minutes = (ms: number | null) => (ms === null ? '—' : (ms / 60_000).toFixed(1));

export const KIND_COLORS: Record<StatKind, string> = { incident: '#4aa3ff', alert: '#e6a23c', order: '#3fb96b', dispute: '#c07adf' };

export function trendOption(r: StatsReport, kinds: readonly StatKind[], names: (k: StatKind) => string, scale = 1): ChartOption {
  const days = r.kinds.incident.trend.map((t) => t.day.slice(5));
  return {
    ...baseOption(scale),
    xAxis: { type: 'category', data: days, axisLabel: { fontSize: 13 * scale } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 13 * scale } },
    series: kinds.map((k) => ({
      name: names(k), type: 'line', data: r.kinds[k].trend.map((t) => t.n), symbolSize: 6 * scale, lineStyle: { width: 3 * scale }, color: KIND_COLORS[k],
    })),
  };
}

export function barOption(counts: KindStats['byCategory'], color: string, scale = 1): ChartOption {
  const rows = [...counts].reverse();
  return {
    ...baseOption(scale),
    tooltip: { trigger: 'item' },
    legend: { show: false },
    grid: { left: 8, right: 48 * scale, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 13 * scale } },
    yAxis: { type: 'category', data: rows.map((c) => c.label), axisLabel: { fontSize: 14 * scale } },
    series: [{ type: 'bar', data: rows.map((c) => c.n), color, barMaxWidth: 28 * scale, label: { show: true, position: 'right', fontSize: 14 * scale, color: '#d9e2ef' } }],
  };
}

export function pieOption(counts: KindStats['byChannel'], scale = 1): ChartOption {
  return {
    ...baseOption(scale),
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, top: 'auto', textStyle: { fontSize: 14 * scale, color: '#c9d4e3' } },
    series: [{
      type: 'pie', radius: ['35%', '65%'], center: ['50%', '45%'], data: counts.map((c) => ({ name: c.label, value: c.n })),
      label: { fontSize: 14 * scale, color: '#d9e2ef', formatter: '{b}\n{c}' },
    }],
  };
}

export const sum = (xs: readonly { n: number }[]) => xs.reduce((s, x) => s + x.n, 0);
