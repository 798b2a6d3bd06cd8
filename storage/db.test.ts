import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { DB_NAME, type MesDonneesDb, deleteDb, getDb, openDb } from './db';
import { SCHEMA_HISTORY } from './migrations';

let db: MesDonneesDb | undefined;
afterEach(async () => {
  if (db) await deleteDb(db);
  db = undefined;
});

describe('MesDonneesDb', () => {
  it('opens the latest version with its tables and indexes', async () => {
    db = openDb(`test-${crypto.randomUUID()}`);
    await db.open();
    expect(db.verno).toBe(8);
    const schema = Object.fromEntries(
      db.tables.map((t) => [
        t.name,
        { primKey: t.schema.primKey.name, indexes: t.schema.indexes.map((i) => i.name).sort() },
      ]),
    );
    expect(schema).toEqual({
      records: { primKey: 'id', indexes: ['[kind+date]', 'captureId', 'date', 'kind', 'patient', 'source'] },
      captures: { primKey: 'id', indexes: ['[source+startedAt]', 'source', 'startedAt'] },
      files: { primKey: 'id', indexes: ['sha256'] },
      snapshots: { primKey: 'id', indexes: ['captureId'] },
      stats: { primKey: 'key', indexes: [] },
      pages: { primKey: 'key', indexes: [] },
      staging: { primKey: '[importId+seq]', indexes: ['importId'] },
      cache: { primKey: 'key', indexes: [] },
      reads: { primKey: 'fileId', indexes: [] },
      research: { primKey: 'key', indexes: ['study'] },
    });
  });

  it('gives each test its own database and deletes it', async () => {
    const name = `test-${crypto.randomUUID()}`;
    db = openDb(name);
    await db.snapshots.add({
      id: 's1',
      captureId: 'c1',
      url: 'https://a.fr',
      html: '<p></p>',
      savedAt: new Date().toISOString(),
    });
    expect(await Dexie.exists(name)).toBe(true);
    await deleteDb(db);
    db = undefined;
    expect(await Dexie.exists(name)).toBe(false);
  });

  it('stores files as blobs, found by hash', async () => {
    db = openDb(`test-${crypto.randomUUID()}`);
    const sha256 = 'a'.repeat(64);
    await db.files.add({
      id: 'f1',
      sha256,
      size: 3,
      mimeType: 'application/pdf',
      blob: new Blob(['abc']),
      url: null,
      savedAt: new Date().toISOString(),
    });
    expect((await db.files.where('sha256').equals(sha256).first())?.id).toBe('f1');
  });

  it('creates the default database lazily, under the product name', () => {
    const first = getDb();
    expect(first.name).toBe(DB_NAME);
    expect(first.isOpen()).toBe(false);
    expect(getDb()).toBe(first);
  });

  it('keeps an append-only history: versions 1, 2, 3… in order', () => {
    expect(SCHEMA_HISTORY.map((v) => v.version)).toEqual(SCHEMA_HISTORY.map((_, i) => i + 1));
  });
});
