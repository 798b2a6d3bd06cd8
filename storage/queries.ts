/**
 * Read helpers for the dashboard. Each query walks an index and stops at `limit`, so a page of
 * the timeline costs the same with 100 records as with 100 000.
 */
import { Dexie } from 'dexie';
import type { CaptureRow, MesDonneesDb, RecordRow } from './db';
import type { RecordKind } from './schemas';

export interface ListRecordsOptions {
  kind?: RecordKind;
  /** Default 100. */
  limit?: number;
  offset?: number;
}

/** Records newest first by clinical `date` (a day sorts before the times of that day). */
export async function listRecords(db: MesDonneesDb, options: ListRecordsOptions = {}): Promise<RecordRow[]> {
  const { kind, limit = 100, offset = 0 } = options;
  const ordered =
    kind === undefined
      ? db.records.orderBy('date')
      : db.records.where('[kind+date]').between([kind, Dexie.minKey], [kind, Dexie.maxKey]);
  return ordered.reverse().offset(offset).limit(limit).toArray();
}

export async function countRecords(db: MesDonneesDb, options: { kind?: RecordKind } = {}): Promise<number> {
  return options.kind === undefined
    ? db.records.count()
    : db.records.where('kind').equals(options.kind).count();
}

/** Captures newest first by `startedAt`. */
export async function listCaptures(db: MesDonneesDb, limit = 50): Promise<CaptureRow[]> {
  return db.captures.orderBy('startedAt').reverse().limit(limit).toArray();
}

export async function getCapture(db: MesDonneesDb, id: string): Promise<CaptureRow | undefined> {
  return db.captures.get(id);
}
