import { describe, expect, it } from 'vitest';
import { stored } from '../../storage/views/test-records';
import type { MonthSpending } from '../../storage/views/spending';
import { measurementChartConfig } from './measurement-chart';
import { sparklinePoints } from './sparkline';
import { spendingChartConfig } from './spending-chart';

const month = (m: string, primary: number, complementary: number, leftToPay: number): MonthSpending => ({
  month: m,
  totals: { charged: primary + complementary + leftToPay, primary, complementary, leftToPay, count: 1 },
});

describe('charts', () => {
  it('stacks each month: Assurance Maladie, mutuelle, left to pay', () => {
    const config = spendingChartConfig([month('2024-01', 18.55, 0, 11.45), month('2024-02', 0, 5, -3)], {
      primary: 'Assurance Maladie',
      complementary: 'Mutuelle',
      leftToPay: 'Reste à charge',
    });
    expect(config.data.labels).toEqual(['janv.', 'févr.']);
    expect(config.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['Assurance Maladie', [18.55, 0]],
      ['Mutuelle', [0, 5]],
      ['Reste à charge', [11.45, 0]],
    ]);
    expect(config.data.datasets.every((d) => d.stack === 'spending')).toBe(true);
  });

  it('puts two series on one chart, told apart by shape', () => {
    const m = (date: string, name: string, value: number) =>
      stored('measurement', { date, name, value, unit: 'mmHg' });
    const config = measurementChartConfig([
      {
        label: 'Systolique',
        points: [m('2024-01-01', 'Tension systolique', 120), m('2024-02-01', 'Tension systolique', 130)],
      },
      { label: 'Diastolique', points: [m('2024-01-01', 'Tension diastolique', 80)] },
    ]);
    expect(config.data.datasets.map((d) => [d.label, d.data.length, d.pointStyle])).toEqual([
      ['Systolique', 2, 'circle'],
      ['Diastolique', 1, 'rectRot'],
    ]);
  });

  it('scales a sparkline into its box', () => {
    expect(sparklinePoints([1, 3, 2], 100, 20, 0)).toEqual([
      [0, 20],
      [50, 0],
      [100, 10],
    ]);
    expect(sparklinePoints([5], 100, 20)).toEqual([[50, 10]]);
    expect(sparklinePoints([], 100, 20)).toEqual([]);
  });
});
