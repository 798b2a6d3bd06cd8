import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordId } from '../../storage/ids';
import { deleteDb, openDb, type MesDonneesDb } from '../../storage/db';
import { storeFile } from '../../storage/files';
import type { HealthDocument, LabResult } from '../../storage/schemas';
import { zipSync } from 'fflate';
import { xdmPackage } from '../../tools/xdm-package';
import {
  importBroughtFile,
  importDocumentFile,
  READERS,
  readUnreadDocuments,
  RefusedFileError,
} from './read-documents';

const FIXTURES = join(import.meta.dirname, '../../scrapers/cda/fixtures');
const bytesOf = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const fileOf = (name: string, bytes: Uint8Array = bytesOf(name)) =>
  new File([bytes as Uint8Array<ArrayBuffer>], name, { lastModified: Date.UTC(2025, 0, 2) });

let db: MesDonneesDb;
/** fake-indexeddb cannot clone a Blob's bytes: the stored files' bytes are kept here. */
let blobs: Map<string, Blob>;
beforeEach(() => {
  db = openDb(`read-documents-${crypto.randomUUID()}`);
  blobs = new Map();
  const get = db.files.get.bind(db.files);
  vi.spyOn(db.files, 'get').mockImplementation((async (key: string) => {
    const row = await get(key);
    return row && { ...row, blob: blobs.get(key) ?? row.blob };
  }) as never);
});
afterEach(async () => {
  await deleteDb(db);
});

describe('importing a document the person brought', () => {
  it('saves its document record, its results and its printable version in one capture', async () => {
    const outcome = await importDocumentFile(db, fileOf('cr-bio-complet.xml'));
    expect(outcome).toMatchObject({ status: 'read', records: 15, added: 15, message: null });
    expect(outcome.problems.map((p) => p.message)).toEqual([expect.stringContaining('Vitamine D')]);

    const records = await db.records.toArray();
    const documents = records.filter((r): r is HealthDocument => r.kind === 'document');
    expect(documents.map((d) => [d.title, d.mimeType])).toEqual(
      expect.arrayContaining([
        ["Compte rendu d'examens de biologie médicale", 'application/xml'],
        ["Compte rendu d'examens de biologie médicale (version imprimable)", 'application/pdf'],
      ]),
    );
    const report = documents.find((d) => d.mimeType === 'application/xml')!;
    const labs = records.filter((r): r is LabResult => r.kind === 'lab-result');
    expect(labs).toHaveLength(15);
    for (const lab of labs) expect(lab.fromDocument).toBe(report.id);
    // The code a document gives is its LOINC code; a local code leaves it to the name and unit.
    expect(labs.find((l) => l.analyte === 'Hémoglobine')?.loinc).toBe('718-7');
    expect(labs.find((l) => l.analyte === 'Aspect du sérum')?.loinc).toBeNull();
    expect(await db.files.count()).toBe(2);
    const captures = await db.captures.toArray();
    expect(captures).toHaveLength(1);
    expect(captures[0]).toMatchObject({ source: 'cda', scraper: { id: 'cda' }, counts: { added: 17 } });
    expect(await db.reads.get(report.fileId!)).toMatchObject({ status: 'read', readers: READERS });
  });

  it('adds nothing when the same document comes again', async () => {
    await importDocumentFile(db, fileOf('note-de-vaccination.xml'));
    const before = await db.records.count();
    const again = await importDocumentFile(
      db,
      fileOf('note-de-vaccination.xml', bytesOf('note-de-vaccination.xml')),
    );
    expect(again).toMatchObject({ status: 'read', records: 2, added: 0 });
    expect(await db.records.count()).toBe(before);
  });

  it('keeps a document it cannot read, named after the file, and says why', async () => {
    const outcome = await importDocumentFile(db, fileOf('plusieurs-patients.xml'));
    expect(outcome.status).toBe('unreadable');
    expect(outcome.message).toContain('2 patients');
    const [kept] = await db.records.toArray();
    expect(kept).toMatchObject({
      kind: 'document',
      source: 'document',
      title: 'plusieurs-patients.xml',
      date: '2025-01-02',
      docType: 'other',
    });
    expect(await db.records.count()).toBe(1);
    const [capture] = await db.captures.toArray();
    expect(capture?.problems[0]?.message).toContain('2 patients');
  });

  it('keeps malformed XML as a file, with the reason', async () => {
    const broken = new TextEncoder().encode(
      '<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3"><title>',
    );
    const outcome = await importDocumentFile(db, fileOf('casse.xml', broken));
    expect(outcome).toMatchObject({
      status: 'unreadable',
      message: expect.stringContaining('XML bien formé'),
    });
    expect(await db.files.count()).toBe(1);
  });

  it('refuses a file that is no document, storing nothing', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    await expect(importDocumentFile(db, fileOf('photo.xml', png))).rejects.toThrow(RefusedFileError);
    await expect(
      importDocumentFile(db, fileOf('notes.txt', new TextEncoder().encode('bonjour'))),
    ).rejects.toThrow('ni un compte rendu PDF');
    expect(await db.files.count()).toBe(0);
    expect(await db.records.count()).toBe(0);
  });
});

