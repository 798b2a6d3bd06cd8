import { describe, expect, it } from 'vitest';
import { heapFigure, paired } from './figure';
import { formatMegabytes, median } from './stats';

describe('bench figures', () => {
  it('takes medians, odd and even', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('compares the medians with the target, and each run with its neighbour', () => {
    const figure = paired(
      { id: 'x', label: 'x', unit: 'ms' },
      [30, 10, 20],
      { label: 'b', runs: [10, 10, 10] },
      1.5,
    );
    expect(figure.ratio).toBe(2);
    expect(figure.pairedRatio).toBe(2);
    expect(figure.target).toEqual({ kind: 'ratio', max: 1.5, met: false });
    expect(
      paired({ id: 'y', label: 'y', unit: 'ms' }, [12], { label: 'b', runs: [10] }, 1.5).target?.met,
    ).toBe(true);
  });

  it('reports what a run added to the heap and its highest sample, medians of the runs', () => {
    const heap = heapFigure([
      { before: 10e6, peak: 40e6, samples: 50, maxGapMs: 31 },
      { before: 12e6, peak: 30e6, samples: 40, maxGapMs: 80 },
      { before: 11e6, peak: 10e6, samples: 60, maxGapMs: 25 },
    ]);
    // A run whose heap only shrank added nothing.
    expect(heap.peakDelta.runs).toEqual([30e6, 18e6, 0]);
    expect(heap.peakDelta.median).toBe(18e6);
    expect(heap.peak.median).toBe(30e6);
    expect(heap).toMatchObject({ minSamples: 40, maxGapMs: 80 });
    expect(formatMegabytes(heap.peakDelta.median)).toBe('18.0 MB');
  });
});
