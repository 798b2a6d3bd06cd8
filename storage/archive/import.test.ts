import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../db';
import { sampleRecords } from '../test-fixtures';
import { applyImport } from './apply';
import { ARCHIVE_FORMAT, ARCHIVE_UPGRADES, ArchiveError, type ArchiveEnvelope } from './envelope';
import { exportArchive, type ExportFormat } from './export';
import { planImport, type ImportPlan, type PlanOptions } from './plan';
import { documentWithFile, FileBytes, save, seedPortals, seedSamples } from './test-helpers';

const app = { name: 'Mes données, ma santé', version: '0.1.0' };

let source: MesDonneesDb;
let target: MesDonneesDb;
let files: FileBytes;
beforeEach(() => {
  source = openDb(`import-src-${crypto.randomUUID()}`);
  target = openDb(`import-dst-${crypto.randomUUID()}`);
  files = new FileBytes();
});
afterEach(async () => {
  await deleteDb(source);
  await deleteDb(target);
});

async function exported(format: ExportFormat = 'zip', passphrase?: string): Promise<Blob> {
  const result = await exportArchive(source, {
    format,
    locale: 'fr',
    app,
    readFile: files.readFile,
    passphrase,
  });
  return result.blob;
}

async function importInto(db: MesDonneesDb, file: Blob, options: PlanOptions = {}) {
  const plan = await planImport(db, file, options);
  return { plan, outcome: await applyImport(db, plan) };
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);

function total(plan: ImportPlan, key: 'added' | 'updated' | 'unchanged' | 'keptLocal'): number {
  return Object.values(plan.records).reduce((n, c) => n + c[key], 0);
}

/** The database as a value, to check that a refused import changed nothing. */
async function snapshot(db: MesDonneesDb) {
  return {
    records: (await db.records.toArray()).sort(byId),
    captures: (await db.captures.toArray()).sort(byId),
    files: (await db.files.toArray()).map((f) => f.id).sort(),
  };
}

async function refusal(file: Blob, options: PlanOptions = {}): Promise<{ code: string; detail: string }> {
  await seedSamples(target);
  const before = await snapshot(target);
  try {
    await planImport(target, file, options);
  } catch (error) {
    expect(await snapshot(target)).toEqual(before);
    if (error instanceof ArchiveError) return { code: error.code, detail: error.detail };
    throw error;
  }
  throw new Error('the archive was accepted');
}

function envelope(records: unknown[], overrides: Partial<Record<keyof ArchiveEnvelope, unknown>> = {}): Blob {
  const value = {
    format: ARCHIVE_FORMAT,
    version: 2,
    exportedAt: '2026-11-28T10:00:00.000Z',
    app,
    records,
    captures: [],
    ...overrides,
  };
  return new Blob([JSON.stringify(value)], { type: 'application/json' });
}

