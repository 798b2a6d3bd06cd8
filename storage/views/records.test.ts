import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../db';
import { archiveContents, deleteRecord, eraseArchive, recordWithProvenance } from './records';
import { put, stored } from './test-records';

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`records-${crypto.randomUUID()}`);
});
afterEach(() => deleteDb(db));

const file = (id: string) => ({
  id,
  sha256: id,
  size: 3,
  mimeType: 'application/pdf',
  blob: new Blob(['pdf']),
  url: null,
  savedAt: '2026-11-01T10:00:00.000Z',
});

describe('records', () => {
  it('finds a record with the save that wrote it', async () => {
    const record = stored('measurement', { captureId: 'c1' });
    await put(db, record);
    await db.captures.add({
      id: 'c1',
      source: 'hopital',
      url: 'https://h.example/p',
      title: 'Mesures',
      startedAt: '2026-11-01T10:00:00.000Z',
      finishedAt: '2026-11-01T10:00:01.000Z',
      scraper: { id: 'hopital', version: '1.2.0' },
      counts: { found: 1, added: 1, updated: 0, unchanged: 0, invalid: 0 },
      problems: [],
      snapshotId: null,
    });
    const found = await recordWithProvenance(db, record.id);
    expect(found?.capture?.scraper).toEqual({ id: 'hopital', version: '1.2.0' });
    expect(await recordWithProvenance(db, 'nope')).toBeNull();
  });

  it('deletes a document and its file, unless another document shares the file', async () => {
    const a = stored('document', { title: 'A', url: null, fileId: 'f1' });
    const b = stored('document', { title: 'B', url: null, fileId: 'f1' });
    const c = stored('document', { title: 'C', url: null, fileId: 'f2' });
    await put(db, a, b, c);
    await db.files.bulkAdd([file('f1'), file('f2')]);
    await deleteRecord(db, a.id);
    expect(await db.files.get('f1')).toBeDefined();
    await deleteRecord(db, b.id);
    await deleteRecord(db, c.id);
    expect(await db.files.count()).toBe(0);
    expect(await db.records.count()).toBe(0);
  });

  it('says what the archive holds, then erases it all', async () => {
    await put(db, stored('measurement'), stored('immunization'));
    await db.files.add(file('f1'));
    expect(await archiveContents(db)).toEqual({ records: 2, files: 1, captures: 0, snapshots: 0 });
    await eraseArchive(db);
    expect(await archiveContents(db)).toEqual({ records: 0, files: 0, captures: 0, snapshots: 0 });
  });
});
