import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from './db';
import { SCHEMA_HISTORY } from './migrations';
import { saveCapture } from './save-capture';
import { readStats, totalRecords } from './stats';
import { sampleRecords } from './test-fixtures';
import { deleteRecord, eraseArchive } from './views/records';
import { put, stored } from './views/test-records';

let db: MesDonneesDb | undefined;
afterEach(async () => {
  if (db) await deleteDb(db);
  db = undefined;
});

const counts = async (target: MesDonneesDb) =>
  Object.fromEntries((await readStats(target)).map((row) => [row.key, row.count]));

describe('record counts (stats)', () => {
  it('counts the records of a version-1 database when it is upgraded', async () => {
    const name = `stats-${crypto.randomUUID()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_HISTORY[0]!.stores);
    await v1
      .table('records')
      .bulkAdd([
        stored('reimbursement', { source: 'ameli', ref: 'A', patient: 'Léo MARTIN' }),
        stored('reimbursement', { source: 'ameli', ref: 'B', patient: 'Léo MARTIN' }),
        stored('reimbursement', { source: 'ameli', ref: 'C', patient: null }),
        stored('lab-result', { source: 'labo', patient: 'Camille MARTIN' }),
      ]);
    v1.close();

    db = openDb(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_HISTORY.at(-1)!.version);
    expect(await counts(db)).toEqual({
      '["ameli","reimbursement","Léo MARTIN"]': 2,
      '["ameli","reimbursement",null]': 1,
      '["labo","lab-result","Camille MARTIN"]': 1,
    });
    expect(await totalRecords(db)).toBe(4);
  });

  it('follows saves, re-saves, deletions and "delete everything"', async () => {
    db = openDb(`stats-${crypto.randomUUID()}`);
    const sample = sampleRecords();
    const input = {
      source: 'ameli',
      url: 'https://assure.ameli.fr/p',
      title: 'Page',
      scraper: { id: 'ameli', version: '1.0.0' },
      startedAt: '2026-11-28T10:00:00.000Z',
      records: [sample.reimbursement, { ...sample.reimbursement, ref: 'other' }, sample.medication],
      problems: [],
    };
    const first = await saveCapture(db, structuredClone(input));
    expect(first.counts.added).toBe(3);
    await saveCapture(db, structuredClone(input));
    expect(await totalRecords(db)).toBe(3);
    expect(await db.records.count()).toBe(3);

    const [one] = await db.records.where('kind').equals('medication').primaryKeys();
    await deleteRecord(db, one!);
    expect(await totalRecords(db)).toBe(2);
    expect(Object.values(await counts(db))).toEqual([2]);

    await put(db, stored('lab-result', { source: 'labo' }));
    expect(await totalRecords(db)).toBe(3);
    await eraseArchive(db);
    expect(await readStats(db)).toEqual([]);
  });
});
