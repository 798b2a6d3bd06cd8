/**
 * CSV, one file per kind and a column per field, for a spreadsheet. French Excel opens a file
 * directly only when it is UTF-8 with a BOM, `;`-separated, with `,` decimals; English
 * spreadsheets expect `,` and `.`. Columns are the record model's own field names, so a column
 * means the same in every language and every export.
 */
import type { MesDonneesDb, RecordRow } from '../db';
import { type RecordKind, STORED_BY_KIND } from '../schemas';
import { kindPages, type Selection } from './selection';
import { yieldToPage, type ByteSink } from './sink';

export type CsvLocale = 'fr' | 'en';

export interface CsvDialect {
  separator: ';' | ',';
  decimal: ',' | '.';
}

export function csvDialect(locale: CsvLocale): CsvDialect {
  return locale === 'fr' ? { separator: ';', decimal: ',' } : { separator: ',', decimal: '.' };
}

/** `fr-FR`, `fr` → French; anything else → English, the interface's second language. */
export function csvLocale(uiLocale: string): CsvLocale {
  return uiLocale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Identity first, then the kind's facts in the spec's order, bookkeeping last. */
const FIRST = ['id', 'date', 'patient', 'source'];
const LAST = ['sourceUrl', 'captureId', 'capturedAt', 'updatedAt'];

/** The columns of a kind's file: every field of its schema but `kind` (the file says it). */
export function csvColumns(kind: RecordKind): string[] {
  const fields = Object.keys(STORED_BY_KIND[kind].shape).filter((f) => f !== 'kind');
  const middle = fields.filter((f) => !FIRST.includes(f) && !LAST.includes(f));
  return [...FIRST, ...middle, ...LAST];
}

/** `csv/lab-result.csv`… */
export function csvFileName(kind: RecordKind): string {
  return `${kind}.csv`;
}

/** What a spreadsheet may take for the start of a formula (OWASP, « CSV Injection »). */
const FORMULA_START = /^[=+\-@\t\r]/;

function formatNumber(value: number, dialect: CsvDialect): string {
  // Plain digits, never grouped: a spreadsheet reads "1234,56", not "1 234,56".
  const text = String(value);
  return dialect.decimal === ',' ? text.replace('.', ',') : text;
}

/**
 * One cell. Every text that starts as a formula could (=, +, -, @, tab, carriage return) gets a
 * leading apostrophe and quotes, as OWASP's « CSV Injection » guidance says, even one that reads
 * as a negative number: a text cell is text. Numbers are written as numbers.
 */
export function csvCell(value: unknown, dialect: CsvDialect): string {
  let text: string;
  let neutralised = false;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'number') text = formatNumber(value, dialect);
  else {
    text = typeof value === 'string' ? value : JSON.stringify(value);
    neutralised = FORMULA_START.test(text);
    if (neutralised) text = `'${text}`;
  }
  const needsQuotes =
    neutralised ||
    text.includes(dialect.separator) ||
    text.includes('"') ||
    text.includes('\n') ||
    text.includes('\r') ||
    text !== text.trim();
  return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line, ended by CRLF as RFC 4180 writes it. */
export function csvLine(values: readonly unknown[], dialect: CsvDialect): string {
  return `${values.map((v) => csvCell(v, dialect)).join(dialect.separator)}\r\n`;
}

export function csvHeader(kind: RecordKind, dialect: CsvDialect): string {
  // Field names are plain identifiers: no formula, no quoting.
  return `${csvColumns(kind).join(dialect.separator)}\r\n`;
}

export function csvRows(
  records: readonly RecordRow[],
  columns: readonly string[],
  dialect: CsvDialect,
): string {
  return records
    .map((record) =>
      csvLine(
        columns.map((c) => (record as Record<string, unknown>)[c] ?? null),
        dialect,
      ),
    )
    .join('');
}

export const CSV_BOM = '\uFEFF';

/**
 * One kind's CSV file into `sink`, oldest first; returns the number of rows (0: nothing was
 * written, not even the header, and the file is left out).
 */
export async function writeCsv(
  db: MesDonneesDb,
  kind: RecordKind,
  selection: Selection,
  dialect: CsvDialect,
  open: () => ByteSink,
  onRows?: (rows: number) => void,
): Promise<number> {
  const columns = csvColumns(kind);
  let sink: ByteSink | null = null;
  let rows = 0;
  for await (const page of kindPages(db, kind, selection)) {
    if (!sink) {
      sink = open();
      sink.write(CSV_BOM + csvHeader(kind, dialect));
    }
    sink.write(csvRows(page, columns, dialect));
    rows += page.length;
    onRows?.(page.length);
    await yieldToPage();
  }
  return rows;
}
