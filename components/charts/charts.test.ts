import { describe, expect, it } from 'vitest';
import { stored } from '../../storage/views/test-records';
import type { MonthSpending } from '../../storage/views/spending';
import { measurementChartConfig } from './measurement-chart';
import { sparklinePoints } from './sparkline';
import { spendingChartConfig, spendingScale } from './spending-chart';

const texts = { primary: 'Assurance Maladie', complementary: 'Mutuelle', leftToPay: 'Reste à charge' };

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

  it('keeps small months readable: a month that dwarfs the others is drawn past the scale, with its height', () => {
    const year = ['01', '02', '03', '04', '05', '06'].map((m, i) => month(`2024-${m}`, 20 + i * 10, 10, 5));
    // An even year: the scale is chart.js's own.
    expect(spendingScale(year)).toEqual({ max: null, beyond: [] });
    expect(spendingChartConfig(year, texts).options?.scales?.y?.max).toBeUndefined();
    // A stay in hospital in July: 4 250 € against 35–85 € a month.
    const withStay = [...year, month('2024-07', 3400, 600, 250)];
    const scale = spendingScale(withStay);
    expect(scale.beyond).toEqual([{ index: 6, height: 4250 }]);
    // Just above the tallest ordinary month (85 €), on a round value.
    expect(scale.max).toBe(100);
    const config = spendingChartConfig(withStay, texts);
    expect(config.options?.scales?.y?.max).toBe(100);
    expect(config.plugins?.map((plugin) => plugin.id)).toEqual(['spendingBeyond']);
    // Two tall months are both drawn past it; fewer than four months with spending are left alone.
    expect(spendingScale([...withStay, month('2024-08', 900, 100, 0)]).beyond.map((b) => b.index)).toEqual([
      6, 7,
    ]);
    expect(spendingScale([month('2024-01', 10, 0, 0), month('2024-02', 5000, 0, 0)]).max).toBeNull();
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
