/**
 * Stored records for the view queries' tests: a sample of the kind with the fields a test cares
 * about, its real id and, for lab results, the LOINC code the normaliser would give it.
 */
import { assignLoinc } from '../analytes/normalise';
import type { MesDonneesDb } from '../db';
import { recordId } from '../ids';
import { countImport } from '../stats';
import type { RecordKind, ScrapedRecord, StoredRecord } from '../schemas';
import { sampleRecords } from '../test-fixtures';

export type StoredOf<K extends RecordKind> = Extract<StoredRecord, { kind: K }>;

export function stored<K extends RecordKind>(kind: K, fields: Partial<StoredOf<K>> = {}): StoredOf<K> {
  const scraped = { ...sampleRecords()[kind], ...fields } as ScrapedRecord;
  const extra =
    scraped.kind === 'lab-result'
      ? { loinc: 'loinc' in fields ? (fields as { loinc: string | null }).loinc : assignLoinc(scraped) }
      : {};
  return {
    captureId: 'capture-1',
    capturedAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    ...scraped,
    ...extra,
    id: fields.id ?? recordId(scraped),
  } as StoredOf<K>;
}

export async function put(db: MesDonneesDb, ...records: StoredRecord[]): Promise<void> {
  // As the product writes records: with their counts, in one transaction.
  await db.transaction('rw', db.records, db.stats, async () => {
    const locals = await db.records.bulkGet(records.map((record) => record.id));
    await Promise.all([db.records.bulkPut(records), countImport(db, records, locals)]);
  });
}

/** `YYYY-MM-DD`, `n` days after 1 January 2024. */
export function dayOf2024(n: number): string {
  return new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10);
}
