import { describe, expect, it } from 'vitest';
import { parseResultValue } from './values';

describe('parseResultValue, French', () => {
  it.each([
    ['5,2', 5.2, null],
    ['0,10', 0.1, null],
    ['12', 12, null],
    ['-1,5', -1.5, null],
    ['250 000', 250000, null],
    ['< 0,10', 0.1, '<'],
    ['<0,10', 0.1, '<'],
    ['≤ 2', 2, '<='],
    ['<= 2', 2, '<='],
    ['>60', 60, '>'],
    ['> 60', 60, '>'],
    ['≥ 90', 90, '>='],
    ['>=90', 90, '>='],
    ['inf. à 0,5', 0.5, '<'],
    ['inférieur à 0,5', 0.5, '<'],
    ['sup. à 1000', 1000, '>'],
    ['supérieur à 1 000', 1000, '>'],
  ] as const)('%j → %j %j', (text, value, comparator) => {
    expect(parseResultValue(text, 'fr')).toEqual({ value, comparator, valueText: text });
  });

  it.each([
    ['Négatif'],
    ['traces'],
    ['Positif'],
    ['Présence'],
    ['voir commentaire'],
    ['5,2 mmol/L'],
    ['< seuil'],
  ])('%j is not numeric: value null, the text kept', (text) => {
    expect(parseResultValue(text, 'fr')).toEqual({ value: null, comparator: null, valueText: text });
  });

  it('keeps the text as shown, whitespace collapsed', () => {
    expect(parseResultValue('  <\u00a00,10 ', 'fr')).toEqual({
      value: 0.1,
      comparator: '<',
      valueText: '< 0,10',
    });
  });

  it('is null for a blank cell', () => {
    expect(parseResultValue('', 'fr')).toBeNull();
    expect(parseResultValue('—', 'fr')).toBeNull();
    expect(parseResultValue(null)).toBeNull();
  });
});

describe('parseResultValue, English (US)', () => {
  it.each([
    ['1,783', 1783, null],
    ['0.56', 0.56, null],
    ['>60', 60, '>'],
    ['<0.5', 0.5, '<'],
  ] as const)('%j → %j %j', (text, value, comparator) => {
    expect(parseResultValue(text, 'en')).toEqual({ value, comparator, valueText: text });
  });

  it('reads words as no value', () => {
    expect(parseResultValue('Negative', 'en')).toEqual({
      value: null,
      comparator: null,
      valueText: 'Negative',
    });
  });
});
