import { describe, expect, it } from 'vitest';
import { parseReference } from './ranges';

describe('parseReference, French', () => {
  it.each([
    ['(4,1 - 5,9)', 4.1, 5.9],
    ['4,1 - 5,9', 4.1, 5.9],
    ['4,1-5,9', 4.1, 5.9],
    ['(4,1 à 5,9)', 4.1, 5.9],
    ['4,1 à 5,9', 4.1, 5.9],
    ['[4,1 - 5,9]', 4.1, 5.9],
    ['(4,1 – 5,9)', 4.1, 5.9],
    ['entre 4,1 et 5,9', 4.1, 5.9],
    ['(0 - 5)', 0, 5],
    ['150 000 - 400 000', 150000, 400000],
    ['150\u00a0000 à 400\u00a0000 /mm3', 150000, 400000],
    ['(4,1 - 5,9 mmol/L)', 4.1, 5.9],
    ['(0,70 - 1,10) g/L', 0.7, 1.1],
    ['-2 - 2', -2, 2],
    ['(4.1 - 5.9)', 4.1, 5.9],
    ['< 5,0', null, 5],
    ['<5', null, 5],
    ['<= 5', null, 5],
    ['<=33', null, 33],
    ['≤ 5', null, 5],
    ['(< 5,0)', null, 5],
    ['< 5,0 mmol/L', null, 5],
    ['inf. à 1,0', null, 1],
    ['Inf. à 1,0', null, 1],
    ['inf à 1', null, 1],
    ['inférieur à 1', null, 1],
    ['Inférieure à 0,5', null, 0.5],
    ['inférieur ou égal à 3', null, 3],
    ['> 40', 40, null],
    ['>40', 40, null],
    ['>=60', 60, null],
    ['≥ 60', 60, null],
    ['sup. à 40', 40, null],
    ['supérieur à 40', 40, null],
    ['Supérieure ou égale à 1,5', 1.5, null],
    ['(> 40)', 40, null],
  ])('%j → [%j, %j]', (text, low, high) => {
    expect(parseReference(text, 'fr')).toEqual({ low, high });
  });

  it.each([
    ['Négatif'],
    ['négatif'],
    ['Absence'],
    ['Positif'],
    [''],
    ['-'],
    [null],
    ['Homme : 13 - 17 / Femme : 12 - 16'],
    ['5,9 - 4,1'],
    ['voir commentaire'],
    ['1 23 - 4'],
  ])('%j gives no bounds', (text) => {
    expect(parseReference(text, 'fr')).toBeNull();
  });

  it('defaults to French', () => {
    expect(parseReference('(1,5 - 2,5)')).toEqual({ low: 1.5, high: 2.5 });
  });
});

describe('parseReference, English (US)', () => {
  it.each([
    ['3.5 - 5.0', 3.5, 5],
    ['(3.5-5.0)', 3.5, 5],
    ['3.5 to 5.0', 3.5, 5],
    ['150 - 450', 150, 450],
    ['1,500 - 4,000', 1500, 4000],
    ['>=60', 60, null],
    ['>60', 60, null],
    ['<=33', null, 33],
    ['< 0.5 mg/dL', null, 0.5],
    ['less than 200', null, 200],
  ])('%j → [%j, %j]', (text, low, high) => {
    expect(parseReference(text, 'en')).toEqual({ low, high });
  });

  it('does not read French decimals as US ones', () => {
    expect(parseReference('4,1 - 5,9', 'en')).toBeNull();
    expect(parseReference('Negative', 'en')).toBeNull();
  });
});
