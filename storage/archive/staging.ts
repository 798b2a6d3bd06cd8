/**
 * Where an import's rows wait between its plan and the person's confirmation: in the database,
 * not in the page's memory, so that an archive of a million records is planned and applied a
 * few hundred rows at a time (the tab would not hold them all). Staged rows are no records: the
 * views never read this table, and an import that is refused, cancelled or abandoned leaves
 * nothing of them behind (`discardImport`, `discardStaleImports`).
 */
import type { CaptureRow, MesDonneesDb, RecordRow } from '../db';

export interface StagedRow {
  importId: string;
  /** The order the plan staged it in: apply reads them back in that order, a batch at a time. */
  seq: number;
  table: 'records' | 'captures';
  row: RecordRow | CaptureRow;
  /** When the plan staged it: an import not applied within a day is abandoned. */
  stagedAt: string;
}

/** Rows staged, or read back, per transaction. */
export const STAGING_BATCH = 500;
const ABANDONED_AFTER_MS = 24 * 3600_000;

/** Stages the rows of one import, after those staged before; returns the next sequence number. */
export async function stageRows(
  db: MesDonneesDb,
  importId: string,
  seq: number,
  rows: readonly { table: StagedRow['table']; row: RecordRow | CaptureRow }[],
  now: Date,
): Promise<number> {
  if (rows.length === 0) return seq;
  const stagedAt = now.toISOString();
  await db.staging.bulkAdd(rows.map((entry, i) => ({ importId, seq: seq + i, stagedAt, ...entry })));
  return seq + rows.length;
}

/** The staged rows of `importId` from `seq` on, at most `limit`, in order. */
export function stagedBatch(db: MesDonneesDb, importId: string, seq: number, limit = STAGING_BATCH) {
  return db.staging
    .where('[importId+seq]')
    .between([importId, seq], [importId, Infinity])
    .limit(limit)
    .toArray();
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
