import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only what these charts draw: ECharts' core with two chart types, in the Hours screen's own chunk.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface ChartRow { label: string; hours: number; personTimes: number }

/** Hours (bars or, by day, a line) and person-times of each group. */
export function TallyChart({ rows, line, names }: { rows: ChartRow[]; line: boolean; names: { hours: string; personTimes: string } }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const instance = echarts.init(element.current!);
    chart.current = instance;
    const resize = () => instance.resize();
    window.addEventListener('resize', resize);
    return () => { window.removeEventListener('resize', resize); instance.dispose(); };
  }, []);

  useEffect(() => {
    const type = line ? 'line' : 'bar';
    chart.current?.setOption({
      tooltip: { trigger: 'axis' },
      legend: { data: [names.hours, names.personTimes] },
      grid: { left: 40, right: 40, bottom: 60, top: 40 },
      xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { rotate: rows.length > 6 ? 30 : 0 } },
      yAxis: [{ type: 'value', name: names.hours }, { type: 'value', name: names.personTimes }],
      series: [
        { name: names.hours, type, data: rows.map((r) => r.hours) },
        { name: names.personTimes, type, yAxisIndex: 1, data: rows.map((r) => r.personTimes) },
      ],
    }, true);
  }, [rows, line, names]);

  return <div ref={element} style={{ width: '100%', height: 320 }} data-testid="tally-chart" />;
}
