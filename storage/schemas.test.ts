import { describe, expect, it } from 'vitest';
import {
  Capture,
  RECORD_KINDS,
  type RecordKind,
  ScrapedRecord,
  StoredRecord,
  normalizeSpace,
} from './schemas';
import { sampleRecords } from './test-fixtures';

describe('schemas smoke', () => {
  it('normalises spaces', () => {
    expect(normalizeSpace('  a\u00a0\u202fb  ')).toBe('a b');
  });
  it('accepts a reimbursement', () => {
    const r = ScrapedRecord.safeParse({
      kind: 'reimbursement',
      source: 'ameli',
      patient: 'Camille MARTIN',
      date: '2024-03-02',
      sourceUrl: 'https://assure.ameli.fr/x?y=1',
      act: 'C GENERALISTE',
      provider: null,
      paymentDate: '2024-03-25',
      charged: 30,
      base: 26.5,
      rate: 70,
      reimbursedPrimary: 18.55,
      reimbursedComplementary: null,
      deductible: 2,
      outOfPocket: null,
      currency: 'EUR',
      ref: null,
    });
    expect(r.success).toBe(true);
  });
});

/** A required text field of each kind, to try bad text on. */
const TEXT_FIELD: Record<RecordKind, string> = {
  'lab-result': 'analyte',
  reimbursement: 'act',
  appointment: 'service',
  document: 'title',
  medication: 'name',
  immunization: 'vaccine',
  measurement: 'name',
  'table-row': 'table',
  problem: 'name',
  allergy: 'substance',
};

const accepts = (value: unknown) => ScrapedRecord.safeParse(value).success;
const samples = sampleRecords();

describe.each(RECORD_KINDS)('ScrapedRecord %s', (kind) => {
  const good = samples[kind];
  const field = TEXT_FIELD[kind];

  it('accepts a valid record', () => {
    expect(ScrapedRecord.parse(good)).toEqual(good);
  });

  it.each([
    ['empty text', { [field]: '' }],
    ['text with a leading space', { [field]: ' Texte' }],
    ['text with a double space', { [field]: 'Deux  espaces' }],
    ['text with a no-break space', { [field]: 'Deux\u00a0mots' }],
    ['an empty patient', { patient: '' }],
    ['an impossible day', { date: '2024-02-30' }],
    ['a French date', { date: '02/03/2024' }],
    ['a date with a zone', { date: '2024-03-02T10:00Z' }],
    ['hour 24', { date: '2024-03-02T24:00' }],
    ['an unknown extra field', { extra: 1 }],
    ['an id (storage derives it)', { id: 'x' }],
    ['a relative source URL', { sourceUrl: '/page' }],
    ['a javascript: source URL', { sourceUrl: 'javascript:alert(1)' }],
    ['a urn other than a file digest', { sourceUrl: 'urn:oid:1.2.250.1' }],
    ['a short file digest', { sourceUrl: `urn:sha256:${'a'.repeat(63)}` }],
    ['an upper-case source', { source: 'Ameli' }],
  ])('refuses %s', (_, change) => {
    expect(accepts({ ...good, ...change })).toBe(false);
  });

  it('refuses an absent field (absent must be null)', () => {
    const { patient: _, ...withoutPatient } = good;
    expect(accepts(withoutPatient)).toBe(false);
  });

  it('accepts the digest of a file the person brought as its source (version 2)', () => {
    expect(accepts({ ...good, sourceUrl: `urn:sha256:${'0f'.repeat(32)}` })).toBe(true);
  });

  it('accepts a leap day and a null patient', () => {
    expect(accepts({ ...good, date: '2024-02-29', patient: null })).toBe(true);
  });
});

describe('kind-specific rules', () => {
  const { reimbursement, document, appointment, measurement } = samples;
  const lab = samples['lab-result'];
  const row = samples['table-row'];

  it.each([
    ['lab-result with a string value', { ...lab, value: '5,2' }],
    ['lab-result with an unknown comparator', { ...lab, comparator: '=' }],
    ['lab-result with an unknown flag', { ...lab, flag: 'HH' }],
    ['lab-result with an empty valueText', { ...lab, valueText: '' }],
    ['lab-result with a loinc (derived, not scraped)', { ...lab, loinc: '14749-6' }],
    ['reimbursement with a negative deductible', { ...reimbursement, deductible: -1 }],
    ['reimbursement with an amount as text', { ...reimbursement, charged: '30,00 €' }],
    ['reimbursement with an infinite amount', { ...reimbursement, base: Number.POSITIVE_INFINITY }],
    ['reimbursement with a bad payment date', { ...reimbursement, paymentDate: '2023-02-29' }],
    ['reimbursement with a currency symbol', { ...reimbursement, currency: '€' }],
    ['appointment with an unknown status', { ...appointment, status: 'done' }],
    ['appointment with a bad end', { ...appointment, end: '2024-13-01' }],
    ['document with an unknown docType', { ...document, docType: 'pdf' }],
    ['document with a relative url', { ...document, url: 'docs/1.pdf' }],
    ['document with a bad sha256', { ...document, sha256: 'abc' }],
    ['document with a bad mimeType', { ...document, mimeType: 'PDF' }],
    ['medication with a quantity as text', { ...samples.medication, quantity: '2 boîtes' }],
    ['immunization with an empty dose', { ...samples.immunization, dose: '' }],
    ['measurement with a null value', { ...measurement, value: null }],
    ['table-row with a number cell', { ...row, cells: { A: 1 } }],
    ['an unknown kind', { ...measurement, kind: 'allergy' }],
  ])('refuses %s', (_, value) => {
    expect(accepts(value)).toBe(false);
  });

  it('accepts signed amounts, a zero deductible and empty table cells', () => {
    expect(accepts({ ...reimbursement, charged: -30, deductible: 0 })).toBe(true);
    expect(accepts({ ...row, cells: { A: '', B: '  brut  ' } })).toBe(true);
  });
});

describe('StoredRecord and Capture', () => {
  const meta = {
    id: 'measurement:00',
    captureId: 'c1',
    capturedAt: '2024-05-10T08:00:00.000Z',
    updatedAt: '2024-05-10T08:00:00.000Z',
  };

  it('requires the storage fields, and loinc on lab results only', () => {
    expect(StoredRecord.safeParse({ ...samples.measurement, ...meta }).success).toBe(true);
    expect(StoredRecord.safeParse(samples.measurement).success).toBe(false);
    expect(StoredRecord.safeParse({ ...samples['lab-result'], ...meta }).success).toBe(false);
    expect(StoredRecord.safeParse({ ...samples['lab-result'], ...meta, loinc: null }).success).toBe(true);
    expect(
      StoredRecord.safeParse({ ...samples.measurement, ...meta, capturedAt: '2024-05-10T08:00' }).success,
    ).toBe(false);
  });

  it('validates a capture', () => {
    const capture = {
      id: 'c1',
      source: 'ameli',
      url: 'https://a.fr',
      title: 'T',
      startedAt: '2024-05-10T08:00:00.000Z',
      finishedAt: '2024-05-10T08:00:01.000+02:00',
      scraper: { id: 'ameli', version: '1.0.0' },
      counts: { found: 1, added: 1, updated: 0, unchanged: 0, invalid: 0 },
      problems: [{ level: 'warning', message: 'm' }],
      snapshotId: null,
    };
    expect(Capture.safeParse(capture).success).toBe(true);
    expect(Capture.safeParse({ ...capture, scraper: { id: 'ameli', version: '1' } }).success).toBe(false);
    expect(Capture.safeParse({ ...capture, counts: { ...capture.counts, added: -1 } }).success).toBe(false);
  });
});
