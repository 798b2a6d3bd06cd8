/** A linear x axis whose values are clinical dates as milliseconds, labelled in the interface language. */
import type { ChartOptions } from 'chart.js';
import { formatAxisDate } from '../../lib/dates';
import { COLORS } from './chart-setup';

const DAY = 86_400_000;

/** The axis range: the points with a margin, and a month around a single point. */
export function timeRange(times: readonly number[]): { min: number; max: number } {
  if (times.length === 0) return { min: 0, max: DAY };
  const min = Math.min(...times);
  const max = Math.max(...times);
  const pad = Math.max((max - min) * 0.05, 15 * DAY);
  return { min: min - pad, max: max + pad };
}

export type AxisOptions = NonNullable<NonNullable<ChartOptions<'line'>['scales']>['x']>;

export function timeAxis(range: { min: number; max: number }): AxisOptions {
  return {
    type: 'linear',
    min: range.min,
    max: range.max,
    grid: { color: COLORS.grid },
    ticks: { maxTicksLimit: 6, color: COLORS.text, callback: (value) => formatAxisDate(Number(value)) },
  };
}
