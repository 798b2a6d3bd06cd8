import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../db';
import { distinctKeys } from './index-keys';
import { put, stored } from './test-records';

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`keys-${crypto.randomUUID()}`);
});
afterEach(() => deleteDb(db));

describe('distinctKeys', () => {
  it('finds each value of an index once, in order, skipping records that name no one', async () => {
    expect(await distinctKeys(db, 'source')).toEqual([]);
    await put(
      db,
      stored('reimbursement', { ref: '1', source: 'mgen', patient: 'B' }),
      stored('reimbursement', { ref: '2', source: 'ameli', patient: 'A' }),
      stored('reimbursement', { ref: '3', source: 'ameli', patient: null }),
      stored('reimbursement', { ref: '4', source: 'mgen', patient: 'A' }),
    );
    expect(await distinctKeys(db, 'source')).toEqual(['ameli', 'mgen']);
    expect(await distinctKeys(db, 'patient')).toEqual(['A', 'B']);
  });
});
