import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from './db';
import { getFile, knownFiles, MAX_FILE_BYTES, sha256Hex, storeFile } from './files';
import { saveCapture } from './save-capture';
import { sampleRecords } from './test-fixtures';

const bytes = (text: string) => new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`files-${crypto.randomUUID()}`);
});
afterEach(() => deleteDb(db));

describe('document files', () => {
  it('hashes with SHA-256', async () => {
    expect(await sha256Hex(bytes('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('stores a file under its hash, once, with its size and type', async () => {
    const url = 'https://portail.example.fr/docs/123.pdf';
    const stored = await storeFile(db, { url, bytes: bytes('%PDF-1.4') });
    expect(stored).toEqual({
      fileId: stored.sha256,
      sha256: await sha256Hex(bytes('%PDF-1.4')),
      size: 8,
      mimeType: 'application/pdf',
    });
    const again = await storeFile(db, { url: `${url}?copy`, bytes: bytes('%PDF-1.4') });
    expect(again.fileId).toBe(stored.fileId);
    expect(await db.files.count()).toBe(1);
    const row = await getFile(db, stored.fileId);
    expect(row).toMatchObject({ url, size: 8, mimeType: 'application/pdf' });
    // fake-indexeddb cannot clone a Blob's bytes: the browser tests open the stored file.
    expect(row?.blob).toBeDefined();
  });

  it('takes the type from the bytes, never from what the server said', async () => {
    const html = await storeFile(db, { url: 'https://x.fr/a.pdf', bytes: bytes('<!DOCTYPE html><p>x') });
    expect(html.mimeType).toBe('text/html');
    const unknown = await storeFile(db, { url: 'https://x.fr/b', bytes: bytes('plain words') });
    expect(unknown.mimeType).toBeNull();
  });

  it('refuses a file over the size limit', async () => {
    const big = new Uint8Array(MAX_FILE_BYTES + 1);
    await expect(storeFile(db, { url: 'https://x.fr/a', bytes: big })).rejects.toThrow('trop volumineux');
    expect(await db.files.count()).toBe(0);
  });

  it('knows which document links already have their file', async () => {
    const doc = sampleRecords().document;
    const stored = await storeFile(db, { url: doc.url!, bytes: bytes('%PDF-') });
    const withFile = { ...doc, fileId: stored.fileId, sha256: stored.sha256 };
    const other = { ...doc, title: 'Autre', url: 'https://portail.example.fr/docs/456.pdf' };
    await saveCapture(db, {
      source: 'hopital',
      url: doc.sourceUrl,
      title: 'Documents',
      scraper: { id: 'hopital', version: '1.0.0' },
      startedAt: new Date().toISOString(),
      records: [withFile, other],
      problems: [],
    });
    const known = await knownFiles(db, 'hopital', [doc.url!, other.url, 'https://portail.example.fr/x']);
    expect(known).toEqual({ [doc.url!]: { fileId: stored.fileId, sha256: stored.sha256 } });
    await db.files.clear();
    expect(await knownFiles(db, 'hopital', [doc.url!])).toEqual({});
  });
});
