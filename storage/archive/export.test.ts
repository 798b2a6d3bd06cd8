import type { Bundle } from 'fhir/r4';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb, type RecordRow } from '../db';
import { decryptBlob } from './crypto';
import { sampleRecords } from '../test-fixtures';
import { ARCHIVE_FORMAT, type ArchiveEnvelope } from './envelope';
import { exportArchive, type ExportOptions } from './export';
import { fhirProblems } from './fhir/fhir-validators';
import type { Progress } from './sink';
import { documentWithFile, FileBytes, save, seedPortals, seedSamples } from './test-helpers';

const app = { name: 'Mes données, ma santé', version: '0.1.0' };
const now = () => new Date(2026, 10, 28, 10, 0);

let db: MesDonneesDb;
let files: FileBytes;
beforeEach(() => {
  db = openDb(`export-${crypto.randomUUID()}`);
  files = new FileBytes();
});
afterEach(() => deleteDb(db));

function run(options: Partial<ExportOptions>) {
  return exportArchive(db, { format: 'json', locale: 'fr', app, now, readFile: files.readFile, ...options });
}

async function envelopeOf(blob: Blob): Promise<ArchiveEnvelope> {
  return JSON.parse(await blob.text()) as ArchiveEnvelope;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);

describe('JSON archive', () => {
  it('is the spec’s envelope with every record and capture', async () => {
    await seedSamples(db);
    await seedPortals(db);
    const result = await run({});
    expect(result.filename).toBe('mes-donnees-sante-2026-11-28.json');
    const text = await result.blob.text();
    const envelope = JSON.parse(text) as ArchiveEnvelope;
    expect(Object.keys(envelope)).toEqual(['format', 'version', 'exportedAt', 'app', 'records', 'captures']);
    expect(envelope).toMatchObject({
      format: ARCHIVE_FORMAT,
      version: 2,
      exportedAt: now().toISOString(),
      app,
    });
    expect(envelope.records.sort(byId)).toEqual((await db.records.toArray()).sort(byId));
    expect(envelope.captures.sort(byId)).toEqual((await db.captures.toArray()).sort(byId));
    expect(result).toMatchObject({ records: envelope.records.length, captures: envelope.captures.length });
    // One record per line: readable, and diffable.
    expect(text.split('\n').length).toBeGreaterThan(envelope.records.length);
  });

  it('is a valid empty envelope for an empty archive', async () => {
    const envelope = await envelopeOf((await run({})).blob);
    expect(envelope.records).toEqual([]);
    expect(envelope.captures).toEqual([]);
  });

  it('exports a selection: person, portal, kind, dates, with only its own captures', async () => {
    await seedSamples(db);
    await seedPortals(db);
    const all = await db.records.toArray();
    const check = async (selection: ExportOptions['selection'], keep: (r: RecordRow) => boolean) => {
      const envelope = await envelopeOf((await run({ selection })).blob);
      expect(envelope.records.sort(byId)).toEqual(all.filter(keep).sort(byId));
      expect(new Set(envelope.captures.map((c) => c.id))).toEqual(
        new Set(envelope.records.map((r) => r.captureId)),
      );
    };
    await check({ patients: ['Claire DUPONT'] }, (r) => r.patient === 'Claire DUPONT');
    await check({ sources: ['labo', 'mgen'] }, (r) => r.source === 'labo' || r.source === 'mgen');
    await check({ kinds: ['appointment'] }, (r) => r.kind === 'appointment');
    await check(
      { from: '2024-03-01', to: '2024-03-05' },
      (r) => r.date >= '2024-03-01' && r.date.slice(0, 10) <= '2024-03-05',
    );
    await check(
      { kinds: ['lab-result'], sources: ['labo'], from: '2024-01-01' },
      (r) => r.kind === 'lab-result' && r.source === 'labo' && r.date >= '2024-01-01',
    );
  });

  it('reports progress as it goes', async () => {
    await seedPortals(db);
    const seen: Progress[] = [];
    await run({ onProgress: (p) => seen.push(p) });
    const records = seen.filter((p) => p.phase === 'records');
    expect(records.length).toBeGreaterThan(0);
    expect(records.at(-1)?.done).toBe(records.at(-1)?.total);
  });
});