describe('import', () => {
  it('restores an exported ZIP into an empty database, files included', async () => {
    const row = await files.store(source, '%PDF-1.4 rapport');
    await seedSamples(source);
    await seedPortals(source);
    await save(source, [documentWithFile(row)]);
    const { plan, outcome } = await importInto(target, await exported('zip'));

    expect(plan.container).toBe('zip');
    expect(plan.records['lab-result'].added).toBe(
      await source.records.where('kind').equals('lab-result').count(),
    );
    expect(total(plan, 'added')).toBe(await source.records.count());
    expect(plan.captures.added).toBe(await source.captures.count());
    expect(plan.files).toEqual({ added: 1, unchanged: 0 });
    expect(plan.warnings).toEqual([]);
    expect(outcome).toEqual({
      records: await source.records.count(),
      captures: plan.captures.added,
      files: 1,
    });

    expect((await target.records.toArray()).sort(byId)).toEqual((await source.records.toArray()).sort(byId));
    expect((await target.captures.toArray()).sort(byId)).toEqual(
      (await source.captures.toArray()).sort(byId),
    );
    const file = await target.files.get(row.id);
    expect(file).toMatchObject({
      sha256: row.sha256,
      size: row.size,
      mimeType: 'application/pdf',
      url: row.url,
      savedAt: row.savedAt,
    });
  });

  it('changes nothing the second time', async () => {
    await seedPortals(source);
    const archive = await exported('zip');
    await importInto(target, archive);
    const before = await snapshot(target);
    const { plan, outcome } = await importInto(target, archive);
    expect(total(plan, 'added') + total(plan, 'updated')).toBe(0);
    expect(total(plan, 'unchanged')).toBe(before.records.length);
    expect(plan.captures).toEqual({ added: 0, unchanged: before.captures.length });
    expect(plan.staged).toMatchObject({ records: 0, captures: 0 });
    expect(await target.staging.count()).toBe(0);
    expect(outcome).toEqual({ records: 0, captures: 0, files: 0 });
    expect(await snapshot(target)).toEqual(before);
  });

  it('reads the JSON archive too, encrypted or not', async () => {
    await seedSamples(source);
    const count = await source.records.count();
    expect(total((await importInto(target, await exported('json'))).plan, 'added')).toBe(count);
    const plan = await planImport(
      openDb(`x-${crypto.randomUUID()}`),
      await exported('json', 'phrase secrète'),
      {
        passphrase: 'phrase secrète',
      },
    );
    expect(plan).toMatchObject({ container: 'json', encrypted: true });
    expect(total(plan, 'added')).toBe(count);
  });

  it('updates what changed, keeps what changed later here', async () => {
    await seedSamples(source);
    await importInto(target, await exported('json'));
    const all = await source.records.toArray();
    const a = all.find((r) => r.kind === 'lab-result')!;
    const b = all.find((r) => r.kind === 'medication')!;
    // The archive's copy of `a` is newer and differs: an update. `b` changed here since.
    await source.records.put({ ...a, prescriber: 'Dr NOUVEAU', updatedAt: '2030-01-01T00:00:00.000Z' });
    await target.records.put({ ...b, quantity: 3, updatedAt: '2031-01-01T00:00:00.000Z' });
    await source.records.put({ ...b, quantity: 4, updatedAt: '2030-01-01T00:00:00.000Z' });
    const { plan } = await importInto(target, await exported('json'));
    expect(plan.records['lab-result'].updated).toBe(1);
    expect(plan.records.medication.keptLocal).toBe(1);
    expect(total(plan, 'unchanged')).toBe(all.length - 2);
    expect(await target.records.get(a.id)).toMatchObject({
      prescriber: 'Dr NOUVEAU',
      capturedAt: a.capturedAt,
    });
    expect(await target.records.get(b.id)).toMatchObject({ quantity: 3 });
  });

  it('compares again what was saved here between the plan and the confirmation', async () => {
    await seedSamples(source);
    const all = await source.records.toArray();
    const b = all.find((r) => r.kind === 'medication')!;
    const plan = await planImport(target, await exported('json'));
    expect(total(plan, 'added')).toBe(all.length);
    // Saved here after the plan was made (the plan did not know it), changed later than the archive.
    await target.records.put({ ...b, quantity: 3, updatedAt: '2031-01-01T00:00:00.000Z' });
    const outcome = await applyImport(target, plan);
    expect(outcome.records).toBe(all.length - 1);
    expect(await target.records.get(b.id)).toMatchObject({ quantity: 3 });
    expect(await target.records.count()).toBe(all.length);
  });

  it('keeps a document’s file link only when the file is here or in the archive', async () => {
    const row = await files.store(source, '%PDF-1.4 a');
    await save(source, [documentWithFile(row, 'Avec fichier')]);
    // A JSON archive carries no files: the link survives only where the file already is.
    const json = await exported('json');
    const { plan } = await importInto(target, json);
    expect(plan.warnings).toEqual([
      "Document « Avec fichier » : fichier absent de l'archive et de ce navigateur, lien retiré.",
    ]);
    const doc = (await target.records.toArray())[0];
    expect(doc).toMatchObject({ fileId: null, sha256: null });

    const other = openDb(`other-${crypto.randomUUID()}`);
    await new FileBytes().store(other, '%PDF-1.4 a');
    const again = await importInto(other, json);
    expect(again.plan.warnings).toEqual([]);
    expect((await other.records.toArray())[0]).toMatchObject({ fileId: row.id });
    await deleteDb(other);
  });

  it('writes everything in one transaction or nothing', async () => {
    await seedSamples(source);
    const plan = await planImport(target, await exported('zip'));
    // A staged row broken after the plan: the rows before it must not stay written.
    const [first] = await target.staging.where('importId').equals(plan.staged.importId).sortBy('seq');
    await target.staging.put({
      ...first!,
      seq: 1_000_000,
      rows: [{ ...first!.rows[0]!, row: { ...first!.rows[0]!.row, id: undefined as unknown as string } }],
    });
    await expect(applyImport(target, plan)).rejects.toThrow();
    expect(await snapshot(target)).toEqual({ records: [], captures: [], files: [] });
  });

  it('migrates an older version through its upgrade steps', async () => {
    await seedSamples(source);
    const current = JSON.parse(await (await exported('json')).text()) as ArchiveEnvelope;
    // A made-up "version 0" where the person was called `person`: no such version was ever
    // published, so the step is the test's own; it exercises the mechanism end to end.
    const old = {
      ...current,
      version: 0,
      records: current.records.map(({ patient, ...rest }) => ({ ...rest, person: patient })),
    };
    const upgrades = [
      ...ARCHIVE_UPGRADES,
      {
        from: 0,
        record: (raw: unknown) => {
          const { person, ...rest } = raw as { person: unknown };
          return { ...rest, patient: person };
        },
      },
    ];
    const plan = await planImport(target, new Blob([JSON.stringify(old)]), { upgrades });
    expect(total(plan, 'added')).toBe(current.records.length);
    expect((await refusal(new Blob([JSON.stringify(old)]))).code).toBe('unknown-format');
  });
});

