import { describe, expect, it } from 'vitest';
import { numberOrNull, parseAmount, parseNumber, parsePercent, parseRate } from './numbers';
import { ParseError } from './parse-error';

describe('parseAmount, French', () => {
  it.each([
    ['30,00 €', 30],
    ['26,50 €', 26.5],
    ['0,00 €', 0],
    ['-0,00 €', 0],
    ['1 234,56 €', 1234.56],
    ['1\u00a0234,56\u00a0€', 1234.56],
    ['1\u202f234,56\u202f€', 1234.56],
    ['2 988,40 €', 2988.4],
    ['1 234 567,89 €', 1234567.89],
    ['1.234,56 €', 1234.56],
    ['1234,56', 1234.56],
    ['12', 12],
    ['12 €', 12],
    ['12,5 EUR', 12.5],
    ['12,50 euros', 12.5],
    ['€ 12,50', 12.5],
    ['-12,00 €', -12],
    ['- 12,00 €', -12],
    ['+3,00 €', 3],
    ['−2,00', -2],
    ['− 2,00 €', -2],
    ['-33,34 €', -33.34],
    ['-1 234,56 €', -1234.56],
    ['  18,55\u00a0€ ', 18.55],
    ['12.50', 12.5],
  ])('%j → %j', (text, value) => {
    expect(parseAmount(text, 'fr')).toBe(value);
  });

  it('defaults to French', () => {
    expect(parseAmount('1 234,56 €')).toBe(1234.56);
  });

  it.each([[''], ['  '], ['-'], ['–'], ['—'], ['Non renseigné'], [null], [undefined]])(
    'reads the blank marker %j as null',
    (text) => {
      expect(parseAmount(text, 'fr')).toBeNull();
    },
  );

  it.each([
    ['12,x4 €'],
    ['abc'],
    ['€'],
    ['12,00 € 34'],
    ['1 23,00 €'],
    ['12 34'],
    ['1,234.56'],
    ['--12,00'],
    ['-12,00 -'],
    ['+-3'],
    ['-€-3'],
    ['(12,00)'],
    ['12,00 $ €'],
    ['N/A'],
  ])('refuses %j with a ParseError carrying the text', (text) => {
    expect(() => parseAmount(text, 'fr')).toThrow(ParseError);
    try {
      parseAmount(text, 'fr');
    } catch (error) {
      expect((error as ParseError).text).toBe(text.trim());
      expect((error as ParseError).expected).toBe('montant');
    }
  });
});

describe('parseAmount, English (US)', () => {
  it.each([
    ['$1,783.00', 1783],
    ['1,783', 1783],
    ['1,234,567.5', 1234567.5],
    ['0.56', 0.56],
    ['$0.00', 0],
    ['-$12.00', -12],
    ['$-12.00', -12],
    ['(12.00)', -12],
    ['($1,200.50)', -1200.5],
    ['(0.00)', 0],
    ['12 USD', 12],
    ['+4.5', 4.5],
  ])('%j → %j', (text, value) => {
    expect(parseAmount(text, 'en')).toBe(value);
  });

  it.each([['1,78'], ['12,50'], ['1.234,56'], ['1 234.56'], ['(-12.00)'], ['((12))'], ['$']])(
    'refuses %j',
    (text) => {
      expect(() => parseAmount(text, 'en')).toThrow(ParseError);
    },
  );

  it('reads blank markers as null', () => {
    expect(parseAmount('—', 'en')).toBeNull();
    expect(parseAmount('', 'en')).toBeNull();
  });
});

describe('parseNumber', () => {
  it.each([
    ['5,2', 'fr', 5.2],
    ['0,10', 'fr', 0.1],
    ['-3', 'fr', -3],
    ['150 000', 'fr', 150000],
    ['1,783', 'en', 1783],
    ['0.56', 'en', 0.56],
  ] as const)('%j (%s) → %j', (text, locale, value) => {
    expect(parseNumber(text, locale)).toBe(value);
  });

  it('refuses a currency or a unit: that is not a bare number', () => {
    expect(() => parseNumber('5 €')).toThrow(ParseError);
    expect(() => parseNumber('5,2 mmol/L')).toThrow(ParseError);
    expect(() => parseNumber('Négatif')).toThrow(ParseError);
    expect(parseNumber('-')).toBeNull();
  });
});

describe('numberOrNull', () => {
  it.each(['5,2', '0,10', '-3', '150 000', '1.234', '', '-', 'Non renseigné', null])(
    'reads %j as parseNumber does',
    (text) => {
      expect(numberOrNull(text, 'fr')).toBe(parseNumber(text, 'fr'));
    },
  );

  it.each(['5 €', '5,2 mmol/L', 'Négatif', '1 23', '12,x4'])(
    'gives null for %j, without throwing',
    (text) => {
      expect(() => parseNumber(text, 'fr')).toThrow(ParseError);
      expect(numberOrNull(text, 'fr')).toBeNull();
    },
  );

  it('reads the locale’s notation', () => {
    expect(numberOrNull('1,783', 'en')).toBe(1783);
    expect(numberOrNull('1,783', 'fr')).toBe(1.783);
  });
});

describe('parsePercent and parseRate', () => {
  it.each([
    ['70 %', 70],
    ['70%', 70],
    ['65\u00a0%', 65],
    ['100 %', 100],
    ['65,5 %', 65.5],
    ['0 %', 0],
    ['60', 60],
  ])('%j → %j', (text, value) => {
    expect(parseRate(text)).toBe(value);
    expect(parsePercent(text, 'fr')).toBe(value);
  });

  it('reads US decimals in English', () => {
    expect(parsePercent('12.5%', 'en')).toBe(12.5);
  });

  it('reads blanks as null', () => {
    expect(parseRate('')).toBeNull();
    expect(parseRate('-')).toBeNull();
    expect(parseRate(null)).toBeNull();
  });

  it('refuses garbage, naming a taux', () => {
    expect(() => parseRate('soixante-dix')).toThrow('taux illisible : « soixante-dix »');
    expect(() => parseRate('70 %%')).toThrow(ParseError);
    expect(() => parsePercent('% 70')).toThrow('pourcentage illisible');
  });
});
