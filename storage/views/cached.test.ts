import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../db';
import { saveCapture } from '../save-capture';
import { sampleRecords } from '../test-fixtures';
import { CACHE_ROWS, cached } from './cached';
import { deleteRecord, eraseArchive } from './records';
import { put, stored } from './test-records';

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`cached-${crypto.randomUUID()}`);
});
afterEach(() => deleteDb(db));

describe('an answer kept with the revisions of the counts', () => {
  it('is handed back while no record is written, and computed again after any write', async () => {
    const first = stored('lab-result', { reportId: 'a' });
    await put(db, first);
    const compute = vi.fn(async () => db.records.count());
    expect(await cached(db, 'k', compute)).toBe(1);
    expect(await cached(db, 'k', compute)).toBe(1);
    expect(compute).toHaveBeenCalledTimes(1);

    // An addition.
    await put(db, stored('lab-result', { reportId: 'b' }));
    expect(await cached(db, 'k', compute)).toBe(2);
    expect(compute).toHaveBeenCalledTimes(2);

    // An update in place: the count does not change, its revision does.
    const changed = { ...sampleRecords()['lab-result'], reportId: 'a', valueText: 'changé' };
    const saved = await saveCapture(db, {
      source: changed.source,
      url: changed.sourceUrl,
      title: 'Résultats',
      scraper: { id: changed.source, version: '1.0.0' },
      startedAt: new Date().toISOString(),
      records: [changed],
      problems: [],
    });
    expect(saved.counts).toMatchObject({ added: 0, updated: 1 });
    await cached(db, 'k', compute);
    expect(compute).toHaveBeenCalledTimes(3);

    // A deletion.
    await deleteRecord(db, first.id);
    expect(await cached(db, 'k', compute)).toBe(1);
    expect(compute).toHaveBeenCalledTimes(4);
  });

  it('keeps each question apart, a bounded number of them, and is emptied with the archive', async () => {
    for (let i = 0; i < CACHE_ROWS + 5; i++) await cached(db, `k${i}`, async () => i);
    expect(await db.cache.count()).toBeLessThanOrEqual(CACHE_ROWS);
    expect(await cached(db, `k${CACHE_ROWS + 4}`, async () => -1)).toBe(CACHE_ROWS + 4);
    await eraseArchive(db);
    expect(await db.cache.count()).toBe(0);
  });
});
