/**
 * The generic capture's records: each row of a table the person chose becomes a `table-row`
 * record (../shared/spec/records.md), its identity taken from the page's address, the table's name
 * and the row's cells, so saving the same tables again adds nothing.
 */
import type { Problem, ScrapedRecord, ScraperRef } from '../storage/schemas';
import type { PageTable } from './messages';

/**
 * The `source` of every generic record, and the reader's id. One fixed id rather than one per
 * site: the schema allows only `[a-z0-9-]` (a host does not fit without losing its dots), the
 * natural key already holds the page's address, and the dashboard shows these records together
 * under one label (lib/portal-label.ts). No scraper may take this id (tested).
 */
export const GENERIC_SOURCE = 'tables';

/** Bumped like a scraper's: every capture stores it. */
export const TABLES_READER: ScraperRef = { id: GENERIC_SOURCE, version: '1.0.0' };

type TableRowRecord = Extract<ScrapedRecord, { kind: 'table-row' }>;

/**
 * One record per row. A table shows no clinical date the reader could trust, so `date` is the
 * day of the capture (local, as the person lived it); the save keeps the day of the first save
 * (`saveCapture`'s `keepStored`) of a row already in the archive.
 */
export function tableRowRecords(
  tables: readonly PageTable[],
  sourceUrl: string,
  day: string,
): TableRowRecord[] {
  return tables.flatMap((table) =>
    table.rows.map((row) => ({
      kind: 'table-row' as const,
      source: GENERIC_SOURCE,
      patient: null,
      date: day,
      sourceUrl,
      table: table.name,
      cells: Object.fromEntries(table.headers.map((header, i) => [header, row[i] ?? ''])),
    })),
  );
}

/** A warning per table the reader had to cut, so the capture says what was left out. */
export function truncationProblems(tables: readonly PageTable[]): Problem[] {
  return tables
    .filter((table) => table.truncated)
    .map((table) => ({
      level: 'warning' as const,
      message: `Tableau « ${table.name} » tronqué : ${table.rows.length} lignes enregistrées sur ${table.rowCount}, certaines colonnes ou cellules trop longues ont pu être coupées`,
    }));
}
