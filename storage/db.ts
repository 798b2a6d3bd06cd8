/**
 * The one IndexedDB database of the extension, typed. Everything that reads or writes records
 * goes through an instance of `MesDonneesDb`; the schema itself lives in ./migrations.ts.
 */
import { Dexie, type Table } from 'dexie';
import { SCHEMA_HISTORY } from './migrations';
import type { Capture, StoredRecord } from './schemas';
import type { PageRow } from './pages';
import type { StatsRow } from './stats';
import type { StagedBatch } from './archive/staging';
import type { ReadRow } from './document-reads';
import type { ResearchRow } from './research/participants';
import type { CacheRow } from './views/cached';

export const DB_NAME = 'mes-donnees-sante';

export type RecordRow = StoredRecord;
export type CaptureRow = Capture;

/** A file downloaded from a portal (a report PDF…), referenced by `document.fileId`. */
export interface FileRow {
  id: string;
  sha256: string;
  size: number;
  mimeType: string | null;
  blob: Blob;
  /** Where it was downloaded from. */
  url: string | null;
  savedAt: string;
}

/** A sanitised copy of a captured page, referenced by `capture.snapshotId`. */
export interface SnapshotRow {
  id: string;
  captureId: string;
  url: string;
  html: string;
  savedAt: string;
}

export class MesDonneesDb extends Dexie {
  // `declare`: Dexie creates these properties from the schema; a class field would overwrite them.
  declare readonly records: Table<RecordRow, string>;
  declare readonly captures: Table<CaptureRow, string>;
  declare readonly files: Table<FileRow, string>;
  declare readonly snapshots: Table<SnapshotRow, string>;
  declare readonly stats: Table<StatsRow, string>;
  declare readonly pages: Table<PageRow, string>;
  declare readonly staging: Table<StagedBatch, [string, number]>;
  declare readonly reads: Table<ReadRow, string>;
  declare readonly cache: Table<CacheRow, string>;
  declare readonly research: Table<ResearchRow, string>;

  constructor(name: string = DB_NAME) {
    super(name);
    for (const { version, stores, upgrade } of SCHEMA_HISTORY) {
      const v = this.version(version).stores(stores);
      if (upgrade) v.upgrade(upgrade);
    }
  }
}

/** A handle on the database `name` (tests pass a unique name); it opens on first use. */
export function openDb(name: string = DB_NAME): MesDonneesDb {
  return new MesDonneesDb(name);
}

let defaultDb: MesDonneesDb | undefined;

/** The extension's database, created on first call so importing this module touches nothing. */
export function getDb(): MesDonneesDb {
  defaultDb ??= openDb();
  return defaultDb;
}

/** Closes and deletes the database (tests, and "erase everything"). */
export async function deleteDb(db: MesDonneesDb): Promise<void> {
  await db.delete();
  if (db === defaultDb) defaultDb = undefined;
}
