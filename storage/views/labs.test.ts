import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../db';
import { analyteKey, analyteResults, labSummaries, unitKey } from './labs';
import { put, stored } from './test-records';

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`labs-${crypto.randomUUID()}`);
});
afterEach(() => deleteDb(db));

const claire = 'Claire DUPONT';

describe('lab results by analyte', () => {
  beforeEach(async () => {
    await put(
      db,
      // One analyte from two labs, named differently: one LOINC code.
      stored('lab-result', {
        date: '2024-01-05',
        analyte: 'Glycémie à jeun',
        unit: 'g/L',
        value: 0.9,
        valueText: '0,90',
        patient: claire,
        lab: 'Labo A',
        reportId: '1',
      }),
      stored('lab-result', {
        date: '2024-03-05T08:12',
        analyte: 'Glucose',
        unit: 'g/L',
        value: 1.2,
        valueText: '1,20',
        flag: 'H',
        patient: 'DUPONT Claire',
        lab: 'Labo B',
        reportId: '2',
      }),
      // Same name in another unit: another analyte.
      stored('lab-result', {
        date: '2024-03-05',
        analyte: 'Glycémie à jeun',
        unit: 'mmol/L',
        value: 6.6,
        valueText: '6,6',
        patient: claire,
        reportId: '3',
      }),
      // Unknown to the normaliser, non-numeric.
      stored('lab-result', {
        date: '2024-02-01',
        analyte: 'Sérologie X',
        unit: null,
        value: null,
        valueText: 'Négatif',
        patient: claire,
        reportId: '4',
      }),
      // Same code, another scale: another row.
      stored('lab-result', {
        date: '2024-02-01',
        analyte: 'Glucose',
        unit: 'mg/dL',
        value: 90,
        valueText: '90',
        patient: claire,
        reportId: '6',
      }),
      // Another person.
      stored('lab-result', {
        date: '2024-02-01',
        analyte: 'Glucose',
        unit: 'g/L',
        value: 0.8,
        valueText: '0,80',
        patient: 'Léo MARTIN',
        reportId: '5',
      }),
    );
  });

  it('makes one row per analyte and person, with the latest value and the numeric series', async () => {
    const rows = await labSummaries(db, null);
    expect(rows.map((r) => [r.name, r.unit, r.patient, r.count])).toEqual([
      ['Glucose', 'g/L', 'DUPONT Claire', 2],
      ['Glucose', 'mg/dL', claire, 1],
      ['Glucose', 'g/L', 'Léo MARTIN', 1],
      ['Glycémie à jeun', 'mmol/L', claire, 1],
      ['Sérologie X', null, claire, 1],
    ]);
    const glucose = rows[0]!;
    expect(glucose.latest.flag).toBe('H');
    expect(glucose.values).toEqual([
      { date: '2024-01-05', value: 0.9 },
      { date: '2024-03-05T08:12', value: 1.2 },
    ]);
    expect(glucose.labs).toEqual(['Labo A', 'Labo B']);
    expect(rows[4]!.values).toEqual([]);
    expect(unitKey('UI/L')).toBe(unitKey('U/L'));
    expect(unitKey('µmol/L')).toBe(unitKey('umol/L'));
  });

  it('gives one analyte its results from every lab, for the person selected', async () => {
    const [first] = await labSummaries(db, [claire, 'DUPONT Claire']);
    const results = await analyteResults(db, [claire, 'DUPONT Claire'], first!.key);
    expect(results.map((r) => r.lab)).toEqual(['Labo A', 'Labo B']);
    expect(await analyteResults(db, ['Léo MARTIN'], first!.key)).toEqual([]);
    expect(analyteKey(results[0]!)).toMatch(/^claire dupont\|loinc:/);
  });
});
