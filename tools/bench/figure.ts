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
  unit: 'ms' | 'bytes' | 'ms/row' | 'ms/record';
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

/** The JS heap of one measured run: before it (after a forced GC), and its highest sample. */
export interface HeapRun {
  before: number;
  peak: number;
  samples: number;
  /** Longest wait between two samples: a peak shorter than that may be missed. */
  maxGapMs: number;
}

export interface HeapFigure {
  /** Peak minus the value before the start, bytes: what the run added. */
  peakDelta: Series;
  /** The highest sample itself, bytes: everything the page's JS heap held then. */
  peak: Series;
  /** Fewest samples in a run, and the longest gap between two in any run. */
  minSamples: number;
  maxGapMs: number;
}

export function heapFigure(runs: readonly HeapRun[]): HeapFigure {
  return {
    peakDelta: series(runs.map((run) => Math.max(0, run.peak - run.before))),
    peak: series(runs.map((run) => run.peak)),
    minSamples: Math.min(...runs.map((run) => run.samples)),
    maxGapMs: roundMs(Math.max(...runs.map((run) => run.maxGapMs))),
  };
}
