/** The shape of one measured figure, as printed and as written to the JSON report. */
import { median, round, roundMs } from './stats';

export interface Target {
  /** `ratio`: product ÷ baseline at most `max`; `value`: the product's figure at most `max`. */
  kind: 'ratio' | 'value';
  max: number;
  met: boolean;
}

export interface Series {
  /** Median of `runs`. */
  median: number;
  /** Every measured run after the warm-up, in order. */
  runs: number[];
}

export interface Figure {
  id: string;
  label: string;
  unit: 'ms' | 'bytes' | 'ms/row';
  product: Series;
  baseline?: Series & { label: string; parts?: Record<string, Series> };
  /** product.median ÷ baseline.median. */
  ratio?: number;
  /**
   * Median of each run's product ÷ the baseline run next to it: less sensitive to a machine
   * whose load drifts during the bench than the ratio of medians (only for paired runs).
   */
  pairedRatio?: number;
  target?: Target;
  details?: Record<string, unknown>;
}

export function series(runs: readonly number[]): Series {
  return { median: roundMs(median(runs)), runs: runs.map(roundMs) };
}

/** A product-versus-baseline figure, its ratio of medians checked against `maxRatio`. */
export function paired(
  fields: Omit<Figure, 'product' | 'baseline' | 'ratio' | 'target'>,
  product: readonly number[],
  baseline: { label: string; runs: readonly number[]; parts?: Record<string, readonly number[]> },
  maxRatio: number | null,
): Figure {
  const productSeries = series(product);
  const baselineSeries = series(baseline.runs);
  const ratio = round(median(product) / median(baseline.runs), 3);
  const parts =
    baseline.parts &&
    Object.fromEntries(Object.entries(baseline.parts).map(([name, runs]) => [name, series(runs)]));
  const pairs =
    product.length === baseline.runs.length ? product.map((ms, i) => ms / (baseline.runs[i] ?? 0)) : [];
  return {
    ...fields,
    product: productSeries,
    baseline: { label: baseline.label, ...baselineSeries, ...(parts && { parts }) },
    ratio,
    ...(pairs.length > 0 && { pairedRatio: round(median(pairs), 3) }),
    ...(maxRatio !== null && { target: { kind: 'ratio' as const, max: maxRatio, met: ratio <= maxRatio } }),
  };
}
