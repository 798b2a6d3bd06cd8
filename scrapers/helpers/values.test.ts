import { describe, expect, it } from 'vitest';
import { ParseError } from './parse-error';
import { nameAndUnit, parseReadings, parseResultValue } from './values';

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

describe('parseReadings', () => {
  it.each([
    ['64,7 kg', 'fr', [64.7], 'kg'],
    ['64,7', 'fr', [64.7], null],
    ['168 cm', 'fr', [168], 'cm'],
    ['118/75 mmHg', 'fr', [118, 75], 'mmHg'],
    ['128 / 82', 'fr', [128, 82], null],
    ['37,2 °C', 'fr', [37.2], '°C'],
    ['1 250 pas', 'fr', [1250], 'pas'],
    ['98.6 °F', 'en', [98.6], '°F'],
  ] as const)('%j (%s) → %j %j', (text, locale, values, unit) => {
    expect(parseReadings(text, locale)).toEqual({ values, unit });
  });
  it('is null for a blank cell and refuses what is not a number', () => {
    expect(parseReadings('—')).toBeNull();
    expect(() => parseReadings('kg')).toThrow(ParseError);
    expect(() => parseReadings('12/ kg')).toThrow(ParseError);
    expect(() => parseReadings('6,4,7 kg')).toThrow(ParseError);
  });
});

describe('nameAndUnit', () => {
  it.each([
    ['Poids (kg)', 'Poids', 'kg'],
    ['Tension artérielle (mmHg)', 'Tension artérielle', 'mmHg'],
    ['  Fréquence  cardiaque\u00a0(bpm) ', 'Fréquence cardiaque', 'bpm'],
    ['Taille', 'Taille', null],
    ['Glycémie ()', 'Glycémie', null],
    ['(kg)', '(kg)', null],
  ])('%j → %j %j', (text, name, unit) => {
    expect(nameAndUnit(text)).toEqual({ name, unit });
  });
  it('is null for a blank heading', () => {
    expect(nameAndUnit('')).toBeNull();
  });
});
