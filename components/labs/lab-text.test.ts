import { describe, expect, it } from 'vitest';
import { rangeText } from './lab-text';

const range = (refText: string | null, refLow: number | null, refHigh: number | null) =>
  rangeText({ refText, refLow, refHigh });

describe('a reference range in one form', () => {
  it('writes both bounds the same way whatever the lab wrote', () => {
    expect(range('(0,70 - 1,10)', 0.7, 1.1)).toBe('0,7 – 1,1');
    expect(range('0.70-1.10', 0.7, 1.1)).toBe('0,7 – 1,1');
    expect(range('(150 à 400)', 150, 400)).toBe('150 – 400');
  });

  it('keeps whether a single bound is strict, from the lab’s words', () => {
    expect(range('< 35', null, 35)).toBe('< 35');
    expect(range('inf. à 1,60', null, 1.6)).toBe('< 1,6');
    expect(range('<=33', null, 33)).toBe('≤ 33');
    expect(range('sup. à 0,40', 0.4, null)).toBe('> 0,4');
    expect(range('≥ 60', 60, null)).toBe('≥ 60');
    expect(range(null, 60, null)).toBe('≥ 60');
  });

  it('shows a range without numbers as written, and a dash when there is none', () => {
    expect(range('Négatif', null, null)).toBe('Négatif');
    expect(range(null, null, null)).toBe('—');
  });
});
