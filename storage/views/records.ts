/** One record with where it came from; deleting one record, or the whole archive. */
import type { CaptureRow, MesDonneesDb, RecordRow } from '../db';
import { countWrites } from '../stats';

export interface RecordWithProvenance {
  record: RecordRow;
  /** The save that last wrote it (gone if the capture history was cleared). */
  capture: CaptureRow | null;
}

export async function recordWithProvenance(
  db: MesDonneesDb,
  id: string,
): Promise<RecordWithProvenance | null> {
  const record = await db.records.get(id);
  if (!record) return null;
  return { record, capture: (await db.captures.get(record.captureId)) ?? null };
}

/**
 * Deletes a record and, for a document, its stored file unless another document shares it
 * (files are stored once per content), and the memory of having read it. The capture history
 * keeps saying what was saved.
 */
export async function deleteRecord(db: MesDonneesDb, id: string): Promise<void> {
  await db.transaction('rw', [db.records, db.files, db.stats, db.reads], async () => {
    const record = await db.records.get(id);
    if (!record) return;
    await Promise.all([db.records.delete(id), countWrites(db, { removed: [record] })]);
    if (record.kind !== 'document' || !record.fileId) return;
    const fileId = record.fileId;
    const shared = await db.records
      .where('kind')
      .equals('document')
      .filter((other) => other.kind === 'document' && other.fileId === fileId)
      .count();
    // A file gone is a file unread: saved again, it is read again.
    if (shared === 0) await Promise.all([db.files.delete(fileId), db.reads.delete(fileId)]);
  });
}

export interface ArchiveContents {
  records: number;
  files: number;
  captures: number;
  snapshots: number;
}

/** What "delete everything" would take away, counted from the tables (no row is read). */
export async function archiveContents(db: MesDonneesDb): Promise<ArchiveContents> {
  const [records, files, captures, snapshots] = await Promise.all([
    db.records.count(),
    db.files.count(),
    db.captures.count(),
    db.snapshots.count(),
  ]);
  return { records, files, captures, snapshots };
}

/**
 * Empties every table in one transaction. The database itself stays: deleting it would wait for
 * every open page of the extension (and the background) to let go of it.
 */
export async function eraseArchive(db: MesDonneesDb): Promise<void> {
  const tables = [
    db.records,
    db.files,
    db.captures,
    db.snapshots,
    db.stats,
    db.pages,
    db.reads,
    db.cache,
    db.research,
  ];
  await db.transaction('rw', tables, async () => {
    await Promise.all(tables.map((table) => table.clear()));
  });
}
