/**
 * Saving what a document reader read, and remembering which files were read. One reading is one
 * capture (./save-capture.ts): its records, and for a file the person brought its `document`
 * record, are written together or not at all. The `reads` table remembers each file read and the
 * readers' versions at the time, so that the dashboard reads a stored file once, and again only
 * when a reader changed.
 */
import type { MesDonneesDb } from './db';
import { saveCapture } from './save-capture';
import type { Capture, HealthDocument, Problem, ScrapedRecord, ScraperRef } from './schemas';

export interface ReadRow {
  fileId: string;
  /** The readers' ids and versions when it was read (`cda@1.0.0 pdf-labo@1.0.0`). */
  readers: string;
  /** `read`: records were kept; `unreadable`: no reader could read it (kept as a file only). */
  status: 'read' | 'unreadable' | 'none';
  readAt: string;
  captureId: string | null;
  /** Why it could not be read, for the document's page. */
  message: string | null;
}

export interface DocumentSave {
  reader: ScraperRef;
  /** The records' `source`: the portal's for a portal document, the reader's for a brought file. */
  source: string;
  /** Where the document is: its link on the portal, or its `urn:sha256:…`. */
  url: string;
  title: string;
  /** The records read, and first the document record when the file was brought. */
  records: ScrapedRecord[];
  problems: Problem[];
  startedAt: string;
}

/** Saves a reading as one capture. */
export function saveDocumentReading(
  db: MesDonneesDb,
  save: DocumentSave,
  now?: () => Date,
): Promise<Capture> {
  return saveCapture(
    db,
    {
      source: save.source,
      url: save.url,
      title: save.title,
      scraper: save.reader,
      startedAt: save.startedAt,
      records: save.records,
      problems: save.problems,
    },
    now,
  );
}

export function markRead(db: MesDonneesDb, row: ReadRow): Promise<string> {
  return db.reads.put(row);
}

/**
 * The stored documents whose file the current readers have not read yet: a document record with a
 * stored file of a type some reader reads (`types`, as the file's bytes say, not the portal), and
 * no read row of these readers' versions. One per file, even when two portals list the same file.
 */
export async function unreadDocuments(
  db: MesDonneesDb,
  readers: string,
  types: ReadonlySet<string>,
): Promise<HealthDocument[]> {
  const byFile = new Map<string, HealthDocument>();
  await db.records
    .where('kind')
    .equals('document')
    .each((record) => {
      if (record.kind === 'document' && record.fileId !== null && !byFile.has(record.fileId)) {
        byFile.set(record.fileId, record);
      }
    });
  const ids = [...byFile.keys()];
  const reads = await db.reads.bulkGet(ids);
  const unread = ids.filter((_, i) => reads[i]?.readers !== readers);
  const files = await db.files.bulkGet(unread);
  return unread.filter((_, i) => types.has(files[i]?.mimeType ?? '')).map((id) => byFile.get(id)!);
}

export function readOf(db: MesDonneesDb, fileId: string): Promise<ReadRow | undefined> {
  return db.reads.get(fileId);
}
