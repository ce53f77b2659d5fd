// One ECharts chart: tree-shaken imports (only the charts and parts the console draws), the built-in dark theme, the
// Chinese locale, canvas rendering; everything is bundled, nothing is fetched at run time.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, ScatterChart, MapChart } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, ScatterChart, MapChart, GeoComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;
export { echarts };

/** Readable from two metres: large type, thick lines, no decoration. `scale` grows it further for the big screen. */
export function baseOption(scale = 1): ChartOption {
  const fs = Math.round(14 * scale);
  return {
    backgroundColor: 'transparent',
    animation: false,
    textStyle: { fontSize: fs, color: '#c9d4e3' },
    grid: { left: 8 * scale, right: 16 * scale, top: 36 * scale, bottom: 8 * scale, containLabel: true },
    tooltip: { trigger: 'axis', textStyle: { fontSize: fs } },
    legend: { top: 0, textStyle: { fontSize: fs, color: '#c9d4e3' }, itemWidth: 18 * scale, itemHeight: 10 * scale },
  };
}

export function Chart({ option, testId, total, className, height = 260 }: { option: ChartOption; testId: string; total?: number; className?: string; height?: number | string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const el = box.current as HTMLDivElement;
    const c = echarts.init(el, 'dark', { renderer: 'canvas', locale: 'ZH' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={box} className={`chart ${className ?? ''}`} style={{ height }} data-testid={testId} data-total={total} />;
}
