import { describe, expect, it } from 'vitest';
import { ScrapedRecord, normalizeSpace } from './schemas';

describe('schemas smoke', () => {
  it('normalises spaces', () => {
    expect(normalizeSpace('  a\u00a0\u202fb  ')).toBe('a b');
  });
  it('accepts a reimbursement', () => {
    const r = ScrapedRecord.safeParse({
      kind: 'reimbursement', source: 'ameli', patient: 'Camille MARTIN', date: '2024-03-02',
      sourceUrl: 'https://assure.ameli.fr/x?y=1', act: 'C GENERALISTE', provider: null, paymentDate: '2024-03-25',
      charged: 30, base: 26.5, rate: 70, reimbursedPrimary: 18.55, reimbursedComplementary: null, deductible: 2,
      outOfPocket: null, currency: 'EUR', ref: null,
    });
    expect(r.success).toBe(true);
  });
});