describe('importing a portal’s record export (IHE XDM)', () => {
  const exported = () =>
    xdmPackage(
      [
        { name: 'DOC0001.XML', bytes: bytesOf('resume-mychart.xml'), mimeType: 'text/xml' },
        { name: 'DOC0002.XML', bytes: bytesOf('note-de-vaccination.xml'), mimeType: 'text/xml' },
        { name: 'DOC0003.XML', bytes: bytesOf('plusieurs-patients.xml'), mimeType: 'text/xml' },
      ],
      { extraUris: ['DOC0004.XML'] },
    );
  /** Every store's rows, to tell that nothing at all was written. */
  const contents = async () => JSON.stringify(await Promise.all(db.tables.map((table) => table.toArray())));

  it('reads each document as if brought alone, and says what the package lacks', async () => {
    const steps: string[] = [];
    const outcomes = await importBroughtFile(db, fileOf('export-mychart.zip', exported()), {
      onProgress: ({ done, total }) => steps.push(`${done}/${total}`),
    });
    expect(steps).toEqual(['0/3', '1/3', '2/3', '3/3']);
    expect(outcomes.map((o) => [o.status, o.records, o.title])).toEqual([
      ['unreadable', 0, 'export-mychart.zip'],
      ['read', 6, 'Summary of care'],
      ['read', 2, expect.stringMatching(/vaccination/i)],
      ['unreadable', 0, 'DOC0003.XML'],
    ]);
    expect(outcomes[0]?.message).toContain('DOC0004.XML : annoncé par le paquet mais absent');
    expect(outcomes[3]?.message).toContain('2 patients');
    const kinds = (await db.records.toArray()).map((r) => r.kind).sort();
    expect(kinds.filter((k) => k !== 'document')).toEqual(
      [
        'allergy',
        'immunization',
        'immunization',
        'immunization',
        'lab-result',
        'lab-result',
        'medication',
        'problem',
      ].sort(),
    );
    // One capture per document, each saved whole.
    expect(await db.captures.count()).toBe(3);
  });

  it('adds nothing when the same export comes again', async () => {
    await importBroughtFile(db, fileOf('export.zip', exported()));
    const before = await db.records.count();
    const again = await importBroughtFile(db, fileOf('export-encore.zip', exported()));
    expect(again.filter((o) => o.status === 'read').map((o) => o.added)).toEqual([0, 0]);
    expect(await db.records.count()).toBe(before);
  });

  it('stops between two documents when asked', async () => {
    const controller = new AbortController();
    const outcomes = await importBroughtFile(db, fileOf('export.zip', exported()), {
      signal: controller.signal,
      onProgress: ({ done }) => done === 1 && controller.abort(),
    });
    expect(outcomes.filter((o) => o.status === 'read')).toHaveLength(1);
    expect(await db.captures.count()).toBe(1);
  });

  it('refuses a ZIP that is no export, a zip bomb and an unsafe name, writing nothing', async () => {
    const before = await contents();
    await expect(
      importBroughtFile(
        db,
        fileOf('sauvegarde.zip', zipSync({ 'archive.json': new Uint8Array([123, 125]) })),
      ),
    ).rejects.toThrow(RefusedFileError);
    const bomb = zipSync({ IHE_XDM: { SUBSET01: { 'DOC0001.XML': new Uint8Array(8 << 20) } } });
    await expect(importBroughtFile(db, fileOf('bombe.zip', bomb))).rejects.toMatchObject({
      code: 'zip-bomb',
    });
    const unsafe = zipSync({ 'IHE_XDM/SUBSET01/../../x.xml': bytesOf('resume-mychart.xml') });
    await expect(importBroughtFile(db, fileOf('nom.zip', unsafe))).rejects.toMatchObject({
      code: 'unsafe-name',
    });
    expect(await contents()).toBe(before);
  });

  it('reads a single document as importDocumentFile does', async () => {
    const [outcome] = await importBroughtFile(db, fileOf('note-de-vaccination.xml'));
    expect(outcome).toMatchObject({ status: 'read', records: 2, added: 2 });
  });
});

