import { describe, expect, it } from 'vitest';
import { coarsenDate } from './coarsen';

describe('coarsenDate', () => {
  it('keeps the day, or goes back to the Monday of its week or the first of its month', () => {
    expect(coarsenDate('2024-03-14T08:10', 'day')).toBe('2024-03-14');
    expect(coarsenDate('2024-03-14', 'month')).toBe('2024-03-01');
    // Thursday 14 March 2024 → Monday 11; a Sunday goes back six days; a Monday stays.
    expect(coarsenDate('2024-03-14', 'week')).toBe('2024-03-11');
    expect(coarsenDate('2024-03-17', 'week')).toBe('2024-03-11');
    expect(coarsenDate('2024-03-11', 'week')).toBe('2024-03-11');
    // Across a month and a year.
    expect(coarsenDate('2025-01-01', 'week')).toBe('2024-12-30');
  });
});

import { fromBase64url, toBase64url } from './study';

describe('base64url', () => {
  it('goes back to the very bytes, whatever their length', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 16, 100, 1000]) {
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      const text = toBase64url(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect([...fromBase64url(text)]).toEqual([...bytes]);
    }
    expect(() => fromBase64url('ab+c')).toThrow();
    expect(() => fromBase64url('abcde')).toThrow();
  });
});
