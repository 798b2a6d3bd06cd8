/**
 * Reading a list row by row: a row whose text cannot be read (a date that is no date) is
 * reported through `ctx.problem` with its position and text, and the other rows are kept. Any
 * other error (a `PageLayoutError`, a bug) still stops the page.
 */
import type { ScrapedRecord } from '../../storage/schemas';
import type { ScrapeContext } from '../contract';
import { linesOf } from './dom';
import { ParseError } from './parse-error';

/** A row of an answer (JSON) as the problem's detail: its text, cut short. */
export const jsonDetail = (row: unknown): string => (JSON.stringify(row) ?? '').slice(0, 500);

/**
 * The records of every readable row, in order. `what` names a row for the message
 * ("Rendez-vous passé" → "Rendez-vous passé n°2 ignoré : date illisible : « 31/02/2024 »").
 * Rows are a page's elements, or the items of an answer with `detail` saying how to show one.
 */
export function readRows<Row = Element>(
  rows: readonly Row[],
  what: string,
  ctx: ScrapeContext,
  read: (row: Row) => ScrapedRecord | ScrapedRecord[],
  detail: (row: Row) => string = (row) => linesOf(row as unknown as Element).join(' | '),
): ScrapedRecord[] {
  const records: ScrapedRecord[] = [];
  rows.forEach((row, index) => {
    try {
      records.push(...[read(row)].flat());
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      ctx.problem({
        level: 'warning',
        message: `${what} n°${index + 1} ignoré : ${error.message}`,
        detail: detail(row),
      });
    }
  });
  return records;
}