describe('reading the documents saved from a portal', () => {
  async function portalDocument(name: string): Promise<HealthDocument> {
    const stored = await storeFile(db, {
      url: 'https://www.monespacesante.fr/documents/x/telecharger',
      bytes: bytesOf(name),
    });
    blobs.set(stored.fileId, new Blob([bytesOf(name)]));
    const document = {
      kind: 'document' as const,
      source: 'espace-sante',
      patient: 'Claire DUPONT',
      date: '2025-10-14',
      sourceUrl: 'https://www.monespacesante.fr/documents',
      title: 'Compte rendu de biologie',
      docType: 'lab-report' as const,
      author: null,
      url: `https://www.monespacesante.fr/documents/${name}/telecharger`,
      mimeType: 'application/xml',
      fileId: stored.fileId,
      sha256: stored.sha256,
    };
    const row = {
      ...document,
      id: recordId(document),
      captureId: 'c1',
      capturedAt: '2025-10-15T10:00:00.000Z',
      updatedAt: '2025-10-15T10:00:00.000Z',
    };
    await db.records.add(row);
    return row;
  }

  it('reads each once, under the portal’s name, pointing at the portal’s document', async () => {
    const document = await portalDocument('cr-bio-complet.xml');
    await portalDocument('note-de-vaccination.xml');
    const progress: number[] = [];
    const outcomes = await readUnreadDocuments(db, { onProgress: ({ done }) => progress.push(done) });
    expect(outcomes.map((o) => [o.status, o.records]).sort()).toEqual([
      ['read', 15],
      ['read', 2],
    ]);
    expect(progress).toEqual([0, 1, 2]);
    const labs = (await db.records.where('kind').equals('lab-result').toArray()) as LabResult[];
    for (const lab of labs) {
      expect(lab).toMatchObject({
        source: 'espace-sante',
        patient: 'Claire DUPONT',
        fromDocument: document.id,
        sourceUrl: document.url,
      });
    }
    expect(await readUnreadDocuments(db)).toEqual([]);
  });

  it('reads again when the readers change, adding nothing new', async () => {
    const document = await portalDocument('note-de-vaccination.xml');
    await readUnreadDocuments(db);
    await db.reads.update(document.fileId!, { readers: 'cda@0.9.0' });
    const [again] = await readUnreadDocuments(db);
    expect(again).toMatchObject({ status: 'read', records: 2, added: 0 });
  });

  it('stops between two documents when asked', async () => {
    await portalDocument('cr-bio-complet.xml');
    await portalDocument('note-de-vaccination.xml');
    const controller = new AbortController();
    const outcomes = await readUnreadDocuments(db, {
      signal: controller.signal,
      onProgress: ({ done }) => {
        if (done === 1) controller.abort();
      },
    });
    expect(outcomes).toHaveLength(1);
    expect(await readUnreadDocuments(db)).toHaveLength(1);
  });

  it('marks a document it cannot read, and does not try it again', async () => {
    await portalDocument('sans-corps.xml');
    const [outcome] = await readUnreadDocuments(db);
    expect(outcome).toMatchObject({
      status: 'unreadable',
      message: expect.stringContaining('ni corps structuré'),
    });
    expect(await readUnreadDocuments(db)).toEqual([]);
  });
});
