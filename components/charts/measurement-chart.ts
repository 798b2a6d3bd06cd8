/**
 * Measurements over time on one chart: one line per series (weight alone; systolic and diastolic
 * blood pressure together, as a doctor reads them). Each series has its own point shape, so the
 * lines are told apart without colour. Pure: tested by its configuration.
 */
import type { ChartConfiguration, ChartDataset, PointStyle } from 'chart.js';
import { clinicalTime, formatAxisDate } from '../../lib/dates';
import { formatNumber } from '../../lib/format';
import type { Measurement } from '../../storage/schemas';
import { COLORS } from './chart-setup';
import { timeAxis, timeRange } from './time-axis';

export interface ChartSeries {
  label: string;
  points: readonly Measurement[];
}

export type MeasurementChartConfig = ChartConfiguration<'line', { x: number; y: number }[]>;

const STYLES: { color: string; point: PointStyle }[] = [
  { color: COLORS.value, point: 'circle' },
  { color: COLORS.second, point: 'rectRot' },
];

export function measurementChartConfig(series: readonly ChartSeries[]): MeasurementChartConfig {
  const range = timeRange(series.flatMap((s) => s.points.map((p) => clinicalTime(p.date))));
  const datasets = series.map((s, i): ChartDataset<'line', { x: number; y: number }[]> => {
    const style = STYLES[i % STYLES.length]!;
    return {
      label: s.label,
      data: s.points.map((p) => ({ x: clinicalTime(p.date), y: p.value })),
      borderColor: style.color,
      backgroundColor: style.color,
      pointStyle: style.point,
      pointRadius: 5,
      borderWidth: 2,
      fill: false,
    };
  });
  return {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      scales: { x: timeAxis(range), y: { grace: '10%', ticks: { color: COLORS.text } } },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items) => formatAxisDate(items[0]?.parsed.x ?? 0),
            label: (item) => {
              const point = series[item.datasetIndex]?.points[item.dataIndex];
              return `${item.dataset.label ?? ''} : ${formatNumber(item.parsed.y)}${point?.unit ? ` ${point.unit}` : ''}`;
            },
          },
        },
      },
    },
  };
}
