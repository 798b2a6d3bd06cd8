import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../storage/schemas';
import { kindLabel, recordAmounts, recordWhat } from './record-summary';

const meta = {
  id: 'reimbursement:1',
  source: 'ameli',
  patient: 'Léo MARTIN',
  sourceUrl: 'https://assure.ameli.fr/p',
  captureId: 'c',
  capturedAt: '2026-11-28T10:00:00.000Z',
  updatedAt: '2026-11-28T10:00:00.000Z',
};

const reimbursement: StoredRecord = {
  ...meta,
  kind: 'reimbursement',
  date: '2024-03-01',
  act: 'VACCIN',
  provider: 'PHARMACIE DU MARCHÉ',
  paymentDate: '2024-03-14',
  charged: 18.82,
  base: 18.82,
  rate: 65,
  reimbursedPrimary: 12.23,
  reimbursedComplementary: 1.5,
  deductible: null,
  outOfPocket: null,
  currency: 'EUR',
  ref: null,
};

describe('record summary', () => {
  it('names kinds in the interface language', () => {
    expect(kindLabel('reimbursement')).toBe('Remboursement');
    expect(kindLabel('lab-result')).toBe("Résultat d'analyse");
    expect(kindLabel('table-row')).toBe('Ligne de tableau');
  });

  it('sums what the insurer and the mutuelle paid back', () => {
    const amounts = recordAmounts(reimbursement)!;
    expect(amounts.reimbursed.replace(/\s/g, ' ')).toBe('13,73 €');
    expect(amounts.spent.replace(/\s/g, ' ')).toBe('18,82 €');
  });

  it('leaves the reimbursed amount empty when the page shows none', () => {
    const none = { ...reimbursement, reimbursedPrimary: null, reimbursedComplementary: null };
    expect(recordAmounts(none)!.reimbursed).toBe('—');
  });

  it('says what a reimbursement is for and when it was paid', () => {
    expect(recordWhat(reimbursement)).toBe('VACCIN — PHARMACIE DU MARCHÉ — payé le 14 mars 2024');
  });

  it('describes a lab result with its value as shown', () => {
    const lab: StoredRecord = {
      ...meta,
      kind: 'lab-result',
      date: '2024-03-05T08:15',
      analyte: 'Glycémie à jeun',
      code: null,
      loinc: null,
      value: 0.1,
      valueText: '< 0,10',
      comparator: '<',
      unit: 'g/L',
      refLow: null,
      refHigh: null,
      refText: null,
      flag: null,
      panel: null,
      reportId: null,
      lab: 'Laboratoire Bioclair',
      prescriber: null,
      fromDocument: null,
    };
    expect(recordWhat(lab)).toBe('Glycémie à jeun — < 0,10 g/L — Laboratoire Bioclair');
    expect(recordAmounts(lab)).toBeNull();
  });
});
