import { describe, expect, it } from 'vitest';
import { stored } from '../../storage/views/test-records';
import { isOutOfRange, labChartConfig } from './lab-chart';

const texts = { values: 'Glycémie (g/L)', band: 'Valeurs de référence', outOfRange: 'hors normes' };
const result = (date: string, value: number | null, fields = {}) =>
  stored('lab-result', {
    date,
    value,
    valueText: String(value),
    unit: 'g/L',
    refLow: 0.7,
    refHigh: 1.1,
    reportId: date,
    ...fields,
  });

describe('labChartConfig', () => {
  it('draws one point per numeric result over a band for the reference range', () => {
    const config = labChartConfig(
      [
        result('2024-01-01', 0.9),
        result('2024-02-01', null, { valueText: 'Ininterprétable' }),
        result('2024-03-01T08:00', 1.3, { flag: 'H' }),
      ],
      texts,
    );
    const datasets = config.data.datasets;
    expect(datasets.map((d) => d.label)).toEqual([
      'Valeurs de référence',
      'Valeurs de référence',
      'Glycémie (g/L)',
    ]);
    const values = datasets[2]!;
    expect(values.data.map((p) => p.y)).toEqual([0.9, 1.3]);
    expect(values.pointStyle).toEqual(['circle', 'triangle']);
    // The band: low edge, then the high edge filled down to it, each across the whole axis.
    expect(datasets[0]!.fill).toBe(false);
    expect(datasets[1]!.fill).toBe('-1');
    expect(datasets[0]!.data.map((p) => p.y)).toEqual([0.7, 0.7, 0.7, 0.7]);
    expect(datasets[1]!.data[0]!.x).toBe(config.options?.scales?.x?.min);
  });

  it('fills a one-sided range to the edge of the chart, and draws no band without a range', () => {
    const highOnly = labChartConfig([result('2024-01-01', 1, { refLow: null })], texts);
    expect(highOnly.data.datasets.map((d) => d.fill)).toEqual(['start', false]);
    const lowOnly = labChartConfig([result('2024-01-01', 1, { refHigh: null })], texts);
    expect(lowOnly.data.datasets.map((d) => d.fill)).toEqual(['end', false]);
    const none = labChartConfig([result('2024-01-01', 1, { refLow: null, refHigh: null })], texts);
    expect(none.data.datasets).toHaveLength(1);
  });

  it('calls a result out of range when the lab flags it or its value passes a bound', () => {
    expect(isOutOfRange(result('2024-01-01', 0.5))).toBe(true);
    expect(isOutOfRange(result('2024-01-01', 0.9))).toBe(false);
    expect(isOutOfRange(result('2024-01-01', null, { flag: 'A' }))).toBe(true);
  });

  it('says in each point’s tooltip its value, whether it is out of range, and the lab', () => {
    const config = labChartConfig(
      [result('2024-01-01', 0.9, { lab: 'Labo A' }), result('2024-03-01', 1.3, { flag: 'H', lab: null })],
      texts,
    );
    const label = config.options!.plugins!.tooltip!.callbacks!.label as (item: unknown) => string;
    const values = config.data.datasets[2];
    expect(label({ dataset: values, dataIndex: 0, parsed: { y: 0.9 } })).toBe('0.9 g/L (Labo A)');
    expect(label({ dataset: values, dataIndex: 1, parsed: { y: 1.3 } })).toBe('1.3 g/L — hors normes');
  });
});
