import { afterEach, describe, expect, it } from 'vitest';
import { setUiLanguage } from '../tests/unit/fake-i18n';
import { formatAmount, formatClinicalDate } from './format';

afterEach(() => setUiLanguage('fr'));

// Intl separates thousands and the euro sign with narrow or normal no-break spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('format', () => {
  it('writes amounts as the language does', () => {
    expect(plain(formatAmount(1234.5))).toBe('1 234,50 €');
    expect(plain(formatAmount(-33.34))).toBe('-33,34 €');
    expect(formatAmount(null)).toBe('—');
    setUiLanguage('en');
    expect(formatAmount(1234.5)).toBe('€1,234.50');
  });

  it('keeps the clinical day whatever the time zone', () => {
    expect(formatClinicalDate('2024-03-02')).toBe('2 mars 2024');
    expect(plain(formatClinicalDate('2024-03-02T08:15'))).toBe('2 mars 2024, 08:15');
    setUiLanguage('en');
    expect(formatClinicalDate('2024-03-02')).toBe('Mar 2, 2024');
    expect(formatClinicalDate(null)).toBe('—');
  });
});
