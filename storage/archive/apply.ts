/**
 * Import, second half: write what the plan found, in one transaction, so the database holds the
 * whole import or none of it. The plan was made before the person confirmed; anything saved in
 * between is compared again here, inside the transaction, and a newer local copy is kept.
 */
import type { MesDonneesDb } from '../db';
import { getStored, storedKeys } from '../known-rows';
import { countImport } from '../stats';
import { mergedRow, verdict, type ImportPlan } from './plan';

export interface ImportOutcome {
  records: number;
  captures: number;
  files: number;
}

export async function applyImport(db: MesDonneesDb, plan: ImportPlan): Promise<ImportOutcome> {
  const { records, captures, files } = plan.rows;
  return db.transaction('rw', [db.records, db.captures, db.files, db.stats], async () => {
    // Only IndexedDB requests are awaited here: anything else would let the transaction commit.
    const [storedRecords, storedCaptures] = await Promise.all([
      storedKeys(db.records.toCollection().primaryKeys()),
      storedKeys(db.captures.toCollection().primaryKeys()),
    ]);
    const [locals, knownCaptures, knownFiles] = await Promise.all([
      getStored(
        db.records,
        records.map((r) => r.id),
        storedRecords,
      ),
      getStored(
        db.captures,
        captures.map((c) => c.id),
        storedCaptures,
      ),
      db.files.bulkGet(files.map((f) => f.id)),
    ]);
    const toPut = records.flatMap((record, i) => {
      const local = locals[i];
      const v = verdict(record, local);
      return v === 'added' || v === 'updated' ? [mergedRow(record, local)] : [];
    });
    const newCaptures = captures.filter((_, i) => !knownCaptures[i]);
    const newFiles = files.filter((_, i) => !knownFiles[i]);
    await Promise.all([
      toPut.length > 0 ? db.records.bulkPut(toPut) : undefined,
      countImport(db, toPut, locals),
      newCaptures.length > 0 ? db.captures.bulkAdd(newCaptures) : undefined,
      newFiles.length > 0 ? db.files.bulkAdd(newFiles) : undefined,
    ]);
    return { records: toPut.length, captures: newCaptures.length, files: newFiles.length };
  });
}
