/**
 * Import, second half: write what the plan found, in one transaction, so the database holds the
 * whole import or none of it. The plan was made before the person confirmed; anything saved in
 * between is compared again here, inside the transaction, and a newer local copy is kept.
 *
 * The plan's records and captures are read back from the staging table (./staging.ts) a batch
 * at a time, inside the same transaction, so that a million-record import never holds more than
 * a batch in memory; the staged batches are removed in that transaction too.
 */
import type { CaptureRow, MesDonneesDb, RecordRow } from '../db';
import { getStored, storedKeys } from '../known-rows';
import { countImport } from '../stats';
import { mergedRow, verdict, type ImportPlan } from './plan';
import { discardImport, stagedBatch } from './staging';

export interface ImportOutcome {
  records: number;
  captures: number;
  files: number;
}

export async function applyImport(db: MesDonneesDb, plan: ImportPlan): Promise<ImportOutcome> {
  const { importId } = plan.staged;
  return db.transaction('rw', [db.records, db.captures, db.files, db.stats, db.staging], async () => {
    // Only IndexedDB requests are awaited here: anything else would let the transaction commit.
    const [storedRecords, storedCaptures] = await Promise.all([
      storedKeys(db.records.toCollection().primaryKeys()),
      storedKeys(db.captures.toCollection().primaryKeys()),
    ]);
    const outcome: ImportOutcome = { records: 0, captures: 0, files: 0 };
    for (let seq = 0; ;) {
      const batch = await stagedBatch(db, importId, seq);
      if (!batch) break;
      seq = batch.seq + 1;
      const records = batch.rows.flatMap((staged) =>
        staged.table === 'records' ? [staged.row as RecordRow] : [],
      );
      const captures = batch.rows.flatMap((staged) =>
        staged.table === 'captures' ? [staged.row as CaptureRow] : [],
      );
      const [locals, knownCaptures] = await Promise.all([
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
      ]);
      const toPut = records.flatMap((record, i) => {
        const local = locals[i];
        const v = verdict(record, local);
        return v === 'added' || v === 'updated' ? [mergedRow(record, local)] : [];
      });
      const newCaptures = captures.filter((_, i) => !knownCaptures[i]);
      await Promise.all([
        toPut.length > 0 ? db.records.bulkPut(toPut) : undefined,
        countImport(db, toPut, locals),
        newCaptures.length > 0 ? db.captures.bulkAdd(newCaptures) : undefined,
      ]);
      outcome.records += toPut.length;
      outcome.captures += newCaptures.length;
    }
    const knownFiles = await db.files.bulkGet(plan.fileRows.map((f) => f.id));
    const newFiles = plan.fileRows.filter((_, i) => !knownFiles[i]);
    if (newFiles.length > 0) await db.files.bulkAdd(newFiles);
    outcome.files = newFiles.length;
    await discardImport(db, importId);
    return outcome;
  });
}
