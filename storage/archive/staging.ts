/**
 * Where an import's rows wait between its plan and the person's confirmation: in the database,
 * not in the page's memory, so that an archive of a million records is planned and applied a
 * few hundred rows at a time (the tab would not hold them all). Staged rows are no records: the
 * views never read this table, and an import that is refused, cancelled or abandoned leaves
 * nothing of them behind (`discardImport`, `discardStaleImports`).
 *
 * Each of the plan's batches is one row of the table, not one row per record: IndexedDB's cost
 * is per row, and an import staged, read back and removed a record at a time took three times
 * as long as writing its records. (Rows of one record each, from a build before, belong to
 * imports planned and never applied: `discardStaleImports` removes them a day later.)
 */
import type { CaptureRow, MesDonneesDb, RecordRow } from '../db';

export interface StagedEntry {
  table: 'records' | 'captures';
  row: RecordRow | CaptureRow;
}

export interface StagedBatch {
  importId: string;
  /** The order the plan staged it in: apply reads the batches back in that order. */
  seq: number;
  /** A batch of the plan: the rows to write, records and captures, in the archive's order. */
  rows: StagedEntry[];
  /** When the plan staged it: an import not applied within a day is abandoned. */
  stagedAt: string;
}

const ABANDONED_AFTER_MS = 24 * 3600_000;

/** Stages a batch of one import's rows, after those staged before; returns the next sequence number. */
export async function stageRows(
  db: MesDonneesDb,
  importId: string,
  seq: number,
  rows: readonly StagedEntry[],
  now: Date,
): Promise<number> {
  if (rows.length === 0) return seq;
  await db.staging.add({ importId, seq, rows: [...rows], stagedAt: now.toISOString() });
  return seq + 1;
}

/** The staged batch of `importId` at `seq` or the first after it; undefined after the last. */
export function stagedBatch(
  db: MesDonneesDb,
  importId: string,
  seq: number,
): Promise<StagedBatch | undefined> {
  return db.staging.where('[importId+seq]').between([importId, seq], [importId, Infinity]).first();
}

/** Forgets an import's staged rows (refused, cancelled, or applied). */
export async function discardImport(db: MesDonneesDb, importId: string): Promise<void> {
  await db.staging.where('importId').equals(importId).delete();
}

/** Forgets the imports planned more than a day ago and never applied (a tab closed meanwhile). */
export async function discardStaleImports(db: MesDonneesDb, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - ABANDONED_AFTER_MS).toISOString();
  return db.staging.filter((row) => row.stagedAt < before).delete();
}