describe('CSV export', () => {
  it('is one CSV file for one kind, a ZIP of one file per kind otherwise', async () => {
    await seedSamples(db);
    const one = await run({ format: 'csv', selection: { kinds: ['reimbursement'] } });
    expect(one.filename).toBe('mes-donnees-sante-2026-11-28-reimbursement.csv');
    expect(one.blob.type).toBe('text/csv;charset=utf-8');
    const text = await one.blob.text();
    expect(text.split('\r\n')[1]).toContain(
      ';Consultation médecin généraliste;Dr DUPONT;2024-03-25;30;30;70;19;;2;9;EUR;',
    );

    const many = await run({ format: 'csv', locale: 'en' });
    expect(many.filename).toBe('mes-donnees-sante-2026-11-28-csv.zip');
    const zip = unzipSync(new Uint8Array(await many.blob.arrayBuffer()));
    expect(Object.keys(zip).sort()).toEqual([
      'allergy.csv',
      'appointment.csv',
      'document.csv',
      'immunization.csv',
      'lab-result.csv',
      'measurement.csv',
      'medication.csv',
      'problem.csv',
      'reimbursement.csv',
      'table-row.csv',
    ]);
    expect(new TextDecoder().decode(zip['lab-result.csv']!)).toContain(
      ',5.2,"5,2",,mmol/L,4.1,5.9,"(4,1 - 5,9)",',
    );
  });
});

describe('FHIR export', () => {
  it('is a valid bundle file', async () => {
    await seedSamples(db);
    const result = await run({ format: 'fhir' });
    expect(result.filename).toBe('mes-donnees-sante-2026-11-28-fhir.json');
    expect(result.blob.type).toBe('application/fhir+json');
    expect(fhirProblems(JSON.parse(await result.blob.text()) as Bundle)).toEqual([]);
  });
});

describe('ZIP export', () => {
  it('holds the JSON archive, the CSV files, the FHIR bundle, the files and a README', async () => {
    const row = await files.store(db, '%PDF-1.4 rapport');
    const orphan = await files.store(db, '%PDF-1.4 jamais référencé');
    await seedSamples(db);
    await save(db, [documentWithFile(row)]);
    const result = await run({ format: 'zip' });
    expect(result.filename).toBe('mes-donnees-sante-2026-11-28.zip');
    expect(result.files).toBe(1);
    const zip = unzipSync(new Uint8Array(await result.blob.arrayBuffer()));
    const names = Object.keys(zip);
    expect(names).toEqual([
      'archive.json',
      'csv/lab-result.csv',
      'csv/reimbursement.csv',
      'csv/appointment.csv',
      'csv/document.csv',
      'csv/medication.csv',
      'csv/immunization.csv',
      'csv/measurement.csv',
      'csv/table-row.csv',
      'csv/problem.csv',
      'csv/allergy.csv',
      'fhir/bundle.json',
      `files/${row.sha256}.pdf`,
      'files.json',
      'LISEZ-MOI.txt',
    ]);
    expect(names).not.toContain(`files/${orphan.sha256}.pdf`);
    const text = (name: string) => new TextDecoder().decode(zip[name]);
    expect(text(`files/${row.sha256}.pdf`)).toBe('%PDF-1.4 rapport');
    expect(JSON.parse(text('files.json'))).toEqual([
      expect.objectContaining({
        name: `files/${row.sha256}.pdf`,
        sha256: row.sha256,
        mimeType: 'application/pdf',
      }),
    ]);
    expect((JSON.parse(text('archive.json')) as ArchiveEnvelope).records).toHaveLength(11);
    expect(fhirProblems(JSON.parse(text('fhir/bundle.json')) as Bundle)).toEqual([]);
    const readme = text('LISEZ-MOI.txt');
    for (const name of ['archive.json', 'csv/lab-result.csv', 'fhir/bundle.json', 'files/'])
      expect(readme).toContain(name);
    expect(readme).toContain(`${Object.keys(sampleRecords()).length + 1} enregistrement(s)`);
  });

  it('writes its README in English for an English interface', async () => {
    await seedSamples(db);
    const zip = unzipSync(
      new Uint8Array(await (await run({ format: 'zip', locale: 'en' })).blob.arrayBuffer()),
    );
    expect(new TextDecoder().decode(zip['README.txt'])).toContain(
      'This is the file the extension can import again',
    );
  });
});

describe('encrypted export', () => {
  it('protects any format with the passphrase', async () => {
    await seedSamples(db);
    const result = await run({ format: 'zip', passphrase: 'une phrase de passe' });
    expect(result.filename).toBe('mes-donnees-sante-2026-11-28.zip.enc');
    const plain = await decryptBlob(result.blob, 'une phrase de passe');
    expect(Object.keys(unzipSync(new Uint8Array(await plain.arrayBuffer())))).toContain('archive.json');
  });
});
