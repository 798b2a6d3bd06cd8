/**
 * The database's schema history, oldest first. Append-only: a browser that last ran version N
 * replays every later entry, so an entry is never edited or removed once released.
 *
 * To change the schema, append `{ version: N + 1, stores: { …only the tables that change… } }`
 * (`null` deletes a table) and, when existing rows must be rewritten, an `upgrade(tx)` that does
 * it with `tx.table('records').toCollection().modify(…)`. Then add a test that creates a database
 * at version N with rows of the old shape, opens it with `openDb`, and checks the rows after.
 * Changing a record field also means bumping the archive version (docs/records.md).
 */
import type { Transaction } from 'dexie';
import { rebuildStats } from './stats';

/** The kinds of record model version 1 that version 2 gave `fromDocument` (docs/records.md). */
export const FROM_DOCUMENT_KINDS = ['lab-result', 'medication', 'immunization'] as const;

export interface SchemaVersion {
  version: number;
  /** Dexie store specs: primary key first, then indexes; `[a+b]` is a compound index. */
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => void | PromiseLike<unknown>;
}

export const SCHEMA_HISTORY: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      // `[kind+date]` serves the per-kind timelines newest first; `date` the all-kinds one.
      records: 'id, [kind+date], date, source, patient, captureId, kind',
      captures: 'id, source, startedAt, [source+startedAt]',
      // Saved files are shared by content hash, so the same PDF listed twice is stored once.
      files: 'id, sha256',
      snapshots: 'id, captureId',
    },
  },
  {
    version: 2,
    // Record counts per source × kind × patient (./stats.ts), so the overview reads no record.
    stores: { stats: 'key' },
    upgrade: rebuildStats,
  },
  {
    version: 3,
    // What each page gave when last saved (./pages.ts), so saving an unchanged page again reads
    // and writes no record. Nothing to fill: a page saved before is read in full once more.
    stores: { pages: 'key' },
  },
  {
    version: 4,
    // Record model version 2 (docs/records.md): lab results, medications and immunizations say
    // which document they were read from; those saved before were read from pages. The new kinds
    // (problem, allergy) need no index of their own.
    stores: {},
    upgrade: (tx) =>
      tx
        .table('records')
        .where('kind')
        .anyOf([...FROM_DOCUMENT_KINDS])
        .modify((record: Record<string, unknown>) => {
          record['fromDocument'] ??= null;
        }),
  },
  {
    version: 5,
    // An import's rows between its plan and its confirmation (./archive/staging.ts), so that a
    // million-record archive never sits whole in the page's memory. Starts empty.
    stores: { staging: '[importId+seq], importId' },
  },
  {
    version: 6,
    // Which stored document files the document readers have read, and with which readers
    // (./document-reads.ts): a file is read once per version of the readers. Starts empty: the
    // files already stored are read the next time the dashboard opens.
    stores: { reads: 'fileId' },
  },
  {
    version: 7,
    // What the Aperçu computed, with the revisions of the counts it was computed at
    // (./views/cached.ts): opened again with nothing changed, it reads no record. Starts empty.
    stores: { cache: 'key' },
  },
  {
    version: 8,
    // The person's id in each study they shared with, and what each share held
    // (./research/participants.ts): a new share updates the study's copy instead of adding a
    // second participant. Starts empty.
    stores: { research: 'key, study' },
  },
];
