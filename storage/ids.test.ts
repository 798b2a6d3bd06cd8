import { describe, expect, it } from 'vitest';
import { murmur3x86128, naturalKey, recordId } from './ids';
import { RECORD_KINDS, type ScrapedRecord } from './schemas';
import { sampleRecords } from './test-fixtures';

const le = (words: readonly number[]): number[] =>
  words.flatMap((w) => [w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, (w >>> 24) & 0xff]);

describe('murmur3x86128', () => {
  it('passes SMHasher verification (Murmur3C = 0xB3ECE62A)', () => {
    // SMHasher's VerificationTest: hash keys 0..i-1 of length i with seed 256 - i, hash the
    // concatenated little-endian digests with seed 0, read the first 4 bytes little-endian.
    const key = Uint8Array.from({ length: 256 }, (_, i) => i);
    const digests: number[] = [];
    for (let i = 0; i < 256; i++) digests.push(...le(murmur3x86128(key.subarray(0, i), 256 - i)));
    const final = le(murmur3x86128(Uint8Array.from(digests), 0));
    const verification =
      ((final[0] ?? 0) | ((final[1] ?? 0) << 8) | ((final[2] ?? 0) << 16) | ((final[3] ?? 0) << 24)) >>> 0;
    expect(verification).toBe(0xb3ece62a);
  });

  it('hashes the empty input with seed 0 to zero', () => {
    expect(murmur3x86128(new Uint8Array(0))).toEqual([0, 0, 0, 0]);
  });
});

/** A change to one field, per kind, that is part of its natural key. */
const keyChanges: { [K in ScrapedRecord['kind']]: Partial<Extract<ScrapedRecord, { kind: K }>>[] } = {
  'lab-result': [{ reportId: 'R-2024-0043' }, { analyte: 'Glycémie' }, { unit: 'g/L' }],
  reimbursement: [
    { date: '2024-03-03' },
    { act: 'C' },
    { provider: null },
    { charged: 31 },
    { paymentDate: null },
  ],
  appointment: [{ date: '2024-05-10T09:45' }, { service: null }, { practitioner: 'Dr X' }],
  document: [{ url: 'https://portail.example.fr/docs/124.pdf' }],
  medication: [{ date: '2024-03-04' }, { name: 'EFFERALGAN' }, { pharmacy: null }],
  immunization: [{ date: '2023-10-16' }, { vaccine: 'Covid-19' }],
  measurement: [{ date: '2024-05-11' }, { name: 'Taille' }],
  'table-row': [
    { sourceUrl: 'https://portail.example.fr/autre' },
    { table: 'Tableau 2' },
    { cells: { Date: '21/01/2024', Montant: '12,50 €', Note: '' } },
  ],
  problem: [{ date: '2019-06-02' }, { name: 'Asthme' }],
  allergy: [{ date: '2015-03-13' }, { substance: 'Amoxicilline' }],
};

/** A change that is not part of the natural key: the same fact, corrected. */
const nonKeyChanges: { [K in ScrapedRecord['kind']]: Partial<Extract<ScrapedRecord, { kind: K }>> } = {
  'lab-result': { value: 5.3, valueText: '5,3', date: '2024-03-03', sourceUrl: 'https://autre.example.fr/' },
  reimbursement: { reimbursedComplementary: 9, outOfPocket: 0 },
  appointment: { status: 'cancelled', location: null },
  document: { title: 'CR', date: '2024-04-02', fileId: 'f1' },
  medication: { quantity: 3, prescriber: null },
  immunization: { lot: 'ZZ9', performer: 'Pharmacie' },
  measurement: { value: 69 },
  'table-row': { date: '2024-01-21', patient: 'Camille MARTIN' },
  problem: { status: 'resolved', end: '2020-01-01', code: null },
  allergy: { reaction: 'Œdème', severity: 'sévère', fromDocument: null },
};

describe('recordId', () => {
  const samples = sampleRecords();

  it('is prefixed by the kind and carries 128 bits', () => {
    for (const kind of RECORD_KINDS) {
      expect(recordId(samples[kind])).toMatch(new RegExp(`^${kind}:[0-9a-f]{32}$`));
    }
  });

  it('is stable: same input, same id, whatever the field order', () => {
    for (const kind of RECORD_KINDS) {
      const record = samples[kind];
      const reversed = Object.fromEntries(Object.entries(record).reverse()) as ScrapedRecord;
      expect(recordId(structuredClone(record))).toBe(recordId(record));
      expect(recordId(reversed)).toBe(recordId(record));
    }
  });

  it('pins one id so a change to the canonical form is noticed (it would orphan stored records)', () => {
    expect(recordId(samples.reimbursement)).toMatchInlineSnapshot(
      `"reimbursement:918bf49f8fdb5226bc0dd7590341847c"`,
    );
  });

  it('changes when any natural-key field changes', () => {
    for (const kind of RECORD_KINDS) {
      for (const change of keyChanges[kind]) {
        const changed = { ...samples[kind], ...change } as ScrapedRecord;
        expect(recordId(changed), `${kind} ${JSON.stringify(change)}`).not.toBe(recordId(samples[kind]));
      }
    }
  });

  it('ignores fields outside the natural key', () => {
    for (const kind of RECORD_KINDS) {
      const changed = { ...samples[kind], ...nonKeyChanges[kind] } as ScrapedRecord;
      expect(recordId(changed), kind).toBe(recordId(samples[kind]));
    }
  });

  it('depends on source and patient', () => {
    const r = samples.measurement;
    expect(recordId({ ...r, patient: 'Léo MARTIN' })).not.toBe(recordId(r));
    expect(recordId({ ...r, patient: null })).not.toBe(recordId(r));
    expect(recordId({ ...r, source: 'mgen' })).not.toBe(recordId(r));
  });

  it('uses the fallback keys when the identifying field is null', () => {
    const lab = { ...samples['lab-result'], reportId: null };
    expect(naturalKey(lab)).toEqual(['date', '2024-03-02', 'Glycémie à jeun', 'mmol/L']);
    expect(recordId({ ...lab, date: '2024-03-03' })).not.toBe(recordId(lab));

    const withRef = { ...samples.reimbursement, ref: 'P-1' };
    expect(recordId({ ...withRef, charged: 99, date: '2024-01-01' })).toBe(recordId(withRef));

    const doc = { ...samples.document, url: null };
    expect(recordId({ ...doc, title: 'Autre' })).not.toBe(recordId(doc));
    expect(recordId({ ...doc, author: null })).not.toBe(recordId(doc));
  });

  it('does not confuse a report number with a date', () => {
    const lab = samples['lab-result'];
    const byDate = { ...lab, reportId: null };
    const byReport = { ...lab, reportId: lab.date };
    expect(recordId(byReport)).not.toBe(recordId(byDate));
  });

  it('sorts table cells by header', () => {
    const row = samples['table-row'];
    const reordered = { ...row, cells: { Note: '', Montant: '12,50 €', Date: '20/01/2024' } };
    expect(recordId(reordered)).toBe(recordId(row));
    expect(recordId({ ...row, cells: { ...row.cells, Note: 'x' } })).not.toBe(recordId(row));
  });

  it('hashes non-ASCII text by its UTF-8 bytes', () => {
    const r = samples.immunization;
    expect(recordId({ ...r, vaccine: 'Hépatite B' })).not.toBe(recordId({ ...r, vaccine: 'Hepatite B' }));
  });
});
