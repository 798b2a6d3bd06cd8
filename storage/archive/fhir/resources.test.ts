import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../../db';
import type { HealthDocument, LabResult, Reimbursement } from '../../schemas';
import { seedPortals, seedSamples } from '../test-helpers';
import { recordToFhir } from './bundle';
import { fhirDateTime, fhirInstant, type FhirContext, recordUuid, uuidFromHex } from './common';
import { fhirProblems } from './fhir-validators';
import { documentToFhir, labResultToObservation, patientToFhir, reimbursementToEob } from './resources';

const ctx: FhirContext = {
  patient: { reference: 'urn:uuid:6f1c1b9e-0000-8000-8000-000000000000' },
  zone: () => '+01:00',
};

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`fhir-${crypto.randomUUID()}`);
});
afterEach(() => deleteDb(db));

describe('FHIR dates and ids', () => {
  it('writes a day as a day and a local time with seconds and zone', () => {
    expect(fhirDateTime('2024-03-02', ctx.zone)).toBe('2024-03-02');
    expect(fhirDateTime('2024-03-02T08:12', ctx.zone)).toBe('2024-03-02T08:12:00+01:00');
    expect(fhirInstant('2024-03-02', ctx.zone)).toBe('2024-03-02T00:00:00+01:00');
  });

  it('gives each record a stable RFC 9562 UUID', () => {
    const uuid = uuidFromHex('0123456789abcdef0123456789abcdef');
    expect(uuid).toBe('01234567-89ab-8def-8123-456789abcdef');
    expect(recordUuid({ id: 'lab-result:0123456789abcdef0123456789abcdef' })).toBe(uuid);
  });
});

describe('record → FHIR resource', () => {
  it('makes a valid resource of every sample record, table rows aside', async () => {
    for (const record of await seedSamples(db)) {
      const resource = recordToFhir(record, ctx);
      if (record.kind === 'table-row') {
        expect(resource).toBeNull();
        continue;
      }
      expect(fhirProblems(resource!), record.kind).toEqual([]);
    }
  });

  it('makes a valid resource of every record of the demo portals', async () => {
    const records = await seedPortals(db);
    expect(records.length).toBeGreaterThan(150);
    for (const record of records) {
      expect(fhirProblems(recordToFhir(record, ctx)!), `${record.source} ${record.id}`).toEqual([]);
    }
  });

  it('maps a lab result: LOINC when known, the name as text, range, flag, comparator', async () => {
    const lab = (await seedSamples(db)).find((r): r is LabResult => r.kind === 'lab-result')!;
    expect(lab.loinc).toBe('14749-6');
    const obs = labResultToObservation({ ...lab, flag: 'H', comparator: '<' }, ctx);
    expect(obs).toMatchObject({
      status: 'final',
      category: [{ coding: [{ code: 'laboratory' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '14749-6' }], text: 'Glycémie à jeun' },
      subject: ctx.patient,
      effectiveDateTime: '2024-03-02',
      valueQuantity: { value: 5.2, unit: 'mmol/L', comparator: '<' },
      interpretation: [{ coding: [{ code: 'H', display: 'High' }] }],
      referenceRange: [{ low: { value: 4.1 }, high: { value: 5.9 }, text: '(4,1 - 5,9)' }],
      identifier: [{ value: lab.id }],
      meta: { source: lab.sourceUrl },
    });
    const text = labResultToObservation(
      { ...lab, loinc: null, value: null, valueText: 'Négatif', flag: 'A' },
      ctx,
    );
    expect(text.code.coding).toBeUndefined();
    expect(text.valueQuantity).toBeUndefined();
    expect(text.valueString).toBe('Négatif');
    expect(text.interpretation?.[0]?.coding?.[0]?.code).toBe('A');
  });

  it('maps a reimbursement with CARIN Blue Button adjudications and both dates', async () => {
    const r = (await seedSamples(db)).find((x): x is Reimbursement => x.kind === 'reimbursement')!;
    const eob = reimbursementToEob({ ...r, reimbursedComplementary: 6.5 }, ctx);
    const item = eob.item![0]!;
    expect(item.servicedDate).toBe('2024-03-02');
    expect(eob.payment?.date).toBe('2024-03-25');
    const byCode = (item.adjudication ?? []).map((a) => [
      a.category.coding![0]!.code,
      a.amount?.value ?? a.value,
    ]);
    expect(byCode).toEqual([
      ['submitted', 30],
      ['eligible', 30],
      ['eligpercent', 70],
      ['benefit', 19],
      ['benefit', 6.5],
      ['copay', 2],
      ['memberliability', 9],
    ]);
    expect(item.adjudication?.[6]?.category.coding?.[0]?.system).toBe(
      'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication',
    );
    expect(reimbursementToEob({ ...r, provider: null }, ctx).provider.extension?.[0]?.valueCode).toBe(
      'unknown',
    );
  });

  it('attaches a stored file inline', async () => {
    const doc = (await seedSamples(db)).find((x): x is HealthDocument => x.kind === 'document')!;
    const ref = documentToFhir(doc, ctx, { data: btoa('%PDF-1.4'), contentType: 'application/pdf', size: 8 });
    expect(ref.content[0]!.attachment).toEqual({
      contentType: 'application/pdf',
      url: doc.url,
      title: doc.title,
      data: btoa('%PDF-1.4'),
      size: 8,
    });
    expect(fhirProblems(ref)).toEqual([]);
  });

  it('makes one Patient per person, named or not', () => {
    expect(fhirProblems(patientToFhir('a', 'Camille MARTIN'))).toEqual([]);
    expect(fhirProblems(patientToFhir('b', null))).toEqual([]);
  });

  it('is checked by validators that do find errors', () => {
    const obs = labResultToObservation(
      {
        ...({} as LabResult),
        id: 'lab-result:00',
        sourceUrl: 'https://x.fr',
        date: '2024-13-45T25:00',
        analyte: 'x',
        value: 1,
        unit: null,
        comparator: null,
        refLow: null,
        refHigh: null,
        refText: null,
        flag: null,
        loinc: null,
        lab: null,
      },
      ctx,
    );
    expect(fhirProblems(obs).join('\n')).toContain('effectiveDateTime');
    expect(fhirProblems({ ...obs, status: undefined } as never).join('\n')).toContain('Observation.status');
  });
});
