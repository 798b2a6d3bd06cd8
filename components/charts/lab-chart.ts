/**
 * The chart of one analyte over time: its values, and the reference range drawn as a band behind
 * them. A result outside the range (flagged by the lab, or beyond its bounds) is a red triangle,
 * not only a red dot: colour alone would not tell everyone. Pure: tested by its configuration.
 */
import type { ChartConfiguration, ChartDataset, PointStyle } from 'chart.js';
import { clinicalTime, formatAxisDate } from '../../lib/dates';
import { formatNumber } from '../../lib/format';
import type { LabResult } from '../../storage/schemas';
import { rangeFlag } from '../../storage/views/highlights';
import { COLORS } from './chart-setup';
import { timeAxis, timeRange } from './time-axis';

export type Point = { x: number; y: number | null };
export type LabChartConfig = ChartConfiguration<'line', Point[]>;

export interface LabChartTexts {
  /** Legend of the values, e.g. "Glycémie (g/L)". */
  values: string;
  band: string;
  /** Tooltip suffix of a point outside the range. */
  outOfRange: string;
}

/** Flagged by the lab, or beyond its own bounds: as the Aperçu says it (`rangeFlag`). */
export function isOutOfRange(result: LabResult): boolean {
  return rangeFlag(result) !== null;
}

/** The band's edges, one step per result (labs differ), held to the axis ends. */
function bandDatasets(numeric: LabResult[], range: { min: number; max: number }, label: string) {
  const edge = (pick: (r: LabResult) => number | null): Point[] => {
    if (!numeric.some((r) => pick(r) !== null)) return [];
    const points = numeric.map((r) => ({ x: clinicalTime(r.date), y: pick(r) }));
    const first = points[0]!;
    const last = points[points.length - 1]!;
    return [{ x: range.min, y: first.y }, ...points, { x: range.max, y: last.y }];
  };
  const low = edge((r) => r.refLow);
  const high = edge((r) => r.refHigh);
  const common = {
    borderColor: COLORS.bandEdge,
    borderWidth: 1,
    borderDash: [4, 4],
    backgroundColor: COLORS.band,
    pointRadius: 0,
    pointHitRadius: 0,
    stepped: 'after' as const,
    order: 2,
  };
  const datasets: ChartDataset<'line', Point[]>[] = [];
  if (low.length > 0) {
    // With a high bound the band fills up to it (next dataset); without, up to the top.
    datasets.push({ ...common, label, data: low, fill: high.length > 0 ? false : 'end' });
  }
  if (high.length > 0) {
    datasets.push({ ...common, label, data: high, fill: low.length > 0 ? '-1' : 'start' });
  }
  return datasets;
}

export function labChartConfig(results: readonly LabResult[], texts: LabChartTexts): LabChartConfig {
  const numeric = results.filter((r) => r.value !== null);
  const range = timeRange(numeric.map((r) => clinicalTime(r.date)));
  const outside = numeric.map(isOutOfRange);
  const values: ChartDataset<'line', Point[]> = {
    label: texts.values,
    data: numeric.map((r) => ({ x: clinicalTime(r.date), y: r.value })),
    borderColor: COLORS.value,
    backgroundColor: COLORS.value,
    borderWidth: 2,
    pointStyle: outside.map((out): PointStyle => (out ? 'triangle' : 'circle')),
    pointRadius: outside.map((out) => (out ? 7 : 4)),
    pointBackgroundColor: outside.map((out) => (out ? COLORS.outOfRange : COLORS.value)),
    pointBorderColor: outside.map((out) => (out ? COLORS.outOfRange : COLORS.value)),
    fill: false,
    order: 1,
  };
  // The band comes first so that `fill: '-1'` of its high edge finds the low edge before it.
  const datasets = [...bandDatasets(numeric, range, texts.band), values];
  return {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      scales: { x: timeAxis(range), y: { grace: '10%', ticks: { color: COLORS.text } } },
      plugins: {
        legend: {
          labels: {
            filter: (item, data) =>
              data.datasets.findIndex((d) => d.label === item.text) === item.datasetIndex,
          },
        },
        tooltip: {
          filter: (item) => item.dataset === values,
          callbacks: {
            title: (items) => formatAxisDate(items[0]?.parsed.x ?? 0),
            label: (item) => {
              const result = numeric[item.dataIndex];
              const text = result
                ? `${result.valueText}${result.unit ? ` ${result.unit}` : ''}`
                : formatNumber(item.parsed.y);
              const flagged = outside[item.dataIndex] ? `${text} — ${texts.outOfRange}` : text;
              // Which lab measured it: two labs' results on one line are not always comparable.
              return result?.lab ? `${flagged} (${result.lab})` : flagged;
            },
          },
        },
      },
    },
  };
}
