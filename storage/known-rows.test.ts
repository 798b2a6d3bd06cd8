import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from './db';
import { recordId } from './ids';
import { getStored, storedKeys } from './known-rows';
import { saveCapture } from './save-capture';
import { captureInput, manyReimbursements } from './test-fixtures';

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`known-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await deleteDb(db);
});

async function saved(n: number): Promise<string[]> {
  const records = manyReimbursements(n);
  await saveCapture(db, captureInput(records));
  return records.map((record) => recordId(record));
}

describe('getStored', () => {
  it('answers in the order of the ids, undefined for those not stored, asking only for stored ones', async () => {
    const ids = await saved(3);
    const absent = ['reimbursement:0', 'reimbursement:1'];
    const stored = await storedKeys(db.records.toCollection().primaryKeys());
    const bulkGet = vi.spyOn(db.records, 'bulkGet');

    const rows = await getStored(db.records, [absent[0]!, ids[1]!, absent[1]!, ids[0]!], stored);

    expect(rows.map((row) => row?.id)).toEqual([undefined, ids[1], undefined, ids[0]]);
    expect(bulkGet).toHaveBeenCalledExactlyOnceWith([ids[1], ids[0]]);
  });

  it('reads what is stored now for the ids it was told of: a row deleted since is undefined', async () => {
    const ids = await saved(2);
    const stored = await storedKeys(db.records.toCollection().primaryKeys());
    await db.records.delete(ids[0]!);
    expect((await getStored(db.records, ids, stored)).map((row) => row?.id)).toEqual([undefined, ids[1]]);
  });

  it('asks for nothing when nothing is stored', async () => {
    const stored = await storedKeys(db.records.toCollection().primaryKeys());
    const bulkGet = vi.spyOn(db.records, 'bulkGet');
    expect(await getStored(db.records, ['reimbursement:0'], stored)).toEqual([undefined]);
    expect(bulkGet).toHaveBeenCalledExactlyOnceWith([]);
  });
});