describe('import refuses, saying why, and changes nothing', () => {
  it('a file that is not an archive', async () => {
    expect((await refusal(new Blob(['bonjour']))).code).toBe('not-archive');
    expect((await refusal(new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2])]))).code).toBe(
      'not-archive',
    );
    expect((await refusal(new Blob(['{"resourceType":"Bundle","entry":[]}']))).code).toBe('not-archive');
    expect((await refusal(new Blob([zipSync({ 'a.txt': new Uint8Array([1]) })]))).detail).toContain(
      'archive.json',
    );
    expect((await refusal(new Blob([new Uint8Array([0x7b, 0xff, 0xfe])]))).code).toBe('not-archive');
  });

  it('another format, or a newer version', async () => {
    expect(await refusal(envelope([], { format: 'dexie' }))).toEqual({
      code: 'unknown-format',
      detail: 'format "dexie"',
    });
    expect(await refusal(envelope([], { version: 3 }))).toEqual({ code: 'newer-version', detail: '3' });
  });

  it('an invalid record, by number and reason', async () => {
    await seedSamples(source);
    const records = (JSON.parse(await (await exported('json')).text()) as ArchiveEnvelope).records;
    const bad = [records[0], { ...records[1], date: '02/03/2024' }, ...records.slice(2)];
    const { code, detail } = await refusal(envelope(bad));
    expect(code).toBe('invalid-record');
    expect(detail).toBe(
      'Enregistrement n°2 refusé : champ « date » : date attendue au format AAAA-MM-JJ ou AAAA-MM-JJTHH:mm',
    );

    expect((await refusal(envelope([records[0], records[0]]))).detail).toBe(
      'Enregistrement n°2 refusé : même identifiant que le n°1',
    );
    expect((await refusal(envelope([{ ...records[0], id: 'lab-result:0' }]))).detail).toContain(
      'Enregistrement n°1 refusé : champ « id »',
    );
    expect((await refusal(envelope([{ ...sampleRecords().medication }]))).detail).toContain(
      'Enregistrement n°1 refusé : champ « id » : champ manquant',
    );
  });

  it('a cut-off file', async () => {
    await seedPortals(source);
    for (const format of ['json', 'zip'] as const) {
      const archive = await exported(format);
      expect((await refusal(archive.slice(0, archive.size - 200))).code).toBe('truncated');
    }
    const sealed = await exported('zip', 'p');
    expect((await refusal(sealed.slice(0, sealed.size - 5), { passphrase: 'p' })).code).toBe('truncated');
  });

  it('an encrypted file without its passphrase, or with a wrong one', async () => {
    await seedSamples(source);
    const sealed = await exported('zip', 'la bonne');
    expect((await refusal(sealed)).code).toBe('passphrase-required');
    expect((await refusal(sealed, { passphrase: 'la mauvaise' })).code).toBe('wrong-passphrase');
  });

  it('a ZIP whose document file does not match its digest', async () => {
    const row = await files.store(source, '%PDF-1.4 a');
    await save(source, [documentWithFile(row)]);
    const json = new Uint8Array(await (await exported('json')).arrayBuffer());
    const forged = new Blob([
      zipSync({ 'archive.json': json, [`files/${row.sha256}.pdf`]: new TextEncoder().encode('autre') }),
    ]);
    expect(await refusal(forged)).toEqual({ code: 'corrupt-file', detail: `files/${row.sha256}.pdf` });
  });
});
