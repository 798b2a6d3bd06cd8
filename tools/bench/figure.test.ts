import { describe, expect, it } from 'vitest';
import { paired } from './figure';
import { median } from './stats';

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
});
