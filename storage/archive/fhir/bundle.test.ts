import type { Bundle, DocumentReference, FhirResource } from 'fhir/r4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../../db';
import { BlobSink } from '../sink';
import { documentWithFile, FileBytes, save, seedPortals, seedSamples } from '../test-helpers';
import { toBase64 } from '../../base64';
import { patientUuid, writeFhirBundle } from './bundle';
import { fhirProblems } from './fhir-validators';

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`bundle-${crypto.randomUUID()}`);
});
afterEach(() => deleteDb(db));

async function bundleOf(options: Parameters<typeof writeFhirBundle>[3] = {}, selection = {}) {
  const sink = new BlobSink();
  const summary = await writeFhirBundle(db, selection, sink, { zone: () => '+01:00', ...options });
  return {
    summary,
    bundle: JSON.parse(await sink.toBlob('application/fhir+json').text()) as Bundle<FhirResource>,
  };
}

describe('FHIR bundle', () => {
  it('is a valid collection of every record and one Patient per person', async () => {
    const files = new FileBytes();
    const row = await files.store(db, '%PDF-1.4 compte rendu');
    await seedSamples(db);
    await seedPortals(db);
    await save(db, [documentWithFile(row)]);
    const records = await db.records.count();
    const tableRows = await db.records.where('kind').equals('table-row').count();

    const { summary, bundle } = await bundleOf({ readFile: files.readFile });
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('collection');
    expect(fhirProblems(bundle)).toEqual([]);

    const entries = bundle.entry ?? [];
    const byType = (type: string) => entries.filter((e) => e.resource?.resourceType === type);
    const people = new Set((await db.records.toArray()).map((r) => r.patient));
    expect(byType('Patient')).toHaveLength(people.size);
    expect(byType('ExplanationOfBenefit')).toHaveLength(
      await db.records.where('kind').equals('reimbursement').count(),
    );
    expect(byType('Appointment').length).toBeGreaterThan(0);
    expect(byType('MedicationDispense')).toHaveLength(
      await db.records.where('kind').equals('medication').count(),
    );
    expect(byType('Immunization').length).toBeGreaterThan(1);
    expect(summary.skipped).toBe(tableRows);
    // Blood pressures are two records and one resource.
    const pressures = byType('Observation').filter(
      (e) => e.resource && 'component' in e.resource && e.resource.component,
    );
    expect(pressures.length).toBeGreaterThan(0);
    expect(summary.resources).toBe(entries.length);
    expect(entries.length).toBe(records - tableRows - pressures.length + people.size);

    // Every reference points at an entry of the bundle.
    const fullUrls = new Set(entries.map((e) => e.fullUrl));
    const references = JSON.stringify(bundle).match(/"reference":"[^"]+"/g) ?? [];
    expect(references.length).toBeGreaterThan(0);
    for (const ref of references) expect(fullUrls.has(ref.slice(13, -1))).toBe(true);

    const withFile = byType('DocumentReference')
      .map((e) => e.resource as DocumentReference)
      .find((d) => d.content[0]?.attachment.data);
    expect(withFile?.content[0]?.attachment).toMatchObject({
      data: toBase64(new TextEncoder().encode('%PDF-1.4 compte rendu')),
      contentType: 'application/pdf',
      size: 21,
    });
  });

  it('names the same person with the same id in every export', async () => {
    expect(await patientUuid('Camille MARTIN')).toBe(await patientUuid('Camille MARTIN'));
    expect(await patientUuid('Camille MARTIN')).not.toBe(await patientUuid(null));
  });

  it('follows the selection, and an empty one is still a valid bundle', async () => {
    await seedSamples(db);
    const { bundle } = await bundleOf({}, { kinds: ['immunization'] });
    expect(bundle.entry?.map((e) => e.resource?.resourceType)).toEqual(['Immunization', 'Patient']);
    const empty = await bundleOf({}, { patients: ['Personne'] });
    expect(empty.bundle.entry).toBeUndefined();
    expect(fhirProblems(empty.bundle)).toEqual([]);
  });

  it('encodes large files in base64 without overflowing the stack', () => {
    const bytes = new Uint8Array(300_000).map((_, i) => i % 256);
    expect(atob(toBase64(bytes)).length).toBe(300_000);
  });
});
